package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An admin deletes 小林's account on their written request through the
// API: a wrong address, no reason and the admin's own account are refused
// and change nothing; then the account is erased as the owner's deletion
// erases it (the token ends, the open vote's tally drops), and the log
// says which admin did it and why. An engineer who runs a project is
// refused until it is handed over.
func TestAdminDel52TheAPIDeletesOnTheOwnersRequest(t *testing.T) {
	t.Parallel()
	d := newDelete50(t)
	h := d.h
	fanID := h.userID(d.fan)
	path := fmt.Sprintf("/api/v1/users/%d", fanID)
	for _, c := range []struct {
		name        string
		path        string
		body        map[string]string
		field, code string
	}{
		{"another address", path, map[string]string{"email": "other@x.cn", "reason": "本人来信"}, "email", "email_mismatch"},
		{"no address", path, map[string]string{"reason": "本人来信"}, "email", "required"},
		{"no reason", path, map[string]string{"email": " DEL@x.cn "}, "reason", "required"},
		{"one's own", fmt.Sprintf("/api/v1/users/%d", h.userID(d.admin)), map[string]string{"email": "admin@brand.cn", "reason": "测试"}, "user", "own_account"},
	} {
		r := h.api("DELETE", c.path, d.admin, c.body)
		if r.Status != 400 || r.errField() != c.field || r.errCode() != c.code {
			t.Errorf("%s: %d %s, want 400 %s at %s", c.name, r.Status, r.Body, c.code, c.field)
		}
	}
	h.api("GET", "/api/v1/me", d.fan, nil).must(t, 200)
	if v := num(d.idea(t, d.voted), "votes"); v != 2 {
		t.Fatalf("refusals moved the tally: %d votes, want 2", v)
	}

	h.api("DELETE", path, d.admin, map[string]string{"email": " DEL@x.cn ", "reason": "本人 12 月 7 日来信要求注销"}).must(t, 204)
	if r := h.api("GET", "/api/v1/me", d.fan, nil); r.Status != 401 {
		t.Errorf("the deleted account's token still works: %d", r.Status)
	}
	if v := num(d.idea(t, d.voted), "votes"); v != 1 {
		t.Errorf("the open vote's tally after the deletion: %d, want 1", v)
	}
	if r := h.api("DELETE", path, d.admin, map[string]string{"email": "del@x.cn", "reason": "again"}); r.Status != 404 {
		t.Errorf("a second deletion: %d %s, want 404", r.Status, r.Body)
	}
	events, err := h.store.AccountEvents(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || events[0].Action != "delete" || events[0].UserID != fanID || events[0].Actor.ID != h.userID(d.admin) ||
		events[0].Reason != "本人 12 月 7 日来信要求注销" || events[0].UserName != "" {
		t.Errorf("the log's newest event: %+v", events)
	}

}

// An engineer who runs a project: the admin is refused until it is handed
// over, said of that person (runs_projects), not "you".
func TestAdminDel52AnEngineerHandsProjectsOverFirst(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	engID := int64(e.engID)
	me := h.api("GET", "/api/v1/me", e.eng, nil).must(t, 200).JSON
	body := map[string]string{"email": str(me, "email"), "reason": "本人来信"}
	r := h.api("DELETE", fmt.Sprintf("/api/v1/users/%d", engID), e.admin, body)
	if r.Status != 409 || r.errCode() != "runs_projects" {
		t.Errorf("an engineer running a project: %d %s, want 409 runs_projects", r.Status, r.Body)
	}
	h.api("GET", "/api/v1/me", e.eng, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/owner", e.pid), e.admin, map[string]any{"owner_id": e.eng2ID}).must(t, 200)
	h.api("DELETE", fmt.Sprintf("/api/v1/users/%d", engID), e.admin, body).must(t, 204)
	if r := h.api("GET", "/api/v1/me", e.eng, nil); r.Status != 401 {
		t.Errorf("the deleted engineer's token still works: %d", r.Status)
	}
}

// The admin on a phone, in Chinese: the row's 注销此账户… opens a form;
// a wrong address is refused in that form with the reason kept; the right
// one deletes the account: told at the top (the search by its address
// lists it no more), its row says 已注销, and the log below names
// the admin and the reason. Nothing scrolls sideways.
func TestAdminDel52PhoneWalk(t *testing.T) {
	t.Parallel()
	d := newDelete50(t)
	h := d.h
	fanID := h.userID(d.fan)
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/admin/users?q=del%40x.cn")
	row := fmt.Sprintf("#user-%d", fanID)
	sum := row + " .delete-account > summary"
	jWant(t, "the row's deletion", jText(t, ctx, sum), jT("zh", "admindel52.summary"))
	email, reason := fmt.Sprintf("#delete-%d-email", fanID), fmt.Sprintf("#delete-%d-reason", fanID)
	jDo(t, ctx, chromedp.ScrollIntoView(sum, chromedp.ByQuery), chromedp.Click(sum, chromedp.ByQuery),
		chromedp.WaitVisible(email, chromedp.ByQuery))
	jFits(t, ctx, "the users page with the deletion form open")
	jDo(t, ctx, chromedp.SendKeys(email, "other@x.cn", chromedp.ByQuery), chromedp.SendKeys(reason, "本人来信要求注销", chromedp.ByQuery))
	button := row + " .delete-account button"
	jGo(t, ctx, button)
	jWant(t, "the refusal", jText(t, ctx, fmt.Sprintf("#delete-%d-error", fanID)), jT("zh", "error.email_mismatch"))
	jInView(t, ctx, "the refusal", fmt.Sprintf("#delete-%d-error", fanID))
	jWant(t, "the reason kept", jValue(t, ctx, reason), "本人来信要求注销")
	h.api("GET", "/api/v1/me", d.fan, nil).must(t, 200)

	jDo(t, ctx, chromedp.SendKeys(email, "del@x.cn", chromedp.ByQuery))
	jGo(t, ctx, button)
	// The search by its address finds it no more: told at the top.
	jWantContains(t, "told", strings.Join(jTexts(t, ctx, ".flash"), "\n"), jT("zh", "admindel52.done"))
	if n := jCount(t, ctx, row); n != 0 {
		t.Errorf("the search by the erased address still lists the account")
	}
	jVisit(t, ctx, fmt.Sprintf("%s/admin/users?id=%d", h.srv.URL, fanID))
	jWantContains(t, "the row", jText(t, ctx, row), jT("zh", "deletion51.deleted"))
	jWantContains(t, "the log", strings.Join(jTexts(t, ctx, ".events li"), "\n"), "应本人请求注销了账户 已注销用户")
	jWantContains(t, "the log's reason", strings.Join(jTexts(t, ctx, ".events li"), "\n"), "本人来信要求注销")
	if r := h.api("GET", "/api/v1/me", d.fan, nil); r.Status != 401 {
		t.Errorf("the deleted account's token still works: %d", r.Status)
	}
	jFits(t, ctx, "the users page after the deletion")
}
