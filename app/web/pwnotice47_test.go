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
	if len(m) != 1 || !strings.Contains(m[0].Text, jT("zh", "notice.password_changed")) || !strings.Contains(m[0].Text, "/password/forgot") {
		t.Errorf("the owner's email: %+v", m)
	}
}
