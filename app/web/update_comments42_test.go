package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// upd42Update posts a progress update on e's project as its engineer and
// returns the update's id, read from the project's timeline.
func upd42Update(t *testing.T, e *projectEnv, pid int, body string) int {
	t.Helper()
	tok := e.eng
	e.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), tok, map[string]string{"body": body}).must(t, 201)
	return upd42Entry(t, e, pid, body, "id")
}

// upd42Entry is field of the timeline entry of project pid whose body is
// body, from the API.
func upd42Entry(t *testing.T, e *projectEnv, pid int, body, field string) int {
	t.Helper()
	r := e.h.api("GET", fmt.Sprintf("/api/v1/projects/%d", pid), "", nil).must(t, 200)
	for _, it := range r.JSON["timeline"].([]any) {
		if m := it.(map[string]any); str(m, "body") == body {
			return num(m, field)
		}
	}
	t.Fatalf("project %d's timeline has no %q: %s", pid, body, r.Body)
	return 0
}

// upd42Under is the part of the project page that is update uid's entry
// (from its <li> to the next entry's, or the list's end).
func upd42Under(t *testing.T, page string, uid int) string {
	t.Helper()
	at := strings.Index(page, fmt.Sprintf(`id="update-%d"`, uid))
	if at < 0 {
		t.Fatalf("the page has no update %d:\n%.3000s", uid, page)
	}
	part := page[at:]
	if end := strings.Index(part, "</li>"); end >= 0 {
		part = part[:end]
	}
	return part
}

// A fan following a prototype answers one of its engineers' updates on
// the project page, in Chinese: the comment shows under that update with
// the update's count, is in the idea's thread with a link back to the
// update, and the API says which update it answers. An update of another
// project is refused by the field's name and changes nothing; a blank
// comment is refused in that update's own form, which keeps it open.
func TestUpd42AFanCommentsOnAProjectUpdate(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	uid := upd42Update(t, e, e.pid, "第一台样机装好了，内筒可拆。")
	started := upd42Entry(t, e, e.pid, "", "id") // the project's first entry: opened

	// Another project, with an update of its own.
	cid := h.openChallenge(e.admin, nil)
	other := h.idea(e.author, cid, "静音烘干")
	r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", other), e.admin, map[string]any{"owner_id": e.engID}).must(t, 201)
	otherPid := num(r.JSON, "id")
	otherUpd := upd42Update(t, e, otherPid, "烘干原型")

	// Over the API: an answer to the update says which one.
	r = h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "内筒的卡扣结实吗？", "update_id": uid}).must(t, 201)
	if num(r.JSON, "update_id") != uid {
		t.Errorf("the new comment does not say it answers update %d: %s", uid, r.Body)
	}
	plain := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "期待上市"}).must(t, 201)
	if _, ok := plain.JSON["update_id"]; ok {
		t.Errorf("a comment on the idea itself names an update: %s", plain.Body)
	}
	for _, bad := range []any{otherUpd, 999999, -1, started + 1000} {
		r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "x", "update_id": bad}).must(t, 400)
		if f := r.JSON["error"].(map[string]any); str(f, "field") != "update_id" || str(f, "code") != "not_this_project" {
			t.Errorf("update_id %v: %s", bad, r.Body)
		}
	}
	list := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments?limit=50", e.ideaID), "", nil).must(t, 200)
	if got := len(list.JSON["comments"].([]any)); got != 2 {
		t.Fatalf("the idea has %d comments after the refusals, want 2: %s", got, list.Body)
	}
	if c := list.JSON["comments"].([]any)[0].(map[string]any); num(c, "update_id") != uid {
		t.Errorf("the idea's thread does not say which update its first comment answers: %s", list.Body)
	}
	if n := upd42Entry(t, e, e.pid, "第一台样机装好了，内筒可拆。", "comments"); n != 1 {
		t.Errorf("the API's timeline counts %d comments on the update, want 1", n)
	}
	if n := upd42Entry(t, e, e.pid, "", "comments"); n != 0 {
		t.Errorf("the API's timeline counts %d comments on the opening, want 0", n)
	}

	// The project page, in Chinese: the answer under its update, counted;
	// the comment on the idea itself is not under any update.
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	path := fmt.Sprintf("/projects/%d", e.pid)
	page := fan.zhPage(path)
	under := upd42Under(t, page, uid)
	if !strings.Contains(under, "内筒的卡扣结实吗？") || !strings.Contains(under, html.EscapeString(jT("zh", "upd42.count", 1))) {
		t.Errorf("the update does not show its comment and count:\n%s", under)
	}
	if strings.Contains(page, "期待上市") {
		t.Error("the comment on the idea itself shows on the project page")
	}
	if !strings.Contains(under, fmt.Sprintf(`action="/projects/%d/updates/%d/comments"`, e.pid, uid)) || !strings.Contains(under, jT("zh", "upd42.answer")) {
		t.Errorf("the update offers no comment form:\n%s", under)
	}
	// The idea's page leads back to the update.
	idea := fan.zhPage(fmt.Sprintf("/ideas/%d", e.ideaID))
	if !strings.Contains(idea, fmt.Sprintf(`href="/projects/%d#update-%d">%s</a>`, e.pid, uid, jT("zh", "upd42.on_update"))) {
		t.Error("the idea's thread does not link the answer to its update")
	}

	// The page's form: back at the new comment, with the words there.
	r = fan.mf31Post(path, fmt.Sprintf("/projects/%d/updates/%d/comments", e.pid, uid), "zh-CN", url.Values{"body": {"什么时候招募测试？"}})
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, path+"#comment-") {
		t.Fatalf("the comment form answered %d to %q: %.300s", r.Status, loc, r.Body)
	}
	page = fan.zhPage(path)
	under = upd42Under(t, page, uid)
	if !strings.Contains(under, "什么时候招募测试？") || !strings.Contains(under, `id="`+strings.TrimPrefix(loc, path+"#")+`"`) {
		t.Errorf("the new comment is not under the update:\n%s", under)
	}
	if !strings.Contains(page, jT("zh", "upd42.posted")) {
		t.Error("the page does not say the comment was posted")
	}

	// A blank comment: refused in that update's form, the form open, the
	// text kept, nothing written; the other update's form says nothing.
	before := len(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments?limit=50", e.ideaID), "", nil).JSON["comments"].([]any))
	r = fan.mf31Post(path, fmt.Sprintf("/projects/%d/updates/%d/comments", e.pid, uid), "zh-CN", url.Values{"body": {"   "}})
	if r.Status != http.StatusBadRequest {
		t.Fatalf("a blank comment: status %d", r.Status)
	}
	under = upd42Under(t, r.Body, uid)
	if !strings.Contains(under, `<details class="answer-update" open>`) || !strings.Contains(under, fmt.Sprintf(`aria-describedby="answer-%d-error" autofocus`, uid)) ||
		!strings.Contains(under, fmt.Sprintf(`<span class="field-error" id="answer-%d-error">`, uid)) {
		t.Errorf("the refusal is not in the update's own form:\n%s", under)
	}
	if s := upd42Under(t, r.Body, started); strings.Contains(s, "field-error") || strings.Contains(s, " open>") {
		t.Errorf("the opening's form says the other's refusal:\n%s", s)
	}
	// An update of another project, by the page's address: not found.
	fan.post(path, fmt.Sprintf("/projects/%d/updates/%d/comments", e.pid, otherUpd), url.Values{"body": {"x"}}).must(t, 404)
	fan.post(path, fmt.Sprintf("/projects/%d/updates/%d/comments", otherPid, uid), url.Values{"body": {"x"}}).must(t, 404)
	if after := len(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments?limit=50", e.ideaID), "", nil).JSON["comments"].([]any)); after != before {
		t.Errorf("refused comments changed the thread: %d comments, then %d", before, after)
	}

	// A moderator hides the answer: it leaves the update, and its count.
	first := num(list.JSON["comments"].([]any)[0].(map[string]any), "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", first), e.admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	under = upd42Under(t, fan.zhPage(path), uid)
	if strings.Contains(under, "内筒的卡扣结实吗？") || !strings.Contains(under, html.EscapeString(jT("zh", "upd42.count", 1))) {
		t.Errorf("the hidden comment still shows under the update, or the count is not 1:\n%s", under)
	}

	// A visitor is asked to sign in, back at the update; no form.
	visitor := h.browser().zhPage(path)
	under = upd42Under(t, visitor, uid)
	if strings.Contains(under, "<form") || !strings.Contains(under, fmt.Sprintf(`href="/signin?next=/projects/%d%%23update-%d">%s</a>`, e.pid, uid, jT("zh", "upd42.signin"))) {
		t.Errorf("a visitor's view of the update:\n%s", under)
	}
	h.browser().post(path, fmt.Sprintf("/projects/%d/updates/%d/comments", e.pid, uid), url.Values{"body": {"x"}}).must(t, http.StatusSeeOther)
}

// A challenge anonymous until its results: the idea's author answers an
// update of its project, and the project page does not name them under
// the update (nor link their profile) to a fan or a visitor, as the
// idea's page does not; the admin sees who wrote it.
func TestUpd42AnAnonymousAuthorsAnswerStaysAnonymous(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@x.cn", "engineer")
	author := h.fan("author@x.cn")
	authorID := num(h.api("GET", "/api/v1/me", author, nil).JSON, "id")
	h.fan("fan@x.cn")
	idea := h.idea(author, h.openChallenge(admin, map[string]any{"anonymous_until_results": true}), "免清洗内筒")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	e := &projectEnv{h: h, eng: eng}
	uid := upd42Update(t, e, pid, "样机装好了")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]any{"body": "作者的回答", "update_id": uid}).must(t, 201)

	path := fmt.Sprintf("/projects/%d", pid)
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	for who, page := range map[string]string{"a fan": fan.zhPage(path), "a visitor": h.browser().zhPage(path)} {
		under := upd42Under(t, page, uid)
		if !strings.Contains(under, "作者的回答") || strings.Contains(under, fmt.Sprintf(`/users/%d"`, authorID)) || strings.Contains(under, ">author<") ||
			!strings.Contains(under, jT("zh", "idea.anonymous")) {
			t.Errorf("%s: the author's answer under the update names them, or is missing:\n%s", who, under)
		}
	}
	if under := upd42Under(t, h.adminBrowser().zhPage(path), uid); !strings.Contains(under, fmt.Sprintf(`<a href="/users/%d">author</a>`, authorID)) {
		t.Errorf("the admin does not see who answered:\n%s", under)
	}
}

// The engineer who posted an update hears of a fan's comment under it,
// though they do not follow the idea, in the words of their own update;
// a second comment while the first notice is unread tells them nothing
// more; after reading, the next one does. Their own answer under it
// tells them nothing. A comment on the idea itself tells them as its
// project's engineer (a question), not as one under their update.
func TestUpd42TheUpdatesAuthorHearsOfAnswers(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	uid := upd42Update(t, e, e.pid, "样机装好了")
	answer := func(tok, body string, update int) {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), tok, map[string]any{"body": body, "update_id": update}).must(t, 201)
	}
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "只是评论创意"}).must(t, 201)
	if got := h.kinds(e.eng); len(got) != 2 || got[0] != "project_question" || got[1] != "project_assigned" {
		t.Fatalf("a comment on the idea itself: the engineer's notices %v, want a question and the project given to them", got)
	}
	h.api("POST", "/api/v1/me/notifications/read", e.eng, nil).must(t, http.StatusNoContent)
	answer(e.fan, "门封换了什么材料？", uid)
	if got := h.kinds(e.eng); len(got) != 3 || got[0] != "update_comment" {
		t.Fatalf("the update's author's notices: %v", got)
	}
	n := h.api("GET", "/api/v1/me/notifications", e.eng, nil).JSON["notifications"].([]any)[0].(map[string]any)
	if !strings.Contains(fmt.Sprint(n), "免清洗内筒") {
		t.Errorf("the notice does not name the idea: %v", n)
	}
	answer(e.author, "我也想知道", uid)
	if got := h.kinds(e.eng); len(got) != 3 {
		t.Errorf("a second comment while the first is unread told again: %v", got)
	}
	answer(e.eng, "硅胶，耐洗涤剂。", uid)
	if got := h.kinds(e.eng); len(got) != 3 {
		t.Errorf("their own answer told them: %v", got)
	}
	h.api("POST", "/api/v1/me/notifications/read", e.eng, nil).must(t, http.StatusNoContent)
	answer(e.fan, "谢谢！", uid)
	if got := h.kinds(e.eng); len(got) != 4 || got[0] != "update_comment" {
		t.Errorf("after reading, the next comment: %v", got)
	}
	// In Chinese, the notice says it is about their update.
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	if page := eng.zhPage("/notifications"); !strings.Contains(page, html.EscapeString(jT("zh", "notice.update_comment_by", "免清洗内筒", "fan"))) {
		t.Error("the notifications page does not say the comment is under their update")
	}
}
