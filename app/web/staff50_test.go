package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/mail"
)

// staff50Link is the one link of an email to this site's set-password
// page, as a path with its query.
var staff50Link = regexp.MustCompile(`https?://[^/\s]+(/password/reset\?token=[A-Za-z0-9_%.-]+)`)

func staff50LinkOf(t *testing.T, m mail.Message) string {
	t.Helper()
	got := staff50Link.FindStringSubmatch(m.Text)
	if got == nil {
		t.Fatalf("no set-password link in the email:\n%s", m.Text)
	}
	return got[1]
}

// An admin invites a judge through the API: the account is open with its
// role, unconfirmed and with no password anyone knows; its invitation
// goes in the language asked for, whatever the account's choices, its
// link sets the password once, confirms the address and signs the judge
// in on their queue. A confirmed account's address, no role, a role there
// is not are refused naming the field, and change nothing (inviting an
// address again before its link is used sends a new invitation:
// TestStaff50AnInvitationTakesOverASquattedAddress).
func TestStaff50AdminInvitesAJudgeThroughTheAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.confirmedFan("fan@x.cn") // an unconfirmed one is taken over: TestStaff50AnInvitationTakesOverASquattedAddress
	h.mailOut("en")            // the sign-up's confirmation

	body := map[string]any{"email": " Li.Judge@Brand.cn ", "name": "李评委", "roles": []string{"judge"}, "locale": "zh"}
	r := h.api("POST", "/api/v1/users/invite", admin, body).must(t, 201)
	user, _ := r.JSON["user"].(map[string]any)
	if str(user, "email") != "li.judge@brand.cn" || fmt.Sprint(user["roles"]) != "[fan judge]" || user["verified"] != false {
		t.Fatalf("the invited account: %v", user)
	}
	hist, _ := user["role_history"].([]any)
	if len(hist) != 1 {
		t.Fatalf("role_history %v, want the invitation", user["role_history"])
	}
	ev := hist[0].(map[string]any)
	if ev["action"] != "invite" || fmt.Sprint(ev["to"]) != "[judge]" || fmt.Sprint(ev["from"]) != "[]" || str(ev, "actor", "name") != "管理员" {
		t.Errorf("the invitation's record: %v", ev)
	}
	judgeID := num(user, "id")

	for _, tc := range []struct {
		name        string
		body        map[string]any
		status      int
		code, field string
	}{
		{"a confirmed fan's address", map[string]any{"email": "FAN@x.cn", "name": "粉丝", "roles": []string{"engineer"}}, 409, "email_taken", "email"},
		{"no role", map[string]any{"email": "new@x.cn", "name": "新人", "roles": []string{}}, 400, "role_required", "roles"},
		{"a role there is not", map[string]any{"email": "new@x.cn", "name": "新人", "roles": []string{"judge", "boss"}}, 400, "invalid_role", "roles[1]"},
		{"no name", map[string]any{"email": "new@x.cn", "name": " ", "roles": []string{"judge"}}, 400, "", "name"},
		{"a language there is not", map[string]any{"email": "new@x.cn", "name": "新人", "roles": []string{"judge"}, "locale": "fr"}, 400, "invalid_lang", "locale"},
	} {
		got := h.api("POST", "/api/v1/users/invite", admin, tc.body).must(t, tc.status)
		if got.errField() != tc.field || (tc.code != "" && got.errCode() != tc.code) {
			t.Errorf("%s: %s %s, want %s %s", tc.name, got.errCode(), got.errField(), tc.code, tc.field)
		}
	}

	out := h.mailOut("en")
	if len(out) != 1 {
		t.Errorf("emails to %d addresses, want the invited judge's alone (refusals send nothing): %v", len(out), out)
	}
	m := mailLang(t, out, "li.judge@brand.cn", "zh")
	if m.Subject != "共创：邀请你加入" || !strings.Contains(m.Text, "李评委，你好") || !strings.Contains(m.Text, "管理员 管理员 邀请你以「评委」身份加入") {
		t.Errorf("the invitation: %q\n%s", m.Subject, m.Text)
	}
	if m.Unsubscribe != "" {
		t.Error("the invitation offers unsubscribing: it is the account's own email")
	}
	link := staff50LinkOf(t, m)

	b := h.browser()
	page := b.get(link).must(t, 200)
	if !strings.Contains(page.Body, "设置你的密码") && !strings.Contains(page.Body, "Choose your password") {
		t.Errorf("the invitation's page does not greet as one: %.500s", page.Body)
	}
	token := strings.TrimPrefix(link, "/password/reset?token=")
	token, _ = url.QueryUnescape(token)
	short := b.post(link, "/password/reset", url.Values{"token": {token}, "password": {"short"}}).must(t, 400)
	if !strings.Contains(short.Body, "设置你的密码") && !strings.Contains(short.Body, "Choose your password") {
		t.Errorf("a refused password leaves the invitation's page: %.300s", short.Body)
	}
	set := b.post(link, "/password/reset", url.Values{"token": {token}, "password": {"judge-password"}}).must(t, 303)
	if loc := set.Header.Get("Location"); loc != "/judging" {
		t.Errorf("the judge lands at %q, want their queue", loc)
	}
	queue := b.get("/judging").must(t, 200)
	if !strings.Contains(queue.Body, `href="/judging"`) {
		t.Error("the judge's menu has no queue")
	}
	u, err := h.store.User(context.Background(), int64(judgeID))
	if err != nil || !u.Verified {
		t.Errorf("the address is not confirmed by the invitation's use: %+v %v", u, err)
	}
	// The link works once.
	b2 := h.browser()
	b2.post(link, "/password/reset", url.Values{"token": {token}, "password": {"other-password"}}).must(t, 400)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "li.judge@brand.cn", "password": "judge-password"}).must(t, 201)
}

// An invitation's link lives a week, no more; an ordinary reset link
// still an hour, and its use confirms the address as an invitation's
// does (session 51: it too came to that mailbox).
func TestStaff50AnInvitationLivesAWeek(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.mailOut("en")
	for _, e := range []string{"early@x.cn", "late@x.cn"} {
		h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": e, "name": "工程师", "roles": []string{"engineer"}}).must(t, 201)
	}
	out := h.mailOut("zh")
	early, late := staff50LinkOf(t, out["early@x.cn"][0]), staff50LinkOf(t, out["late@x.cn"][0])
	tok := func(link string) string {
		v, _ := url.ParseQuery(strings.TrimPrefix(link, "/password/reset?"))
		return v.Get("token")
	}
	h.advance(6*24*time.Hour + 23*time.Hour)
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok(early), "password": "engineer-pw"}).must(t, 200)
	h.advance(2 * time.Hour)
	r := h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok(late), "password": "engineer-pw"}).must(t, 400)
	if r.errField() != "token" {
		t.Errorf("an invitation past its week: %s", r.Body)
	}

	// An invitee suspended before using the link sets their password but
	// is not signed in: the sign-in page says why.
	held := h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "held@x.cn", "name": "待定", "roles": []string{"judge"}}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", num(held.JSON["user"].(map[string]any), "id")), admin,
		map[string]any{"suspended": true, "reason": "身份待核实"}).must(t, 200)
	heldLink := staff50LinkOf(t, h.mailOut("zh")["held@x.cn"][0])
	b := h.browser()
	if loc := b.post(heldLink, "/password/reset", url.Values{"token": {tok(heldLink)}, "password": {"held-password"}}).must(t, 303).Header.Get("Location"); loc != "/signin" {
		t.Errorf("a suspended invitee lands at %q", loc)
	}
	if b.get("/judging").Status == 200 {
		t.Error("a suspended invitee is signed in")
	}

	fan := h.fan("fan@x.cn")
	h.mailOut("zh")
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	link := staff50LinkOf(t, h.mailOut("zh")["fan@x.cn"][0])
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok(link), "password": "fan-password2"}).must(t, 200)
	_ = fan
	if me := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": "fan-password2"}).must(t, 201); me.Status == 201 {
		tok := str(me.JSON, "token")
		if v := h.api("GET", "/api/v1/me", tok, nil).must(t, 200).JSON["verified"]; v != true {
			t.Errorf("an ordinary reset left the address unconfirmed: verified %v", v)
		}
	}
}

// When an admin changes someone's roles, the person is told of each role
// given or taken away, in the app and by email in their language (not by
// email when they turned emails off), and the change is recorded with the
// admin, the roles before and after, shown on their row to admins and in
// the API's answer; saving the same roles again records and tells nothing.
func TestStaff50RoleChangesAreToldAndRecorded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("zhang@x.cn")
	quiet := h.fan("quiet@x.cn")
	h.api("PATCH", "/api/v1/me", quiet, map[string]any{"email_notices": false}).must(t, 200)
	h.mailOut("zh")
	id, qid := jUserID(h, fan), jUserID(h, quiet)
	h.confirm(int64(id))
	h.confirm(int64(qid))
	roles := func(who int, rs ...string) res {
		return h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", who), admin, map[string]any{"roles": rs}).must(t, 200)
	}
	notices := func(tok string) []string {
		list, _ := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).JSON["notifications"].([]any)
		var out []string
		for _, n := range list {
			m := n.(map[string]any)
			out = append(out, str(m, "text")+" → "+str(m, "url"))
		}
		return out
	}

	r := roles(id, "judge")
	hist, _ := r.JSON["role_history"].([]any)
	if len(hist) != 1 || fmt.Sprint(hist[0].(map[string]any)["to"]) != "[judge]" || hist[0].(map[string]any)["action"] != "roles" {
		t.Fatalf("role_history after a grant: %v", r.JSON["role_history"])
	}
	if got := notices(fan); len(got) != 1 || got[0] != "An admin gave you the role: Judge. → /judging" {
		t.Errorf("the fan's notices after the grant: %q", got)
	}
	roles(id, "judge") // the same again
	roles(id, "engineer")
	if got := notices(fan); len(got) != 3 || !strings.Contains(strings.Join(got, "|"), "An admin gave you the role: Engineer. → /triage") ||
		!strings.Contains(strings.Join(got, "|"), "An admin took away your role: Judge. → /|") {
		t.Errorf("the fan's notices after the swap: %q", got)
	}
	roles(qid, "moderator")
	out := h.mailOut("zh")
	if n := len(out["zhang@x.cn"]); n != 3 {
		t.Errorf("the fan got %d emails, want 3 (one a role)", n)
	}
	var texts []string
	for _, m := range out["zhang@x.cn"] {
		if !strings.HasPrefix(m.Subject, "共创：") {
			t.Errorf("an email not in Chinese: %q", m.Subject)
		}
		texts = append(texts, m.Text)
	}
	for _, want := range []string{"管理员授予你「评委」角色。", "管理员授予你「工程师」角色。", "管理员取消了你的「评委」角色。"} {
		if !strings.Contains(strings.Join(texts, "\n"), want) {
			t.Errorf("no email says %q", want)
		}
	}
	if n := len(out["quiet@x.cn"]); n != 0 {
		t.Errorf("a person with emails off got %d", n)
	}
	if got := notices(quiet); len(got) != 1 {
		t.Errorf("the quiet fan's notices: %q", got)
	}

	final := roles(id, "engineer")
	hist, _ = final.JSON["role_history"].([]any)
	if len(hist) != 2 {
		t.Fatalf("role_history: %v, want the grant and the swap (saving the same records nothing)", final.JSON["role_history"])
	}
	if e := hist[0].(map[string]any); fmt.Sprint(e["from"]) != "[judge]" || fmt.Sprint(e["to"]) != "[engineer]" {
		t.Errorf("the newest event: %v", e)
	}

	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}})
	page := b.get(fmt.Sprintf("/admin/users?id=%d", id)).must(t, 200)
	for _, want := range []string{"管理员 管理员 授予 工程师，取消 评委", "管理员 管理员 授予 评委"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the row's history lacks %q", want)
		}
	}
	if strings.Index(page.Body, "授予 工程师，取消 评委") > strings.Index(page.Body, "管理员 管理员 授予 评委<") {
		t.Error("the history is not newest first")
	}
	h.staffer(admin, "mod@x.cn", "moderator")
	mod := h.browser()
	mod.signIn("mod@x.cn", "fan-password")
	if body := mod.get(fmt.Sprintf("/admin/users?id=%d", id)).must(t, 200).Body; strings.Contains(body, "role-history") || strings.Contains(body, `action="/admin/users/invite"`) {
		t.Error("a moderator sees the role history or the invitation form")
	}
}

// The users page's invitation form: a refusal comes back to the form,
// open, with the message at its field and what was typed; an invitation
// sent takes the admin to the new row, confirmed there, its history
// starting with the invitation.
func TestStaff50InviteFromTheUsersPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.confirmedFan("taken@x.cn")
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}})

	r := b.post("/admin/users", "/admin/users/invite", url.Values{"email": {"wang@x.cn"}, "name": {"王工"}}).must(t, 303)
	if loc := r.Header.Get("Location"); loc != "/admin/users#invite" {
		t.Errorf("a refusal goes to %q", loc)
	}
	page := b.get("/admin/users").Body
	for _, want := range []string{`id="invite" open`, `value="wang@x.cn"`, `value="王工"`, `id="invite-roles-error"`, "邀请至少要给一个角色"} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	b.post("/admin/users", "/admin/users/invite", url.Values{"email": {"taken@x.cn"}, "name": {"王工"}, "roles": {"engineer"}}).must(t, 303)
	page = b.get("/admin/users").Body
	if !strings.Contains(page, `id="invite-email-error"`) || !strings.Contains(page, `value="taken@x.cn"`) {
		t.Errorf("a taken address is not said at its field")
	}

	r = b.post("/admin/users", "/admin/users/invite", url.Values{"email": {"wang@x.cn"}, "name": {"王工"}, "roles": {"engineer", "moderator"}, "lang": {"en"}}).must(t, 303)
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/admin/users?id=") || !strings.Contains(loc, "#user-") {
		t.Fatalf("an invitation sent goes to %q", loc)
	}
	page = b.get(loc).Body
	for _, want := range []string{"已向 wang@x.cn 发出邀请。", "管理员 管理员 邀请加入：工程师、版主", "未验证"} {
		if !strings.Contains(page, want) {
			t.Errorf("the new row lacks %q", want)
		}
	}
	if m := mailLang(t, h.mailOut("zh"), "wang@x.cn", "en"); !strings.Contains(m.Text, "invited you to join as Engineer, Moderator") {
		t.Errorf("the invitation in the language chosen: %s", m.Text)
	}
}

// Session 50's review: someone signs up with the address a judge will be
// invited at (they cannot read its mailbox, so it stays unconfirmed),
// before the admin invites it. The invitation takes that account over:
// their password, browser session and API token stop working, and only
// the invitation's link, in the mailbox, opens the account, with the
// judge's role and the name the admin gave. Once confirmed, the address
// is taken (409 email_taken).
func TestStaff50AnInvitationTakesOverASquattedAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	squatToken := h.fan("judge@brand.cn") // password "fan-password"
	squatter := h.browser()
	squatter.signIn("judge@brand.cn", "fan-password")
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "judge@brand.cn"}).must(t, 202)
	old := staff50LinkOf(t, h.mailOut("zh")["judge@brand.cn"][1]) // the confirmation, then the reset
	squatID := num(h.api("GET", "/api/v1/me", squatToken, nil).must(t, 200).JSON, "id")

	r := h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "judge@brand.cn", "name": "李评委", "roles": []string{"judge"}, "locale": "zh"}).must(t, 201)
	user := r.JSON["user"].(map[string]any)
	if num(user, "id") != squatID || str(user, "name") != "李评委" || fmt.Sprint(user["roles"]) != "[fan judge]" || user["verified"] != false {
		t.Fatalf("the invitation's account: %v", user)
	}
	h.api("GET", "/api/v1/me", squatToken, nil).must(t, 401)
	if squatter.get("/judging").Status == 200 {
		t.Error("the signer-up's browser session lives on, as a judge")
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "judge@brand.cn", "password": "fan-password"}).must(t, 401)
	tok := func(link string) string {
		v, _ := url.ParseQuery(strings.TrimPrefix(link, "/password/reset?"))
		return v.Get("token")
	}
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok(old), "password": "squatter-again"}).must(t, 400)

	first := staff50LinkOf(t, mailLang(t, h.mailOut("zh"), "judge@brand.cn", "zh"))
	// Invited again before the link is used (say, it was lost): a new
	// invitation, the first link void.
	h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "judge@brand.cn", "name": "李评委", "roles": []string{"judge"}, "locale": "zh"}).must(t, 201)
	link := staff50LinkOf(t, mailLang(t, h.mailOut("zh"), "judge@brand.cn", "zh"))
	h.api("POST", "/api/v1/password/reset", "", map[string]string{"token": tok(first), "password": "first-link-pw"}).must(t, 400)
	b := h.browser()
	if loc := b.post(link, "/password/reset", url.Values{"token": {tok(link)}, "password": {"judge-password"}}).must(t, 303).Header.Get("Location"); loc != "/judging" {
		t.Errorf("the judge lands at %q", loc)
	}
	b.get("/judging").must(t, 200)

	again := h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "judge@brand.cn", "name": "又一个", "roles": []string{"admin"}}).must(t, 409)
	if again.errCode() != "email_taken" || again.errField() != "email" {
		t.Errorf("a confirmed address invited again: %s", again.Body)
	}
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "judge@brand.cn", "password": "judge-password"}).must(t, 201)
}

// A reset link whose signature fails says nothing of the reset its id
// names: an invitation's page and an ordinary reset's look the same to
// it (session 50's review: the title told which ids were invitations).
func TestStaff50AForgedResetTokenTellsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.mailOut("zh")
	h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "eng@x.cn", "name": "工程师", "roles": []string{"engineer"}}).must(t, 201)
	link := staff50LinkOf(t, h.mailOut("zh")["eng@x.cn"][0])
	v, _ := url.ParseQuery(strings.TrimPrefix(link, "/password/reset?"))
	id, _, ok := strings.Cut(v.Get("token"), ".")
	if !ok {
		t.Fatalf("a token without its id: %q", v.Get("token"))
	}
	b := h.browser()
	if page := b.get(link).must(t, 200); !strings.Contains(page.Body, "设置你的密码") && !strings.Contains(page.Body, "Choose your password") {
		t.Fatalf("the real link is not greeted as an invitation: the test proves nothing: %.300s", page.Body)
	}
	forged := "/password/reset?token=" + url.QueryEscape(id+".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	page := b.get(forged).must(t, 400)
	if strings.Contains(page.Body, "设置你的密码") || strings.Contains(page.Body, "Choose your password") {
		t.Error("a forged token's page greets an invitation")
	}
	if !strings.Contains(page.Body, "设置新密码") && !strings.Contains(page.Body, "Choose a new password") {
		t.Errorf("a forged token's page: %.300s", page.Body)
	}
	// The form posted with it: the same.
	sent := b.post(forged, "/password/reset", url.Values{"token": {id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, "password": {"whatever-pw"}}).must(t, 400)
	if strings.Contains(sent.Body, "设置你的密码") || strings.Contains(sent.Body, "Choose your password") {
		t.Error("a forged token's refused form greets an invitation")
	}
}
