package web

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	answerLine  = regexp.MustCompile(`(?s)<p class="hint answer-times" id="answer-times">(.*?)</p>`)
	projectLine = regexp.MustCompile(`(?s)<p class="project-answers" id="pa-(\d+)">(.*?)</p>`)
	tags        = regexp.MustCompile(`<[^>]*>`)
)

// text is a fragment's text, tags left out.
func text(s string) string { return html.UnescapeString(tags.ReplaceAllString(s, "")) }

// Engineers' answers to tester reports are measured from each report to
// its first answer (a reply or marking it addressed): the project's
// feedback says how quickly, in the reader's language, with the two-day
// target kept or not, and the challenge's reply-time page has a section
// for its projects' reports.
func TestReply31AnswerTimes(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	send := func(body string) int {
		return num(h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": body}).must(t, 201).JSON, "id")
	}
	answer := func(fid int, in map[string]any) {
		h.api("PUT", fmt.Sprintf("%s/%d", feedback, fid), e.eng, in).must(t, 200)
	}
	eng, fan := h.browser(), h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	fan.signIn("fan@x.cn", "fan-password")
	project := fmt.Sprintf("/projects/%d", e.pid)
	line := func(b *browser, lang string) string {
		t.Helper()
		m := answerLine.FindStringSubmatch(b.get(project, "Accept-Language", lang).must(t, 200).Body)
		if m == nil {
			t.Fatalf("no answer times on the project page (%s)", lang)
		}
		return text(m[1])
	}

	a := send("洗到一半门打不开")
	h.advance(5 * time.Hour)
	answer(a, map[string]any{"reply": "下一版换门锁", "addressed": false})
	want := "工程师回复：一半在 5 小时 0 分钟 内 · 90% 在 5 小时 0 分钟 内 · 无待回复 达标：48 小时内首次回复"
	if got := line(fan, "zh-CN"); got != want {
		t.Errorf("the tester reads\n%q, want\n%q", got, want)
	}

	b := send("脱水很吵")
	h.advance(30 * time.Hour)
	answer(b, map[string]any{"addressed": true})
	send("门封发霉")
	h.advance(72 * time.Hour)
	want = "工程师回复：一半在 5 小时 0 分钟 内 · 90% 在 1 天 6 小时 内 · 1 条待回复（最久 3 天 0 小时） · 1 条未在 48 小时内回复 超时：目标 48 小时内首次回复"
	if got := line(eng, "zh-CN"); got != want {
		t.Errorf("the engineer reads\n%q, want\n%q", got, want)
	}
	want = "Engineers' replies: half within 5h 0m · 90% within 1d 6h · 1 waiting (longest 3d 0h) · 1 not answered within 48 hours Late: the target is a first reply within 48 hours"
	if got := line(fan, "en"); got != want {
		t.Errorf("in English\n%q, want\n%q", got, want)
	}

	// The challenge's reply-time page: the reports of its projects.
	cid := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.eng, nil).must(t, 200).JSON, "challenge_id")
	replies := fmt.Sprintf("/challenges/%d/replies", cid)
	for lang, want := range map[string][]string{
		"zh-CN": {"测试报告的回复", "免清洗内筒 — 负责工程师：eng · 已回复 2 · 待回复 1 · 中位 5 小时 0 分钟 · 1 条超过 48 小时 超时"},
		"en":    {"Answers to tester reports", "免清洗内筒 — engineer: eng · 2 answered · 1 waiting · median 5h 0m · 1 past 48 hours late"},
	} {
		body := eng.get(replies, "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(body, want[0]) {
			t.Errorf("%s: the replies page has no section %q", lang, want[0])
		}
		m := projectLine.FindStringSubmatch(body)
		if m == nil || m[1] != fmt.Sprint(e.pid) || text(m[2]) != want[1] {
			t.Errorf("%s: the project's line %q, want %q", lang, m, want[1])
		}
	}

	// Its idea hidden, the project is the admins' to see: so are its
	// reports' answer times.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", e.ideaID), e.admin, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if body := eng.get(replies).must(t, 200).Body; strings.Contains(body, `id="tester-reports"`) || strings.Contains(body, "免清洗内筒") {
		t.Error("the engineer's replies page shows a hidden idea's project")
	}
	admin := h.adminBrowser()
	if m := projectLine.FindStringSubmatch(admin.get(replies).must(t, 200).Body); m == nil || m[1] != fmt.Sprint(e.pid) {
		t.Errorf("the admin's replies page: %q", m)
	}
}
