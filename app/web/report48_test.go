package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// One account's reports in a day (domain.ReportsPerDay, VouchedPerDay):
// its first ten can hide at once (here, at a threshold of one), the next
// reach the moderators only, past thirty it is told to wait, and a day
// later it may report again. So three accounts cannot hide a whole
// challenge before a moderator looks, nor one bury their queue.
func TestReport48OneAccountsReportsADay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"report_threshold": 1})
	author := h.fan("author@x.cn")
	idea := h.idea(author, cid, "免清洗内筒")
	var comments []int
	for i := range domain.ReportsPerDay + 2 {
		comments = append(comments, num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": fmt.Sprintf("评论 %d", i)}).must(t, 201).JSON, "id"))
	}
	reporter := h.trustedFan("r@x.cn")
	report := func(cm int) res {
		return h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), reporter, map[string]string{"reason": "spam"})
	}
	for i, cm := range comments[:domain.ReportsPerDay] {
		r := report(cm).must(t, 201)
		if hid := r.JSON["auto_hidden"] == true; hid != (i < domain.VouchedPerDay) {
			t.Fatalf("report %d hid the comment: %v, want %v", i+1, hid, i < domain.VouchedPerDay)
		}
	}
	r := report(comments[domain.ReportsPerDay])
	if r.Status != 429 || r.errCode() != "too_many_reports" {
		t.Fatalf("report %d in a day: %d %s, want 429 too_many_reports", domain.ReportsPerDay+1, r.Status, r.Body)
	}
	q := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200).JSON["items"].([]any)
	if len(q) != domain.ReportsPerDay {
		t.Errorf("the queue holds %d items, want the %d reports taken", len(q), domain.ReportsPerDay)
	}
	// A staff member is not limited.
	if r := h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", comments[domain.ReportsPerDay]), admin, map[string]string{"reason": "spam"}); r.Status != 201 {
		t.Errorf("an admin's report past a fan's limit: %d %s", r.Status, r.Body)
	}
	h.advance(domain.ReportWindow + time.Second)
	if r := report(comments[domain.ReportsPerDay+1]).must(t, 201); r.JSON["auto_hidden"] != true {
		t.Errorf("a day later the report does not count: %s", r.Body)
	}
}

// A suspended fan who turned emails off is emailed all the same (they
// cannot sign in to read a notice), and their browser's next page says
// the account is suspended, why, and that they may still read the site:
// not "sign in first" above a refusal to sign in.
func TestReport48ASuspendedFanIsToldWhereTheyCanRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("quiet@x.cn")
	h.api("PATCH", "/api/v1/me", fan, map[string]any{"email_notices": false}).must(t, 200)
	b := h.browser()
	b.signIn("quiet@x.cn", "fan-password")
	h.drainMail()
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": true, "reason": "刷票"}).must(t, 200)
	if got := h.mailOut("zh")["quiet@x.cn"]; len(got) != 1 || !strings.Contains(got[0].Text, "刷票") {
		t.Errorf("the suspension's email to a fan with emails off: %v", got)
	}
	page := b.get("/notifications", "Accept-Language", "zh-CN")
	if page.Status != 401 {
		t.Fatalf("a suspended session's page: %d", page.Status)
	}
	h1 := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindStringSubmatch(page.Body)
	if h1 == nil || h1[1] != "账号已停用" {
		t.Errorf("the heading is %q, want 账号已停用", h1)
	}
	for _, want := range []string{"刷票", "像访客一样浏览"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if en := h.browser().get("/", "Accept-Language", "en"); strings.Contains(en.Body, "Account suspended") {
		t.Error("a visitor's page says the account is suspended")
	}
}

// The judging desk says, at the publish button, how many groups of
// accounts voting together wait, and leads to them; publishing waits for
// them (409 integrity_undecided, in the organiser's language on the page)
// and goes once each is decided.
func TestReport48ResultsWaitForTheIntegrityDecisions(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	scoreAll(t, e)
	waitingGroup(t, h, e.cid, e.ideas[1])
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	desk := fmt.Sprintf("/challenges/%d/judging", e.cid)
	page := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "还有 1 个疑似协同的账号组等你处理") || !strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/integrity"`, e.cid)) {
		t.Errorf("the desk does not say a group waits, or lead to it:\n%s", page)
	}
	if r := h.api("POST", path("results/publish"), e.admin, nil); r.Status != 409 || r.errCode() != "integrity_undecided" {
		t.Fatalf("publishing with a group open: %d %s", r.Status, r.Body)
	}
	refused := b.postLang(fmt.Sprintf("/challenges/%d/publish", e.cid), strings.NewReader(url.Values{"_csrf": {b.csrf(desk)}}.Encode()), "zh-CN")
	if !strings.Contains(refused.Body, "还有 1 个疑似协同的账号组") {
		t.Errorf("the page's refusal does not say why in Chinese: %d\n%.2000s", refused.Status, refused.Body)
	}
	shortlisted := 0
	for _, id := range e.ideas {
		st := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), e.admin, nil).must(t, 200).JSON["state"]
		if st == "winner" || st == "not_selected" {
			t.Fatalf("a refused publish moved idea %d to %v", id, st)
		}
		if st == "shortlisted" {
			shortlisted++
		}
	}
	if shortlisted != 4 {
		t.Errorf("%d ideas shortlisted after a refused publish, want 4", shortlisted)
	}
	gid := num(h.api("GET", path("integrity"), e.admin, nil).must(t, 200).JSON["groups"].([]any)[0].(map[string]any), "id")
	h.api("POST", path(fmt.Sprintf("integrity/groups/%d", gid)), e.admin, map[string]string{"action": "clear", "reason": "同一个社团"}).must(t, 200)
	if page := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(page, "疑似协同的账号组等你处理") {
		t.Error("the desk still says a group waits once it is cleared")
	}
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
}

// Reinstating an account that is not suspended changes nothing: the
// person stays signed in (API.md's PUT is a flag an admin tool may send
// again), and no reinstatement is recorded or told.
func TestReport48ReinstatingAnActiveAccountSignsNoOneOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	id := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	h.drainMail()
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": false}).must(t, 200)
	h.api("GET", "/api/v1/me", fan, nil).must(t, 200)
	if got := h.mailOut("en")["fan@x.cn"]; len(got) != 0 {
		t.Errorf("an active account was told it is reinstated: %v", got)
	}
	// A real suspension and reinstatement still end every session.
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": true, "reason": "spam"}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", id), admin, map[string]any{"suspended": false}).must(t, 200)
	if r := h.api("GET", "/api/v1/me", fan, nil); r.Status != 401 {
		t.Errorf("a token from before the suspension works after reinstating: %d", r.Status)
	}
}

// From the moderation queue, an item's author is one tap from their
// account on the users page (where the suspension form is), found by
// number: two fans may share a name.
func TestReport48TheQueueLeadsToTheAuthorsAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	h.fan("other@x.cn")
	authorID := num(h.api("GET", "/api/v1/me", author, nil).JSON, "id")
	idea := h.idea(author, cid, "加我微信领优惠券")
	reporter := h.fan("r@x.cn")
	reporterID := num(h.api("GET", "/api/v1/me", reporter, nil).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	queue := b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body
	link := fmt.Sprintf(`href="/admin/users?id=%d#user-%d"`, authorID, authorID)
	if !strings.Contains(queue, link) {
		t.Fatalf("the queue does not lead to the author's account (%s)", link)
	}
	// Who reported it, and whether their account is confirmed, for the
	// moderators alone.
	for _, want := range []string{"举报人（1）", fmt.Sprintf(`href="/admin/users?id=%d#user-%d"`, reporterID, reporterID), "邮箱未验证"} {
		if !strings.Contains(queue, want) {
			t.Errorf("the queue does not show %q of the reporter", want)
		}
	}
	item := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200).JSON["items"].([]any)[0].(map[string]any)
	if rs := item["reporters"].([]any); len(rs) != 1 || num(rs[0].(map[string]any), "id") != reporterID || rs[0].(map[string]any)["verified"] != false {
		t.Errorf("the API's reporters: %v", item["reporters"])
	}
	users := b.get(fmt.Sprintf("/admin/users?id=%d", authorID), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(users, fmt.Sprintf(`id="user-%d"`, authorID)) || strings.Contains(users, "other@x.cn") {
		t.Errorf("the users page by id does not show that one account:\n%s", users)
	}
	if !strings.Contains(users, fmt.Sprintf(`action="/admin/users/%d/suspension?id=%d"`, authorID, authorID)) {
		t.Errorf("the author's row has no suspension form that returns to it")
	}
	if r := b.get("/admin/users?id=x", "Accept-Language", "zh-CN"); r.Status != 400 {
		t.Errorf("a bad id: %d", r.Status)
	}
}

// A moderator on an idea's page hides the idea, or a comment, at once with
// a reason, as from the queue, in place of the fans' report (which would
// only queue it); its author is told why. A fan still sees the report.
func TestReport48AModeratorHidesFromTheIdeaPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	idea := h.idea(author, cid, "加我微信领优惠券")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": "加我微信"}).must(t, 201).JSON, "id")
	mod := h.fan("mod@x.cn")
	modID := num(h.api("GET", "/api/v1/me", mod, nil).JSON, "id")
	h.confirm(int64(modID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", modID), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)
	fan := h.browser()
	h.fan("fan@x.cn")
	fan.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", idea)
	if body := fan.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, fmt.Sprintf(`action="/ideas/%d/reports"`, idea)) || strings.Contains(body, "mod-hide") {
		t.Error("a fan is not offered the report, or is offered the moderator's hide")
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{fmt.Sprintf(`id="hide-idea-%d"`, idea), fmt.Sprintf(`id="hide-comment-%d"`, cm), "隐藏的原因"} {
		if !strings.Contains(body, want) {
			t.Errorf("the moderator's idea page lacks %q", want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`action="/ideas/%d/reports"`, idea)) {
		t.Error("the moderator is offered the report beside the hide")
	}
	r := b.post(page, fmt.Sprintf("/moderation/comment/%d", cm), url.Values{"from": {"idea"}, "action": {"hide"}, "reason": {"广告"}, "comments_after": {"0"}})
	if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), fmt.Sprintf("#comment-%d", cm)) {
		t.Fatalf("hiding the comment: %d to %q", r.Status, r.Header.Get("Location"))
	}
	r = b.post(page, fmt.Sprintf("/moderation/idea/%d", idea), url.Values{"from": {"idea"}, "action": {"hide"}, "reason": {"广告"}})
	if r.Status != 303 || r.Header.Get("Location") != page {
		t.Fatalf("hiding the idea: %d to %q", r.Status, r.Header.Get("Location"))
	}
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 404)
	if v := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), author, nil).must(t, 200).JSON; v["state"] != "hidden" {
		t.Errorf("the idea is %v", v["state"])
	}
	if ks := h.kinds(author); !slices.Contains(ks, "hidden") {
		t.Errorf("the author was not told: %v", ks)
	}
}

// The "votes under review" badge leads to words that say what it means,
// visible on a phone (its title is not), even before any vote is removed.
func TestReport48UnderReviewIsExplainedWhereItLeads(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid, _ := wf30Group(t, h, admin, nil)
	log := h.browser().get(fmt.Sprintf("/challenges/%d/integrity/log", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(log, `id="under-review"`) || !strings.Contains(log, "“审查中”") {
		t.Errorf("the log does not explain votes under review:\n%s", log)
	}
}

// A fan past the day's reports who uses the page's form is told so at
// the comment, on the idea's page, not sent to an error page.
func TestReport48TheDaysLimitIsSaidAtTheComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	idea := h.idea(author, cid, "免清洗内筒")
	var comments []int
	for i := range domain.ReportsPerDay + 1 {
		comments = append(comments, num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": fmt.Sprintf("评论 %d", i)}).must(t, 201).JSON, "id"))
	}
	reporter := h.fan("r@x.cn")
	for _, cm := range comments[:domain.ReportsPerDay] {
		h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), reporter, map[string]string{"reason": "spam"}).must(t, 201)
	}
	b := h.browser()
	b.signIn("r@x.cn", "fan-password")
	last := comments[domain.ReportsPerDay]
	page := fmt.Sprintf("/ideas/%d", idea)
	r := b.mf31Post(page, fmt.Sprintf("/comments/%d/reports", last), "zh", url.Values{"reason": {"spam"}})
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), page) {
		t.Fatalf("a report past the day's limit: %d to %q", r.Status, r.Header.Get("Location"))
	}
	landed := b.mf31Get(r.Header.Get("Location"), "zh")
	if !strings.Contains(landed.Body, fmt.Sprintf(`data-at="comment-%d"`, last)) || !strings.Contains(landed.Body, "最多 24 小时") {
		t.Errorf("the limit is not said at the comment: %.400s", flashP.FindString(landed.Body))
	}
}

// waitingGroup is a quarantined group of five new accounts in challenge
// cid that voted for idea, as a scan leaves it: waiting for the
// organiser's decision.
func waitingGroup(t *testing.T, h *harness, cid, idea int) {
	t.Helper()
	var ring []int64
	for i := range 5 {
		u, err := h.store.CreateUser(context.Background(), domain.SignUp{Email: fmt.Sprintf("ring%d-%d@example.com", cid, i), Name: "ring"}, "x", false)
		if err != nil {
			t.Fatal(err)
		}
		ring = append(ring, u.ID)
	}
	if err := h.store.SaveIntegrityScan(context.Background(), int64(cid), h.clock().UnixMilli(), func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{int64(idea)}, Score: 0.6, Votes: 5,
			Signals: []integrity.Signal{{Kind: "synchronized", N: []int64{5, 40, 90}, Ideas: []int64{int64(idea)}}}}}}
	}); err != nil {
		t.Fatal(err)
	}
}
