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

// A judge who types a score off the scale, or leaves one empty, is told
// under that score's box which criterion it is and its scale, the box
// marked and focused; no bare "out of range" above the form.
func TestAudit53AScoreOffTheScaleIsNamedUnderItsBox(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	j := h.browser()
	j.signIn("j2@x.cn", "fan-password")
	card := fmt.Sprintf("/judging/ideas/%d", e.ideas[1])
	for _, c := range []struct {
		novelty, feasibility string
		want, box            string
	}{
		{"99", "5", "新颖性：请打 0–10 分。", "score_novelty"},
		{"5", "", "Feasibility：请打 0–10 分。", "score_feasibility"},
	} {
		body := j.zhPost(card, card, url.Values{"score_novelty": {c.novelty}, "score_feasibility": {c.feasibility}, "comment": {"留着"}}).must(t, 400).Body
		at := strings.Index(body, `id="`+c.box+`"`)
		if at < 0 {
			t.Fatalf("the card has no box %s", c.box)
		}
		tail := body[at:]
		input := tail[:strings.Index(tail, ">")]
		if !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, `aria-describedby="err-`+c.box+`"`) || !strings.Contains(input, "autofocus") {
			t.Errorf("the box %s is not marked, described and focused: %s", c.box, input)
		}
		next := tail[len(input):]
		if end := strings.Index(next, "<label"); end < 0 || !strings.Contains(next[:end], `id="err-`+c.box+`"`) || !strings.Contains(next[:end], c.want) {
			t.Errorf("under %s the card does not say %q: %.300s", c.box, c.want, next)
		}
		if strings.Contains(body, `class="alert"`) || strings.Contains(body, "数值超出范围") {
			t.Errorf("the card still says the error above the form, without the criterion")
		}
		if !strings.Contains(body, "留着") {
			t.Errorf("the comment typed is lost")
		}
	}
}

// A stars challenge's buttons say "Give 1 star", not "Give 1 stars".
func TestAudit53OneStarIsOneStar(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	h.idea(admin, cid, "青花瓷连衣裙")
	body := h.browser().get(fmt.Sprintf("/challenges/%d", cid), "Accept-Language", "en").must(t, 200).Body
	for _, want := range []string{`aria-label="Give 1 star"`, `aria-label="Give 2 stars"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the stars say no %s", want)
		}
	}
	if strings.Contains(body, "Give 1 stars") {
		t.Errorf("one star is said in the plural")
	}
}

// An organiser whose schedule is wrong is told which of the four times
// it is, above the form and under that time, whose box is marked and
// focused; what they typed is kept.
func TestAudit53AWrongScheduleNamesItsTime(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	now := h.clock()
	for _, c := range []struct{ field, open, close, want string }{
		{"voting_close_at", "voting_open_at", "voting_close_at", "截止投票：截止时间必须晚于开始时间。"},
		{"submissions_close_at", "submissions_open_at", "submissions_close_at", "截止征集："},
	} {
		form := challengeFormValues(now, "春季新品征集")
		form.Set(c.close, now.Add(-2*time.Hour).UTC().Format("2006-01-02T15:04"))
		body := b.zhPost("/challenges/new", "/challenges", form).must(t, 400).Body
		if alert := regexp.MustCompile(`<p class="alert" role="alert">[^<]*`).FindString(body); !strings.Contains(alert, c.want) {
			t.Errorf("the alert does not name %s: %q", c.field, alert)
		}
		at := strings.Index(body, `<input id="`+c.field+`"`)
		if at < 0 {
			t.Fatalf("no box %s", c.field)
		}
		input := body[at : at+strings.Index(body[at:], ">")]
		if !strings.Contains(input, "autofocus") || !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, `aria-describedby="`+c.field+`-error"`) {
			t.Errorf("the box %s is not marked and focused: %s", c.field, input)
		}
		if !strings.Contains(body, `id="`+c.field+`-error"`) || !strings.Contains(body, "春季新品征集") {
			t.Errorf("no error under %s, or the title typed is lost", c.field)
		}
	}
}

// Someone who opens the confirmation link signed out (from the mail app)
// is offered to sign in once confirmed; someone signed in is not.
func TestAudit53SignedOutConfirmationLeadsToSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	link := h.confirmationLinks()["fan@x.cn"]
	tok, _ := url.ParseQuery(link[strings.Index(link, "?")+1:])
	b := h.browser()
	body := b.zhPost(link, "/verify", url.Values{"token": {tok.Get("token")}}).must(t, 200).Body
	if !strings.Contains(body, `<a class="button primary verify-signin" href="/signin">登录</a>`) {
		t.Errorf("the confirmed page offers a signed-out person no sign-in")
	}
	h.fan("two@x.cn")
	link = h.confirmationLinks()["two@x.cn"]
	tok, _ = url.ParseQuery(link[strings.Index(link, "?")+1:])
	b = h.browser()
	b.signIn("two@x.cn", "fan-password")
	if body := b.zhPost(link, "/verify", url.Values{"token": {tok.Get("token")}}).must(t, 200).Body; strings.Contains(body, "verify-signin") {
		t.Errorf("a signed-in person is offered to sign in")
	}
}

// The users page folds each row's suspension, opened by its refusal; an
// unconfirmed account without roles offers no Save that cannot save; an
// engineer with reports waiting reaches them from the project's top.
func TestAudit53UsersRowsFoldAndProjectsJumpToWaitingReports(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fanID := num(h.api("GET", "/api/v1/me", h.fan("fan@x.cn"), nil).must(t, 200).JSON, "id")
	b := h.adminBrowser()
	page := b.get("/admin/users", "Accept-Language", "zh-CN").must(t, 200).Body
	row := page[strings.Index(page, fmt.Sprintf(`id="user-%d"`, fanID)):]
	row = row[:strings.Index(row, "</li>")]
	if !strings.Contains(row, fmt.Sprintf(`<details class="suspend-account" id="suspend-%d">`, fanID)) || !strings.Contains(row, "<summary>停用此账户…</summary>") {
		t.Errorf("the suspension is not folded in its row: %.600s", row)
	}
	if strings.Contains(row, `<button class="button small">保存</button>`) {
		t.Errorf("an unconfirmed account without roles offers a Save that cannot save: %s", row)
	}
	r := b.zhPost("/admin/users", fmt.Sprintf("/admin/users/%d/suspension", fanID), url.Values{"suspended": {"true"}, "reason": {"  "}}).must(t, 303)
	page = b.get(r.Header.Get("Location"), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, fmt.Sprintf(`<details class="suspend-account" id="suspend-%d" open>`, fanID)) {
		t.Errorf("a refused suspension does not open its fold")
	}
}

// A moderator does not name themselves a club's organiser (an admin or
// another moderator does), on the API and the page, where the refusal is
// said at their row with the reason typed kept; nobody names a suspended
// member. The moderation page counts the clubs without one in words.
func TestAudit53NoModeratorNamesThemselves(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false)
	h := c.h
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club), c.mod, nil).must(t, 200)
	self := fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.modID)
	if r := h.api("PUT", self, c.mod, map[string]string{"reason": "我来"}); r.Status != 400 || r.errCode() != "self_organiser" || r.errField() != "user_id" {
		t.Errorf("a moderator naming themselves: %d %s at %s, want 400 self_organiser at user_id", r.Status, r.errCode(), r.errField())
	}
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", c.wangID), c.admin, map[string]any{"suspended": true, "reason": "刷票"}).must(t, 200)
	if r := h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.wangID), c.admin, nil); r.Status != 409 || r.errCode() != "suspended" {
		t.Errorf("naming a suspended member: %d %s, want 409 suspended", r.Status, r.errCode())
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	clubPage := fmt.Sprintf("/clubs/%d", c.club)
	body := b.zhPost(clubPage, fmt.Sprintf("/clubs/%d/organisers/%d", c.club, c.modID), url.Values{"organiser": {"1"}, "reason": {"我来"}}).must(t, 400).Body
	row := body[strings.Index(body, fmt.Sprintf(`id="organiser-%d"`, c.modID)):]
	row = row[:strings.Index(row, "</form>")]
	if !strings.Contains(row, `id="err-organiser"`) || !strings.Contains(row, "版主不能任命自己为组织者") || !strings.Contains(row, `value="我来"`) || !strings.Contains(row, "autofocus") {
		t.Errorf("the refusal is not said at the moderator's row with the reason kept: %s", row)
	}
	if n := clubOrganisers(t, h, c.club, ""); n != 1 {
		t.Errorf("the club has %d organisers, want 小林 alone", n)
	}
	h.api("DELETE", "/api/v1/me", c.lin, map[string]string{"current_password": "fan-password"}).must(t, 204)
	if page := b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(page, ">1 个同城会没有组织者</h2>") {
		t.Errorf("the moderation page does not count the club without an organiser in words")
	}
}

// A form's address opened with GET (a reload after a refusal shown there,
// a shared link, Back) leads to the page it belongs to, not to 405; the
// API still answers 405.
func TestAudit53AFormsAddressLeadsToItsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "免清洗内筒")
	b := h.adminBrowser()
	for path, want := range map[string]string{
		fmt.Sprintf("/ideas/%d/comments", idea):  fmt.Sprintf("/ideas/%d", idea),
		"/admin/users/2/suspension":              "/admin/users",
		fmt.Sprintf("/challenges/%d/phase", cid): fmt.Sprintf("/challenges/%d", cid),
		"/lang":                                  "/",
		"/challenges":                            "/", // the refused create form's address
	} {
		r := b.get(path, "Accept-Language", "zh-CN")
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %s", path, r.Status, r.Header.Get("Location"), want)
		}
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments/x", idea), admin, nil); r.Status == http.StatusSeeOther {
		t.Errorf("the API redirects")
	}
	if r := h.api("GET", "/api/v1/tokens", admin, nil); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/v1/tokens: %d, want 405", r.Status)
	}
}
