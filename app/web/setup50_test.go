package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
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
// make itself its admin: every setup needs the setup code the server
// wrote to its log, from another machine, through a proxy, or from the
// server's own loopback alike (a bare proxy makes every visitor's
// request one from loopback).
func TestASetupNeedsTheCodeFromTheLog(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	h := newHarness(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	code := h.setupCode()
	if !strings.Contains(log.String(), "setup_code="+code) {
		t.Fatalf("the log does not give the setup code %s:\n%s", code, log.String())
	}
	setup := func(body map[string]string, header ...string) res {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/setup", bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return h.do(http.DefaultClient, req)
	}
	admin := map[string]string{"email": "scanner@evil.example", "name": "scanner", "password": "scanner-password"}
	for _, header := range [][]string{nil, {"X-Forwarded-For", "203.0.113.9"}, {"Host", "127.0.0.1"}} {
		if r := setup(admin, header...).must(t, 400); r.errField() != "setup_code" || r.errCode() != "required" {
			t.Errorf("no code (%v): %s", header, r.Body)
		}
	}
	admin["setup_code"] = "AAAA-AAAA"
	if r := setup(admin).must(t, 400); r.errField() != "setup_code" || r.errCode() != "setup_code_wrong" {
		t.Errorf("a wrong code: %s", r.Body)
	}
	// Nothing was made: the page still offers setup, asking for the code.
	page := h.browser()
	if r := page.get("/setup").must(t, 200); !strings.Contains(r.Body, `name="setup_code"`) {
		t.Errorf("the setup page asks for no code")
	}
	// A refused form keeps the code as typed.
	r := page.post("/setup", "/setup", url.Values{"email": {"ops@brand.cn"}, "name": {"运维"}, "password": {"12345678"}, "setup_code": {code}}).must(t, 400)
	if !strings.Contains(r.Body, `value="`+code+`"`) {
		t.Errorf("a refused setup lost the code typed")
	}
	// The operator's code, typed on a phone in a Chinese input method:
	// small or full-width letters, no dash.
	admin = map[string]string{"email": "ops@brand.cn", "name": "运维", "password": "ops-password", "setup_code": " " + toFullWidth(strings.ToLower(strings.ReplaceAll(code, "-", ""))) + " "}
	setup(admin, "X-Forwarded-For", "203.0.113.9").must(t, 201)
	admin["setup_code"] = ""
	if r := setup(admin).must(t, 409); r.errCode() != "setup_done" {
		t.Errorf("a second setup: %s", r.Body)
	}
}

// toFullWidth writes s's ASCII letters and digits as a Chinese input
// method's full-width mode does.
func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - '!' + '！'
		}
		return r
	}, s)
}

// The setup page signs the first admin in and leaves no API token behind
// that nobody saw.
func TestTheSetupPageMakesNoHiddenToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	b.post("/setup", "/setup", url.Values{"email": {"admin@brand.cn"}, "name": {"管理员"}, "password": {"admin-password"}, "setup_code": {h.setupCode()}}).must(t, 303)
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
		{toFullWidth(a), true},
		{"", false},
		{a[:8], false},
		{b, false},
		{a + "X", false},
	} {
		if got := sameSetupCode(c.typed, a); got != c.ok {
			t.Errorf("sameSetupCode(%q, %q) = %v", c.typed, a, got)
		}
	}
}
