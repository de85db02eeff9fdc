package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
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
	var ring []int64
	for i := range 5 {
		u, err := h.store.CreateUser(context.Background(), domain.SignUp{Email: fmt.Sprintf("ring%d@example.com", i), Name: "ring"}, "x", false)
		if err != nil {
			t.Fatal(err)
		}
		ring = append(ring, u.ID)
	}
	if err := h.store.SaveIntegrityScan(context.Background(), int64(e.cid), h.clock().UnixMilli(), func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Suspected, Group: integrity.Group{Users: ring, Ideas: []int64{int64(e.ideas[1])}, Score: 0.6, Votes: 5,
			Signals: []integrity.Signal{{Kind: "synchronized", N: []int64{5, 40, 90}, Ideas: []int64{int64(e.ideas[1])}}}}}}
	}); err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	desk := fmt.Sprintf("/challenges/%d/judging", e.cid)
	page := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "还有 1 组一同投票的账号等你处理") || !strings.Contains(page, fmt.Sprintf(`href="/challenges/%d/integrity"`, e.cid)) {
		t.Errorf("the desk does not say a group waits, or lead to it:\n%s", page)
	}
	if r := h.api("POST", path("results/publish"), e.admin, nil); r.Status != 409 || r.errCode() != "integrity_undecided" {
		t.Fatalf("publishing with a group open: %d %s", r.Status, r.Body)
	}
	refused := b.postLang(fmt.Sprintf("/challenges/%d/publish", e.cid), strings.NewReader(url.Values{"_csrf": {b.csrf(desk)}}.Encode()), "zh-CN")
	if !strings.Contains(refused.Body, "还有 1 组一同投票的账号") {
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
	if page := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(page, "一同投票的账号等你处理") {
		t.Error("the desk still says a group waits once it is cleared")
	}
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
}
