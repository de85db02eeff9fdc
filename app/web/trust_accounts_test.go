package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var verifyLink = regexp.MustCompile(`/verify\?token=[^\s]+`)

// confirmationLinks sends the owed mail as the worker would write it and
// returns each recipient's confirmation link, site-relative.
func (h *harness) confirmationLinks() map[string]string {
	h.t.Helper()
	out := map[string]string{}
	for to, ms := range h.mailOut("en") {
		for _, m := range ms {
			if link := verifyLink.FindString(m.Text); link != "" {
				if m.Unsubscribe != "" || strings.Contains(m.Text, "/unsubscribe") {
					h.t.Errorf("a confirmation email offers to unsubscribe:\n%s", m.Text)
				}
				out[to] = link
			}
		}
	}
	return out
}

func (h *harness) verifyBody(link string) map[string]string {
	u, _ := url.Parse(link)
	return map[string]string{"token": u.Query().Get("token")}
}

// A fan confirms their address from the emailed link; the link's page only
// asks (mail scanners open links); a bad, expired or foreign token changes
// nothing; a challenge for confirmed voters refuses the others, saying why
// in their language.
func TestEmailConfirmation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	if me := h.api("GET", "/api/v1/me", admin, nil).must(t, 200).JSON; me["verified"] != true || me["suspended"] != false {
		t.Fatalf("the setup admin: verified %v suspended %v, want true, false", me["verified"], me["suspended"])
	}
	fan := h.fan("fan@x.cn")
	other := h.fan("other@x.cn")
	if me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON; me["verified"] != false {
		t.Fatalf("a new fan is verified: %v", me["verified"])
	}
	links := h.confirmationLinks()
	link, otherLink := links["fan@x.cn"], links["other@x.cn"]
	if link == "" || otherLink == "" {
		t.Fatalf("no confirmation email after sign-up: %v", links)
	}

	// Asking again at once is refused; a minute later it goes.
	h.api("POST", "/api/v1/me/verification", fan, nil).must(t, 429)
	h.advance(2 * time.Minute)
	h.api("POST", "/api/v1/me/verification", fan, nil).must(t, 202)
	if again := h.confirmationLinks()["fan@x.cn"]; again == "" {
		t.Fatal("the resent email has no link")
	}
	h.api("POST", "/api/v1/me/verification", "", nil).must(t, 401)

	// The page behind the link asks, and opening it changes nothing.
	b := h.browser()
	page := b.get(link).must(t, 200).Body
	if !strings.Contains(page, `action="/verify"`) || !strings.Contains(page, "fan@x.cn") {
		t.Fatalf("the link's page does not ask:\n%.2000s", page)
	}
	unverified := func(tok string) {
		t.Helper()
		if v := h.api("GET", "/api/v1/me", tok, nil).must(t, 200).JSON["verified"]; v != false {
			t.Fatal("the account became verified")
		}
	}
	unverified(fan)

	// Bad tokens: 400 on field token, nothing changes.
	tok := h.verifyBody(link)["token"]
	parts := strings.Split(tok, ".")
	for name, bad := range map[string]string{
		"altered mac":    parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"later expiry":   parts[0] + "." + fmt.Sprint(h.clock().Add(1000*time.Hour).Unix()) + "." + parts[2],
		"another id":     "1." + parts[1] + "." + parts[2],
		"no such user":   "999." + parts[1] + "." + parts[2],
		"garbage":        "not a token",
		"empty":          "",
		"other's secret": "x",
	} {
		r := h.api("POST", "/api/v1/verify", "", map[string]string{"token": bad})
		if r.Status != 400 || r.errField() != "token" {
			t.Errorf("%s: %d %s field %q, want 400 on token", name, r.Status, r.errCode(), r.errField())
		}
	}
	// Another account's genuine token, sent by someone signed in: refused.
	r := h.api("POST", "/api/v1/verify", fan, h.verifyBody(otherLink))
	if r.Status != 400 || r.errField() != "token" {
		t.Errorf("another account's token: %d %s, want 400 on token", r.Status, r.Body)
	}
	unverified(other)
	unverified(fan)

	// Confirming through the page's button.
	form := url.Values{"token": {tok}}
	res := b.post(link, "/verify", form).must(t, 200)
	if !strings.Contains(res.Body, "fan@x.cn") {
		t.Errorf("the confirmation page does not say which address:\n%.1500s", res.Body)
	}
	if v := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON["verified"]; v != true {
		t.Fatal("the fan is not verified after confirming")
	}
	if r := h.api("POST", "/api/v1/me/verification", fan, nil).must(t, 409); r.errCode() != "already_verified" {
		t.Errorf("code %s, want already_verified", r.errCode())
	}
	// The API confirms too; an expired link does not.
	h.advance(49 * time.Hour)
	if r := h.api("POST", "/api/v1/verify", "", h.verifyBody(otherLink)); r.Status != 400 || r.errCode() != "token_expired" {
		t.Errorf("an expired token: %d %s, want 400 token_expired", r.Status, r.errCode())
	}
	unverified(other)
	h.api("POST", "/api/v1/me/verification", other, nil).must(t, 202)
	fresh := h.confirmationLinks()["other@x.cn"]
	if u := h.api("POST", "/api/v1/verify", "", h.verifyBody(fresh)).must(t, 200).JSON; u["verified"] != true || u["email"] != "other@x.cn" {
		t.Errorf("POST /api/v1/verify answered %v", u)
	}

	// A challenge for confirmed voters.
	cid := h.openChallenge(admin, map[string]any{"voters": "verified"})
	if ch := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), "", nil).must(t, 200).JSON; ch["voters"] != "verified" || num(ch, "report_threshold") != 3 {
		t.Errorf("challenge voters %v report_threshold %v", ch["voters"], ch["report_threshold"])
	}
	idea := h.idea(admin, cid, "自清洁内筒")
	third := h.fan("third@x.cn")
	req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/api/v1/ideas/%d/vote", h.srv.URL, idea), nil)
	req.Header.Set("Authorization", "Bearer "+third)
	req.Header.Set("Accept-Language", "zh-CN")
	vr := h.do(http.DefaultClient, req).must(t, 403)
	if vr.errCode() != "verification_required" || !strings.Contains(str(vr.JSON, "error", "message"), "验证") {
		t.Errorf("an unconfirmed vote: %s", vr.Body)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 200)
	if v := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON, "votes"); v != 1 {
		t.Errorf("votes %d, want 1", v)
	}
	// The page says so beside the button, with the way to fix it.
	tb := h.browser()
	tb.signIn("third@x.cn", "fan-password")
	pg := tb.get(fmt.Sprintf("/ideas/%d", idea)).must(t, 200).Body
	if !strings.Contains(pg, "Confirm your email address to vote here") || !strings.Contains(pg, `action="/settings/verification"`) {
		t.Errorf("the idea page does not tell an unconfirmed fan how to vote:\n%.3000s", pg)
	}
	// An unknown voters value names its field.
	if r := h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, map[string]any{"voters": "everyone"}); r.Status != 400 || r.errField() != "voters" {
		t.Errorf("voters everyone: %d %s", r.Status, r.Body)
	}
	// The settings page's resend button.
	h.advance(2 * time.Minute)
	if r := tb.post("/settings", "/settings/verification", url.Values{"next": {"/settings"}}); r.Status != 303 {
		t.Errorf("resend from settings: %d", r.Status)
	}
	if h.confirmationLinks()["third@x.cn"] == "" {
		t.Error("the settings button sent no email")
	}
}

// A suspended account is refused on its next request, through every token
// and session, with 401 suspended; pages say so with the reason. Moderators
// suspend fans; only admins suspend staff; every decision is recorded.
func TestSuspension(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	modTok := h.fan("mod@x.cn")
	modID := num(h.api("GET", "/api/v1/me", modTok, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)
	fanID := num(h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON, "id") // cached from here
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	b.get("/").must(t, 200)

	path := fmt.Sprintf("/api/v1/users/%d/suspension", fanID)
	h.api("PUT", path, fan, map[string]any{"suspended": true, "reason": "x"}).must(t, 403)
	if r := h.api("PUT", path, modTok, map[string]any{"reason": "x"}); r.Status != 400 || r.errField() != "suspended" {
		t.Errorf("no suspended field: %d %s", r.Status, r.Body)
	}
	if r := h.api("PUT", path, modTok, map[string]any{"suspended": true}); r.Status != 400 || r.errField() != "reason" {
		t.Errorf("no reason: %d %s", r.Status, r.Body)
	}
	u := h.api("PUT", path, modTok, map[string]any{"suspended": true, "reason": "刷票 vote ring"}).must(t, 200).JSON
	if u["suspended"] != true {
		t.Fatalf("answer %v", u)
	}
	for _, p := range []string{"/api/v1/me", "/api/v1/me/tokens"} {
		if r := h.api("GET", p, fan, nil); r.Status != 401 || r.errCode() != "suspended" {
			t.Errorf("GET %s as the suspended fan: %d %s", p, r.Status, r.Body)
		}
	}
	if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}); r.Status != 401 || r.errCode() != "suspended" {
		t.Errorf("a new token for a suspended fan: %d %s", r.Status, r.Body)
	}
	page := b.get("/")
	if page.Status != 401 || !strings.Contains(page.Body, "suspended") || !strings.Contains(page.Body, "刷票 vote ring") {
		t.Errorf("the page for a suspended fan: %d\n%.2000s", page.Status, page.Body)
	}
	// A moderator cannot suspend an admin or another moderator; nobody themselves.
	adminID := num(h.api("GET", "/api/v1/me", admin, nil).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", adminID), modTok, map[string]any{"suspended": true, "reason": "x"}).must(t, 403)
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", adminID), admin, map[string]any{"suspended": true, "reason": "x"}).must(t, 409)
	h.api("PUT", "/api/v1/users/999/suspension", admin, map[string]any{"suspended": true, "reason": "x"}).must(t, 404)

	// The users page shows the decision to every moderator.
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	up := mb.get("/admin/users").must(t, 200).Body
	if !strings.Contains(up, "刷票 vote ring") || !strings.Contains(up, "mod suspended fan") {
		t.Errorf("the users page does not show the suspension:\n%.3000s", up)
	}
	if strings.Contains(up, "/roles\"") {
		t.Error("a moderator is offered the roles form")
	}
	// Nor a judge: an admin gave them their work, and only an admin takes
	// it away. The page offers the moderator no form on their rows.
	judge := h.fan("judge@x.cn")
	judgeID := num(h.api("GET", "/api/v1/me", judge, nil).JSON, "id")
	h.confirm(int64(judgeID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", judgeID), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", judgeID), modTok, map[string]any{"suspended": true, "reason": "x"}).must(t, 403)
	up = mb.get("/admin/users").must(t, 200).Body
	for _, id := range []int{judgeID, adminID, modID} {
		if strings.Contains(up, fmt.Sprintf("/admin/users/%d/suspension", id)) {
			t.Errorf("the moderator is offered a suspension form for user %d", id)
		}
	}
	if !strings.Contains(up, fmt.Sprintf("/admin/users/%d/suspension", fanID)) {
		t.Error("the moderator is not offered the fan's reinstatement")
	}
	// Reinstated from the page: the fan signs in again (the tokens from
	// before the suspension ended with it).
	if r := mb.post("/admin/users", fmt.Sprintf("/admin/users/%d/suspension", fanID), url.Values{"suspended": {"false"}, "reason": {"appeal upheld"}}); r.Status != 303 {
		t.Fatalf("reinstate: %d %.500s", r.Status, r.Body)
	}
	h.api("GET", "/api/v1/me", fan, nil).must(t, 401)
	fan = str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}).must(t, 201).JSON, "token")
	if me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON; me["suspended"] != false {
		t.Errorf("after reinstating: %v", me)
	}
	if !strings.Contains(mb.get("/admin/users").Body, "mod reinstated fan") {
		t.Error("the reinstatement is not recorded on the users page")
	}
}
