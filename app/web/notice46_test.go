package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The author of a hidden idea who asked for a review hears how it ended:
// kept hidden, with the moderator's reason; then, asking again, shown
// again. An idea hidden a second time unasked tells them nothing new.
func TestNotice46TheAuthorHearsHowTheirReviewEnded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	moderate := func(action, reason string) {
		h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), admin, map[string]string{"action": action, "reason": reason}).must(t, 200)
	}
	moderate("hide", "广告")
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", idea)
	askReview := func() {
		token := b.csrf(page)
		b.postLang(fmt.Sprintf("/moderation/idea/%d/review", idea), strings.NewReader(url.Values{"_csrf": {token}, "note": {"不是广告"}}.Encode()), "zh-CN").must(t, http.StatusSeeOther)
	}
	notices := func() string {
		return b.get("/notifications", "Accept-Language", "zh-CN").must(t, 200).Body
	}
	kept := "版主复核了“免清洗内筒”，它仍然隐藏。原因：仍像广告。"
	restored := "版主复核后，“免清洗内筒”已恢复显示。"

	moderate("hide", "再次确认")
	if body := notices(); strings.Contains(body, "版主复核") {
		t.Errorf("a hiding of a hidden idea nobody asked about told the author: %.3000s", body)
	}
	askReview()
	moderate("hide", "仍像广告")
	if body := notices(); !strings.Contains(body, kept) || strings.Contains(body, restored) {
		t.Errorf("a review that kept the idea hidden was not told to its author: %.3000s", body)
	}
	askReview()
	moderate("restore", "误判")
	if body := notices(); !strings.Contains(body, restored) || !strings.Contains(body, `href="`+page+`"`) {
		t.Errorf("a review that restored the idea was not told to its author, with a link: %.3000s", body)
	}
	if n := strings.Count(notices(), "版主复核"); n != 2 {
		t.Errorf("%d review notices, want 2 (kept, then restored)", n)
	}
}

// A comment hidden by fans' reports: the moderator who keeps it hidden
// tells its author why (they were told only that reports hid it).
func TestNotice46ACommentHiddenByReportsIsKeptWithAReason(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	writer := h.fan("writer@x.cn")
	idea := h.idea(admin, h.openChallenge(admin, nil), "免清洗内筒")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), writer, map[string]string{"body": "加我微信买优惠券"}).must(t, 201).JSON, "id")
	reportUntilHidden(t, h, "comments", cm)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	b := h.browser()
	b.signIn("writer@x.cn", "fan-password")
	body := b.get("/notifications", "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(body, "版主复核了“加我微信买优惠券”，它仍然隐藏。原因：广告。") {
		t.Errorf("the author of a comment reports hid is not told the moderator kept it hidden: %.3000s", body)
	}
}

// An idea the report threshold hid holds its voters' votes for the
// moderator's decision: a moderator who keeps it hidden gives them back
// (the fan's budget freed, told so), and the author's note and the idea's
// history give the moderator's reason, in words, not "reports".
func TestNotice46KeepingAReportedIdeaHiddenGivesTheVotesBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	voter := h.confirmedFan("voter@x.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 1})
	idea := h.idea(author, cid, "免费领取优惠券")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), voter, nil).must(t, 200)
	left := func() int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes", cid), voter, nil).must(t, 200).JSON, "votes_left")
	}
	reportUntilHidden(t, h, "ideas", idea)
	if n := left(); n != 0 {
		t.Fatalf("hidden by reports, the voter has %v votes left, want 0 (held for the moderator)", n)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), admin, map[string]string{"action": "hide", "reason": "确属广告"}).must(t, 200)
	if n := left(); n != 1 {
		t.Errorf("kept hidden by a moderator, the voter has %v votes left, want 1 given back", n)
	}
	if notices := h.api("GET", "/api/v1/me/notifications", voter, nil).must(t, 200).Body; !strings.Contains(notices, "vote_returned") {
		t.Errorf("the voter was not told their vote came back: %s", notices)
	}
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	body := b.get(fmt.Sprintf("/ideas/%d", idea), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(body, "确属广告") || strings.Contains(body, "正在等待版主处理") {
		t.Errorf("the author's note does not give the moderator's reason: %.4000s", body)
	}
	history := body[strings.Index(body, `class="history"`):]
	if !strings.Contains(history, "多位用户举报，自动隐藏") || !strings.Contains(history, "版主维持隐藏") || strings.Contains(history, "— reports") {
		t.Errorf("the history does not word the reports' hiding and the moderator's decision: %.2000s", history)
	}
}

// A moderator's own idea, hidden by fans' reports: they may ask for a
// review like any author, but not show it again themselves; the queue
// and the idea's page offer them no restore, and say who decides.
func TestNotice46AModeratorDoesNotRestoreTheirOwnIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	mod := h.confirmedFan("mod@x.cn")
	modID := num(h.api("GET", "/api/v1/me", mod, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)
	idea := h.idea(mod, h.openChallenge(admin, nil), "免费领取优惠券")
	reportUntilHidden(t, h, "ideas", idea)
	decide := fmt.Sprintf("/api/v1/moderation/idea/%d", idea)
	for _, action := range []string{"restore", "dismiss"} {
		if r := h.api("POST", decide, mod, map[string]string{"action": action, "reason": "我觉得没问题"}); r.Status != http.StatusConflict || r.errCode() != "own_item_decision" {
			t.Errorf("a moderator's %s of their own idea: %d %s", action, r.Status, r.Body)
		}
	}
	if v := h.api("GET", "/api/v1/ideas/"+fmt.Sprint(idea), mod, nil).must(t, 200).JSON; v["state"] != "hidden" {
		t.Fatalf("the refused decisions changed the idea: %v", v["state"])
	}
	for who, want := range map[string]bool{mod: true, admin: false} {
		q := h.api("GET", "/api/v1/moderation/queue", who, nil).must(t, 200).JSON["items"].([]any)
		if len(q) != 1 || q[0].(map[string]any)["own"] != want {
			t.Errorf("the API's queue says own %v to the one who wrote it, want %v: %v", q, want, q)
		}
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	queue := b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body
	item := queue[strings.Index(queue, fmt.Sprintf(`id="mod-idea-%d"`, idea)):]
	item = item[:strings.Index(item, "</article>")]
	if strings.Contains(item, `value="restore"`) || strings.Contains(item, `value="dismiss"`) || !strings.Contains(item, "由其他版主决定") {
		t.Errorf("the queue offers a moderator a decision on their own idea: %s", item)
	}
	page := b.get(fmt.Sprintf("/ideas/%d", idea), "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(page, "mod-restore") || !strings.Contains(page, fmt.Sprintf(`action="/moderation/idea/%d/review"`, idea)) {
		t.Errorf("the idea's page offers its moderator author a restore, or no review: %.3000s", page)
	}
	// Another moderator (the admin) decides.
	h.api("POST", decide, admin, map[string]string{"action": "restore", "reason": "误判"}).must(t, 200)
}

// A review an author asked for has no reports (a decision reset them), so
// by reports it sank under every reported item: the queue shows the
// reviews first, in their own list, the longest waiting first, once; the
// API gives them with review=1. A hidden item's buttons keep it hidden or
// show it again (dismissing its reports would show it as well).
func TestNotice46ReviewsAskedForComeFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	hidden := h.idea(author, cid, "免清洗内筒")
	reported := h.idea(admin, cid, "加我微信领优惠券")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", hidden), author, map[string]string{"note": "不是广告"}).must(t, 200)
	for i := range 2 {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", reported), h.confirmedFan(fmt.Sprintf("r%d@x.cn", i)), map[string]string{"reason": "spam"}).must(t, 201)
	}
	q := h.api("GET", "/api/v1/moderation/queue?review=1", admin, nil).must(t, 200).JSON["items"].([]any)
	if len(q) != 1 || num(q[0].(map[string]any), "id") != hidden {
		t.Errorf("review=1 gives %v, want the one review asked for", q)
	}
	if all := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200).JSON["items"].([]any); len(all) != 2 || num(all[0].(map[string]any), "id") != reported {
		t.Errorf("the whole queue, most reported first: %v", all)
	}
	if r := h.api("GET", "/api/v1/moderation/queue?review=yes", admin, nil); r.Status != 400 || r.errField() != "review" {
		t.Errorf("review=yes: %d %s", r.Status, r.Body)
	}
	body := h.adminBrowser().get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body
	reviews, rest := strings.Index(body, "作者申请复审（1）"), strings.Index(body, "被举报的内容")
	at := func(id int) int { return strings.Index(body, fmt.Sprintf(`id="mod-idea-%d"`, id)) }
	if reviews < 0 || rest < reviews || at(hidden) < reviews || at(hidden) > rest || at(reported) < rest {
		t.Errorf("the review is not first, in its own list (%d, %d, %d, %d): %.4000s", reviews, at(hidden), rest, at(reported), body)
	}
	if n := strings.Count(body, fmt.Sprintf(`id="mod-idea-%d"`, hidden)); n != 1 {
		t.Errorf("the review is shown %d times", n)
	}
	item := body[at(hidden):]
	item = item[:strings.Index(item, "</article>")]
	if !strings.Contains(item, `value="hide">维持隐藏</button>`) || !strings.Contains(item, `value="restore"`) || strings.Contains(item, `value="dismiss"`) {
		t.Errorf("a hidden item's buttons: %s", item)
	}
}

// A moderator sees, in the menu on every page, how many items wait for
// them, and no more once they are decided; a fan sees no such count.
func TestNotice46TheMenuCountsTheModerationQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(h.fan("author@x.cn"), cid, "加我微信领优惠券")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), h.confirmedFan("r@x.cn"), map[string]string{"reason": "spam"}).must(t, 201)
	menu := func(b *browser) string {
		body := b.get("/", "Accept-Language", "zh-CN").must(t, 200).Body
		return body[strings.Index(body, `<nav class="nav"`):strings.Index(body, "</nav>")]
	}
	if got := menu(h.browser()); strings.Contains(got, "/moderation") {
		t.Errorf("a visitor's menu offers moderation: %s", got)
	}
	b := h.adminBrowser()
	if got := menu(b); !strings.Contains(got, `<a href="/moderation">内容审核 <span class="count">1</span><span class="sr-only">项待处理</span></a>`) {
		t.Errorf("the moderator's menu does not count the one reported idea: %s", got)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), admin, map[string]string{"action": "dismiss", "reason": "没问题"}).must(t, 200)
	if got := menu(b); strings.Contains(got, `class="count"`) {
		t.Errorf("decided, the menu still counts it: %s", got)
	}
}

func TestNotice46ModWaitingText(t *testing.T) {
	for n, want := range map[int]string{0: "", -1: "", 1: "1", 99: "99", 100: "99+", 250: "99+"} {
		if got := (&page{ModWaiting: n}).ModWaitingText(); got != want {
			t.Errorf("%d waiting: %q, want %q", n, got, want)
		}
	}
}

// An admin's merge refused (its own number, an idea that is not there)
// comes back to the idea's merge form, saying why, not to an error page;
// a merge's reason, typed in the form, is in the duplicate's history.
func TestNotice46AMergeRefusedComesBackToTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	dup := h.idea(h.fan("a@x.cn"), cid, "免清洗内筒")
	orig := h.idea(h.fan("b@x.cn"), cid, "自清洁内筒")
	b := h.adminBrowser()
	page := fmt.Sprintf("/ideas/%d", dup)
	merge := func(into string) res {
		token := b.csrf(page)
		return b.postLang(page+"/merge", strings.NewReader(url.Values{"_csrf": {token}, "into": {into}, "reason": {"重复的创意"}}.Encode()), "zh-CN")
	}
	for _, into := range []string{fmt.Sprint(dup), "99999", "abc"} {
		r := merge(into)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != page+"#merge" {
			t.Errorf("merging into %s: %d to %q, want back at the form", into, r.Status, r.Header.Get("Location"))
			continue
		}
		body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body
		form := body[strings.Index(body, `id="merge"`):]
		if !strings.Contains(form[:strings.Index(form, "</form>")], `<p class="alert" role="alert">`) {
			t.Errorf("merging into %s: the form does not say why: %.1500s", into, form)
		}
	}
	if r := merge(fmt.Sprint(orig)); r.Status != http.StatusSeeOther || r.Header.Get("Location") != fmt.Sprintf("/ideas/%d", orig) {
		t.Fatalf("the merge: %d to %q", r.Status, r.Header.Get("Location"))
	}
	if body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body[strings.Index(body, `class="history"`):], "重复的创意") {
		t.Errorf("the merge's reason is not in the duplicate's history")
	}
}

// An organiser's one-button decisions refused (an idea withdrawn before
// the pick; a design of a challenge that asks no one whether they would
// buy it) come back to the page with why, not to an error page.
func TestNotice46OrganisersButtonsRefusedSayWhyOnThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	b := h.adminBrowser()
	page := fmt.Sprintf("/ideas/%d", idea)
	token := b.csrf(page)
	h.api("PATCH", "/api/v1"+page, author, map[string]string{"state": "withdrawn"}).must(t, 200)
	r := b.postLang(page+"/pick", strings.NewReader(url.Values{"_csrf": {token}}.Encode()), "zh-CN")
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != page {
		t.Fatalf("picking a withdrawn idea: %d to %q, want back at the idea", r.Status, r.Header.Get("Location"))
	}
	if body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, `<p class="alert" role="alert">`) || !strings.Contains(body, "只有获胜创意（或管理员推荐的创意）才能立项。") {
		t.Errorf("the idea's page does not say why the pick was refused: %.2000s", body)
	}
	// A design already going to production (another admin's tap, an old
	// tab): the demand page says so.
	poll, designs := qigePoll(t, h, admin)
	h.advance(80 * time.Hour) // voting is over: designs may go into production
	demand := fmt.Sprintf("/challenges/%d/demand", poll)
	token = b.csrf(demand)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/production", designs[1]), admin, nil).must(t, 200)
	r = b.postLang(fmt.Sprintf("/ideas/%d/production", designs[1]), strings.NewReader(url.Values{"_csrf": {token}}.Encode()), "zh-CN")
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != demand {
		t.Errorf("production twice: %d to %q, want the demand page", r.Status, r.Header.Get("Location"))
	}
	if body := b.get(demand, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, `<p class="alert" role="alert">`) || !strings.Contains(body, "这款设计已经确定量产。") {
		t.Errorf("the demand page does not say why production was refused: %.2000s", body)
	}
}

// A suspended fan is emailed why, though their other emails stop while
// suspended; reinstated, they are told so on the site and by email.
func TestNotice46ASuspendedFanIsToldWhyAndWhenItEnds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.confirmedFan("fan@x.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	h.mailOut("zh") // the sign-ups' confirmations
	path := fmt.Sprintf("/api/v1/users/%d/suspension", id)
	h.api("PUT", path, admin, map[string]any{"suspended": true, "reason": "刷票"}).must(t, 200)
	m := mailLang(t, h.mailOut("zh"), "fan@x.cn", "zh")
	if !strings.Contains(m.Text, "你的账号已被版主暂停。原因：刷票。") {
		t.Errorf("the suspension's email does not say why: %s", m.Text)
	}
	h.api("PUT", path, admin, map[string]any{"suspended": true, "reason": "再次"}).must(t, 200)
	if out := h.mailOut("zh"); len(out["fan@x.cn"]) != 0 {
		t.Errorf("suspending a suspended account emailed again: %v", out)
	}
	h.api("PUT", path, admin, map[string]any{"suspended": false, "reason": ""}).must(t, 200)
	m = mailLang(t, h.mailOut("zh"), "fan@x.cn", "zh")
	if !strings.Contains(m.Text, "你的账号已恢复") {
		t.Errorf("the reinstatement's email: %s", m.Text)
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if body := b.get("/notifications", "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, "你的账号已恢复") || !strings.Contains(body, "原因：刷票。") {
		t.Errorf("the fan's notifications do not tell the suspension and its end: %.3000s", body)
	}
}

// The fans who reported an item hear how a moderator decided: hidden, in
// their notifications with a link they may open (the challenge, for an
// idea now hidden); kept shown, likewise. Its author is not told as a
// reporter.
func TestNotice46ReportersHearTheOutcome(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	spam := h.idea(h.fan("a@x.cn"), cid, "加我微信领优惠券")
	fine := h.idea(h.fan("b@x.cn"), cid, "自清洁内筒")
	reporter := h.confirmedFan("r@x.cn")
	for _, id := range []int{spam, fine} {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", id), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", spam), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", fine), admin, map[string]string{"action": "dismiss", "reason": "没问题"}).must(t, 200)
	b := h.browser()
	b.signIn("r@x.cn", "fan-password")
	body := b.get("/notifications", "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{"你举报的“加我微信领优惠券”经版主处理，已被隐藏。", fmt.Sprintf(`href="/challenges/%d"`, cid),
		"你举报的“自清洁内筒”经版主查看，未发现问题，继续显示。", fmt.Sprintf(`href="/ideas/%d"`, fine)} {
		if !strings.Contains(body, want) {
			t.Errorf("the reporter's notifications lack %q: %.3000s", want, body)
		}
	}
	if notices := h.api("GET", "/api/v1/me/notifications", admin, nil).must(t, 200).Body; strings.Contains(notices, "report_") {
		t.Errorf("the moderator was told as a reporter: %s", notices)
	}
}

// A triage decline leaves an idea's state as it was (a winner stays a
// winner): its history gives the engineer's reason, never "kept hidden".
func TestNotice46ADeclineIsNotAKeptHiding(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	idea := h.idea(h.fan("a@x.cn"), h.openChallenge(admin, nil), "免清洗内筒")
	b := h.adminBrowser()
	page := fmt.Sprintf("/ideas/%d", idea)
	b.post(page, page+"/pick", nil).must(t, http.StatusSeeOther)
	b.post("/triage", page+"/decline", url.Values{"reason": {"成本太高，暂不立项"}}).must(t, http.StatusSeeOther)
	body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body
	history := body[strings.Index(body, `class="history"`):]
	if !strings.Contains(history, "成本太高，暂不立项") || strings.Contains(history, "版主维持隐藏") {
		t.Errorf("the decline's history line: %.1500s", history)
	}
}

// reportUntilHidden has three confirmed fans, a day old, report an idea or comment
// (kind "ideas" or "comments"), the threshold that hides it at once.
func reportUntilHidden(t *testing.T, h *harness, kind string, id int) {
	t.Helper()
	var last res
	for i := range 3 {
		last = h.api("POST", fmt.Sprintf("/api/v1/%s/%d/reports", kind, id), h.trustedFan(fmt.Sprintf("r%d@x.cn", i)), map[string]string{"reason": "spam"}).must(t, 201)
	}
	if last.JSON["auto_hidden"] != true {
		t.Fatalf("three reports did not hide %s %d: %s", kind, id, last.Body)
	}
}
