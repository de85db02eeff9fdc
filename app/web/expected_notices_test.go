package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// kinds lists the kinds of a person's notifications, newest first.
func (h *harness) kinds(tok string) []string {
	var out []string
	for _, n := range h.api("GET", "/api/v1/me/notifications", tok, nil).must(h.t, 200).JSON["notifications"].([]any) {
		if !roleNotice(n.(map[string]any)) {
			out = append(out, n.(map[string]any)["kind"].(string))
		}
	}
	return out
}

// The notices people expect (#20 item 5), in the app and by email in the
// reader's language, as the email switch allows: an author hears of
// comments on their idea, a follower of comments and official replies, a
// busy thread is one notice until read; never the commenter.
func TestCommentsTellTheAuthorAndFollowers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	follower := h.fan("follower@x.cn")
	quiet := h.fan("quiet@x.cn")
	talker := h.fan("talker@x.cn")
	h.confirm(h.userID(talker)) // an email names only a confirmed commenter
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), follower, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), quiet, nil).must(t, 200)
	h.api("PATCH", "/api/v1/me", quiet, map[string]any{"email_notices": false}).must(t, 200)
	// The follower reads Chinese.
	fb := h.browser()
	fb.signIn("follower@x.cn", "fan-password")
	fb.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	h.mailOut("en") // the sign-up confirmations
	comment := func(tok, body string) {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), tok, map[string]string{"body": body}).must(t, 201)
	}

	comment(talker, "好主意")
	if got := h.kinds(author); len(got) != 1 || got[0] != "comment" {
		t.Errorf("the author's notices: %v", got)
	}
	for _, tok := range []string{follower, quiet} {
		if got := h.kinds(tok); len(got) != 1 || got[0] != "followed_comment" {
			t.Errorf("a follower's notices: %v", got)
		}
	}
	if got := h.kinds(talker); len(got) != 0 {
		t.Errorf("the commenter was told of their own comment: %v", got)
	}
	out := h.mailOut("en")
	if m := mailLang(t, out, "author@x.cn", "en"); !strings.Contains(m.Text, "talker commented on your idea “免清洗内筒”") || !strings.Contains(m.Text, fmt.Sprintf("/ideas/%d?comment=", idea)) {
		t.Errorf("the author's email:\n%s", m.Text)
	}
	if m := mailLang(t, out, "follower@x.cn", "zh"); !strings.Contains(m.Text, "talker 评论了你关注的创意“免清洗内筒”") {
		t.Errorf("the follower's email:\n%s", m.Text)
	}
	if len(out["quiet@x.cn"]) != 0 || len(out["talker@x.cn"]) != 0 {
		t.Errorf("email to the one who turned it off or to the commenter: %v", out)
	}

	// More comments while unread: still one notice each.
	comment(talker, "再说一句")
	comment(h.fan("other@x.cn"), "我也觉得")
	if got := h.kinds(author); len(got) != 1 {
		t.Errorf("a busy thread gave the author %d notices", len(got))
	}
	// Read, then a new comment tells again.
	h.api("POST", "/api/v1/me/notifications/read", author, nil).must(t, http.StatusNoContent)
	comment(talker, "第三句")
	if got := h.kinds(author); len(got) != 2 || got[0] != "comment" {
		t.Errorf("after reading, the author's notices: %v", got)
	}

	// An official reply always tells, the author and the followers.
	comment(admin, "我们会评估")
	if got := h.kinds(author); got[0] != "official" {
		t.Errorf("the author's notices after an official reply: %v", got)
	}
	if got := h.kinds(follower); got[0] != "followed_official" {
		t.Errorf("the follower's notices after an official reply: %v", got)
	}
	out = h.mailOut("en")
	if m := out["follower@x.cn"]; len(m) != 1 || !strings.Contains(m[0].Text, "管理员 对你关注的创意“免清洗内筒”作了官方回复") {
		t.Errorf("the follower's email of the official reply: %v", m)
	}
	// The page says what following brings.
	if page := fb.get(fmt.Sprintf("/ideas/%d", idea)).must(t, 200).Body; !strings.Contains(page, jT("zh", "journeys.follow_brings")) || !strings.Contains(page, `aria-describedby="follow-why"`) {
		t.Error("the follow button does not say what following brings")
	}
}

// A tester hears when the engineers answer their feedback; a judge when
// ideas are assigned to them (by the plan or by hand), not again for the
// same ones (#20 item 5).
func TestTestersAndJudgesAreTold(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10) // testers are from level 2
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
	fid := num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 4, "body": "脱水时声音有点大"}).must(t, 201).JSON, "id")
	h.mailOut("en")
	triage := func(body map[string]any) {
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid), e.eng, body).must(t, 200)
	}
	triage(map[string]any{"addressed": true}) // ticked, no answer: nothing to tell
	if got := h.kinds(e.fan); len(got) == 0 || got[0] == "feedback_reply" {
		t.Errorf("ticking addressed told the tester: %v", got)
	}
	triage(map[string]any{"addressed": true, "reply": "已加隔音棉"})
	triage(map[string]any{"addressed": true, "reply": "已加隔音棉"}) // the same answer saved again
	got := h.kinds(e.fan)
	if got[0] != "feedback_reply" || len(got) > 1 && got[1] == "feedback_reply" {
		t.Errorf("the tester's notices: %v", got)
	}
	if m := h.mailOut("en")["fan@x.cn"]; len(m) != 1 || !strings.Contains(m[0].Text, fmt.Sprintf("/projects/%d?report=%d#fb-%d", e.pid, fid, fid)) {
		t.Errorf("the tester's email: %+v", m)
	}

	j := newJudging(t, true)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", j.cid, p) }
	j.h.api("POST", path("shortlist"), j.admin, map[string]any{"top": 4}).must(t, 200)
	j.h.mailOut("en")
	j.h.api("POST", path("judges"), j.admin, map[string]any{"user_ids": []int{j.j1ID, j.j2ID}, "per_idea": 1}).must(t, 200)
	assigned := func(tok string) int {
		n := 0
		for _, k := range j.h.kinds(tok) {
			if k == "assigned" {
				n++
			}
		}
		return n
	}
	for _, tok := range []string{j.j1, j.j2} {
		if got := j.h.kinds(tok); assigned(tok) != 1 || got[0] != "assigned" {
			t.Errorf("a judge's notices: %v", got)
		}
	}
	out := j.h.mailOut("en")
	if m := out["j1@x.cn"]; len(m) != 1 || !strings.Contains(m[0].Text, "assigned to you to judge: 2 new") || !strings.Contains(m[0].Text, "/judging") {
		t.Errorf("the judge's email: %+v", m)
	}
	// The same plan again: nobody has anything new.
	r := j.h.api("POST", path("judges"), j.admin, map[string]any{"user_ids": []int{j.j1ID, j.j2ID}, "per_idea": 1}).must(t, 200)
	if n := assigned(j.j1); n != 1 {
		t.Errorf("re-planning the same told judge 1 again: %d notices", n)
	}
	// By hand: judge 2 also gets one of judge 1's ideas; doing it twice tells once.
	var extra int
	for _, a := range r.JSON["assignments"].([]any) {
		if m := a.(map[string]any); num(m, "judge_id") == j.j1ID {
			extra = num(m, "idea_id")
		}
	}
	for range 2 {
		j.h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", j.cid, j.j2ID, extra), j.admin, nil).must(t, 200)
	}
	if n := assigned(j.j2); n != 2 {
		t.Errorf("judge 2 has %d assignment notices after one more by hand, want 2", n)
	}
}
