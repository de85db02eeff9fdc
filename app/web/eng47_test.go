package web

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

// The engineer an organiser makes a project's owner is told it is theirs;
// a fan who writes on the project's idea reaches that engineer, and hears
// the engineer's answer, following the idea from their comment on.
func TestEng47TheEngineerAndTheAskingFanHearEachOther(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t) // the admin opens it for eng
	h := e.h
	link := fmt.Sprintf("/projects/%d", e.pid)
	assigned := noticeOf(e.notices(t, e.eng), "project_assigned")
	if assigned == nil || assigned["url"] != link {
		t.Fatalf("the engineer was not told the project is theirs: %v", e.notices(t, e.eng))
	}
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	if body := eng.zhPage("/notifications"); !strings.Contains(body, html.EscapeString(jT("zh", "notice.project_assigned", "免清洗内筒"))) {
		t.Errorf("the engineer's notifications do not say, in Chinese, that the project is theirs")
	}
	if noticeOf(e.notices(t, e.eng2), "project_assigned") != nil || noticeOf(e.notices(t, e.fan), "project_assigned") != nil {
		t.Errorf("someone else was told the project is theirs")
	}

	comments := fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID)
	h.api("POST", comments, e.fan, map[string]any{"body": "内筒多久需要清洗一次？ how often?"}).must(t, 201)
	asked := noticeOf(e.notices(t, e.eng), "project_question")
	if asked == nil || !strings.HasPrefix(fmt.Sprint(asked["url"]), fmt.Sprintf("/ideas/%d", e.ideaID)) {
		t.Fatalf("the engineer was not told of the fan's question: %v", e.notices(t, e.eng))
	}
	if body := eng.zhPage("/notifications"); !strings.Contains(body, html.EscapeString(jT("zh", "notice.project_question", "免清洗内筒"))) {
		t.Errorf("the engineer's notifications do not show the question in Chinese")
	}
	// A second question while the first is unread: one notice until they look.
	h.api("POST", comments, e.fan, map[string]any{"body": "还有一个问题 one more"}).must(t, 201)
	n := 0
	for _, x := range e.notices(t, e.eng) {
		if x["kind"] == "project_question" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the engineer has %d question notices, want 1 until they read it", n)
	}

	// The engineer answers officially: the fan who asked hears it.
	h.api("POST", comments, e.eng, map[string]any{"body": "每三个月一次 every three months"}).must(t, 201)
	if noticeOf(e.notices(t, e.fan), "followed_official") == nil {
		t.Errorf("the fan who asked was not told of the engineer's answer: %v", e.notices(t, e.fan))
	}
	if noticeOf(e.notices(t, e.author), "official") == nil {
		t.Errorf("the idea's author was not told of the official answer")
	}
	// They may stop following, and hear no more.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/follow", e.ideaID), e.fan, nil).must(t, 200)
	before := len(e.notices(t, e.fan))
	h.api("POST", comments, e.eng2, map[string]any{"body": "补充 more"}).must(t, 201)
	if got := len(e.notices(t, e.fan)); got != before {
		t.Errorf("an unfollowing fan was told again (%d → %d)", before, got)
	}
}

// A fan the engineer did not choose to test reads so on the project's page
// (and the API's viewer says declined), not that they still wait; one
// still waiting reads that they wait.
func TestEng47ADeclinedApplicantIsNotToldToWait(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10)
	h.earn(e.authorID, 10)
	testers := fmt.Sprintf("/api/v1/projects/%d/testers", e.pid)
	h.api("POST", testers, e.author, map[string]string{"motivation": "我也想试"}).must(t, 201)
	h.api("POST", testers, e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("%s/%d", testers, e.authorID), e.eng, map[string]bool{"accepted": false}).must(t, 200)

	page := fmt.Sprintf("/projects/%d", e.pid)
	viewer := func(tok string) map[string]any {
		return h.api("GET", "/api/v1"+page, tok, nil).must(t, 200).JSON["viewer"].(map[string]any)
	}
	author := h.browser()
	author.signIn("author@x.cn", "fan-password")
	body := author.zhPage(page)
	if !strings.Contains(body, html.EscapeString(jT("zh", "eng47.declined"))) || strings.Contains(body, html.EscapeString(jT("zh", "project.applied_wait"))) {
		t.Errorf("the declined applicant's page does not say they were not chosen")
	}
	if v := viewer(e.author); v["declined"] != true || v["applied"] != true || v["tester"] != false {
		t.Errorf("the API's viewer for the declined: %v", v)
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	body = fan.zhPage(page)
	if !strings.Contains(body, html.EscapeString(jT("zh", "project.applied_wait"))) || strings.Contains(body, html.EscapeString(jT("zh", "eng47.declined"))) {
		t.Errorf("the waiting applicant's page does not say they wait")
	}
	if v := viewer(e.fan); v["declined"] != false {
		t.Errorf("the API's viewer for the waiting: %v", v)
	}
}
