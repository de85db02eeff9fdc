package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/people"
)

// testerOn is e's project in fan test with the fan chosen as a tester
// (level 2 first), and one report of theirs.
func testerOn(t *testing.T, e *projectEnv) (fid int) {
	t.Helper()
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 4, "body": "脱水时声音有点大"}).must(t, 201)
	return num(r.JSON, "id")
}

// An app that leaves a field out changes nothing it did not name: a
// tester decision without "accepted" is refused (it would decline the
// tester); a report's triage without "reply" keeps the engineers' reply,
// one without "addressed" keeps the tick.
func TestProj49LeftOutFieldsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	fid := testerOn(t, e)
	if r := h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID), e.eng, map[string]any{}); r.Status != 400 || r.errField() != "accepted" {
		t.Errorf("a decision without accepted: %d %s", r.Status, r.Body)
	}
	if noticeOf(e.notices(t, e.fan), "tester_declined") != nil {
		t.Errorf("the tester was told they were declined")
	}
	path := fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid)
	h.api("PUT", path, e.eng, map[string]any{"addressed": false, "reply": "  已加隔音棉  "}).must(t, 200)
	r := h.api("PUT", path, e.eng, map[string]any{"addressed": true}).must(t, 200)
	if r.JSON["reply"] != "已加隔音棉" || r.JSON["addressed"] != true {
		t.Errorf("ticked without a reply: %s, want the reply kept", r.Body)
	}
	if r := h.api("PUT", path, e.eng, map[string]any{"reply": "已加隔音棉，下一版再试"}).must(t, 200); r.JSON["addressed"] != true {
		t.Errorf("a reply without addressed unticked the report: %s", r.Body)
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if page := b.get(fmt.Sprintf("/projects/%d", e.pid)).must(t, 200).Body; !strings.Contains(page, "已加隔音棉，下一版再试") {
		t.Error("the reply was lost")
	}
	// Said empty on purpose, it is cleared.
	if r := h.api("PUT", path, e.eng, map[string]any{"addressed": true, "reply": ""}).must(t, 200); r.JSON["reply"] != "" {
		t.Errorf("an empty reply given: %s", r.Body)
	}
}

// Points follow what earned them: a helpful mark taken back, a report no
// longer addressed, take their points back; done again, they give them
// again.
func TestProj49UndoneMarksTakeTheirPointsBack(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	fid := testerOn(t, e)
	path := fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid)
	accepted := func() int { return whyKinds(h, e.fan, e.fanID)["feedback_accepted"] - 10 } // 10: earn's
	for _, tc := range []struct {
		addressed bool
		want      int
	}{{true, people.Points(people.FeedbackAccepted)}, {false, 0}, {true, people.Points(people.FeedbackAccepted)}} {
		h.api("PUT", path, e.eng, map[string]any{"addressed": tc.addressed}).must(t, 200)
		if got := accepted(); got != tc.want {
			t.Errorf("addressed %v: the tester has %d for it, want %d", tc.addressed, got, tc.want)
		}
	}
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.author, map[string]string{"body": "可以加一个童锁"}).must(t, 201).JSON, "id")
	helpful := fmt.Sprintf("/api/v1/comments/%d/helpful", cm)
	for _, tc := range []struct {
		method string
		want   int
	}{{"PUT", people.Points(people.CommentHelpful)}, {"DELETE", 0}, {"PUT", people.Points(people.CommentHelpful)}} {
		h.api(tc.method, helpful, e.eng, nil).must(t, 200)
		if got := whyKinds(h, e.author, e.authorID)["comment_helpful"]; got != tc.want {
			t.Errorf("after %s helpful: %d points for it, want %d", tc.method, got, tc.want)
		}
	}
}

// Fans who backed an idea hear why its project was shelved, and the
// testers chosen for it hear of its moves too.
func TestProj49ShelvingIsToldWithItsReason(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	testerOn(t, e)
	e.move(e.eng, "pilot", "").must(t, 200)
	if noticeOf(e.notices(t, e.fan), "stage") == nil {
		t.Errorf("the tester (who also voted) was not told of the move")
	}
	e.move(e.eng, "shelved", "成本太高，暂时搁置").must(t, 200)
	for _, tok := range []string{e.author, e.fan} {
		n := noticeOf(e.notices(t, tok), "shelved")
		if n == nil || !strings.Contains(fmt.Sprint(n["text"]), "成本太高，暂时搁置") {
			t.Errorf("not told why it was shelved: %v", e.notices(t, tok))
		}
	}
}

// A tester who did not vote or follow hears of the project's moves.
func TestProj49ATesterHearsOfMoves(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", e.ideaID), e.fan, nil).must(t, 200)
	testerOn(t, e)
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/follow", e.ideaID), e.fan, nil)
	e.move(e.eng, "pilot", "").must(t, 200)
	if noticeOf(e.notices(t, e.fan), "stage") == nil {
		t.Errorf("a chosen tester was not told of the move: %v", e.notices(t, e.fan))
	}
}

// An idea the engineers declined is not made a project behind the fans'
// backs: the API refuses as triage does.
func TestProj49ADeclinedIdeaIsNotOpened(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	b := h.adminBrowser()
	b.post(fmt.Sprintf("/ideas/%d", e.ideaID), fmt.Sprintf("/ideas/%d/pick", e.ideaID), nil).must(t, 303)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	eng.post("/triage", fmt.Sprintf("/ideas/%d/decline", e.ideaID), url.Values{"reason": {"技术上不可行"}}).must(t, 303)
	for _, tok := range []string{e.admin, e.eng} {
		if r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), tok, map[string]any{"owner_id": e.engID}); r.Status != 409 || r.errCode() != "already_declined" {
			t.Errorf("opened a declined idea: %d %s", r.Status, r.Body)
		}
	}
}

// An idea that became a project is not merged away into another (its
// project would go on from an idea off the lists, its voters no longer
// told): refused with a word on what to do, and the page offers no
// merge; the other idea may be merged into it.
func TestProj49AProjectIsNotMergedAway(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	other := h.idea(e.fan, num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), "", nil).must(t, 200).JSON, "challenge_id"), "免清洗内筒 同款")
	r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", e.ideaID), e.admin, map[string]any{"into": other, "reason": "重复"})
	if r.Status != 409 || r.errCode() != "idea_is_project" {
		t.Errorf("merging a project away: %d %s", r.Status, r.Body)
	}
	b := h.adminBrowser()
	if page := b.get(fmt.Sprintf("/ideas/%d", e.ideaID), "Accept-Language", "zh-CN").must(t, 200).Body; strings.Contains(page, fmt.Sprintf(`action="/ideas/%d/merge"`, e.ideaID)) ||
		!strings.Contains(page, fmt.Sprintf("把它合并到 #%d", e.ideaID)) {
		t.Error("the project's idea page offers a merge, or does not say how to merge a duplicate")
	}
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", other), e.admin, map[string]any{"into": e.ideaID, "reason": "重复"}).must(t, 200)
}

// An engineer who runs a project keeps a role that lets them run it until
// it is handed over: the admin is told so, at the person's row.
func TestProj49AnEngineerWithProjectsKeepsTheRole(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	roles := fmt.Sprintf("/api/v1/users/%d/roles", e.engID)
	if r := h.api("PUT", roles, e.admin, map[string]any{"roles": []string{"judge"}}); r.Status != 409 || r.errCode() != "owns_projects" || r.errField() != "roles" {
		t.Errorf("took the engineer role from a project's owner: %d %s", r.Status, r.Body)
	}
	b := h.adminBrowser()
	r := b.post("/admin/users", fmt.Sprintf("/admin/users/%d/roles", e.engID), url.Values{"roles": {"judge"}}) // in English: the post's language
	page := b.get(r.Header.Get("Location")).must(t, 200).Body
	if !strings.Contains(page, "This person runs projects (1)") || !strings.Contains(page, fmt.Sprintf(`href="/projects?owner=%d"`, e.engID)) {
		t.Errorf("the users page does not say why, or where their projects are (%s)", r.Header.Get("Location"))
	}
	// The link lists the projects they run, for the admin alone.
	board := b.get(fmt.Sprintf("/projects?owner=%d", e.engID), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(board, "此人负责 1 个项目") || !strings.Contains(board, fmt.Sprintf(`href="/projects/%d"`, e.pid)) {
		t.Errorf("the admin's board of the engineer's projects does not list theirs")
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fan.get(fmt.Sprintf("/projects?owner=%d", e.engID)).must(t, 403)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/owner", e.pid), e.admin, map[string]any{"owner_id": e.eng2ID}).must(t, 200)
	h.api("PUT", roles, e.admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
}

// A limit out of range says the list's own maximum, in Chinese too.
func TestProj49LimitsSayTheirMaximum(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	for path, want := range map[string]string{"/api/v1/projects?limit=5000": "1 到 1000 条", "/api/v1/search?q=x&limit=500": "1 到 100 条"} {
		r := h.browser().get(path, "Accept-Language", "zh-CN")
		if r.Status != 400 || !strings.Contains(r.Body, want) {
			t.Errorf("%s: %d %s, want %q", path, r.Status, r.Body, want)
		}
	}
}

// An app works the engineers' queue as the triage page does: an admin
// picks an idea, an engineer reads the queue and declines it with a
// reason its backers are told; picked again, it is refused.
func TestProj49TheQueueThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/pick", e.ideaID), e.eng, map[string]any{}).must(t, 403)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/pick", e.ideaID), e.admin, map[string]any{}).must(t, 200)
	items := h.api("GET", "/api/v1/triage", e.eng, nil).must(t, 200).JSON["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["picked"] != true || num(items[0].(map[string]any)["idea"].(map[string]any), "id") != e.ideaID {
		t.Fatalf("the queue: %v", items)
	}
	if r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/decline", e.ideaID), e.eng, map[string]any{}); r.Status != 400 || r.errField() != "reason" {
		t.Errorf("a decline without a reason: %d %s", r.Status, r.Body)
	}
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/decline", e.ideaID), e.eng, map[string]string{"reason": "电机成本太高"}).must(t, 200)
	if n := noticeOf(e.notices(t, e.fan), "backed_not_built"); n == nil || !strings.Contains(fmt.Sprint(n["text"]), "电机成本太高") {
		t.Errorf("the voter was not told why: %v", e.notices(t, e.fan))
	}
	if items := h.api("GET", "/api/v1/triage", e.eng, nil).must(t, 200).JSON["items"].([]any); len(items) != 0 {
		t.Errorf("a declined idea stays in the queue: %v", items)
	}
	if r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/pick", e.ideaID), e.admin, map[string]any{}); r.Status != 409 || r.errCode() != "already_declined" {
		t.Errorf("picking a declined idea: %d %s", r.Status, r.Body)
	}
}
