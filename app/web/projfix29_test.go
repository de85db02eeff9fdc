package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/people"
	"cocreate/app/service"
	"cocreate/app/workflow"
)

// A tester whose many reports a friendly engineer ticks "addressed" earns
// points for the first people.FeedbackCap on the project only: the
// profile (API and page), the leaderboard and the badges all say the same.
func TestProjfix29AddressedReportsCapped(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t) // the fan holds 10 points from the world's setup
	h := e.h
	n := people.FeedbackCap + 3
	for i := 1; i <= n; i++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": fmt.Sprintf("按钮 %d 有点松", i)}).must(t, 201)
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, num(r.JSON, "id")), e.eng, map[string]any{"addressed": true, "reply": "好"}).must(t, 200)
	}
	want := 10 + people.FeedbackCap*people.Points(people.FeedbackAccepted)
	p := profileOf(h, e.fan, e.fanID)
	if got := num(p, "reputation"); got != want {
		t.Fatalf("%d addressed reports on one project: %d points, want %d (the first %d earn)", n, got, want, people.FeedbackCap)
	}
	for _, k := range badgeKeys(p) {
		if k == people.BadgeTenTests {
			t.Errorf("the ten-tests badge from reports past the cap")
		}
	}
	var fan map[string]any
	for _, f := range h.api("GET", "/api/v1/leaderboard", "", nil).must(t, 200).JSON["fans"].([]any) {
		if m := f.(map[string]any); num(m["user"].(map[string]any), "id") == e.fanID {
			fan = m
		}
	}
	if fan == nil || num(fan, "reputation") != want {
		t.Errorf("the leaderboard says %v, want %d", fan, want)
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/users/%d", e.fanID))
	if !strings.Contains(page.Body, i18n.For("en").T("profile.reputation", want)) {
		t.Errorf("the profile page does not say %d points", want)
	}
}

// An engineer replying to a report on an older page of a project's
// feedback comes back to that page, at that report, not to the newest.
func TestProjfix29ReplyKeepsThePage(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	db := h.rawDB()
	for n := 1; n <= 60; n++ {
		if _, err := db.Exec(`INSERT INTO tester_feedback (project_id, tester_id, rating, body, addressed, reply, created_at) VALUES (?, ?, 2, ?, 0, '', ?)`,
			e.pid, e.fanID, fmt.Sprintf("report-%03d", n), h.clock().UnixMilli()+int64(n)); err != nil {
			t.Fatal(err)
		}
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	first := b.get(fmt.Sprintf("/projects/%d", e.pid))
	m := regexp.MustCompile(`href="(/projects/\d+\?cursor=(\d+))#feedback"`).FindStringSubmatch(first.Body)
	if m == nil {
		t.Fatal("no link to older feedback")
	}
	older, cursor := m[1], m[2]
	op := b.get(older)
	// The oldest report, report-001, is only on the older page.
	i := strings.Index(op.Body, "report-001")
	if i < 0 {
		t.Fatal("report-001 is not on the older page")
	}
	am := regexp.MustCompile(`action="(/projects/\d+/feedback/(\d+)[^"]*)"`).FindAllStringSubmatch(op.Body[:i+2000], -1)
	if len(am) == 0 {
		t.Fatal("no reply form on the older page")
	}
	action, fid := am[len(am)-1][1], am[len(am)-1][2]
	action = strings.ReplaceAll(action, "&amp;", "&")
	r := b.post(older, action, url.Values{"reply": {"已修好"}, "addressed": {"1"}})
	want := fmt.Sprintf("/projects/%d?cursor=%s#fb-%s", e.pid, cursor, fid)
	if r.Status != 303 || r.Header.Get("Location") != want {
		t.Fatalf("saving a reply on the older page: %d to %q, want 303 to %q", r.Status, r.Header.Get("Location"), want)
	}
	back := b.get(strings.Split(want, "#")[0])
	if !strings.Contains(back.Body, `id="fb-`+fid+`"`) || !strings.Contains(back.Body, "已修好") {
		t.Errorf("the page returned to does not hold the report replied to")
	}
	// On the newest page the form keeps no cursor and comes back there.
	fm := regexp.MustCompile(`action="(/projects/\d+/feedback/(\d+))"`).FindStringSubmatch(first.Body)
	if fm == nil {
		t.Fatal("no reply form on the newest page")
	}
	r = b.post(fmt.Sprintf("/projects/%d", e.pid), fm[1], url.Values{"reply": {"收到"}})
	if want := fmt.Sprintf("/projects/%d#fb-%s", e.pid, fm[2]); r.Status != 303 || r.Header.Get("Location") != want {
		t.Errorf("saving on the newest page: %d to %q, want %q", r.Status, r.Header.Get("Location"), want)
	}
	// A cursor that is not one the server gave: 400 naming it.
	if r := b.post(older, fmt.Sprintf("/projects/%d/feedback/%s?cursor=abc", e.pid, fid), url.Values{"reply": {"x"}}); r.Status != 400 || !strings.Contains(r.Body, "cursor") {
		t.Errorf("a bad cursor: %d", r.Status)
	}
}

// The 409 too_many_waiting_reports names the real limit, in both
// languages: the catalogues format workflow.MaxWaitingFeedback in rather
// than copying it, so the text stays true if the limit changes.
func TestProjfix29WaitingLimitNotCopied(t *testing.T) {
	t.Parallel()
	e := domain.AsError(workflow.CanGiveFeedback(workflow.FanTest, true, workflow.MaxWaitingFeedback))
	if e == nil || e.Code != "too_many_waiting_reports" {
		t.Fatalf("CanGiveFeedback: %v", e)
	}
	limit := strconv.Itoa(workflow.MaxWaitingFeedback)
	for _, lang := range i18n.Languages {
		p := i18n.For(lang)
		if raw := p.T("error.too_many_waiting_reports"); !strings.Contains(raw, "%d") || strings.Contains(raw, limit) {
			t.Errorf("%s: the catalogue copies the limit instead of formatting it in: %q", lang, raw)
		}
		got := message(p, e)
		if !strings.Contains(got, limit) || strings.Contains(got, "%!") {
			t.Errorf("%s: %q does not name the limit %s", lang, got, limit)
		}
		// Were the limit 7, the text would say 7.
		seven := *e
		seven.Args = []any{7}
		if got := message(p, &seven); !strings.Contains(got, "7") || strings.Contains(got, limit) {
			t.Errorf("%s: with a limit of 7: %q", lang, got)
		}
	}
}

var roadmapPost = regexp.MustCompile(`rm-(\d{3})`)

// A roadmap column of more than service.RoadmapLimit posts is reachable
// to its end: each column has a "more" link (the other columns staying
// where they are) and the API a next_cursors per column; a cursor not
// given by the server is a 400 naming it; a post moved while a reader
// pages shows its new response wherever it now stands (the item cache is
// never stale).
func TestProjfix29RoadmapPaged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng := h.engineer(admin, "eng@x.cn")
	bid := h.board(admin, "洗衣机建议")
	author := h.userID(h.fan("author@x.cn"))
	db := h.rawDB()
	base := h.clock().UnixMilli()
	const planned = service.RoadmapLimit + 30
	for n := 1; n <= planned+2; n++ {
		st := "planned"
		if n > planned {
			st = "done"
		}
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, status, response, status_at, created_at, updated_at) VALUES (?, ?, ?, '', ?, '', ?, ?, ?)`,
			bid, author, fmt.Sprintf("rm-%03d", n), st, base-int64(n)*1000, base, base); err != nil {
			t.Fatal(err)
		}
	}
	// The page, as a visitor on a phone would walk it.
	v := h.browser()
	seen := map[string]bool{}
	path := "/roadmap"
	var second string
	for pages := 0; path != ""; pages++ {
		if pages > 4 {
			t.Fatal("the more links never end")
		}
		r := v.get(path).must(t, 200)
		col := r.Body[strings.Index(r.Body, `id="col-planned"`):strings.Index(r.Body, `id="col-in_progress"`)]
		got := map[string]bool{}
		for _, g := range roadmapPost.FindAllString(col, -1) {
			got[g] = true
		}
		if len(got) > service.RoadmapLimit {
			t.Fatalf("%s: %d posts in a column page", path, len(got))
		}
		for g := range got {
			if seen[g] {
				t.Fatalf("%s: %s on two pages", path, g)
			}
			seen[g] = true
		}
		if !strings.Contains(r.Body, "rm-"+fmt.Sprint(planned+1)) {
			t.Errorf("%s: the done column left its page", path)
		}
		if pages > 0 && !strings.Contains(col, `href="/roadmap#col-planned"`) {
			t.Errorf("%s: no way back to the column's latest", path)
		}
		m := regexp.MustCompile(`href="(/roadmap\?planned_cursor=[^"#]+)#col-planned"`).FindStringSubmatch(col)
		path = ""
		if m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
			if second == "" {
				second = path
			}
		}
	}
	if len(seen) != planned {
		t.Fatalf("the roadmap's pages reach %d of %d planned posts", len(seen), planned)
	}
	// The API, by next_cursors.
	n, next, pages := 0, "", 0
	for ; pages == 0 || next != ""; pages++ {
		if pages > 4 {
			t.Fatal("next_cursors never ends")
		}
		q := "/api/v1/roadmap"
		if next != "" {
			q += "?planned_cursor=" + url.QueryEscape(next)
		}
		r := h.api("GET", q, "", nil).must(t, 200)
		n += len(r.JSON["planned"].([]any))
		nc := r.JSON["next_cursors"].(map[string]any)
		if nc["done"] != nil || nc["in_progress"] != nil || len(r.JSON["done"].([]any)) != 2 {
			t.Errorf("the done and in-progress columns: %v", nc)
		}
		next, _ = nc["planned"].(string)
	}
	if n != planned || pages != 2 {
		t.Errorf("the API's pages: %d posts in %d pages, want %d in 2", n, pages, planned)
	}
	for _, bad := range []string{"abc", domain.Cursor{Key: 1.5, ID: 3}.Encode(), domain.Cursor{Key: 5, ID: 0}.Encode()} {
		if r := h.api("GET", "/api/v1/roadmap?done_cursor="+url.QueryEscape(bad), "", nil); r.Status != 400 || r.errField() != "done_cursor" {
			t.Errorf("done_cursor=%s: %d %s, want 400 naming done_cursor", bad, r.Status, r.Body)
		}
	}
	if r := v.get("/roadmap?in_progress_cursor=%25"); r.Status != 400 {
		t.Errorf("the page with a bad cursor: %d", r.Status)
	}
	// A post on the second page, answered now, moves to the top of the
	// first with its answer; the second page no longer holds it.
	r := v.get(second).must(t, 200)
	moved := roadmapPost.FindAllString(r.Body[strings.Index(r.Body, `id="col-planned"`):], 1)[0]
	var mid int
	if err := db.QueryRow(`SELECT id FROM ideas WHERE title = ?`, moved).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	h.advance(time.Second)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", mid), eng, map[string]any{"status": "planned", "response": "下个版本就改"}).must(t, 200)
	first := v.get("/roadmap").must(t, 200).Body
	if i := strings.Index(first, moved); i < 0 || !strings.Contains(first[i:], "下个版本就改") || roadmapPost.FindString(first[strings.Index(first, `id="col-planned"`):]) != moved {
		t.Errorf("the post answered is not first with its answer")
	}
	if strings.Contains(v.get(second).Body, moved+"<") {
		t.Errorf("the second page still shows the post moved")
	}
}

// The projects board of more than a page (service.ProjectsPage) pages
// older and newer, and the API's list by cursor and limit; every project
// is reachable.
func TestProjfix29ProjectsPaged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	owner := h.userID(admin)
	db := h.rawDB()
	base := h.clock().UnixMilli()
	const total = service.ProjectsPage + 20
	for n := 1; n <= total; n++ {
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
			cid, owner, fmt.Sprintf("pj-%03d", n), base, base); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO projects (idea_id, owner_id, created_at, updated_at) SELECT id, ?, ?, ? FROM ideas WHERE title LIKE 'pj-%' ORDER BY id`, owner, base, base); err != nil {
		t.Fatal(err)
	}
	post := regexp.MustCompile(`pj-\d{3}`)
	v := h.browser()
	v.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	seen := map[string]bool{}
	path, older := "/projects", ""
	for pages := 0; path != ""; pages++ {
		if pages > 3 {
			t.Fatal("the older links never end")
		}
		r := v.get(path).must(t, 200)
		got := map[string]bool{}
		for _, g := range post.FindAllString(r.Body, -1) {
			got[g] = true
		}
		if len(got) > service.ProjectsPage {
			t.Fatalf("%s: %d projects on a page", path, len(got))
		}
		for g := range got {
			seen[g] = true
		}
		if pages > 0 && (!strings.Contains(r.Body, `href="/projects"`) || !strings.Contains(r.Body, "较新的项目")) {
			t.Errorf("%s: no way to newer projects", path)
		}
		m := regexp.MustCompile(`href="(/projects\?cursor=\d+)"`).FindStringSubmatch(r.Body)
		path = ""
		if m != nil {
			path, older = m[1], m[1]
		}
	}
	if len(seen) != total {
		t.Fatalf("the board's pages reach %d of %d projects", len(seen), total)
	}
	// Newer from the older page comes back to the newest ones.
	r := v.get(older).must(t, 200)
	m := regexp.MustCompile(`href="(/projects\?after=\d+)"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no newer link on the older page")
	}
	got := post.FindAllString(v.get(m[1]).must(t, 200).Body, -1)
	slices.Sort(got)
	if got = slices.Compact(got); len(got) != service.ProjectsPage || got[len(got)-1] != fmt.Sprintf("pj-%03d", total) {
		t.Errorf("the newer page: %d projects, to %v", len(got), got[len(got)-1:])
	}
	for _, bad := range []string{"?cursor=x", "?after=-1", "?cursor=3&after=2"} {
		if r := v.get("/projects" + bad); r.Status != 400 {
			t.Errorf("/projects%s: %d, want 400", bad, r.Status)
		}
	}
	// The API: all of them by default (as before paging), or pages.
	all := h.api("GET", "/api/v1/projects", "", nil).must(t, 200)
	if len(all.JSON["projects"].([]any)) != total || all.JSON["next_cursor"] != nil {
		t.Errorf("the API's default page: %d projects, next_cursor %v", len(all.JSON["projects"].([]any)), all.JSON["next_cursor"])
	}
	ids := map[int]bool{}
	next := ""
	for pages := 0; pages == 0 || next != ""; pages++ {
		if pages > 10 {
			t.Fatal("next_cursor never ends")
		}
		q := "/api/v1/projects?limit=30"
		if next != "" {
			q += "&cursor=" + next
		}
		r := h.api("GET", q, "", nil).must(t, 200)
		for _, p := range r.JSON["projects"].([]any) {
			ids[num(p.(map[string]any), "id")] = true
		}
		next, _ = r.JSON["next_cursor"].(string)
	}
	if len(ids) != total {
		t.Errorf("the API's pages reach %d of %d projects", len(ids), total)
	}
	for q, field := range map[string]string{"?limit=0": "limit", "?limit=1001": "limit", "?limit=x": "limit", "?cursor=-4": "cursor"} {
		if r := h.api("GET", "/api/v1/projects"+q, "", nil); r.Status != 400 || r.errField() != field {
			t.Errorf("%s: %d %s, want 400 naming %s", q, r.Status, r.Body, field)
		}
	}
}
