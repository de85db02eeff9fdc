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
)

var fb32Row = regexp.MustCompile(`<div class="feedback[^"]*" id="fb-(\d+)"`)

// fb32Rows are the ids of the reports a project page shows, in its order.
func fb32Rows(body string) []int {
	var ids []int
	for _, m := range fb32Row.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		ids = append(ids, n)
	}
	return ids
}

// fb32Reports gives e's project n more reports than it has, the newest
// last (answered or not), straight in the table, and returns all its
// report ids, newest first.
func fb32Reports(t *testing.T, e *projectEnv, n int, answered bool) []int {
	t.Helper()
	db := e.h.rawDB()
	done := 0
	if answered {
		done = 1
	}
	for i := 1; i <= n; i++ {
		if _, err := db.Exec(`INSERT INTO tester_feedback (project_id, tester_id, rating, body, addressed, reply, created_at) VALUES (?, ?, 3, ?, ?, '', ?)`,
			e.pid, e.fanID, fmt.Sprintf("report-%03d", i), done, e.h.clock().Add(time.Duration(i)*time.Second).UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query(`SELECT id FROM tester_feedback WHERE project_id = ? ORDER BY id DESC`, e.pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// A report's own address (the feedback_given notice's link) shows the page
// of the project's feedback that holds it, however many newer reports came
// since: the same page the older-feedback links reach, with the report's
// reply box, and replying there comes back to it. The API's list takes the
// same report= and gives that page.
func TestFb32ReportAddressReachesOldReports(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	// The report the engineer is told of, then 129 newer ones: it is the
	// 130th newest, three pages down.
	old := num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 2, "body": "门封有异味"}).must(t, 201).JSON, "id")
	ids := fb32Reports(t, e, 129, true)
	if ids[129] != old {
		t.Fatalf("the first report is not the oldest: %v", ids[120:])
	}
	var link string
	for _, n := range e.notices(t, e.eng) {
		if n["kind"] == "feedback_given" {
			link = n["url"].(string)
		}
	}
	project := fmt.Sprintf("/projects/%d", e.pid)
	if want := fmt.Sprintf("%s?report=%d#fb-%d", project, old, old); link != want {
		t.Fatalf("the notice links to %q, want %q", link, want)
	}
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	// The pages the older-feedback links reach, by cursor.
	pages := map[string][]int{}
	cursorOf := map[int]string{} // report id → the cursor of its page
	for path, cursor := project, ""; ; {
		r := b.get(path)
		if r.Status != 200 {
			t.Fatalf("%s: %d", path, r.Status)
		}
		rows := fb32Rows(r.Body)
		pages[cursor] = rows
		for _, id := range rows {
			cursorOf[id] = cursor
		}
		m := regexp.MustCompile(`href="/projects/\d+\?cursor=(\d+)#feedback"`).FindStringSubmatch(r.Body)
		if m == nil {
			break
		}
		path, cursor = project+"?cursor="+m[1], m[1]
	}
	if len(cursorOf) != 130 {
		t.Fatalf("the pages show %d of 130 reports", len(cursorOf))
	}
	// The newest, the last of the first page, the first of the second,
	// the 60th newest, the last of the second page, the oldest.
	for _, rank := range []int{0, 49, 50, 59, 99, 100, 129} {
		id := ids[rank]
		r := b.get(fmt.Sprintf("%s?report=%d", project, id))
		if r.Status != 200 {
			t.Fatalf("report %d (rank %d): %d", id, rank, r.Status)
		}
		rows := fb32Rows(r.Body)
		if !slices.Equal(rows, pages[cursorOf[id]]) {
			t.Errorf("report at rank %d: the page shows %d reports from %v, not its page (cursor %q)", rank, len(rows), rows[:min(1, len(rows))], cursorOf[id])
		}
		if !strings.Contains(r.Body, fmt.Sprintf(`id="reply-%d"`, id)) {
			t.Errorf("report at rank %d: no reply box", rank)
		}
		// Its reply form comes back to the same page, at the report.
		action := fmt.Sprintf(`action="/projects/%d/feedback/%d`, e.pid, id)
		if c := cursorOf[id]; c != "" {
			action += "?cursor=" + c
		}
		if !strings.Contains(r.Body, action+`"`) {
			t.Errorf("report at rank %d: its reply form does not keep its page (%s)", rank, action)
		}
	}
	// Following the notice's link, replying, and coming back to the report.
	r := b.get(link)
	if !strings.Contains(r.Body, fmt.Sprintf(`id="fb-%d"`, old)) {
		t.Fatal("the notice's link does not show the report")
	}
	r = b.post(link, fmt.Sprintf("/projects/%d/feedback/%d?cursor=%s", e.pid, old, cursorOf[old]), url.Values{"reply": {"换了门封"}})
	if want := fmt.Sprintf("%s?cursor=%s#fb-%d", project, cursorOf[old], old); r.Status != 303 || r.Header.Get("Location") != want {
		t.Errorf("the reply: %d to %q, want %q", r.Status, r.Header.Get("Location"), want)
	}

	// The API: the page holding the report, the same page as by cursor.
	api := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	apiIDs := func(q string, tok string) []int {
		r := h.api("GET", api+q, tok, nil).must(t, 200)
		var out []int
		for _, f := range r.JSON["feedback"].([]any) {
			out = append(out, num(f.(map[string]any), "id"))
		}
		return out
	}
	for _, rank := range []int{0, 59, 129} {
		id := ids[rank]
		q := ""
		if c := cursorOf[id]; c != "" {
			q = "?cursor=" + c
		}
		if got, want := apiIDs(fmt.Sprintf("?report=%d", id), e.eng), apiIDs(q, e.eng); !slices.Equal(got, want) || !slices.Contains(got, id) {
			t.Errorf("API report at rank %d: %d reports, want its page of %d", rank, len(got), len(want))
		}
	}
	// The accepted tester reads the same page.
	if got := apiIDs(fmt.Sprintf("?report=%d", ids[59]), e.fan); !slices.Contains(got, ids[59]) {
		t.Error("the tester's page by report does not hold it")
	}
	// Refused: not a number, with a cursor, another project's report, and
	// to those who may not read the reports.
	for _, c := range []struct {
		q      string
		status int
		code   string
	}{
		{"?report=abc", 400, "invalid_id"},
		{"?report=0", 400, "invalid_id"},
		{fmt.Sprintf("?report=%d&cursor=%d", old, ids[10]), 400, "invalid_cursor"},
		{"?report=999999", 404, "not_found"},
	} {
		if r := h.api("GET", api+c.q, e.eng, nil); r.Status != c.status || r.errCode() != c.code {
			t.Errorf("GET feedback%s: %d %s, want %d %s", c.q, r.Status, r.Body, c.status, c.code)
		}
	}
	if r := b.get(fmt.Sprintf("%s?report=abc", project)); r.Status != 400 {
		t.Errorf("the page with report=abc: %d, want 400", r.Status)
	}
	h.api("GET", fmt.Sprintf("%s?report=%d", api, old), e.author, nil).must(t, 403)
	// Someone who may not read the reports sees the project page as ever:
	// no reports, and nothing said of whether the report exists.
	ab := h.browser()
	ab.signIn("author@x.cn", "fan-password")
	for _, q := range []string{fmt.Sprintf("?report=%d", old), "?report=999999"} {
		if r := ab.get(project + q); r.Status != 200 || len(fb32Rows(r.Body)) != 0 {
			t.Errorf("the idea's author at %s: %d, %d reports", q, r.Status, len(fb32Rows(r.Body)))
		}
	}
}

// The reports first answered later than the 48-hour target, or waiting
// longer than it (workflow.Answers.Late), are counted where the answer
// times are: the project page's line, the reply-time page's section and
// its project's row, in Chinese and English; none said while there are
// none.
func TestFb32LateAnswersShown(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	send := func(body string) int {
		return num(h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": body}).must(t, 201).JSON, "id")
	}
	answer := func(fid int) {
		h.api("PUT", fmt.Sprintf("%s/%d", feedback, fid), e.eng, map[string]any{"reply": "收到"}).must(t, 200)
	}
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	project := fmt.Sprintf("/projects/%d", e.pid)
	cid := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.eng, nil).must(t, 200).JSON, "challenge_id")
	replies := fmt.Sprintf("/challenges/%d/replies", cid)
	late := regexp.MustCompile(`(?s)<p class="hint answer-late" id="reports-late">(.*?)</p>`)
	look := func(lang string) (line, section, row string) {
		t.Helper()
		if m := answerLine.FindStringSubmatch(eng.get(project, "Accept-Language", lang).must(t, 200).Body); m != nil {
			line = text(m[1])
		}
		body := eng.get(replies, "Accept-Language", lang).must(t, 200).Body
		if m := late.FindStringSubmatch(body); m != nil {
			section = text(m[1])
		}
		if m := projectLine.FindStringSubmatch(body); m != nil {
			row = text(m[2])
		}
		return
	}

	// Answered in 5 hours: nothing is late, and nothing says so.
	a := send("洗到一半门打不开")
	h.advance(5 * time.Hour)
	answer(a)
	for _, lang := range []string{"zh-CN", "en"} {
		line, section, row := look(lang)
		if line == "" || row == "" || section != "" ||
			strings.Contains(line, "未在") || strings.Contains(line, "not answered") || strings.Contains(row, "超过") || strings.Contains(row, "past") {
			t.Errorf("%s, none late: line %q, section %q, row %q", lang, line, section, row)
		}
	}

	// One answered after 50 hours, one waiting 60 hours: two late.
	b := send("脱水很吵")
	h.advance(50 * time.Hour)
	answer(b)
	send("门封发霉")
	h.advance(60 * time.Hour)
	for lang, want := range map[string][3]string{
		"zh-CN": {"2 条未在 48 小时内回复", "2 条未在 48 小时内回复", "2 条超过 48 小时"},
		"en":    {"2 not answered within 48 hours", "2 not answered within 48 hours", "2 past 48 hours"},
	} {
		line, section, row := look(lang)
		if !strings.Contains(line, " · "+want[0]) {
			t.Errorf("%s: the project page's line %q does not say %q", lang, line, want[0])
		}
		if section != want[1] {
			t.Errorf("%s: the reply-time page's section says %q, want %q", lang, section, want[1])
		}
		if !strings.Contains(row, " · "+want[2]) {
			t.Errorf("%s: the project's row %q does not say %q", lang, row, want[2])
		}
	}
}

// The engineer's count of the reports waiting for a reply leads to the one
// that has waited longest, on whichever page of the feedback it is.
func TestFb32WaitingMarkLeadsToTheLongestWaiting(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	old := num(h.api("POST", feedback, e.fan, map[string]any{"rating": 2, "body": "门封有异味"}).must(t, 201).JSON, "id")
	h.advance(time.Hour)
	ids := fb32Reports(t, e, 70, true) // answered: the old one still waits
	if ids[70] != old {
		t.Fatalf("the waiting report is not the oldest: %v", ids[65:])
	}
	newer := num(h.api("POST", feedback, e.fan, map[string]any{"rating": 4, "body": "脱水很吵"}).must(t, 201).JSON, "id")
	b := h.browser()
	b.signIn("eng@x.cn", "fan-password")
	project := fmt.Sprintf("/projects/%d", e.pid)
	mark := regexp.MustCompile(`<a class="badge waiting-badge" id="feedback-waiting" href="([^"]+)">([^<]+)</a>`)
	m := mark.FindStringSubmatch(b.get(project, "Accept-Language", "zh-CN").must(t, 200).Body)
	if m == nil {
		t.Fatal("the waiting count leads nowhere")
	}
	if want := fmt.Sprintf("%s?report=%d#fb-%d", project, old, old); m[1] != want || m[2] != "待回复 2" {
		t.Errorf("the waiting count %q leads to %q, want %q", m[2], m[1], want)
	}
	if body := b.get(strings.Split(m[1], "#")[0]).must(t, 200).Body; !strings.Contains(body, fmt.Sprintf(`id="reply-%d"`, old)) {
		t.Error("the waiting count's page does not hold the report, with its reply box")
	}
	// Answered, the next longest waiting is where it leads; none waiting, no count.
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, old), e.eng, map[string]any{"reply": "换了门封"}).must(t, 200)
	if m := mark.FindStringSubmatch(b.get(project).must(t, 200).Body); m == nil || m[1] != fmt.Sprintf("%s?report=%d#fb-%d", project, newer, newer) {
		t.Errorf("after the answer the count leads to %q", m)
	}
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, newer), e.eng, map[string]any{"addressed": true}).must(t, 200)
	if body := b.get(project).must(t, 200).Body; strings.Contains(body, `id="feedback-waiting"`) {
		t.Error("a waiting count with none waiting")
	}
	// The tester sees no count.
	fb := h.browser()
	fb.signIn("fan@x.cn", "fan-password")
	h.api("POST", feedback, e.fan, map[string]any{"rating": 4, "body": "门锁太紧"}).must(t, 201)
	if body := fb.get(project).must(t, 200).Body; strings.Contains(body, `id="feedback-waiting"`) {
		t.Error("the tester sees the engineers' waiting count")
	}
}
