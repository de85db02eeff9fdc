package web

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func withTrustedProxies(cidrs string) harnessOption {
	return func(c *Config) {
		nets, err := ParseTrustedProxies(cidrs)
		if err != nil {
			panic(err)
		}
		c.TrustedProxies = nets
	}
}

// noAccount is a failed sign-in of an email that has no account: only the
// per-address limit answers it (an account's own limit,
// domain.SignInAttempt, refuses its sixth wrong password from anywhere).
const noAccount = `{"email":"nobody@brand.cn","password":"wrong-password"}`

// failSignIn tries a wrong sign-in "from" the address in X-Forwarded-For.
func (h *harness) failSignIn(forwardedFor string) int {
	h.t.Helper()
	req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/tokens", strings.NewReader(noAccount))
	req.Header.Set("Content-Type", "application/json")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	return h.do(http.DefaultClient, req).Status
}

// Without -trusted-proxies the peer is the client: a forged X-Forwarded-For
// neither dodges the sign-in limit nor changes who /metrics thinks it is.
func TestForgedForwardedForChangesNothing(t *testing.T) {
	t.Parallel()
	for _, trusted := range []string{"", "10.0.0.0/8"} { // none, or not this peer
		h := newHarness(t, withRateLimits, withTrustedProxies(trusted))
		h.setup() // one of this address's ten
		refused := 0
		for i := range 10 {
			if h.failSignIn("203.0.113."+itoa(int64(i+1))) == http.StatusTooManyRequests {
				refused++
			}
		}
		if refused != 1 {
			t.Errorf("trusted %q: ten sign-ins, each from a new forged address, after setup: %d limited, want 1 (one bucket)", trusted, refused)
		}
		if got := h.failSignIn("198.51.100.7"); got != http.StatusTooManyRequests {
			t.Errorf("trusted %q: another try with a new forged address: %d, want 429", trusted, got)
		}
		if got := h.browser().get("/metrics", "X-Forwarded-For", "127.0.0.1").Status; got != http.StatusForbidden {
			t.Errorf("trusted %q: /metrics to a visitor: %d, want 403", trusted, got)
		}
	}
}

// Behind a trusted proxy, each client has its own bucket: ten failed
// sign-ins from one address limit that address, not the whole site.
func TestTrustedProxyKeepsClientsApart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	h.setup()
	for i := range 10 {
		if got := h.failSignIn("203.0.113.9"); got != http.StatusUnauthorized {
			t.Fatalf("failed sign-in %d: %d, want 401", i+1, got)
		}
	}
	if got := h.failSignIn("203.0.113.9"); got != http.StatusTooManyRequests {
		t.Errorf("the eleventh from 203.0.113.9: %d, want 429", got)
	}
	// A client cannot prepend its own guess: the proxy appends the real peer.
	if got := h.failSignIn("198.51.100.1, 203.0.113.9"); got != http.StatusTooManyRequests {
		t.Errorf("a forged address before the proxy's: %d, want 429", got)
	}
	if got := h.failSignIn("198.51.100.2"); got != http.StatusUnauthorized {
		t.Errorf("another address behind the proxy: %d, want 401 (not limited)", got)
	}
	// The proxy on this machine does not make /metrics public.
	if got := h.browser().get("/metrics").Status; got != http.StatusForbidden {
		t.Errorf("/metrics through the proxy: %d, want 403", got)
	}
}

// An IPv6 client is limited by its /64, which it holds whole: ten failed
// sign-ins, each from a new address of one /64, limit the eleventh from
// yet another, while the next /64 is not limited. Both from the peer's own
// address and behind a trusted proxy.
func TestSignInLimitHoldsAcrossAnIPv6Slash64(t *testing.T) {
	t.Parallel()
	for _, behindProxy := range []bool{false, true} {
		var opts []harnessOption
		if behindProxy {
			opts = append(opts, withTrustedProxies("127.0.0.1/32"))
		}
		h := newHarness(t, append(opts, withRateLimits)...)
		h.setup()
		failFrom := func(addr string) int {
			t.Helper()
			if behindProxy {
				return h.failSignIn(addr)
			}
			req := httptest.NewRequest("POST", "/api/v1/tokens", strings.NewReader(noAccount))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = "[" + addr + "]:50000"
			rec := httptest.NewRecorder()
			h.srv.Config.Handler.ServeHTTP(rec, req)
			return rec.Code
		}
		for i := range 10 {
			addr := "2001:db8:1:2::" + itoa(int64(i+1))
			if got := failFrom(addr); got != http.StatusUnauthorized {
				t.Fatalf("behind a proxy %v: failed sign-in %d from %s: %d, want 401", behindProxy, i+1, addr, got)
			}
		}
		if got := failFrom("2001:db8:1:2:ffff::abcd"); got != http.StatusTooManyRequests {
			t.Errorf("behind a proxy %v: the eleventh, from a new address of the same /64: %d, want 429", behindProxy, got)
		}
		if got := failFrom("2001:db8:1:3::1"); got != http.StatusUnauthorized {
			t.Errorf("behind a proxy %v: from the next /64: %d, want 401 (not limited)", behindProxy, got)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	t.Parallel()
	nets, err := ParseTrustedProxies(" 10.0.0.0/8, 192.0.2.1 ,2001:db8::/32,::1")
	if err != nil || len(nets) != 4 {
		t.Fatalf("%v %v", nets, err)
	}
	if !nets[1].Contains(net.ParseIP("192.0.2.1")) || nets[1].Contains(net.ParseIP("192.0.2.2")) {
		t.Errorf("a bare address is not its own /32: %v", nets[1])
	}
	if nets, err := ParseTrustedProxies(""); err != nil || len(nets) != 0 {
		t.Errorf("empty: %v %v", nets, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.0/8,", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The metrics listener (-metrics-addr) answers /metrics to anyone who can
// reach it, and nothing else.
func TestMetricsHandler(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.api("GET", "/api/v1/me", admin, nil).must(t, 200)
	srv := httptest.NewServer(h.srv.Config.Handler.(*Server).MetricsHandler())
	defer srv.Close()
	get := func(path string) res {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		return h.do(http.DefaultClient, req)
	}
	r := get("/metrics").must(t, 200)
	if got := r.Header.Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("metrics listener: Cache-Control %q, want private, no-store", got)
	}
	if !strings.Contains(r.Body, `cocreate_http_requests_total{method="GET",route="/api/v1/me",status="2xx"} 1`) {
		t.Errorf("metrics listener: %.500s", r.Body)
	}
	if r := get("/"); r.Status != http.StatusNotFound {
		t.Errorf("metrics listener serves /: %d", r.Status)
	}
	if r := h.api("GET", "/metrics", admin, nil); r.Status != 200 {
		t.Errorf("/metrics to an admin on the site: %d", r.Status)
	}
}
