package web

import (
	"fmt"
	"html"
	"net/url"
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
	if body := eng.zhPage("/notifications"); !strings.Contains(body, html.EscapeString(jT("zh", "notice.project_question_by", "免清洗内筒", "fan"))) {
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
	// Their next comment does not follow it again: they chose.
	h.api("POST", comments, e.fan, map[string]any{"body": "谢谢 thanks"}).must(t, 201)
	h.api("POST", comments, e.eng, map[string]any{"body": "不客气 you're welcome"}).must(t, 201)
	if got := len(e.notices(t, e.fan)); got != before {
		t.Errorf("a fan who unfollowed was made to follow again by their next comment (%d → %d)", before, got)
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

// An engineer whose project was handed on while they wrote an update, and
// a tester un-chosen while they wrote a report, get the project's page
// back saying why, with what they wrote to copy: not an error page that
// loses it.
func TestEng47ALostFormKeepsWhatWasWritten(t *testing.T) {
	t.Parallel()
	e, eng, page := engineerOnProject(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10)
	testers := fmt.Sprintf("/api/v1/projects/%d/testers", e.pid)
	h.api("POST", testers, e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("%s/%d", testers, e.fanID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fanToken := fan.csrf(page)
	engToken := eng.csrf(page)

	// Both forms were drawn when they began to write; then the engineer
	// un-chooses the tester, and the admin hands the project on.
	h.api("PUT", fmt.Sprintf("%s/%d", testers, e.fanID), e.eng, map[string]bool{"accepted": false}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/owner", e.pid), e.admin, map[string]any{"owner_id": e.eng2ID}).must(t, 200)

	for _, c := range []struct {
		who  *browser
		path string
		form url.Values
		text string
		why  string
	}{
		{eng, page + "/updates", url.Values{"body": {"本周完成了第二轮噪音测试。"}, "_csrf": {engToken}}, "本周完成了第二轮噪音测试。", jT("zh", "eng47.not_yours", "eng2")},
		{fan, page + "/feedback", url.Values{"rating": {"4"}, "body": {"脱水时声音有点大，门封有异味。"}, "_csrf": {fanToken}}, "脱水时声音有点大，门封有异味。", jT("zh", "error.not_a_tester")},
	} {
		r := c.who.postLang(c.path, strings.NewReader(c.form.Encode()), "zh-CN")
		if r.Status != 403 {
			t.Errorf("%s: %d, want the page back refused (403)", c.path, r.Status)
			continue
		}
		if !strings.Contains(r.Body, `<textarea id="unsent-text" rows="4" readonly>`+html.EscapeString(c.text)+`</textarea>`) ||
			!strings.Contains(r.Body, html.EscapeString(jT("zh", "eng47.unsent"))) || !strings.Contains(r.Body, `<p class="alert" role="alert">`+html.EscapeString(c.why)+`</p>`) {
			t.Errorf("%s: the page does not say why with the text to copy: %.400s", c.path, r.Body)
		}
		if !strings.Contains(r.Body, `<h1`) || !strings.Contains(r.Body, "免清洗内筒") {
			t.Errorf("%s: not the project's page", c.path)
		}
	}
	// A visitor is still refused by the error page (nothing to keep).
	if r := h.browser().post(page, page+"/updates", url.Values{"body": {"x"}}); r.Status == 200 || strings.Contains(r.Body, "unsent-text") {
		t.Errorf("a visitor's refused update: %d", r.Status)
	}
}

// The organiser's 立项 on the triage page, refused (the engineer chosen was
// suspended since the page was drawn; a colleague opened it meanwhile),
// comes back to the queue saying why, in Chinese: not a bare error page.
func TestEng47TriageOpenRefusalsStayOnTheQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	_, engID := h.staffer(admin, "eng@x.cn", "engineer")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	b := h.adminBrowser()
	b.post(fmt.Sprintf("/ideas/%d", idea), fmt.Sprintf("/ideas/%d/pick", idea), nil).must(t, 303)
	token := b.csrf("/triage")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", engID), admin, map[string]any{"suspended": true, "reason": "离职"}).must(t, 200)

	open := func(owner int64) res {
		form := url.Values{"owner_id": {itoa(owner)}, "_csrf": {token}}
		return b.postLang(fmt.Sprintf("/ideas/%d/project", idea), strings.NewReader(form.Encode()), "zh-CN")
	}
	r := open(int64(engID))
	if r.Status != 400 || !strings.Contains(r.Body, `class="card triage-item"`) || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.owner_suspended"))) {
		t.Errorf("opened for a suspended engineer: %d %.300s", r.Status, r.Body)
	}
	adminID := h.userID(admin)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": adminID}).must(t, 201)
	r = open(adminID)
	if r.Status != 409 || !strings.Contains(r.Body, html.EscapeString(jT("zh", "triage.title"))) || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.project_exists"))) {
		t.Errorf("opened twice: %d %.300s", r.Status, r.Body)
	}
}

// An idea the engineers decline in triage is told to its author and its
// voters, with the engineer's reason, in their language.
func TestEng47ADeclinedIdeaIsTold(t *testing.T) {
	t.Parallel()
	e := newProject(t) // the fan voted for the author's idea
	h := e.h
	b := h.adminBrowser()
	b.post(fmt.Sprintf("/ideas/%d", e.ideaID), fmt.Sprintf("/ideas/%d/pick", e.ideaID), nil).must(t, 303)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	eng.post("/triage", fmt.Sprintf("/ideas/%d/decline", e.ideaID), url.Values{"reason": {"电机成本太高"}}).must(t, 303)
	for who, kind := range map[string]string{e.author: "not_built", e.fan: "backed_not_built"} {
		n := noticeOf(e.notices(t, who), kind)
		if n == nil || n["url"] != fmt.Sprintf("/ideas/%d", e.ideaID) || !strings.Contains(fmt.Sprint(n["text"]), "电机成本太高") {
			t.Errorf("%s was not told, with the reason: %v", kind, e.notices(t, who))
		}
	}
	if len(e.notices(t, e.eng)) != 0 {
		t.Errorf("the engineer who declined was told: %v", e.notices(t, e.eng))
	}
	author := h.browser()
	author.signIn("author@x.cn", "fan-password")
	if body := author.zhPage("/notifications"); !strings.Contains(body, html.EscapeString(jT("zh", "notice.not_built", "免清洗内筒", "电机成本太高"))) {
		t.Errorf("the author's notifications do not say so in Chinese")
	}
	// The organiser is no longer offered to send it to the engineers (the
	// queue leaves declined ideas out); a stale page's pick says why.
	page := fmt.Sprintf("/ideas/%d", e.ideaID)
	if body := b.zhPage(page); strings.Contains(body, page+`/pick"`) || !strings.Contains(body, "电机成本太高") {
		t.Errorf("the declined idea's page offers a pick, or does not say why it was declined")
	}
	r := b.postLang(page+"/pick", strings.NewReader(url.Values{"_csrf": {b.csrf(page)}}.Encode()), "zh-CN")
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), page) {
		t.Fatalf("a stale pick: %d %s", r.Status, r.Header.Get("Location"))
	}
	if body := b.zhPage(r.Header.Get("Location")); !strings.Contains(body, html.EscapeString(jT("zh", "error.already_declined"))) {
		t.Errorf("a stale pick's refusal is not said on the idea's page")
	}
	if strings.Contains(b.get("/triage").Body, "免清洗内筒") {
		t.Errorf("the declined idea came back to triage")
	}
}

// The organiser's overview of reply times lists the projects whose tester
// reports wait for their engineer, naming the engineer and leading to the
// report that waited longest; answered, the project leaves the list.
func TestEng47TheOverviewNamesTheEngineerWhoOwesAnAnswer(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	first := num(h.api("POST", feedback, e.fan, map[string]any{"rating": 2, "body": "洗到一半门打不开"}).must(t, 201).JSON, "id")
	h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": "门封有异味"}).must(t, 201)
	b := h.adminBrowser()
	body := b.zhPage("/replies")
	row := fmt.Sprintf(`<p class="project-answers" id="pa-%d"><a href="/projects/%d?report=%d#fb-%d">免清洗内筒</a> — %s`, e.pid, e.pid, first, first, jT("zh", "eng47.engineer", "eng"))
	if !strings.Contains(body, `id="tester-reports"`) || !strings.Contains(body, row) {
		t.Fatalf("the overview does not name the engineer owing the answer: %.3000s", body)
	}
	if !strings.Contains(body, row+jT("zh", "reply31.sep")+"<strong>2 条仍在等待") {
		t.Errorf("the overview does not count the two waiting reports")
	}
	// The engineer answers both: the project leaves the list.
	for _, r := range h.api("GET", feedback, e.eng, nil).must(t, 200).JSON["feedback"].([]any) {
		id := num(r.(map[string]any), "id")
		h.api("PUT", fmt.Sprintf("%s/%d", feedback, id), e.eng, map[string]any{"addressed": true, "reply": "已修复"}).must(t, 200)
	}
	if body := b.zhPage("/replies"); strings.Contains(body, fmt.Sprintf(`id="pa-%d"`, e.pid)) {
		t.Errorf("an answered project is still listed as waiting")
	}
}
