package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Every write in the route table has a rate limit: a write without one is
// an unmetered way to make the server work (#11).
func TestEveryWriteIsRateLimited(t *testing.T) {
	for _, r := range (&Server{}).Routes() {
		if r.Method != http.MethodGet && r.Limit == NoLimit {
			t.Errorf("%s %s has no rate limit", r.Method, r.Path)
		}
	}
}

// Switching language and marking notifications read are limited like any
// other write.
func TestLanguageAndReadMarksAreLimited(t *testing.T) {
	h := newHarness(t, withRateLimits)
	admin := h.setup()
	limited := func(send func() int) bool {
		for range 200 {
			if send() == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	}
	if !limited(func() int { return h.api("POST", "/api/v1/me/notifications/read", admin, nil).Status }) {
		t.Error("200 read marks in a row were never limited")
	}
	b := h.browser()
	token := b.csrf("/")
	if !limited(func() int {
		return b.post("/", "/lang", url.Values{"lang": {"zh"}, "_csrf": {token}}).Status
	}) {
		t.Error("200 language switches in a row were never limited")
	}
}

// Reading the notifications page changes nothing; a button (a POST) marks
// them read.
func TestNotificationsPageIsReadOnly(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fanTok := h.fan("fan@x.cn")
	id := h.idea(fanTok, cid, "noticed")
	h.api("POST", "/api/v1/ideas/"+itoa(int64(id))+"/comments", admin, map[string]any{"body": "official", "official": true})
	unread := func() int {
		n := 0
		for _, v := range h.api("GET", "/api/v1/me/notifications", fanTok, nil).must(t, 200).JSON["notifications"].([]any) {
			if !v.(map[string]any)["read"].(bool) {
				n++
			}
		}
		return n
	}
	if unread() == 0 {
		t.Fatal("the fan has no unread notice to start with")
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get("/notifications").must(t, 200)
	if n := unread(); n == 0 {
		t.Fatal("GET /notifications marked the notices read")
	}
	if !strings.Contains(page.Body, `action="/notifications/read"`) {
		t.Errorf("no mark-read button on the page")
	}
	r := b.post("/notifications", "/notifications/read", nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark read: %d %q", r.Status, r.Header.Get("Location"))
	}
	if n := unread(); n != 0 {
		t.Errorf("%d notices still unread after the button", n)
	}
}

// HSTS when cookies are Secure (the site is behind TLS), not otherwise.
func TestHSTSWhenCookiesAreSecure(t *testing.T) {
	plain := newHarness(t)
	if v := plain.browser().get("/signin").Header.Get("Strict-Transport-Security"); v != "" {
		t.Errorf("HSTS without -secure-cookies: %q", v)
	}
	secure := newHarness(t, func(c *Config) { c.SecureCookies = true })
	for _, path := range []string{"/signin", "/api/v1/challenges", "/nowhere"} {
		if v := secure.browser().get(path).Header.Get("Strict-Transport-Security"); !strings.HasPrefix(v, "max-age=31536000") {
			t.Errorf("%s with -secure-cookies: HSTS %q", path, v)
		}
	}
}
