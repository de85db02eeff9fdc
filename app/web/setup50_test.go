package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A scanner that reaches a new public server before its operator cannot
// make itself its admin: a setup from elsewhere (through a proxy, or from
// another machine) needs the setup code the server wrote to its log; the
// operator on the server's own machine needs none.
func TestASetupFromElsewhereNeedsTheCodeFromTheLog(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	h := newHarness(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	key, err := os.ReadFile(filepath.Join(h.dir, "session.key"))
	if err != nil {
		t.Fatal(err)
	}
	code := setupCodeFrom(key)
	if !strings.Contains(log.String(), "setup_code="+code) {
		t.Fatalf("the log does not give the setup code %s:\n%s", code, log.String())
	}
	far := func(body map[string]string) res {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/setup", bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		return h.do(http.DefaultClient, req)
	}
	admin := map[string]string{"email": "scanner@evil.example", "name": "scanner", "password": "scanner-password"}
	if r := far(admin).must(t, 400); r.errField() != "setup_code" || r.errCode() != "required" {
		t.Errorf("no code: %s", r.Body)
	}
	admin["setup_code"] = "AAAA-AAAA"
	if r := far(admin).must(t, 400); r.errField() != "setup_code" || r.errCode() != "setup_code_wrong" {
		t.Errorf("a wrong code: %s", r.Body)
	}
	// Nothing was made: the page still offers setup, and a sign-up is
	// still refused until it is done.
	page := h.browser()
	if r := page.get("/setup", "X-Forwarded-For", "203.0.113.9").must(t, 200); !strings.Contains(r.Body, `name="setup_code"`) {
		t.Errorf("the setup page from elsewhere asks for no code")
	}
	if r := page.get("/setup").must(t, 200); strings.Contains(r.Body, `name="setup_code"`) {
		t.Errorf("the setup page on the server's machine asks for the code")
	}
	// The operator's code, typed on a phone: small letters, no dash.
	admin = map[string]string{"email": "ops@brand.cn", "name": "运维", "password": "ops-password", "setup_code": " " + strings.ToLower(strings.ReplaceAll(code, "-", "")) + " "}
	far(admin).must(t, 201)
	admin["setup_code"] = ""
	if r := far(admin).must(t, 409); r.errCode() != "setup_done" {
		t.Errorf("a second setup from elsewhere: %s", r.Body)
	}
}

// The setup page signs the first admin in and leaves no API token behind
// that nobody saw.
func TestTheSetupPageMakesNoHiddenToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	b.post("/setup", "/setup", url.Values{"email": {"admin@brand.cn"}, "name": {"管理员"}, "password": {"admin-password"}}).must(t, 303)
	r := b.get("/api/v1/me/tokens").must(t, 200)
	if toks, _ := r.JSON["tokens"].([]any); len(toks) != 0 {
		t.Errorf("the setup page left tokens: %s", r.Body)
	}
}

func TestSetupCodeRules(t *testing.T) {
	t.Parallel()
	a, b := setupCodeFrom([]byte("key one")), setupCodeFrom([]byte("key two"))
	if a == b || len(a) != 9 || a[4] != '-' {
		t.Fatalf("codes %q %q", a, b)
	}
	if a != setupCodeFrom([]byte("key one")) {
		t.Error("the same key gave another code")
	}
	for _, c := range []struct {
		typed string
		ok    bool
	}{
		{a, true},
		{strings.ToLower(a), true},
		{strings.ReplaceAll(a, "-", ""), true},
		{" " + a[:4] + " " + a[5:] + "\u3000", true},
		{a[:4] + "－" + a[5:], true},
		{"", false},
		{a[:8], false},
		{b, false},
		{a + "X", false},
	} {
		if got := sameSetupCode(c.typed, a); got != c.ok {
			t.Errorf("sameSetupCode(%q, %q) = %v", c.typed, a, got)
		}
	}
	for _, c := range []struct {
		remote string
		header string
		local  bool
	}{
		{"127.0.0.1:5000", "", true},
		{"[::1]:5000", "", true},
		{"127.0.0.1:5000", "X-Forwarded-For", false},
		{"127.0.0.1:5000", "X-Real-Ip", false},
		{"127.0.0.1:5000", "Forwarded", false},
		{"192.0.2.7:5000", "", false},
		{"10.0.0.2:5000", "", false},
		{"garbage", "", false},
	} {
		r, _ := http.NewRequest("GET", "/setup", nil)
		r.RemoteAddr = c.remote
		if c.header != "" {
			r.Header.Set(c.header, "203.0.113.9")
		}
		if got := fromThisMachine(r); got != c.local {
			t.Errorf("fromThisMachine(%s, %s) = %v", c.remote, c.header, got)
		}
	}
}
