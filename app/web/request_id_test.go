package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// A request id is taken from the request only when it comes through a
// trusted proxy (-trusted-proxies, the list the client's address is read
// by), and then only a sane one; otherwise the server makes its own. A
// client that reaches the server directly cannot pick the id its requests
// are logged under.
func TestRequestIDOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		trusted string // "" for none
		kept    bool
	}{
		{"no trusted proxy", "", false},
		{"a trusted proxy elsewhere", "10.0.0.0/8, 2001:db8::/32", false},
		{"through the trusted proxy", "127.0.0.1/32", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []harnessOption
			if tc.trusted != "" {
				opts = append(opts, withTrustedProxies(tc.trusted))
			}
			h := newHarness(t, opts...)
			get := func(rid string) string {
				req, _ := http.NewRequest("GET", h.srv.URL+"/healthz", nil)
				req.Header.Set("X-Request-Id", rid)
				return h.do(http.DefaultClient, req).must(t, 200).Header.Get("X-Request-Id")
			}
			got := get("edge-7f3a.42")
			if tc.kept && got != "edge-7f3a.42" {
				t.Errorf("the proxy's request id came back as %q", got)
			}
			if !tc.kept && !hexID.MatchString(got) {
				t.Errorf("the request id came back as %q, want one of ours", got)
			}
			// Bounded length and charset, even from a trusted proxy.
			for _, bad := range []string{strings.Repeat("a", maxRequestIDLen+1), "two words", "请求"} {
				if got := get(bad); !hexID.MatchString(got) {
					t.Errorf("request id %.20q… came back as %.20q…, want one of ours", bad, got)
				}
			}
		})
	}
}

// fromProxy reads the peer as ipExtractor's list does: ranges and single
// addresses, IPv4 and IPv6, an IPv4 peer seen as IPv4-mapped, and nothing
// for a peer it cannot read.
func TestFromProxy(t *testing.T) {
	nets, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.1, 2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	_, mapped, _ := net.ParseCIDR("::ffff:198.51.100.0/120") // 198.51.100.0/24, written as IPv6
	nets = append(nets, mapped, &net.IPNet{IP: net.ParseIP("203.0.113.0"), Mask: net.CIDRMask(24, 32)})
	proxies := proxyPrefixes(nets)
	for addr, want := range map[string]bool{
		"10.1.2.3:443":         true,
		"11.0.0.1:443":         false,
		"192.0.2.1:80":         true,
		"192.0.2.2:80":         false,
		"[2001:db8::7]:80":     true,
		"[2001:db9::7]:80":     false,
		"[::ffff:10.0.0.9]:80": true,
		"198.51.100.77:80":     true,
		"198.51.101.1:80":      false,
		"203.0.113.9:80":       true,
		"[fe80::1%eth0]:80":    false,
		"10.0.0.1":             false,
		"":                     false,
		"pipe":                 false,
	} {
		if got := fromProxy(proxies, addr); got != want {
			t.Errorf("fromProxy(%q) = %v, want %v", addr, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { fromProxy(proxies, "[2001:db8::7]:443") }); n != 0 {
		t.Errorf("checking a peer allocates %v times, want 0", n)
	}
	if fromProxy(nil, "127.0.0.1:80") {
		t.Error("no proxies trusted, yet a peer was believed")
	}
	if got := proxyPrefixes([]*net.IPNet{{IP: net.ParseIP("10.0.0.0"), Mask: net.IPMask{255, 0, 255, 0}}}); len(got) != 0 {
		t.Errorf("a non-canonical mask trusts %v", got)
	}
	if want := netip.MustParsePrefix("198.51.100.0/24"); proxyPrefixes([]*net.IPNet{mapped})[0] != want {
		t.Errorf("an IPv4-mapped range reads as %v, want %v", proxyPrefixes([]*net.IPNet{mapped}), want)
	}
}
