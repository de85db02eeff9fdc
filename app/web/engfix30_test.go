package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// notices is a person's notifications, newest first, as kind and link.
func (e *projectEnv) notices(t *testing.T, tok string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, n := range e.h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).JSON["notifications"].([]any) {
		if !roleNotice(n.(map[string]any)) {
			out = append(out, n.(map[string]any))
		}
	}
	return out
}

// noticeOf is the newest of the notices of kind, or nil.
func noticeOf(ns []map[string]any, kind string) map[string]any {
	for _, n := range ns {
		if n["kind"] == kind {
			return n
		}
	}
	return nil
}

// The engineer who runs a project hears of each application to test (from
// the page's form too) and of each tester's report, each linked to where
// they act; an applicant hears they were chosen, or declined; nobody hears
// of their own act. The page marks and counts the reports waiting for a
// reply, and the reply is a several-line box.
func TestEngfix30EngineerHearsOfTesting(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10)
	h.earn(e.authorID, 10)
	page := fmt.Sprintf("/projects/%d", e.pid)
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fan.post(page, page+"/testers", url.Values{"motivation": {"我每天洗衣服"}}).must(t, 303)
	n := noticeOf(e.notices(t, e.eng), "tester_applied")
	if n == nil || n["url"] != page+"#applications" || !strings.Contains(fmt.Sprint(n["text"]), "免清洗内筒") {
		t.Fatalf("the engineer was not told of the application, at the applications: %v", e.notices(t, e.eng))
	}
	if noticeOf(e.notices(t, e.fan), "tester_applied") != nil {
		t.Error("the applicant was told of their own application")
	}
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	if body := eng.get(page).must(t, 200).Body; !strings.Contains(body, `id="applications"`) {
		t.Error("the notice's link has no applications to land on")
	}

	// Declined: told; declined again: not told twice.
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.author, map[string]string{"motivation": "我也想试"}).must(t, 201)
	decide := func(uid int, accepted bool) {
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, uid), e.eng, map[string]bool{"accepted": accepted}).must(t, 200)
	}
	count := func(tok, kind string) int {
		c := 0
		for _, n := range e.notices(t, tok) {
			if n["kind"] == kind {
				c++
			}
		}
		return c
	}
	// The page offers to decline a waiting application, and marks a declined one.
	application := func() string {
		body := eng.get(page).must(t, 200).Body
		i := strings.Index(body, fmt.Sprintf(`href="/users/%d"><strong>`, e.authorID))
		if i < 0 {
			t.Fatalf("the author's application is not on the page")
		}
		return body[i : i+strings.Index(body[i:], "</form>")]
	}
	if a := application(); !strings.Contains(a, `name="accepted" value="0"`) || !strings.Contains(a, `name="accepted" value="1"`) {
		t.Errorf("a waiting application is not offered both accept and decline: %s", a)
	}
	eng.post(page, fmt.Sprintf("%s/testers/%d", page, e.authorID), url.Values{"accepted": {"0"}}).must(t, 303)
	decide(e.authorID, false)
	if c := count(e.author, "tester_declined"); c != 1 {
		t.Errorf("a declined applicant was told %d times, want once", c)
	}
	if a := application(); strings.Contains(a, `name="accepted" value="0"`) || !strings.Contains(a, `name="accepted" value="1"`) || !strings.Contains(a, "Not chosen") {
		t.Errorf("a declined application is not marked, with accept still offered: %s", a)
	}
	// Chosen, then un-chosen from the page: told each time.
	decide(e.fanID, true)
	eng.post(page, fmt.Sprintf("%s/testers/%d", page, e.fanID), url.Values{"accepted": {"0"}}).must(t, 303)
	if count(e.fan, "tester_chosen") != 1 || count(e.fan, "tester_declined") != 1 {
		t.Errorf("the tester was not told of being chosen and un-chosen: %v", e.notices(t, e.fan))
	}
	decide(e.fanID, true)

	// A report: the engineer is told, linked to the report.
	fan.post(page, page+"/feedback", url.Values{"rating": {"4"}, "body": {"脱水时声音有点大"}}).must(t, 303)
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": "门封有异味"}).must(t, 201)
	fid := num(r.JSON, "id")
	n = noticeOf(e.notices(t, e.eng), "feedback_given")
	if n == nil || n["url"] != fmt.Sprintf("%s?report=%d#fb-%d", page, fid, fid) {
		t.Fatalf("the engineer was not told of the report, at the report: %v", n)
	}
	if count(e.eng, "feedback_given") != 2 || noticeOf(e.notices(t, e.fan), "feedback_given") != nil {
		t.Error("want the engineer told of both reports, and the tester of none")
	}

	// The engineer's page: both reports wait, marked and counted; the
	// reply is a textarea of the same name.
	eng.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	body := eng.get(page).must(t, 200).Body
	if !regexp.MustCompile(`<a class="button small waiting-jump" href="/projects/\d+\?report=\d+#fb-\d+">待回复 2 ↓</a>`).MatchString(body) {
		t.Errorf("the page's top does not lead to the reports waiting (session 53)")
	}
	if !regexp.MustCompile(`id="feedback-waiting"[^>]*>待回复 2<`).MatchString(body) {
		t.Errorf("the page does not count 2 reports waiting")
	}
	if got := len(regexp.MustCompile(`class="feedback waiting"`).FindAllString(body, -1)); got != 2 {
		t.Errorf("%d reports marked waiting, want 2", got)
	}
	if !strings.Contains(body, fmt.Sprintf(`<textarea id="reply-%d" name="reply" rows="3"`, fid)) {
		t.Errorf("the reply is not a textarea")
	}
	eng.post(page, fmt.Sprintf("%s/feedback/%d", page, fid), url.Values{"reply": {"已换门封"}}).must(t, 303)
	body = eng.get(page).must(t, 200).Body
	if !regexp.MustCompile(`id="feedback-waiting"[^>]*>待回复 1<`).MatchString(body) || strings.Contains(body, fmt.Sprintf(`class="feedback waiting" id="fb-%d"`, fid)) {
		t.Errorf("a replied report still counts as waiting")
	}
	// The tester sees neither the count nor the marks: they are the engineer's to-do.
	if body := fan.get(page).Body; strings.Contains(body, "feedback-waiting") || strings.Contains(body, "feedback waiting") {
		t.Error("the tester sees the engineer's waiting count")
	}
}

// Once launched (or shelved), testing is over: no tester is chosen, no
// report sent, by the API or the page, each refused as testing_over naming
// the stage; the page draws neither form and says why.
func TestEngfix30TestingEndsAtLaunch(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	h.earn(e.authorID, 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.author, map[string]string{"motivation": "我也想试"}).must(t, 201)
	for _, to := range []string{"pilot", "launched"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	page := fmt.Sprintf("/projects/%d", e.pid)
	r := h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.authorID), e.eng, map[string]bool{"accepted": true})
	if r.Status != 409 || r.errCode() != "testing_over" || r.errField() != "stage" {
		t.Errorf("choosing a tester after launch: %d %s", r.Status, r.Body)
	}
	r = h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 4, "body": "还是很吵"})
	if r.Status != 409 || r.errCode() != "testing_over" || r.errField() != "stage" {
		t.Errorf("a report after launch: %d %s", r.Status, r.Body)
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fan.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	body := fan.get(page).must(t, 200).Body
	if strings.Contains(body, `action="`+page+`/feedback"`) {
		t.Error("the tester is offered the report form after launch")
	}
	if !strings.Contains(body, "已上市，测试已结束") {
		t.Error("the page does not say why the form is gone")
	}
	// A report posted anyway (an old tab) is refused with the reason on the page.
	if r := fan.post(page, page+"/feedback", url.Values{"rating": {"4"}, "body": {"还是很吵"}}); r.Status != 409 || !strings.Contains(r.Body, "测试已结束") {
		t.Errorf("a late report from the page: %d", r.Status)
	}
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	body = eng.get(page).must(t, 200).Body
	if strings.Contains(body, fmt.Sprintf(`action="%s/testers/%d"`, page, e.authorID)) {
		t.Error("the engineer is offered to choose a tester after launch")
	}
	if r := eng.post(page, fmt.Sprintf("%s/testers/%d", page, e.authorID), url.Values{"accepted": {"1"}}); r.Status != 409 {
		t.Errorf("choosing from the page after launch: %d", r.Status)
	}
	if n := noticeOf(e.notices(t, e.author), "tester_chosen"); n != nil {
		t.Error("an applicant was told they were chosen after launch")
	}
}

// A milestone may not be due before today, on the page (refused at the
// field, what was typed kept) and in the API (400 naming due_at); today is
// fine. Days are the site's (the page) or the due date's own zone (the API).
func TestEngfix30MilestoneNotBeforeToday(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	page := fmt.Sprintf("/projects/%d", e.pid)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	eng.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	now := h.clock()
	yesterday, today := now.AddDate(0, 0, -1).Format("2006-01-02"), now.Format("2006-01-02")
	r := eng.post(page, page+"/milestones", url.Values{"title": {"样机评审"}, "due_at": {yesterday}}).must(t, 400)
	form := r.Body[strings.Index(r.Body, `action="`+page+`/milestones"`):]
	form = form[:strings.Index(form, "</form>")]
	if !strings.Contains(form, "截止日期不能早于今天") || !strings.Contains(form, `value="`+yesterday+`"`) || !strings.Contains(form, `value="样机评审"`) {
		t.Errorf("the refusal is not at the form with what was typed: %s", form)
	}
	// The date takes the focus, and the input says which is the earliest.
	if !strings.Contains(form, `<input id="ms-due" name="due_at" type="date" min="`+today+`" autofocus`) || strings.Contains(form, `id="ms-title" name="title" autofocus`) {
		t.Errorf("the due date does not take the focus, or has no min of today: %s", form)
	}
	eng.post(page, page+"/milestones", url.Values{"title": {"样机评审"}, "due_at": {today}}).must(t, 303)

	api := fmt.Sprintf("/api/v1/projects/%d/milestones", e.pid)
	r = h.api("POST", api, e.eng, map[string]any{"title": "复盘", "due_at": now.Add(-24 * time.Hour)})
	if r.Status != 400 || r.errCode() != "due_before_today" || r.errField() != "due_at" {
		t.Errorf("a due date yesterday by the API: %d %s", r.Status, r.Body)
	}
	h.api("POST", api, e.eng, map[string]any{"title": "复盘", "due_at": now.Add(-time.Hour)}).must(t, 201)
	h.api("POST", api, e.eng, map[string]any{"title": "复盘", "due_at": now.Add(24 * time.Hour)}).must(t, 201)
}
