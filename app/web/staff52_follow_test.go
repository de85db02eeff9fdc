package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// following is whether the account behind tok follows idea.
func (h *harness) following(tok string, idea int) bool {
	h.t.Helper()
	f, err := h.store.Following(context.Background(), h.userID(tok), int64(idea))
	if err != nil {
		h.t.Fatal(err)
	}
	return f
}

// Staff who answer a fan follow the thread they answered, as a fan's
// first comment does, so the fan's answer back reaches them (session 52):
// an official reply on an idea, a board post's status with its response,
// a reply to a tester's report. One who unfollowed after answering stays
// unfollowed when answering again.
func TestStaff52AnswerFollowsTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng := h.engineer(admin, "eng@brand.cn")
	mod, _ := h.staffer(admin, "mod@brand.cn", "moderator")
	judge, _ := h.staffer(admin, "judge@brand.cn", "judge")
	author := h.fan("author@x.cn")
	comment := func(tok string, idea int, body string) {
		t.Helper()
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), tok, map[string]string{"body": body}).must(t, 201)
	}
	told := func(tok, kind string) bool {
		t.Helper()
		got := h.kinds(tok)
		return len(got) > 0 && got[0] == kind
	}
	readAll := func(tok string) {
		t.Helper()
		h.api("POST", "/api/v1/me/notifications/read", tok, nil).must(t, http.StatusNoContent)
	}

	// An official reply on an idea, by an engineer and by an admin; a
	// moderator's and a judge's comment, as before.
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	for _, who := range []struct {
		name, tok string
	}{{"engineer", eng}, {"admin", admin}, {"moderator", mod}, {"judge", judge}} {
		comment(who.tok, idea, "谢谢，我们在看")
		if !h.following(who.tok, idea) {
			t.Errorf("the %s who answered does not follow the idea", who.name)
		}
		readAll(who.tok)
	}
	comment(author, idea, "那什么时候有结果？")
	for _, who := range []struct {
		name, tok string
	}{{"engineer", eng}, {"admin", admin}, {"moderator", mod}, {"judge", judge}} {
		if !told(who.tok, "followed_comment") {
			t.Errorf("the %s was not told of the fan's answer: %v", who.name, h.kinds(who.tok))
		}
	}
	// The engineer unfollows; answering again does not follow again,
	// and the fan's next answer does not reach them.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), eng, nil).must(t, 200)
	readAll(eng)
	comment(eng, idea, "下个月")
	if h.following(eng, idea) {
		t.Error("answering again followed the idea the engineer had unfollowed")
	}
	comment(author, idea, "好的")
	if n := h.unreadOf(eng); n != 0 {
		t.Errorf("the engineer who unfollowed was told (%d unread): %v", n, h.kinds(eng))
	}
	// The idea's author, an engineer, never follows their own idea.
	own := h.idea(eng, cid, "工程师自己的想法")
	comment(eng, own, "补充一句")
	if h.following(eng, own) {
		t.Error("the author follows their own idea")
	}

	// A board post's status with an official response.
	eng2 := h.engineer(admin, "eng2@brand.cn")
	bid := h.board(admin, "洗衣机")
	post := h.idea(author, bid, "洗衣机太吵了")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", post), eng2, map[string]string{"status": "planned", "response": "下一版加隔音"}).must(t, 200)
	if !h.following(eng2, post) {
		t.Error("the engineer who set the post's status does not follow it")
	}
	readAll(eng2)
	comment(author, post, "太好了，大概什么时候？")
	if !told(eng2, "followed_comment") {
		t.Errorf("the engineer who answered the post was not told of the fan's answer: %v", h.kinds(eng2))
	}
	// Unfollowed, a later status does not follow again.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/follow", post), eng2, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", post), eng2, map[string]string{"status": "in_progress", "response": "开工了"}).must(t, 200)
	if h.following(eng2, post) {
		t.Error("a later status followed the post the engineer had unfollowed")
	}
}

// unreadOf is how many unread notices the account behind tok has.
func (h *harness) unreadOf(tok string) int {
	h.t.Helper()
	return num(h.api("GET", "/api/v1/me/notifications/unread", tok, nil).must(h.t, 200).JSON, "unread")
}

// An admin who answers a tester's report (not the project's engineer)
// follows the project's idea, and the tester's answer on the project then
// reaches them; ticking "addressed" alone follows nothing.
func TestStaff52FeedbackAnswerFollowsTheProject(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	report := func(body string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 4, "body": body}).must(t, 201).JSON, "id")
	}
	triage := func(tok string, fid int, body map[string]any) {
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid), tok, body).must(t, 200)
	}
	first := report("脱水时声音有点大")
	triage(e.admin, first, map[string]any{"addressed": true})
	if h.following(e.admin, e.ideaID) {
		t.Fatal("ticking addressed alone followed the project")
	}
	triage(e.admin, first, map[string]any{"reply": "已加隔音棉，请再试"})
	if !h.following(e.admin, e.ideaID) {
		t.Fatal("the admin who answered the report does not follow the project's idea")
	}
	h.api("POST", "/api/v1/me/notifications/read", e.admin, nil).must(t, http.StatusNoContent)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]string{"body": "试了，好多了"}).must(t, 201)
	if got := h.kinds(e.admin); len(got) == 0 || got[0] != "followed_comment" {
		t.Errorf("the admin was not told of the tester's answer: %v", got)
	}
	// Unfollowed, mending the same reply does not follow again.
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/follow", e.ideaID), e.admin, nil).must(t, 200)
	triage(e.admin, first, map[string]any{"reply": "已加隔音棉，请再试一次"})
	if h.following(e.admin, e.ideaID) {
		t.Error("mending a reply followed the project again")
	}
}
