package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A fan who typed their email wrong moves the account to the right one
// from settings, with their password: the new address gets the link, the
// old one's link no longer confirms, and they sign in with the new one.
func TestAddress45AFanMovesTheirAccountToTheRightEmail(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("li@fasn.cn") // a typo
	h.fan("taken@fans.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	oldLink := domain.VerificationToken(h.svc.MailSecret, int64(id), "li@fasn.cn", h.clock().Add(time.Hour))
	b := h.browser()
	b.signIn("li@fasn.cn", "fan-password")
	move := func(email, password string) res {
		return zhPost(b, "/settings", "/settings/address", url.Values{"email": {email}, "current_password": {password}})
	}
	// Refused, each at its field, the address typed kept, nothing moved.
	for _, tc := range []struct {
		email, password string
		status          int
		says            string
	}{
		{"li@fans.cn", "wrong-password", 400, "当前密码不正确"},
		{"taken@fans.cn", "fan-password", 409, "该邮箱已注册"},
		{"li@fasn.cn", "fan-password", 400, "这已经是你现在的邮箱地址"},
		{"li@fans", "fan-password", 400, ""},
	} {
		r := move(tc.email, tc.password)
		if r.Status != tc.status || !strings.Contains(r.Body, tc.says) || !strings.Contains(r.Body, `<details id="address-form" open>`) ||
			!strings.Contains(r.Body, `value="`+tc.email+`"`) || strings.Contains(r.Body, tc.password+`"`) {
			t.Errorf("moving to %q: %d, want %d with %q, the form open and the address kept: %.3000s", tc.email, r.Status, tc.status, tc.says, r.Body)
		}
	}
	if got := str(h.api("GET", "/api/v1/me", fan, nil).JSON, "email"); got != "li@fasn.cn" {
		t.Fatalf("a refused move changed the address to %q", got)
	}

	if loc := move("  Li@Fans.CN ", "fan-password").must(t, http.StatusSeeOther).Header.Get("Location"); loc != "/settings" {
		t.Errorf("after moving: at %q", loc)
	}
	page := b.get("/settings", "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "邮箱已更改。验证邮件已发到新地址") || !strings.Contains(page, "li@fans.cn") || !strings.Contains(page, "resend-verification") {
		t.Errorf("the settings page after the move: %.3000s", page)
	}
	// The old address's link is dead; the new one's confirms.
	if r := zhPost(b, "/verify?token="+url.QueryEscape(oldLink), "/verify", url.Values{"token": {oldLink}}); r.Status != 400 {
		t.Errorf("the old address's link: %d", r.Status)
	}
	newLink := domain.VerificationToken(h.svc.MailSecret, int64(id), "li@fans.cn", h.clock().Add(time.Hour))
	zhPost(b, "/verify?token="+url.QueryEscape(newLink), "/verify", url.Values{"token": {newLink}}).must(t, 200)
	if v := h.api("GET", "/api/v1/me", fan, nil).JSON; v["email"] != "li@fans.cn" || v["verified"] != true {
		t.Errorf("after confirming: %v", v)
	}
	// Signing in: the new address works, the old one no longer does.
	h.browser().signIn("li@fans.cn", "fan-password")
	if r := h.browser().post("/signin", "/signin", url.Values{"email": {"li@fasn.cn"}, "password": {"fan-password"}}); r.Status == http.StatusSeeOther && r.Header.Get("Location") == "/" {
		t.Error("the old address still signs in")
	}
}

// An app moves the account through PATCH /api/v1/me with the current
// password; a wrong one, or a refused new password beside it, moves
// nothing.
func TestAddress45AnAppMovesTheAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("li@fasn.cn")
	me := func() map[string]any { return h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON }
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email": "li@fans.cn", "current_password": "nope"}).must(t, 400); r.errField() != "current_password" {
		t.Errorf("a wrong password names %q", r.errField())
	}
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email": "li@fans.cn", "password": "short", "current_password": "fan-password"}).must(t, 400); r.errField() != "password" {
		t.Errorf("a refused new password names %q", r.errField())
	}
	if got := me()["email"]; got != "li@fasn.cn" {
		t.Fatalf("a refused request moved the address to %v", got)
	}
	r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email": "li@fans.cn", "current_password": "fan-password"}).must(t, 200)
	if r.JSON["email"] != "li@fans.cn" || r.JSON["verified"] != false {
		t.Errorf("moved: %s", r.Body)
	}
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email": "li@fans.cn", "current_password": "fan-password"}).must(t, 400); r.errCode() != "same_email" {
		t.Errorf("the same address again: %s", r.Body)
	}
}
