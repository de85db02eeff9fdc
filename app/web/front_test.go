package web

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
)

// lockedBuffer is a log the server's goroutines may write at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// withLog sends the server's log to buf.
func withLog(buf *lockedBuffer) harnessOption {
	return func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(buf, nil)) }
}

var hexID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// wantSecurityHeaders are the headers README promises on every answer.
var wantSecurityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Referrer-Policy":         "strict-origin-when-cross-origin",
	"X-Xss-Protection":        "0",
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
}

// The vote, the hottest answer, passes one front middleware instead of six
// (request id, log line, metrics, recover, security headers): each of
// their guarantees still holds on it, on its errors, and on a page.
func TestVoteAnswerKeepsEveryFrontGuarantee(t *testing.T) {
	var log lockedBuffer
	h := newHarness(t, withLog(&log), func(c *Config) { c.SecureCookies = true })
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "想法")
	fan := h.fan("fan@x.cn")
	path := fmt.Sprintf("/api/v1/ideas/%d/vote", idea)

	vote := func(token, rid string) res {
		req, _ := http.NewRequest("PUT", h.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if rid != "" {
			req.Header.Set("X-Request-Id", rid)
		}
		return h.do(http.DefaultClient, req)
	}
	first := vote(fan, "").must(t, 200)
	second := vote(fan, "").must(t, 200)
	refused := vote("cct_not-a-token", "").must(t, 401)
	for name, r := range map[string]res{"vote": first, "refused vote": refused, "page": h.browser().get("/signin")} {
		for k, v := range wantSecurityHeaders {
			if got := r.Header.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("%s: %s is %q, want %q", name, k, got, v)
			}
		}
		if got := r.Header.Get("Strict-Transport-Security"); got != hsts {
			t.Errorf("%s: HSTS %q behind TLS", name, got)
		}
		if !hexID.MatchString(r.Header.Get("X-Request-Id")) {
			t.Errorf("%s: request id %q, want 32 hex digits", name, r.Header.Get("X-Request-Id"))
		}
	}
	if first.Header.Get("X-Request-Id") == second.Header.Get("X-Request-Id") {
		t.Error("two requests got the same id")
	}
	if refused.Header.Get("WWW-Authenticate") == "" || str(refused.JSON["error"].(map[string]any), "code") == "" {
		t.Errorf("the refused vote's answer: %v %s", refused.Header, refused.Body)
	}

	// A proxy's request id is kept, so one request can be followed through
	// both logs; one too long or not plain visible ASCII is replaced.
	if got := vote(fan, "edge-7f3a.42").must(t, 200).Header.Get("X-Request-Id"); got != "edge-7f3a.42" {
		t.Errorf("the proxy's request id came back as %q", got)
	}
	for _, bad := range []string{strings.Repeat("a", maxRequestIDLen+1), "two words", "请求"} {
		if got := vote(fan, bad).must(t, 200).Header.Get("X-Request-Id"); !hexID.MatchString(got) {
			t.Errorf("request id %.20q… came back as %.20q…, want one of ours", bad, got)
		}
	}

	// One log line per request, with every field, the refusal's included.
	for _, r := range []res{first, refused} {
		rid := r.Header.Get("X-Request-Id")
		want := fmt.Sprintf(`msg=request id=%s method=PUT path=%s status=%d bytes=%d took=`, rid, path, r.Status, len(r.Body))
		lines := 0
		for _, line := range strings.Split(log.String(), "\n") {
			if strings.Contains(line, "id="+rid) {
				lines++
				if !strings.Contains(line, want) || !strings.HasSuffix(line, " ip=127.0.0.1") {
					t.Errorf("log line %q, want %q… ip=127.0.0.1", line, want)
				}
			}
		}
		if lines != 1 {
			t.Errorf("%d log lines for request %s, want 1:\n%s", lines, rid, log.String())
		}
	}

	// The metrics count the votes by route and status class.
	metrics := h.api("GET", "/metrics", admin, nil).must(t, 200).Body
	for _, want := range []string{
		`cocreate_http_requests_total{method="PUT",route="/api/v1/ideas/:id/vote",status="2xx"} 6`,
		`cocreate_http_requests_total{method="PUT",route="/api/v1/ideas/:id/vote",status="4xx"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s:\n%s", want, metrics)
		}
	}
}

// A handler's panic is a 500 with the API's error body, logged with its
// stack, and the request's own line is an error; the server goes on.
// net/http's ErrAbortHandler still drops the connection.
func TestFrontTurnsAPanicIntoA500(t *testing.T) {
	var log lockedBuffer
	h := newHarness(t, withLog(&log))
	s := h.srv.Config.Handler.(*Server)
	rec := httptest.NewRecorder()
	c := s.echo.NewContext(httptest.NewRequest("PUT", "/api/v1/ideas/1/vote", nil), rec)
	if err := s.front(func(echo.Context) error { panic("boom") })(c); err != nil {
		t.Fatalf("front returned %v", err)
	}
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"internal"`) || rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Errorf("after a panic: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	out := log.String()
	if !strings.Contains(out, "level=ERROR msg=panic") || !strings.Contains(out, "panic=boom") || !strings.Contains(out, "front_test.go") {
		t.Errorf("the panic is not logged with its stack:\n%s", out)
	}
	if !strings.Contains(out, "level=ERROR msg=request id=") || !strings.Contains(out, "status=500") {
		t.Errorf("the request's line is not an error:\n%s", out)
	}
	h.api("GET", "/api/v1/challenges", "", nil).must(t, 200)

	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("ErrAbortHandler became %v", r)
		}
	}()
	c = s.echo.NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
	_ = s.front(func(echo.Context) error { panic(http.ErrAbortHandler) })(c)
}
