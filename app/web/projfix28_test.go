package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/workflow"
)

// inFanTest opens the project, moves it to fan test and makes e.fan an
// accepted tester.
func (e *projectEnv) inFanTest(t *testing.T) {
	t.Helper()
	e.open(t)
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	e.h.earn(e.fanID, 10)
	e.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	e.h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
}

var feedbackRow = regexp.MustCompile(`<div class="feedback[ "]`)

// One tester's hundreds of reports no longer make the project page
// megabytes: the page shows the newest FeedbackPage of them, with a link to
// the older ones, and every report is reachable that way.
func TestProjfixFeedbackPaged(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	// 130 answered reports (answered ones do not count toward the cap),
	// written straight to the table: the page, not the form, is tested.
	db := h.rawDB()
	body := strings.Repeat("噪音很大 noisy ", 100)
	for n := 1; n <= 130; n++ {
		if _, err := db.Exec(`INSERT INTO tester_feedback (project_id, tester_id, rating, body, addressed, reply, created_at) VALUES (?, ?, 1, ?, 1, 'ok', ?)`,
			e.pid, e.fanID, fmt.Sprintf("report-%03d %s", n, body), h.clock().Add(time.Duration(n)*time.Second).UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	seen := map[string]bool{}
	path := fmt.Sprintf("/projects/%d", e.pid)
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("the older-feedback links never end")
		}
		r := b.get(path)
		if r.Status != 200 {
			t.Fatalf("%s: %d", path, r.Status)
		}
		rows := len(feedbackRow.FindAllString(r.Body, -1))
		if rows > 50 || len(r.Body) > 1<<20 {
			t.Fatalf("%s: %d reports, %d bytes: one page must not hold them all", path, rows, len(r.Body))
		}
		got := regexp.MustCompile(`report-\d{3}`).FindAllString(r.Body, -1)
		if pages == 0 && (len(got) == 0 || got[0] != "report-130") {
			t.Fatalf("the first page does not start with the newest report: %v", got[:min(3, len(got))])
		}
		for i, g := range got {
			if i > 0 && g > got[i-1] {
				t.Fatalf("%s: not newest first: %s after %s", path, g, got[i-1])
			}
			seen[g] = true
		}
		m := regexp.MustCompile(`href="(/projects/\d+\?cursor=\d+)#feedback"`).FindStringSubmatch(r.Body)
		path = ""
		if m != nil {
			path = m[1]
		}
		if pages > 0 && !strings.Contains(r.Body, fmt.Sprintf(`href="/projects/%d#feedback"`, e.pid)) {
			t.Errorf("an older page has no link back to the newest feedback")
		}
	}
	if len(seen) != 130 {
		t.Fatalf("the pages together show %d of 130 reports", len(seen))
	}
	// The API: the same pages, by next_cursor.
	var ids []int
	next := ""
	for pages := 0; pages == 0 || next != ""; pages++ {
		if pages > 5 {
			t.Fatal("next_cursor never ends")
		}
		q := ""
		if next != "" {
			q = "?cursor=" + next
		}
		r := h.api("GET", fmt.Sprintf("/api/v1/projects/%d/feedback%s", e.pid, q), e.eng, nil).must(t, 200)
		list := r.JSON["feedback"].([]any)
		if len(list) > 50 {
			t.Fatalf("an API page of %d reports", len(list))
		}
		for _, f := range list {
			ids = append(ids, num(f.(map[string]any), "id"))
		}
		next, _ = r.JSON["next_cursor"].(string)
	}
	if len(ids) != 130 || ids[0] < ids[len(ids)-1] {
		t.Errorf("the API's pages: %d reports, first %d last %d: want 130, newest first", len(ids), ids[0], ids[len(ids)-1])
	}
	h.api("GET", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), "", nil).must(t, 401)
	h.api("GET", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.author, nil).must(t, 403)
	// The accepted tester reads the same pages; a cursor not given is refused.
	tb := h.browser()
	tb.signIn("fan@x.cn", "fan-password")
	if r := tb.get(fmt.Sprintf("/projects/%d", e.pid)); len(feedbackRow.FindAllString(r.Body, -1)) != 50 {
		t.Errorf("the tester's page: %d reports, want 50", len(feedbackRow.FindAllString(r.Body, -1)))
	}
	if r := tb.get(fmt.Sprintf("/projects/%d?cursor=abc", e.pid)); r.Status != 400 {
		t.Errorf("a bad cursor: %d, want 400", r.Status)
	}
}

// One tester cannot flood a project: past MaxWaitingFeedback reports
// waiting for the engineers, the next is refused (409) with the reason in
// their language beside the feedback form and what they typed kept; an
// answer from the engineers makes room again.
func TestProjfixFeedbackCapPerTester(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	var first int
	for n := 1; n <= workflow.MaxWaitingFeedback; n++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": fmt.Sprintf("第 %d 条", n)}).must(t, 201)
		if n == 1 {
			first = num(r.JSON, "id")
		}
	}
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "one too many"})
	if r.Status != 409 || r.errCode() != "too_many_waiting_reports" {
		t.Fatalf("report %d: %d %s, want 409 too_many_waiting_reports", workflow.MaxWaitingFeedback+1, r.Status, r.Body)
	}
	// On the page, in Chinese: the reason inside the form, the text kept.
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)
	typed := "洗到一半门打不开"
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	pr := b.post(page, page+"/feedback", url.Values{"rating": {"2"}, "body": {typed}})
	if pr.Status != 409 {
		t.Fatalf("the page's refused report: %d", pr.Status)
	}
	form := pr.Body[strings.Index(pr.Body, `action="/projects/`+itoa(int64(e.pid))+`/feedback"`):]
	form = form[:strings.Index(form, "</form>")]
	if !strings.Contains(form, `role="alert"`) || !strings.Contains(form, "工程师还没有回复你") || !strings.Contains(form, typed) {
		t.Fatalf("the feedback form does not say why in Chinese or lost the text: %s", form)
	}
	// Another tester is not held by this one's reports.
	other := h.fan("other@x.cn")
	otherID := h.userID(other)
	h.earn(int(otherID), 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), other, map[string]string{"motivation": "我也洗"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, otherID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), other, map[string]any{"rating": 4, "body": "还行"}).must(t, 201)
	// A reply (without "addressed") answers a report: room for one more.
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, first), e.eng, map[string]any{"addressed": false, "reply": "收到，在查"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "again"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "and again"}).must(t, 409)
}

// A comment moderators hid waits for no answer on the reply-time
// dashboard, and a hidden official comment answers nobody.
func TestProjfixRepliesLeaveOutHidden(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	eng := h.engineer(admin, "eng@x.cn")
	author := h.fan("author@x.cn")
	spammer := h.fan("spam@x.cn")
	asker := h.fan("asker@x.cn")
	idea := h.idea(author, cid, "免清洗内筒")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), eng, map[string]any{"body": "谢谢，我们在看"}).must(t, 201)
	h.advance(time.Minute)
	hide := func(id int) {
		h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", id), admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	}
	for i := 0; i < 3; i++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), spammer, map[string]any{"body": fmt.Sprintf("buy cheap stuff %d", i)}).must(t, 201)
		hide(num(r.JSON, "id"))
	}
	// A second idea: a fan's question, "answered" by an official comment
	// that was then hidden.
	idea2 := h.idea(author, cid, "静音模式")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea2), eng, map[string]any{"body": "收到"}).must(t, 201)
	h.advance(time.Minute)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea2), asker, map[string]any{"body": "什么时候有？"}).must(t, 201)
	h.advance(time.Minute)
	r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea2), eng, map[string]any{"body": "wrong thread"}).must(t, 201)
	hide(num(r.JSON, "id"))
	h.advance(72 * time.Hour)
	engU, _ := h.store.User(context.Background(), h.userID(eng))
	st, waits, err := h.svc.ReplyTimes(context.Background(), &engU, int64(cid))
	if err != nil {
		t.Fatal(err)
	}
	if st.Unanswered != 1 || st.Oldest > 72*time.Hour+time.Minute {
		t.Errorf("stats: unanswered=%d oldest=%s, want only the question, waiting 72h", st.Unanswered, st.Oldest)
	}
	for _, w := range waits {
		if w.IdeaID == int64(idea) && w.Kind == "comment" {
			t.Errorf("a hidden comment is a wait: %+v", w)
		}
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	body := b.get(fmt.Sprintf("/challenges/%d/replies", cid)).Body
	if strings.Contains(body, "免清洗内筒") || !strings.Contains(body, "静音模式") {
		t.Errorf("the waiting list: hidden spam listed or the real question missing")
	}
}

// The dashboard lists the oldest domain.WaitingShown of those waiting and
// says how many wait in all.
func TestProjfixRepliesWaitingCapped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.engineer(admin, "eng@x.cn")
	author := h.fan("author@x.cn")
	idea := h.idea(author, cid, "免清洗内筒")
	for i := 0; i < 104; i++ {
		h.advance(time.Second)
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]any{"body": fmt.Sprintf("还有一点 %d", i)}).must(t, 201)
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	b.post("/", "/lang", url.Values{"lang": {"en"}}).must(t, 303)
	body := b.get(fmt.Sprintf("/challenges/%d/replies", cid)).Body
	if n := strings.Count(body, `class="waiting"`); n != 100 {
		t.Errorf("the waiting list has %d rows, want the oldest 100", n)
	}
	if !strings.Contains(body, "of 105 still waiting") {
		t.Errorf("the page does not say 105 wait in all")
	}
	first := body[strings.Index(body, `class="waiting"`):]
	if !strings.HasPrefix(first, fmt.Sprintf(`class="waiting"><a href="/ideas/%d">`, idea)) {
		t.Errorf("the idea itself, the oldest wait, is not listed first: %.120s", first)
	}
}

// A launched or shelved project's open milestone is not overdue: on the
// API, the board and the page.
func TestProjfixOverdueEndsAtLaunch(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	due := h.clock().Add(24 * time.Hour)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng, map[string]any{"title": "样机评审", "due_at": due}).must(t, 201)
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test", "pilot"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.advance(48 * time.Hour)
	overdue := func() (api bool, board, page bool) {
		r := h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200)
		api = r.JSON["milestones"].([]any)[0].(map[string]any)["overdue"].(bool)
		board = strings.Contains(h.browser().get("/projects").Body, `class="overdue"`)
		page = strings.Contains(h.browser().get(fmt.Sprintf("/projects/%d", e.pid)).Body, "milestone overdue")
		return
	}
	if a, b, p := overdue(); !a || !b || !p {
		t.Fatalf("in pilot, past due: overdue api=%v board=%v page=%v, want all", a, b, p)
	}
	e.move(e.eng, "launched", "").must(t, 200)
	if a, b, p := overdue(); a || b || p {
		t.Errorf("launched: overdue api=%v board=%v page=%v, want none", a, b, p)
	}
	// A milestone added after the launch with a past date is not overdue either.
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid), e.eng, map[string]any{"title": "复盘", "due_at": h.clock().Add(-time.Hour)}).must(t, 201)
	if r.JSON["overdue"].(bool) {
		t.Errorf("a milestone added to a launched project is overdue: %s", r.Body)
	}
}

// The credits form's role input allows what the rule allows, keeps what
// was typed when refused, and credits only people linked to the project.
func TestProjfixCredits(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)
	uid := itoa(int64(e.authorID))
	if !strings.Contains(b.get(page).Body, fmt.Sprintf(`name="role_%s" value="" maxlength="%d"`, uid, workflow.MaxCreditRoleLen)) {
		t.Errorf("the role input's maxlength is not the rule's %d", workflow.MaxCreditRoleLen)
	}
	role := strings.Repeat("r", workflow.MaxCreditRoleLen+20)
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	r := b.post(page, page+"/credits", url.Values{"credit": {uid}, "role_" + uid: {role}})
	if r.Status != 400 {
		t.Fatalf("a role of %d characters: %d", len(role), r.Status)
	}
	form := r.Body[strings.Index(r.Body, `action="/projects/`+itoa(int64(e.pid))+`/credits"`):]
	form = form[:strings.Index(form, "</form>")]
	if !strings.Contains(form, `role="alert"`) || !strings.Contains(form, `value="`+role+`"`) ||
		!regexp.MustCompile(`value="`+uid+`" checked`).MatchString(form) {
		t.Fatalf("the refused credits form lost what was typed or does not say why: %s", form)
	}
	// Someone with no link to the project (the admin is staff: a fan here).
	stranger := h.fan("stranger@x.cn")
	sid := h.userID(stranger)
	r = b.post(page, page+"/credits", url.Values{"credits": {fmt.Sprintf("#%d 联合创造者", sid)}})
	if r.Status != 400 || !strings.Contains(r.Body, "只能致谢参与了这个项目的人") {
		t.Errorf("crediting a stranger: %d", r.Status)
	}
	r = b.post(page, page+"/credits", url.Values{"credits": {"#999999 ghost"}})
	if r.Status != 400 {
		t.Errorf("crediting an unknown account: %d", r.Status)
	}
	// The author and the engineer may be credited, with a full-length role.
	ok := strings.Repeat("设", workflow.MaxCreditRoleLen)
	eid := itoa(int64(e.engID))
	b.post(page, page+"/credits", url.Values{"credit": {uid, eid}, "role_" + uid: {ok}, "role_" + eid: {"工程"}}).must(t, 303)
	cr, err := h.store.Credits(context.Background(), int64(e.pid))
	if err != nil || len(cr) != 2 {
		t.Fatalf("credits: %+v %v", cr, err)
	}
	for _, c := range cr {
		if c.User.ID == sid {
			t.Errorf("the stranger was credited")
		}
	}
}
