package web

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The header's sign-up link on the sign-in page keeps the sign-in's way
// back: a visitor sent to sign in from a challenge who chooses to sign up
// instead lands on the challenge, not on the sign-in form.
func TestWalk34SignUpFromSignInKeepsTheWayBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	back := fmt.Sprintf("/challenges/%d", cid)
	b := h.browser()
	page := b.get("/signin?next=" + url.QueryEscape(back)).Body
	if want := `href="/signup?next=` + url.QueryEscape(back) + `"`; !strings.Contains(strings.ReplaceAll(page, "%2f", "%2F"), want) {
		t.Fatalf("the sign-in page's header links sign-up as %q, want %s", headerLinks(page), want)
	}
	if page := b.get("/signup?next=" + url.QueryEscape(back)).Body; !strings.Contains(strings.ReplaceAll(page, "%2f", "%2F"), `href="/signin?next=`+url.QueryEscape(back)+`"`) {
		t.Errorf("the sign-up page's header links sign-in as %q", headerLinks(page))
	}
	r := b.post("/signup?next="+url.QueryEscape(back), "/signup", url.Values{"email": {"new@x.cn"}, "name": {"小新"}, "password": {"fan-password"}, "next": {back}})
	if loc := r.Header.Get("Location"); r.Status != 303 || !strings.HasPrefix(loc, back) {
		t.Errorf("sign-up from the sign-in page went to %d %q, want %s", r.Status, loc, back)
	}
	// Elsewhere the header's links come back to the page itself.
	if page := h.browser().get(back).Body; !strings.Contains(strings.ReplaceAll(page, "%2f", "%2F"), `href="/signup?next=`+url.QueryEscape(back)+`"`) {
		t.Errorf("a challenge's header links sign-up as %q", headerLinks(page))
	}
}

func headerLinks(page string) []string {
	var out []string
	for _, part := range strings.Split(page, `href="/sign`)[1:] {
		out = append(out, "/sign"+part[:strings.IndexByte(part, '"')])
	}
	return out
}

// A visitor who fills in "I'd buy it" and sends it is asked to sign in and
// comes back to the form, not to the home page.
func TestWalk34VisitorBuyingComesBackToTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, designs := qigePoll(t, h, admin)
	page := fmt.Sprintf("/ideas/%d", designs[1])
	b := h.browser()
	r := b.post(page, page+"/intent", url.Values{"quantity": {"1"}, "option.size": {"M"}, "option.colour": {"红"}, "max_price": {"199"}, "next": {page + "#buy"}})
	if loc := r.Header.Get("Location"); r.Status != 303 || loc != "/signin?next="+url.QueryEscape(page+"#buy") {
		t.Errorf("a visitor's intent went to %d %q", r.Status, loc)
	}
	if form := b.get(page).Body; !strings.Contains(form, `name="next" value="`+page+`#buy"`) {
		t.Error("the buy form does not carry its way back")
	}
}

// A withdrawn or merged idea offers no comment form but says why, to a
// visitor too (signing in would not help); a hidden one says it is hidden
// to its author and moderators ("the author and the moderators" see it)
// while an admin, whom the rule lets comment, gets the form; a second
// report of the same idea says it was made, on the idea's page.
func TestWalk34ClosedIdeasAndReportsAgainSayWhy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	withdrawn := h.idea(author, cid, "撤回的创意")
	merged := h.idea(author, cid, "被合并的创意")
	into := h.idea(author, cid, "留下的创意")
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", withdrawn), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", merged), admin, map[string]any{"into": into, "reason": "duplicate"}).must(t, 200)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	for _, lang := range []string{"zh-CN", "en"} {
		for _, id := range []int{withdrawn, merged} {
			page := b.get(fmt.Sprintf("/ideas/%d", id), "Accept-Language", lang).Body
			if strings.Contains(page, `class="form comment-form"`) || !strings.Contains(page, html.EscapeString(jT(lang[:2], "error.idea_closed"))) {
				t.Errorf("idea %d (%s): a comment form, or no word why there is none", id, lang)
			}
		}
		if page := b.get(fmt.Sprintf("/ideas/%d", into), "Accept-Language", lang).Body; !strings.Contains(page, `class="form comment-form"`) {
			t.Errorf("an open idea (%s) offers no comment form", lang)
		}
		visitor := h.browser().get(fmt.Sprintf("/ideas/%d", withdrawn), "Accept-Language", lang).Body
		if strings.Contains(visitor, html.EscapeString(jT(lang[:2], "comment.signin"))) || !strings.Contains(visitor, html.EscapeString(jT(lang[:2], "error.idea_closed"))) {
			t.Errorf("a visitor (%s) on a withdrawn idea is asked to sign in to comment, or not told why not", lang)
		}
	}
	hidden := h.idea(author, cid, "被隐藏的创意")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	mb := h.browser()
	mb.signIn("mod@x.cn", "fan-password")
	if page := mb.get(fmt.Sprintf("/ideas/%d", hidden), "Accept-Language", "zh-CN").Body; !strings.Contains(page, jT("zh", "moderation.hidden_idea")) ||
		!strings.Contains(page, "只有作者和版主") || strings.Contains(page, `class="form comment-form"`) {
		t.Error("a moderator on a hidden idea: not told the author and moderators see it, or offered a comment form")
	}
	ab := h.adminBrowser()
	if page := ab.get(fmt.Sprintf("/ideas/%d", hidden), "Accept-Language", "zh-CN").Body; !strings.Contains(page, `class="form comment-form"`) {
		t.Error("an admin, whom the rule lets comment on a hidden idea, gets no comment form")
	}

	page := fmt.Sprintf("/ideas/%d", into)
	for i, want := range []string{"report.received", "walk34.already_reported"} {
		r := b.post(page, page+"/reports", url.Values{"reason": {"spam"}})
		if r.Status != 303 || r.Header.Get("Location") != page {
			t.Fatalf("report %d: %d %q %.200s", i+1, r.Status, r.Header.Get("Location"), r.Body)
		}
		// The flash is worded when it is set, in the post's language.
		if got := b.get(page).Body; !strings.Contains(got, html.EscapeString(jT("zh", want))) && !strings.Contains(got, html.EscapeString(jT("en", want))) {
			t.Errorf("report %d: the page does not say %q", i+1, jT("en", want))
		}
	}
	q := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200)
	if !strings.Contains(q.Body, fmt.Sprintf(`"id":%d`, into)) || strings.Count(q.Body, `"reports":1`) != 1 {
		t.Errorf("the queue after a report made twice: %s", q.Body)
	}
}

// Before publishing, the desk warns of the scorecards still to come; the
// moderation queue says what hiding does to votes; the reply times say
// their median is the answered ones'; the users list links each person's
// profile.
func TestWalk34DeskAndStaffPagesSay(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	r := h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	assigned := r.JSON["assignments"].([]any)
	first := assigned[0].(map[string]any)
	tokens := map[int]string{e.j1ID: e.j1, e.j2ID: e.j2}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", num(first, "idea_id")), tokens[num(first, "judge_id")],
		map[string]any{"scores": map[string]float64{"novelty": 5, "feasibility": 5}, "comment": "ok"}).must(t, 200)
	b := h.adminBrowser()
	desk := b.get(fmt.Sprintf("/challenges/%d/judging", e.cid), "Accept-Language", "zh-CN").Body
	if want := jT("zh", "walk34.publish_missing.other", len(assigned)-1); !strings.Contains(desk, want) {
		t.Errorf("the desk does not warn %q before publishing", want)
	}
	// The warning is read with the button it is about, not announced as
	// an error when the page opens (role=alert is for what went wrong).
	if !regexp.MustCompile(`<button[^>]* aria-describedby="publish-missing"`).MatchString(desk) {
		t.Error("the publish button is not described by the warning of the scorecards still to come")
	}
	if warning := regexp.MustCompile(`<p[^>]* id="publish-missing"[^>]*>`).FindString(desk); warning == "" || strings.Contains(warning, "role=") {
		t.Errorf("the warning of the scorecards still to come is %q, want a paragraph that is no alert", warning)
	}
	if mod := b.get("/moderation", "Accept-Language", "zh-CN").Body; !strings.Contains(mod, jT("zh", "release51.hide_votes")) {
		t.Error("the moderation queue does not say what hiding does to votes")
	}
	if replies := b.get(fmt.Sprintf("/challenges/%d/replies", e.cid), "Accept-Language", "zh-CN").Body; !strings.Contains(replies, "已回复的中位等待时间") {
		t.Error("the reply times' median is not labelled as the answered ones'")
	}
	if users := b.get("/admin/users", "Accept-Language", "zh-CN").Body; !strings.Contains(users, fmt.Sprintf(`<a href="/users/%d">`, e.fanID)) {
		t.Error("the users list does not link a person's profile")
	}
}

// On a phone, 375×667 in Chinese: the desk's manual assignments show each
// idea's judge picker and its button on the screen, not off to the side,
// and the publish box warns of the scorecards still to come.
func TestWalk34PhoneDeskAssignments(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	e.assignByHand(t, func(i int) string { return fmt.Sprintf("评审专家王小明 Judge Wang Xiaoming %d", i) })

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/judging", h.srv.URL, e.cid))
	jFits(t, ctx, "the judging desk")
	pick := "table.assignments tr:last-child form:last-child button"
	jDo(t, ctx, chromedp.ScrollIntoView(pick, chromedp.ByQuery))
	var inside bool
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(function(){
		var b = document.querySelector(%q).getBoundingClientRect(), s = document.querySelector(%q).getBoundingClientRect();
		return b.left >= 0 && b.right <= window.innerWidth && s.left >= 0 && s.right <= window.innerWidth;
	})()`, pick, "table.assignments tr:last-child select"), &inside))
	if !inside {
		t.Error("the last idea's judge picker or its button is off the side of the screen")
	}
	jInView(t, ctx, "the last idea's assign button", pick)
	jDo(t, ctx, chromedp.Click("details.confirm summary", chromedp.ByQuery))
	jWant(t, "the publish warning", jText(t, ctx, "#publish-missing"), jT("zh", "walk34.publish_missing.other", 4))
	jInView(t, ctx, "the publish warning", "#publish-missing")
}

// On a phone, 375 px in Chinese, a visitor's menu is one row: no place
// left alone on a second line.
func TestWalk34PhoneMenuIsOneRow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jVisit(t, ctx, h.srv.URL+"/")
	if jAttr(t, ctx, "html", "lang") != "zh" {
		jDo(t, ctx, chromedp.Click(".header-tools button.link", chromedp.ByQuery), chromedp.WaitVisible(`html[lang^="zh"]`, chromedp.ByQuery))
	}
	var rows int
	jDo(t, ctx, chromedp.Evaluate(`new Set([...document.querySelectorAll("nav.nav a")].map(a => Math.round(a.getBoundingClientRect().top))).size`, &rows))
	if rows != 1 {
		t.Errorf("the menu takes %d rows at 375 px: %q", rows, jTexts(t, ctx, "nav.nav a"))
	}
}

// An author who withdraws an idea from its page is told where it went, and
// finds it on their own profile.
func TestWalk34WithdrawingSaysWhereTheIdeaWent(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(author, cid, "想撤回的创意")
	me := num(h.api("GET", "/api/v1/me", author, nil).must(t, 200).JSON, "id")
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", id)
	if r := b.post(page, page+"/state", url.Values{"state": {"withdrawn"}}); r.Status != 303 {
		t.Fatalf("withdrawing: %d %.200s", r.Status, r.Body)
	}
	if got := b.get(page).Body; !strings.Contains(got, html.EscapeString(jT("zh", "walk34.withdrawn"))) && !strings.Contains(got, html.EscapeString(jT("en", "walk34.withdrawn"))) {
		t.Error("the page after withdrawing does not say where the idea went")
	}
	if prof := b.get(fmt.Sprintf("/users/%d", me), "Accept-Language", "zh-CN").Body; !strings.Contains(prof, "想撤回的创意") || !strings.Contains(prof, "已撤回") {
		t.Error("the withdrawn idea is not on its author's own profile")
	}
}
