package web

import (
	"strings"
	"testing"
)

// Completing a reset confirms the account's address: the link went to
// its mailbox. A link mailed before the account moved to a new address
// does not work at all, so it confirms nothing; one mailed to the new
// address confirms that.
func TestAResetConfirmsTheAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("reset@x.cn")
	verified := func(tok string) bool {
		t.Helper()
		return h.api("GET", "/api/v1/me", tok, nil).must(t, 200).JSON["verified"] == true
	}
	if verified(fan) {
		t.Fatal("a new sign-up is confirmed already")
	}
	link := func(to string) string {
		t.Helper()
		h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": to}).must(t, 202)
		links := h.resetLinks()[to]
		if len(links) != 1 {
			t.Fatalf("reset links to %s: %v", to, links)
		}
		return strings.TrimPrefix(links[0], "/password/reset?token=")
	}
	signIn := func(email, pw string) string {
		return str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": pw}).must(t, 201).JSON, "token")
	}

	r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": link("reset@x.cn"), "password": "重设的密码 reset"}).must(t, 200)
	if r.JSON["verified"] != true {
		t.Errorf("the reset's answer: %s", r.Body)
	}
	tok := signIn("reset@x.cn", "重设的密码 reset")
	if !verified(tok) {
		t.Fatal("a completed reset left the address unconfirmed")
	}

	// A link to the old address; the account moves (unconfirmed again);
	// the old link is void and the new address stays unconfirmed.
	stale := link("reset@x.cn")
	h.api("PATCH", "/api/v1/me", tok, map[string]string{"email": "moved@x.cn", "current_password": "重设的密码 reset"}).must(t, 200)
	if verified(tok) {
		t.Fatal("the new address is confirmed before its link")
	}
	h.mailOut("zh") // the new address's confirmation, unused
	if r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": stale, "password": "旧邮箱的人 attacker"}).must(t, 400); r.errField() != "token" {
		t.Errorf("the link to the address left: %s", r.Body)
	}
	if verified(tok) {
		t.Error("a link from before the move confirmed the new address")
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "moved@x.cn", "password": "旧邮箱的人 attacker"}).must(t, 401)

	// A link to the new address confirms it.
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": link("moved@x.cn"), "password": "新邮箱的密码 moved"}).must(t, 200)
	if !verified(signIn("moved@x.cn", "新邮箱的密码 moved")) {
		t.Error("a reset by the new address's link left it unconfirmed")
	}
}
