package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// rowFrom is the users page's row of account id, to the next row.
func rowFrom(page string, id int64) string {
	start := strings.Index(page, fmt.Sprintf(`id="user-%d"`, id))
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start+1:], `class="user-row`)
	if end < 0 {
		return page[start:]
	}
	return page[start : start+1+end]
}

// No staff role goes to an unconfirmed address (session 51): whoever
// signed up with the brand's address first knows its password, and made
// a moderator would hide what fans wrote, an engineer would answer for
// the brand, a judge would score. The API refuses each (409
// account_unconfirmed at roles) and changes nothing; confirmed, the same
// grant goes through.
func TestRoles51NoStaffRoleToAnUnconfirmedAddressByTheAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	squat := h.fan("mod@brand.cn")
	id := h.userID(squat)
	roles := fmt.Sprintf("/api/v1/users/%d/roles", id)
	for _, rs := range [][]string{{"judge"}, {"engineer"}, {"moderator"}, {"admin"}, {"fan", "moderator"}} {
		if r := h.api("PUT", roles, admin, map[string]any{"roles": rs}).must(t, 409); r.errCode() != "account_unconfirmed" || r.errField() != "roles" {
			t.Errorf("%v to an unconfirmed address: %s", rs, r.Body)
		}
	}
	if r := h.api("GET", "/api/v1/me", squat, nil).must(t, 200); fmt.Sprint(r.JSON["roles"]) != "[fan]" {
		t.Errorf("a refused grant changed the roles: %s", r.Body)
	}
	// The message names staff roles, not the admin role alone.
	r := h.api("PUT", roles, admin, map[string]any{"roles": []string{"moderator"}})
	if msg := str(r.JSON, "error", "message"); !strings.Contains(msg, "staff role") || !strings.Contains(msg, "invite") {
		t.Errorf("the refusal: %q", msg)
	}
	h.api("PUT", roles, admin, map[string]any{"roles": []string{"fan"}}).must(t, 200) // no staff role: nothing to refuse
	h.confirm(id)
	if r := h.api("PUT", roles, admin, map[string]any{"roles": []string{"moderator", "engineer"}}).must(t, 200); fmt.Sprint(r.JSON["roles"]) != "[fan engineer moderator]" {
		t.Errorf("roles of the confirmed address: %s", r.Body)
	}
}

// An invitation staffs an unconfirmed address: it takes the account over
// and gives the roles. Until its link is used the account is unconfirmed
// still: the admin may keep or take away the roles it holds, not add one.
func TestRoles51AnInvitationStaffsAnUnconfirmedAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	squat := h.fan("judge@brand.cn")
	id := h.userID(squat)
	roles := fmt.Sprintf("/api/v1/users/%d/roles", id)
	h.api("PUT", roles, admin, map[string]any{"roles": []string{"judge"}}).must(t, 409)
	r := h.api("POST", "/api/v1/users/invite", admin, map[string]any{"email": "judge@brand.cn", "name": "李评委", "roles": []string{"judge", "moderator"}}).must(t, 201)
	if u := r.JSON["user"].(map[string]any); num(u, "id") != int(id) || fmt.Sprint(u["roles"]) != "[fan judge moderator]" {
		t.Fatalf("the invitation's account: %s", r.Body)
	}
	h.api("GET", "/api/v1/me", squat, nil).must(t, 401)
	h.api("PUT", roles, admin, map[string]any{"roles": []string{"judge", "moderator"}}).must(t, 200)
	if r := h.api("PUT", roles, admin, map[string]any{"roles": []string{"judge", "moderator", "engineer"}}).must(t, 409); r.errCode() != "account_unconfirmed" {
		t.Errorf("a role added to the unconfirmed invitee: %s", r.Body)
	}
	if r := h.api("PUT", roles, admin, map[string]any{"roles": []string{"judge"}}).must(t, 200); fmt.Sprint(r.JSON["roles"]) != "[fan judge]" {
		t.Errorf("a role taken from the unconfirmed invitee: %s", r.Body)
	}
}

// The users page's role form: an unconfirmed row says why its boxes of
// roles not held are off, in the reader's language, and links to the
// invitation filled with its address; a form posted anyway (a page
// loaded before the address changed) is refused at the row, in Chinese,
// and changes nothing. The admin's own unconfirmed row points to the
// settings instead; a confirmed row has no such note.
func TestRoles51ThePageSendsAnUnconfirmedAddressToTheInvitation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	adminID := h.userID(admin)
	// The admin moved to an address not yet confirmed (settings).
	if err := h.store.SetVerified(context.Background(), adminID, false); err != nil {
		t.Fatal(err)
	}
	squat := h.fan("eng@brand.cn")
	id := h.userID(squat)
	_, okID := h.staffer(admin, "ok@x.cn", "judge")
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}})

	page := b.get("/admin/users").must(t, 200).Body
	row := rowFrom(page, id)
	for _, want := range []string{
		fmt.Sprintf(`aria-describedby="unconfirmed-%d"`, id),
		`value="engineer" disabled>`, `value="moderator" disabled>`, `value="judge" disabled>`, `value="admin" disabled>`,
		"工作人员角色只授予已验证的邮箱",
		fmt.Sprintf(`href="/admin/users?id=%d&amp;invite=1#invite">邀请这个邮箱</a>`, id),
	} {
		if !strings.Contains(row, want) {
			t.Errorf("the unconfirmed row lacks %q:\n%s", want, row)
		}
	}
	if ok := rowFrom(page, int64(okID)); strings.Contains(ok, "roles-unconfirmed") || strings.Contains(ok, "disabled") {
		t.Errorf("a confirmed row is told it is not confirmed:\n%s", ok)
	}
	if own := rowFrom(page, adminID); !strings.Contains(own, `你的邮箱还没有验证`) || !strings.Contains(own, `href="/settings"`) || strings.Contains(own, "invite=1") {
		t.Errorf("the admin's own unconfirmed row:\n%s", own)
	}

	r := b.post("/admin/users", fmt.Sprintf("/admin/users/%d/roles", id), url.Values{"roles": {"moderator"}}).must(t, 303)
	if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/admin/users#user-%d", id) {
		t.Errorf("the refusal returns to %q", loc)
	}
	after := rowFrom(b.get("/admin/users").must(t, 200).Body, id)
	if !strings.Contains(html.UnescapeString(after), `<p class="alert" role="alert">这个账号的邮箱还没有验证，暂时不能授予工作人员角色`) {
		t.Errorf("the row does not say why the role was refused:\n%s", after)
	}
	if r := h.api("GET", "/api/v1/me", squat, nil).must(t, 200); fmt.Sprint(r.JSON["roles"]) != "[fan]" {
		t.Errorf("the refused form changed the roles: %s", r.Body)
	}

	// The row's link: the invitation open, its address filled.
	inv := b.get(fmt.Sprintf("/admin/users?id=%d&invite=1", id)).must(t, 200).Body
	if !strings.Contains(inv, `<details class="invite-staff" id="invite" open>`) || !strings.Contains(inv, `value="eng@brand.cn"`) {
		t.Errorf("the invitation is not open with the address:\n%.3000s", inv)
	}
	if plain := b.get(fmt.Sprintf("/admin/users?id=%d", okID)).must(t, 200).Body; strings.Contains(plain, `id="invite" open`) {
		t.Error("the invitation opens without being asked")
	}
	if conf := b.get(fmt.Sprintf("/admin/users?id=%d&invite=1", okID)).must(t, 200).Body; strings.Contains(conf, `id="invite" open`) || strings.Contains(conf, `value="ok@x.cn"`) {
		t.Error("the invitation is filled with a confirmed address")
	}
	b.post("/admin/users", "/admin/users/invite", url.Values{"email": {"eng@brand.cn"}, "name": {"吴工"}, "roles": {"engineer"}, "lang": {"zh"}}).must(t, 303)
	if row := rowFrom(b.get("/admin/users").must(t, 200).Body, id); !strings.Contains(row, `value="engineer" checked>`) {
		t.Errorf("the invited row is no engineer:\n%s", row)
	}
}
