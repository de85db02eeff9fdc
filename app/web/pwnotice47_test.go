package web

import (
	"strings"
	"testing"
)

// A password changed from an account's settings is told to its owner, on
// the site and by email even with emails turned off: if it was not them,
// the email's link to "forgot password" takes the account back. A refused
// change tells nothing.
func TestPwnotice47APasswordChangeIsTold(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("li@fans.cn")
	h.api("PATCH", "/api/v1/me", fan, map[string]bool{"email_notices": false}).must(t, 200)
	h.drainMail()
	h.api("PATCH", "/api/v1/me", fan, map[string]string{"password": "new-password-1", "current_password": "wrong-password"}).must(t, 400)
	if len(h.notices(fan)) != 0 || len(h.mailOut("zh")) != 0 {
		t.Fatalf("a refused change told something")
	}
	h.api("PATCH", "/api/v1/me", fan, map[string]string{"password": "new-password-1", "current_password": "fan-password"}).must(t, 200)
	ns := h.notices(fan)
	if len(ns) != 1 || ns[0]["kind"] != "password_changed" || ns[0]["url"] != "/password/forgot" {
		t.Errorf("the owner's notices: %v", ns)
	}
	m := h.mailOut("zh")["li@fans.cn"]
	if len(m) != 1 || !strings.Contains(m[0].Text, jT("zh", "notice.password_changed", "li@fans.cn")) || !strings.Contains(m[0].Text, "/password/forgot") ||
		m[0].Subject != "共创：你的账户信息已更改" || strings.Contains(m[0].Text, "/unsubscribe") {
		t.Errorf("the owner's email: %+v", m)
	}
}

// Someone holding an account's password and a session moves its address
// and its password: the owner hears of both at the address the account
// had, though the emails go out after it moved; the new address hears of
// neither (but gets its confirmation link).
func TestPwnotice47ATakeoverIsToldToTheOldAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("li@fans.cn")
	h.drainMail()
	// The password first, then the address: both emails still wait.
	h.api("PATCH", "/api/v1/me", fan, map[string]string{"password": "taken-password-1", "current_password": "fan-password"}).must(t, 200)
	h.api("PATCH", "/api/v1/me", fan, map[string]string{"email": "x@evil.cn", "current_password": "taken-password-1"}).must(t, 200)
	out := h.mailOut("zh")
	owner := out["li@fans.cn"]
	kinds := ""
	for _, m := range owner {
		kinds += m.Text
	}
	if len(owner) != 2 || !strings.Contains(kinds, jT("zh", "notice.password_changed", "li@fans.cn")) ||
		!strings.Contains(kinds, jT("zh", "notice.email_changed", "li@fans.cn", "x@evil.cn")) {
		t.Errorf("the owner's address got %d emails: %s", len(owner), kinds)
	}
	for _, m := range out["x@evil.cn"] {
		if strings.Contains(m.Text, "li@fans.cn") {
			t.Errorf("the new address was told of the change: %s", m.Text)
		}
	}
	if len(out["x@evil.cn"]) != 1 {
		t.Errorf("the new address got %d emails, want its confirmation link", len(out["x@evil.cn"]))
	}
}
