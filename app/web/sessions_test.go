package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A fan's vote on an idea that leaves the lists (withdrawn, hidden) is given
// back in the same transaction, and the fan is told (issue 11 item 4).
func TestVoteReturnedWhenIdeaLeavesTheLists(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@example.com")
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 1})
	x, y, z := h.idea(author, cid, "X 免洗滤网"), h.idea(author, cid, "Y"), h.idea(author, cid, "Z")
	vote := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d/vote", id) }
	idea := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d", id) }

	// Withdrawn by its author: the vote comes back.
	h.api("PUT", vote(x), fan, nil).must(t, 200)
	h.api("PUT", vote(y), fan, nil).must(t, 409)
	h.api("PATCH", idea(x), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	if got := num(h.api("GET", idea(x), fan, nil).JSON, "votes"); got != 0 {
		t.Errorf("withdrawn idea keeps %d votes", got)
	}
	r := h.api("PUT", vote(y), fan, nil).must(t, 200)
	if num(r.JSON, "votes") != 1 {
		t.Errorf("vote for Y: %s", r.Body)
	}
	notices := h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any)
	if len(notices) != 1 || notices[0].(map[string]any)["kind"] != "vote_returned" ||
		notices[0].(map[string]any)["url"] != fmt.Sprintf("/challenges/%d", cid) {
		t.Errorf("notices = %v, want one vote_returned", notices)
	}
	if n := h.api("GET", "/api/v1/me/notifications", author, nil).JSON["notifications"].([]any); len(n) != 0 {
		t.Errorf("a fan who did not vote was told: %v", n)
	}

	// Hidden by an admin: the same.
	h.api("PATCH", idea(y), admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	h.api("PUT", vote(z), fan, nil).must(t, 200)
	// Restored while voting: it comes back with no votes (they were given
	// back and may have been spent), and the fan may vote for it again.
	h.api("PATCH", idea(y), admin, map[string]any{"state": "submitted"}).must(t, 200)
	if got := num(h.api("GET", idea(y), fan, nil).JSON, "votes"); got != 0 {
		t.Errorf("restored idea has %d votes", got)
	}
	h.api("DELETE", vote(z), fan, nil).must(t, 200)
	h.api("PUT", vote(y), fan, nil).must(t, 200)

	// After voting closed, hiding keeps the votes: they are the record.
	h.advance(73 * time.Hour)
	h.api("PATCH", idea(y), admin, map[string]any{"state": "hidden", "reason": "late"}).must(t, 200)
	h.api("PATCH", idea(y), admin, map[string]any{"state": "submitted"}).must(t, 200)
	if got := num(h.api("GET", idea(y), fan, nil).JSON, "votes"); got != 1 {
		t.Errorf("idea hidden after the vote has %d votes, want 1", got)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// copyCookies is what an attacker who copied b's cookies holds: a new
// client sending the same cookies.
func (b *browser) copyCookies() *browser {
	u, _ := url.Parse(b.h.srv.URL)
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(u, b.client.Jar.Cookies(u))
	return &browser{h: b.h, client: &http.Client{Jar: jar, CheckRedirect: b.client.CheckRedirect}}
}

// apiAs sends an API request with b's cookies, as the site's own script
// does (same origin, so no CSRF token is needed).
func (b *browser) apiAs(method, path string, body any) res {
	b.h.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, b.h.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.h.do(b.client, req)
}

// Signing out ends the session on the server: the cookie copied before is
// refused afterwards (issue 11 item 11).
func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	stolen := b.copyCookies()
	stolen.get("/settings").must(t, 200) // the copy works while the session lasts
	if r := stolen.apiAs("GET", "/api/v1/me", nil).must(t, 200); str(r.JSON, "email") != "fan@x.cn" {
		t.Fatalf("me: %s", r.Body)
	}
	b.post("/", "/signout", nil).must(t, 303)
	if r := stolen.get("/settings"); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("the copied cookie after sign-out: %d %s", r.Status, r.Header.Get("Location"))
	}
	stolen.apiAs("GET", "/api/v1/me", nil).must(t, 401)
	b.get("/settings").must(t, 303)
	// Signing in again makes a new session, which works.
	b.signIn("fan@x.cn", "fan-password")
	b.get("/settings").must(t, 200)
	stolen.apiAs("GET", "/api/v1/me", nil).must(t, 401)
}

// "Sign out everywhere" ends every other session and every token, through
// the API and from the settings page; the caller's own session stays.
func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	tok := h.fan("fan@x.cn")
	other := h.fan("other@x.cn")
	phone, laptop := h.browser(), h.browser()
	phone.signIn("fan@x.cn", "fan-password")
	laptop.signIn("fan@x.cn", "fan-password")
	bystander := h.browser()
	bystander.signIn("other@x.cn", "fan-password")
	h.api("GET", "/api/v1/me", tok, nil).must(t, 200) // cached

	h.api("DELETE", "/api/v1/me/sessions", "", nil).must(t, 401)
	phone.apiAs("DELETE", "/api/v1/me/sessions", nil).must(t, 204)
	phone.apiAs("GET", "/api/v1/me", nil).must(t, 200)
	laptop.apiAs("GET", "/api/v1/me", nil).must(t, 401)
	h.api("GET", "/api/v1/me", tok, nil).must(t, 401)
	// Nobody else is touched.
	bystander.apiAs("GET", "/api/v1/me", nil).must(t, 200)
	h.api("GET", "/api/v1/me", other, nil).must(t, 200)

	// With a token: every session and every token, that one too.
	laptop.signIn("fan@x.cn", "fan-password")
	app := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}).must(t, 201).JSON, "token")
	h.api("DELETE", "/api/v1/me/sessions", app, nil).must(t, 204)
	h.api("GET", "/api/v1/me", app, nil).must(t, 401)
	phone.apiAs("GET", "/api/v1/me", nil).must(t, 401)
	laptop.apiAs("GET", "/api/v1/me", nil).must(t, 401)

	// The settings page's button.
	phone.signIn("fan@x.cn", "fan-password")
	laptop.signIn("fan@x.cn", "fan-password")
	tok = str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}).must(t, 201).JSON, "token")
	page := phone.get("/settings").must(t, 200).Body
	if !strings.Contains(page, `action="/settings/sessions/end"`) {
		t.Fatalf("no sign-out-everywhere button on the settings page:\n%s", page)
	}
	phone.post("/settings", "/settings/sessions/end", nil).must(t, 303)
	if got := phone.get("/settings").must(t, 200).Body; !strings.Contains(got, "signed out everywhere else") {
		t.Errorf("no word that the others were signed out:\n%s", got)
	}
	laptop.get("/settings").must(t, 303)
	h.api("GET", "/api/v1/me", tok, nil).must(t, 401)
	bystander.get("/settings").must(t, 200)
}

// A password change (settings page or PATCH /api/v1/me) needs the current
// password and ends every other session and token; the one making the
// change stays signed in.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	tok := h.fan("fan@x.cn")
	phone, laptop := h.browser(), h.browser()
	phone.signIn("fan@x.cn", "fan-password")
	laptop.signIn("fan@x.cn", "fan-password")

	// A wrong current password: the form again, with the message at the
	// field, and nothing changed.
	r := phone.post("/settings", "/settings/password", url.Values{"current_password": {"guess-guess"}, "password": {"new-password-1"}}).must(t, 400)
	if !strings.Contains(r.Body, "The current password is wrong.") || !strings.Contains(r.Body, `name="current_password" type="password" autocomplete="current-password" required aria-invalid="true"`) {
		t.Errorf("wrong current password:\n%s", r.Body)
	}
	r = phone.post("/settings", "/settings/password", url.Values{"current_password": {"fan-password"}, "password": {"short"}}).must(t, 400)
	if !strings.Contains(r.Body, "8 characters") {
		t.Errorf("short password:\n%s", r.Body)
	}
	laptop.get("/settings").must(t, 200)
	h.api("GET", "/api/v1/me", tok, nil).must(t, 200)

	phone.post("/settings", "/settings/password", url.Values{"current_password": {"fan-password"}, "password": {"新的密码 new-password"}}).must(t, 303)
	phone.get("/settings").must(t, 200)
	laptop.get("/settings").must(t, 303)
	h.api("GET", "/api/v1/me", tok, nil).must(t, 401)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}).must(t, 401)
	tok = str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "新的密码 new-password"}).must(t, 201).JSON, "token")

	// Through the API, signed with a token: that token stays, the others and
	// every session end.
	laptop.signIn("fan@x.cn", "新的密码 new-password")
	spare := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "新的密码 new-password"}).must(t, 201).JSON, "token")
	r = h.api("PATCH", "/api/v1/me", tok, map[string]any{"password": "third-password"}).must(t, 400)
	if r.errField() != "current_password" {
		t.Errorf("without the current password: %s", r.Body)
	}
	r = h.api("PATCH", "/api/v1/me", tok, map[string]any{"password": "third-password", "current_password": "fan-password"}).must(t, 400)
	if r.errField() != "current_password" || r.errCode() != "wrong_password" {
		t.Errorf("with an old password: %s", r.Body)
	}
	h.api("GET", "/api/v1/me", spare, nil).must(t, 200)
	h.api("PATCH", "/api/v1/me", tok, map[string]any{"password": "third-password", "current_password": "新的密码 new-password"}).must(t, 200)
	h.api("GET", "/api/v1/me", tok, nil).must(t, 200)
	h.api("GET", "/api/v1/me", spare, nil).must(t, 401)
	phone.get("/settings").must(t, 303)
	laptop.get("/settings").must(t, 303)
	phone.signIn("fan@x.cn", "third-password")
}

// A person changes the name they are shown by, through the API or the
// settings page; a blank name is refused at its field.
func TestNameChange(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	tok := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(tok, cid, "免洗滤网")
	r := h.api("PATCH", "/api/v1/me", tok, map[string]any{"name": "  林小雨  "}).must(t, 200)
	if str(r.JSON, "name") != "林小雨" {
		t.Errorf("renamed: %s", r.Body)
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil); str(r.JSON, "author", "name") != "林小雨" {
		t.Errorf("the idea's author after the rename: %s", r.Body)
	}
	if r := h.api("PATCH", "/api/v1/me", tok, map[string]any{"name": " "}).must(t, 400); r.errField() != "name" {
		t.Errorf("blank name: %s", r.Body)
	}
	h.api("PATCH", "/api/v1/me", tok, map[string]any{}).must(t, 400)

	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	r = b.post("/settings", "/settings/name", url.Values{"name": {""}}).must(t, 400)
	if !strings.Contains(r.Body, `id="settings-name" name="name" autocomplete="name" required maxlength="60" value="" aria-invalid="true"`) {
		t.Errorf("blank name on the page:\n%s", r.Body)
	}
	b.post("/settings", "/settings/name", url.Values{"name": {"Lin Xiaoyu"}}).must(t, 303)
	if got := b.get("/settings").Body; !strings.Contains(got, `value="Lin Xiaoyu"`) {
		t.Errorf("the settings page after the rename:\n%s", got)
	}
}

// resetLinks claims the emails owed and returns the reset links in them,
// by recipient, as the mail worker writes them.
func (h *harness) resetLinks() map[string][]string {
	h.t.Helper()
	out := map[string][]string{}
	link := regexp.MustCompile(regexp.QuoteMeta(h.srv.URL) + `/password/reset\?token=[0-9a-f.]+`)
	for to, ms := range h.mailOut("en") {
		for _, m := range ms {
			for _, l := range link.FindAllString(m.Text, -1) {
				out[to] = append(out[to], strings.TrimPrefix(l, h.srv.URL))
			}
		}
	}
	return out
}

// A fan who forgot their password asks for a link: the answer is the same
// for any address, the emailed link works once within the hour, and using
// it ends every session and token of the account (issue 20 item 9).
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	tok := h.fan("fan@x.cn")
	// Notification emails off: the reset email still goes.
	h.api("PATCH", "/api/v1/me", tok, map[string]any{"email_notices": false}).must(t, 200)
	phone := h.browser()
	phone.signIn("fan@x.cn", "fan-password")

	known := h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": " Fan@X.cn "}).must(t, 202)
	unknown := h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "nobody@x.cn"}).must(t, 202)
	if known.Body != unknown.Body {
		t.Errorf("the answers differ: %q and %q", known.Body, unknown.Body)
	}
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "not an address"}).must(t, 400)
	links := h.resetLinks()
	if len(links) != 1 || len(links["fan@x.cn"]) != 1 {
		t.Fatalf("reset emails: %v, want one to fan@x.cn", links)
	}
	link := links["fan@x.cn"][0]
	token := strings.TrimPrefix(link, "/password/reset?token=")
	// The notification in the app says so, without the link.
	n := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200)
	if !strings.Contains(n.Body, "password_reset") || strings.Contains(n.Body, token) {
		t.Errorf("notifications: %s", n.Body)
	}

	// A forged or altered token is refused at the token.
	for _, bad := range []string{"", "x", token + "0", strings.Replace(token, ".", ".0", 1), "99." + strings.SplitN(token, ".", 2)[1]} {
		r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": bad, "password": "new-password"}).must(t, 400)
		if r.errField() != "token" {
			t.Errorf("token %q: %s", bad, r.Body)
		}
	}
	r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": token, "password": "short"}).must(t, 400)
	if r.errField() != "password" {
		t.Errorf("short password: %s", r.Body)
	}
	r = h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": token, "password": "新的密码 new"}).must(t, 200)
	if str(r.JSON, "email") != "fan@x.cn" {
		t.Errorf("reset: %s", r.Body)
	}
	// Everything signed in before is out; the new password works, the old not.
	h.api("GET", "/api/v1/me", tok, nil).must(t, 401)
	phone.get("/settings").must(t, 303)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password"}).must(t, 401)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "新的密码 new"}).must(t, 201)
	// Once only.
	r = h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": token, "password": "another-password"}).must(t, 400)
	if r.errField() != "token" {
		t.Errorf("second use: %s", r.Body)
	}

	// Within the hour only.
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	late := strings.TrimPrefix(h.resetLinks()["fan@x.cn"][0], "/password/reset?token=")
	h.advance(61 * time.Minute)
	if r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": late, "password": "another-password"}).must(t, 400); r.errField() != "token" {
		t.Errorf("an hour later: %s", r.Body)
	}

	// At most three emails an hour to one address, answered the same.
	for i := 0; i < 5; i++ {
		h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	}
	if got := len(h.resetLinks()["fan@x.cn"]); got != 3 {
		t.Errorf("%d reset emails in an hour, want 3", got)
	}
}

// A password changed, by a reset link or by its owner, voids every reset
// link of the account still open: one who read an older email (or the
// mailbox) cannot take the account back with it.
func TestAChangedPasswordVoidsOpenResetLinks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	links := func(n int) []string {
		for range n {
			h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
		}
		var toks []string
		for _, l := range h.resetLinks()["fan@x.cn"] {
			toks = append(toks, strings.TrimPrefix(l, "/password/reset?token="))
		}
		if len(toks) != n {
			t.Fatalf("%d reset links, want %d", len(toks), n)
		}
		return toks
	}
	reset := func(tok, password string) res {
		return h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok, "password": password})
	}
	// Two links; the owner uses the first; the second is void.
	toks := links(2)
	reset(toks[0], "主人的新密码 owner").must(t, 200)
	if r := reset(toks[1], "attacker-pass").must(t, 400); r.errField() != "token" {
		t.Errorf("the second link after the first was used: %s", r.Body)
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "attacker-pass"}).must(t, 401)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "主人的新密码 owner"}).must(t, 201)

	// A link, then the owner changes the password in the settings: void too.
	h.advance(61 * time.Minute) // a new hour's three emails
	tok := links(1)[0]
	phone := h.browser()
	phone.signIn("fan@x.cn", "主人的新密码 owner")
	phone.post("/settings", "/settings/password", url.Values{"current_password": {"主人的新密码 owner"}, "password": {"又一个新密码 again"}}).must(t, 303)
	if r := reset(tok, "attacker-pass").must(t, 400); r.errField() != "token" {
		t.Errorf("a link from before the owner's change: %s", r.Body)
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "又一个新密码 again"}).must(t, 201)

	// A link to the old mailbox, then the owner moves the account to a
	// new address: whoever still reads the old one cannot use it.
	h.advance(61 * time.Minute)
	tok = links(1)[0]
	owner := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "又一个新密码 again"}).must(t, 201).JSON, "token")
	h.api("PATCH", "/api/v1/me", owner, map[string]string{"email": "fan-new@x.cn", "current_password": "又一个新密码 again"}).must(t, 200)
	if r := reset(tok, "attacker-pass").must(t, 400); r.errField() != "token" {
		t.Errorf("a link to the address the account left: %s", r.Body)
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan-new@x.cn", "password": "attacker-pass"}).must(t, 401)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan-new@x.cn", "password": "又一个新密码 again"}).must(t, 201)
}

// The pages: "forgot your password?" on the sign-in page, the request form,
// and the emailed link's page, in Chinese too.
func TestPasswordResetPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	b := h.browser()
	if page := b.get("/signin", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(page, `<a href="/password/forgot">忘记密码？</a>`) {
		t.Fatalf("no forgot-password link on the sign-in page:\n%s", page)
	}
	r := b.post("/password/forgot", "/password/forgot", url.Values{"email": {"fan@x.cn"}}).must(t, 200)
	if !strings.Contains(r.Body, "a link to choose a new password is on its way") {
		t.Errorf("after asking:\n%s", r.Body)
	}
	other := b.post("/password/forgot", "/password/forgot", url.Values{"email": {"nobody@x.cn"}}).must(t, 200)
	if !strings.Contains(other.Body, "If an account has the address nobody@x.cn, a link to choose a new password is on its way") {
		t.Errorf("an unknown address is answered differently:\n%s", other.Body)
	}
	link := h.resetLinks()["fan@x.cn"][0]
	// Opening the link (as a mail scanner does) changes nothing.
	page := b.get(link).must(t, 200).Body
	if !strings.Contains(page, `action="/password/reset"`) {
		t.Fatalf("the link's page has no form:\n%s", page)
	}
	b.get(link).must(t, 200)
	bad := b.get("/password/reset?token=1.00ff").must(t, 400).Body
	if !strings.Contains(bad, "has expired or was already used") || !strings.Contains(bad, `href="/password/forgot"`) {
		t.Errorf("a bad link's page:\n%s", bad)
	}
	token := strings.TrimPrefix(link, "/password/reset?token=")
	r = b.post(link, "/password/reset", url.Values{"token": {token}, "password": {"short"}}).must(t, 400)
	if !strings.Contains(r.Body, "8 characters") || !strings.Contains(r.Body, `name="token" value="`+token+`"`) {
		t.Errorf("a short password:\n%s", r.Body)
	}
	b.post(link, "/password/reset", url.Values{"token": {token}, "password": {"new-password"}}).must(t, 303)
	if got := b.get("/signin").Body; !strings.Contains(got, "Sign in with the new password") {
		t.Errorf("after the reset:\n%s", got)
	}
	b.signIn("fan@x.cn", "new-password")
	r = b.get(link).must(t, 400)
	if !strings.Contains(r.Body, "already used") {
		t.Errorf("the used link:\n%s", r.Body)
	}
}

// Journey: a fan who forgot their password finds the link on the sign-in
// page, asks for an email, follows its link, chooses a new password and signs
// in with it; then, on the settings page, signs out everywhere else. At a
// phone's and a desktop's size, in both languages.
func TestJourneyFanResetsForgottenPassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		email := fmt.Sprintf("%s-%s@x.cn", size.name, lang)
		h.fan(email)
		jFresh(t, ctx)
		jVisit(t, ctx, h.srv.URL+"/signin")
		jLang(t, ctx, lang)
		jWant(t, "the forgot link", jText(t, ctx, `main a[href="/password/forgot"]`), jT(lang, "reset.forgot_link"))
		jGo(t, ctx, `main a[href="/password/forgot"]`)
		jWant(t, "the forgot page's heading", jText(t, ctx, "main h1"), jT(lang, "reset.forgot_title"))
		jDo(t, ctx, chromedp.SendKeys("#email", email, chromedp.ByQuery))
		jGo(t, ctx, `main form[action="/password/forgot"] button[type="submit"]`)
		jWant(t, "after asking", jText(t, ctx, "main .alert.success"), jT(lang, "reset.sent", email))

		link := h.resetLinks()[email]
		if len(link) != 1 {
			t.Fatalf("reset emails to %s: %v", email, link)
		}
		jVisit(t, ctx, h.srv.URL+link[0])
		jWant(t, "the reset page's heading", jText(t, ctx, "main h1"), jT(lang, "reset.title"))
		jDo(t, ctx, chromedp.SendKeys("#password", "新的密码 new-password", chromedp.ByQuery))
		jGo(t, ctx, `main form[action="/password/reset"] button[type="submit"]`)
		if p := jPath(t, ctx); p != "/signin" {
			t.Fatalf("after the reset the browser is on %s", p)
		}
		jWantContains(t, "after the reset", jText(t, ctx, "main"), jT(lang, "reset.done"))

		jSignIn(t, ctx, h, email, "新的密码 new-password", lang)
		jVisit(t, ctx, h.srv.URL+"/settings")
		jWant(t, "the sign-out-everywhere button", jText(t, ctx, "#signout-everywhere button"), jT(lang, "settings.signout_everywhere"))
		jGo(t, ctx, "#signout-everywhere button")
		jWantContains(t, "after signing out everywhere", jText(t, ctx, "main"), jT(lang, "settings.signed_out_everywhere"))
		jDo(t, ctx, chromedp.WaitVisible(".user-name", chromedp.ByQuery)) // this browser stays signed in
	})
}

// Trying current passwords through PATCH /api/v1/me is limited like
// signing in, so a stolen token cannot guess the password at the write rate;
// other changes of one's settings are not.
func TestPasswordChangeGuessesAreLimited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits)
	h.setup()
	tok := h.fan("fan@x.cn")
	var last res
	for i := 0; i < 12; i++ {
		last = h.api("PATCH", "/api/v1/me", tok, map[string]any{"password": "new-password", "current_password": "guess" + itoa(int64(i))})
	}
	if last.Status != 429 || last.errCode() != "rate_limited" {
		t.Fatalf("12th guess: %d %s", last.Status, last.Body)
	}
	h.api("PATCH", "/api/v1/me", tok, map[string]any{"name": "林"}).must(t, 200)
}
