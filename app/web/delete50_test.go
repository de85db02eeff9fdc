package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// delete50 is a site where a fan, 小林 (del@x.cn), has an idea and a
// comment, votes in a challenge whose vote is open and in one whose vote
// has closed, says they would buy a design in an open design poll, and
// holds the one place of a meetup that another fan waits for.
type delete50 struct {
	h                   *harness
	admin, fan, other   string
	open, closed, poll  int // challenges
	own, voted, shut    int // ideas: the fan's own, theirs voted on in open, in closed
	design, event, club int
	comment             int
	starred, paired     int // an idea rated in an open stars vote; a pairwise challenge
}

func newDelete50(t *testing.T) *delete50 {
	t.Helper()
	h := newHarness(t)
	d := &delete50{h: h, admin: h.setup()}
	d.fan = h.fan("del@x.cn")
	h.api("PATCH", "/api/v1/me", d.fan, map[string]string{"name": "小林"}).must(t, 200)
	h.api("PUT", "/api/v1/me/profile", d.fan, map[string]any{"name": "小林", "city": "青岛", "bio": "喜欢洗衣机"}).must(t, 200)
	d.other = h.fan("other@x.cn")

	d.open = h.openChallenge(d.admin, nil)
	d.own = h.idea(d.fan, d.open, "自清洁滚筒")
	d.voted = h.idea(d.other, d.open, "别人的创意")
	d.comment = num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", d.voted), d.fan, map[string]string{"body": "好主意，我支持"}).must(t, 201).JSON, "id")
	d.closed = h.openChallenge(d.admin, map[string]any{"title": "已截止的挑战"})
	d.shut = h.idea(d.other, d.closed, "截止前的创意")
	d.poll = h.openChallenge(d.admin, map[string]any{"title": "旗袍", "kind": "design_poll",
		"buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": []int{99, 199}})
	d.design = h.idea(d.admin, d.poll, "Qipao")
	for _, tok := range []string{d.fan, d.other} {
		for _, idea := range []int{d.voted, d.shut} {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), tok, nil).must(t, 200)
		}
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", d.design), tok,
			map[string]any{"quantity": 2, "options": map[string]string{"size": "M"}, "max_price": 199}).must(t, 200)
	}
	// Stars and pairs, vote open: each fan rates one idea and answers
	// one pair.
	stars := h.openChallenge(d.admin, map[string]any{"title": "星级", "voting_method": "stars"})
	d.starred = h.idea(d.admin, stars, "星级创意")
	d.paired = h.openChallenge(d.admin, map[string]any{"title": "二选一", "voting_method": "pairwise"})
	for _, title := range []string{"红裙", "黑裙"} {
		h.idea(d.admin, d.paired, title)
	}
	for _, tok := range []string{d.fan, d.other} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", d.starred), tok, map[string]any{"stars": 5}).must(t, 200)
		path := fmt.Sprintf("/api/v1/challenges/%d/pair", d.paired)
		q := h.api("GET", path, tok, nil).must(t, 200).JSON
		h.api("POST", path, tok, map[string]string{"pair_token": q["pair_token"].(string), "choice": "left"}).must(t, 200)
	}
	// The closed challenge's vote ends: its tallies are what the brand
	// decides on.
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", d.closed), d.admin, map[string]any{"voting_close_at": h.clock()}).must(t, 200)

	// A club meetup for one: the fan goes, the other waits.
	d.club = num(h.api("POST", "/api/v1/clubs", d.admin, map[string]string{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	_, orgID := h.staffer(d.admin, "org@x.cn", "moderator")
	org := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "org@x.cn", "password": "fan-password"}).must(t, 201)
	orgTok := str(org.JSON, "token")
	for _, tok := range []string{orgTok, d.fan, d.other} {
		if err := h.store.SetVerified(t.Context(), h.userID(tok), true); err != nil {
			t.Fatal(err)
		}
		h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", d.club), tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", d.club, orgID), d.admin, nil).must(t, 200)
	d.event = num(h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", d.club), orgTok, map[string]any{
		"title": "见面会", "place": "海尔路", "starts_at": h.clock().Add(48 * time.Hour), "capacity": 1}).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", d.event), d.fan, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", d.event), d.other, nil).must(t, 200)
	return d
}

func (d *delete50) idea(t *testing.T, id int) map[string]any {
	t.Helper()
	return d.h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), d.admin, nil).must(t, 200).JSON
}

func (d *delete50) checkHolds(t *testing.T) {
	t.Helper()
	if v, err := d.h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("cocreate check: %v %v", err, v)
	}
}

// Deleting an account through the API: refused without the right
// password (nothing changes); then the address is free, the person cannot
// sign in, their idea and comment stay under "已注销用户"/"deleted user",
// the open challenge's tally and the design's buyers drop by theirs, the
// closed challenge's stay, the meetup's place goes to the one waiting,
// their personal data is gone, and every counter still equals its rows.
func TestDelete50TheAPIErasesTheAccountAndKeepsTalliesExact(t *testing.T) {
	t.Parallel()
	d := newDelete50(t)
	h := d.h
	fanID := h.userID(d.fan)
	if r := h.api("DELETE", "/api/v1/me", d.fan, map[string]string{"current_password": "wrong-password"}); r.Status != 400 || r.errField() != "current_password" {
		t.Fatalf("a wrong password deleted the account: %d %s", r.Status, r.Body)
	}
	if r := h.api("DELETE", "/api/v1/me", d.fan, map[string]string{}); r.Status != 400 || r.errField() != "current_password" {
		t.Fatalf("no password: %d %s", r.Status, r.Body)
	}
	h.api("GET", "/api/v1/me", d.fan, nil).must(t, 200)
	d.exportHolds(t)
	if v := num(d.idea(t, d.voted), "votes"); v != 2 {
		t.Fatalf("before: %d votes on the open challenge's idea, want 2", v)
	}

	h.api("DELETE", "/api/v1/me", d.fan, map[string]string{"current_password": "fan-password"}).must(t, 204)

	if r := h.api("GET", "/api/v1/me", d.fan, nil); r.Status != 401 {
		t.Errorf("the token still works: %d", r.Status)
	}
	if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "del@x.cn", "password": "fan-password"}); r.Status != 401 {
		t.Errorf("signed in to a deleted account: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": fmt.Sprintf("deleted-%d.invalid", fanID), "password": ""}); r.Status == 201 {
		t.Errorf("signed in with the placeholder: %s", r.Body)
	}
	if v := num(d.idea(t, d.voted), "votes"); v != 1 {
		t.Errorf("open challenge: %d votes, want 1 (the deleted account's withdrawn)", v)
	}
	if v := num(d.idea(t, d.shut), "votes"); v != 2 {
		t.Errorf("closed challenge: %d votes, want 2 (kept as cast)", v)
	}
	if b := num(d.idea(t, d.design), "buyers"); b != 1 {
		t.Errorf("open design poll: %d buyers, want 1", b)
	}
	if n := num(d.idea(t, d.starred), "ratings"); n != 1 {
		t.Errorf("open stars vote: %d ratings, want 1", n)
	}
	var pairs int
	if err := h.rawDB().QueryRow(`SELECT COUNT(*) FROM comparisons WHERE challenge_id = ?`, d.paired).Scan(&pairs); err != nil || pairs != 1 {
		t.Errorf("open pairwise vote: %d pair answers (%v), want 1", pairs, err)
	}
	own := d.idea(t, d.own)
	if str(own, "author", "name") != "" || num(own["author"].(map[string]any), "id") != int(fanID) {
		t.Errorf("the idea's author: %v", own["author"])
	}
	ev := h.api("GET", fmt.Sprintf("/api/v1/events/%d", d.event), d.other, nil).must(t, 200)
	if !strings.Contains(ev.Body, `"going":1`) || !strings.Contains(ev.Body, `"waitlisted":0`) || !strings.Contains(ev.Body, `"mine":"going"`) {
		t.Errorf("the meetup's place did not go to the one waiting: %s", ev.Body)
	}
	if n := len(noticesOf(t, h, d.other, "meetup_promoted", "zh-CN")); n != 1 {
		t.Errorf("the one moved up got %d notices", n)
	}
	d.checkHolds(t)

	// What is left of the row: nothing personal.
	var email, name, hash, city, bio string
	var deleted *int64
	if err := h.rawDB().QueryRow(`SELECT email, name, password_hash, city, bio, deleted_at FROM users WHERE id = ?`, fanID).
		Scan(&email, &name, &hash, &city, &bio, &deleted); err != nil {
		t.Fatal(err)
	}
	if email != fmt.Sprintf("deleted-%d.invalid", fanID) || name != "" || hash != "" || city != "" || bio != "" || deleted == nil {
		t.Errorf("the row keeps personal data: %q %q %q %q %q %v", email, name, hash, city, bio, deleted)
	}
	for _, table := range []string{"sessions", "tokens", "notifications", "club_members", "event_rsvps", "follows"} {
		var n int
		if err := h.rawDB().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE user_id = ?`, fanID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows of %s left", n, table)
		}
	}

	// The pages: the idea and the comment under a deleted user, in each
	// language; the profile says so too.
	b := h.browser()
	for lang, want := range map[string]string{"zh-CN": "已注销用户", "en": "deleted user"} {
		page := b.get(fmt.Sprintf("/ideas/%d", d.own), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, want) || strings.Contains(page, "小林") {
			t.Errorf("%s: the idea page does not show %q (or still the name)", lang, want)
		}
		page = b.get(fmt.Sprintf("/ideas/%d", d.voted), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, "好主意，我支持") || !strings.Contains(page, want) {
			t.Errorf("%s: the comment is gone or not shown as a deleted user's", lang)
		}
	}
	if page := b.get(fmt.Sprintf("/users/%d", fanID), "Accept-Language", "zh-CN").Body; !strings.Contains(page, "已注销用户") || strings.Contains(page, "喜欢洗衣机") {
		t.Errorf("the profile keeps the person")
	}

	// The address signs up anew: a new account, nothing of the old.
	fresh := h.fan("del@x.cn")
	if id := h.userID(fresh); id == fanID {
		t.Fatal("the old account came back")
	}
	if r := h.api("DELETE", "/api/v1/me", d.fan, map[string]string{"current_password": "fan-password"}); r.Status != 401 {
		t.Errorf("the old token deleted again: %d", r.Status)
	}
	d.checkHolds(t)
}

// The last admin who is not suspended cannot delete their account (the
// rule that keeps a role change or a suspension from leaving none); with
// another admin beside them, they can.
func TestDelete50TheLastAdminStays(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	r := h.api("DELETE", "/api/v1/me", admin, map[string]string{"current_password": "admin-password"})
	if r.Status != 409 || r.errCode() != "last_admin" {
		t.Fatalf("the last admin deleted themselves: %d %s", r.Status, r.Body)
	}
	h.api("GET", "/api/v1/me", admin, nil).must(t, 200)
	// An admin role given to a deleted account keeps no one at the helm.
	gone := h.fan("gone@x.cn")
	goneID := h.userID(gone)
	h.api("DELETE", "/api/v1/me", gone, map[string]string{"current_password": "fan-password"}).must(t, 204)
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", goneID), admin, map[string]any{"roles": []string{"admin"}}).must(t, 404)
	if r := h.api("DELETE", "/api/v1/me", admin, map[string]string{"current_password": "admin-password"}); r.Status != 409 || r.errCode() != "last_admin" {
		t.Fatalf("the last admin deleted themselves, a deleted account an admin: %d %s", r.Status, r.Body)
	}
	h.staffer(admin, "b@x.cn", "admin")
	h.api("DELETE", "/api/v1/me", admin, map[string]string{"current_password": "admin-password"}).must(t, 204)
	if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@brand.cn", "password": "admin-password"}); r.Status != 401 {
		t.Errorf("the deleted admin signs in: %d", r.Status)
	}
}

// The phone walk, 375×667 in Chinese: 小林 opens 注销账号 at the end of
// settings, is refused for a wrong password (the reason at the form, the
// part still open), then deletes the account: signed out, told so on the
// home page; the sign-in is refused; their idea shows 已注销用户 on its
// page and on the challenge's list. Nothing scrolls sideways.
func TestDelete50PhoneWalk(t *testing.T) {
	t.Parallel()
	d := newDelete50(t)
	h := d.h
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "del@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/settings")
	jWant(t, "the part's title", jText(t, ctx, "#delete-account > summary"), jT("zh", "delete50.heading"))
	jDo(t, ctx, chromedp.ScrollIntoView("#delete-account > summary", chromedp.ByQuery), chromedp.Click("#delete-account > summary", chromedp.ByQuery),
		chromedp.WaitVisible("#delete-password", chromedp.ByQuery))
	jFits(t, ctx, "settings with 注销账号 open")
	jDo(t, ctx,
		chromedp.SendKeys("#delete-password", "wrong-password", chromedp.ByQuery),
		chromedp.Click("#delete-confirm", chromedp.ByQuery))
	jInView(t, ctx, "the delete button", "#delete-button")
	jGo(t, ctx, "#delete-button")
	jWant(t, "the refusal", jText(t, ctx, "#delete-error"), jT("zh", "error.wrong_password"))
	jInView(t, ctx, "the password field, refused", "#delete-password")
	h.api("GET", "/api/v1/me", d.fan, nil).must(t, 200)

	jDo(t, ctx,
		chromedp.SendKeys("#delete-password", "fan-password", chromedp.ByQuery),
		chromedp.Click("#delete-confirm", chromedp.ByQuery))
	jGo(t, ctx, "#delete-button")
	jWant(t, "home", jPath(t, ctx), "/")
	jWant(t, "told", jText(t, ctx, ".flash"), jT("zh", "delete50.done"))
	if n := jCount(t, ctx, ".user-name"); n != 0 {
		t.Errorf("still signed in after deleting the account")
	}

	jVisit(t, ctx, h.srv.URL+"/signin")
	jDo(t, ctx,
		chromedp.SendKeys("#email", "del@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery))
	jGo(t, ctx, `main form[action="/signin"] button[type="submit"]`)
	if n := jCount(t, ctx, ".user-name"); n != 0 {
		t.Errorf("signed in to the deleted account")
	}

	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, d.own))
	jWantContains(t, "the idea's author", jText(t, ctx, "main"), jT("zh", "delete50.name"))
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, d.open))
	jWantContains(t, "the card's author", strings.Join(jTexts(t, ctx, ".card"), "\n"), jT("zh", "delete50.name"))
}

// exportHolds checks the fan's own data as GET /api/v1/me/export gives
// it, to the API and to the settings page's link (the session's cookie).
func (d *delete50) exportHolds(t *testing.T) {
	t.Helper()
	r := d.h.api("GET", "/api/v1/me/export", d.fan, nil).must(t, 200)
	if got := r.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") {
		t.Errorf("the export is no file: %q", got)
	}
	j := r.JSON
	if str(j, "profile", "email") != "del@x.cn" || str(j, "profile", "name") != "小林" || str(j, "profile", "bio") != "喜欢洗衣机" || str(j, "profile", "city") != "青岛" {
		t.Errorf("the profile: %v", j["profile"])
	}
	count := func(k string) int { l, _ := j[k].([]any); return len(l) }
	for k, want := range map[string]int{"ideas": 1, "comments": 1, "votes": 2, "buying_intents": 1, "clubs": 1, "ratings": 1, "pair_answers": 1} {
		if got := count(k); got != want {
			t.Errorf("export: %d %s, want %d", got, k, want)
		}
	}
	if !strings.Contains(r.Body, "自清洁滚筒") || !strings.Contains(r.Body, "好主意，我支持") {
		t.Errorf("the export lacks the idea or the comment: %.300s", r.Body)
	}
	b := d.h.browser()
	b.signIn("del@x.cn", "fan-password")
	if !strings.Contains(b.get("/settings").Body, `href="/api/v1/me/export"`) {
		t.Errorf("the settings page has no link to the export")
	}
	if page := b.get("/api/v1/me/export"); page.Status != 200 || !strings.Contains(page.Body, "自清洁滚筒") {
		t.Errorf("the settings link: %d %.200s", page.Status, page.Body)
	}
}
