package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// commentOf is comment id in an idea's comments as the API lists them to
// who, or nil.
func (h *harness) commentOf(who string, idea, id int) map[string]any {
	h.t.Helper()
	list, _ := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), who, nil).must(h.t, 200).JSON["comments"].([]any)
	for _, x := range list {
		if m, _ := x.(map[string]any); num(m, "id") == id {
			return m
		}
	}
	return nil
}

// waitSearch asks the search API until whether it finds comment id for
// query is found, or the index has had indexWait to show it.
func (h *harness) waitSearch(query string, id int, found bool) bool {
	h.t.Helper()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		r := h.api("GET", "/api/v1/search?type=all&q="+query, "", nil).must(h.t, 200)
		if got := hitOf(r, "comment", id) != nil; got == found || time.Since(start) > indexWait {
			return got
		}
	}
}

// A fan mends a typo in their comment, then deletes a comment that gave
// their phone number: the edit shows when, and search finds the new words,
// not the old; the delete erases the words from the database, leaves a
// placeholder naming no one, takes the comment out of the idea's tally
// (which `cocreate check` finds exact), out of search, out of the queue
// of reports waiting on it, out of the idea author's notices, and takes
// back the points its helpful mark earned. Nothing more can be done to it.
func TestComment50EditThenDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	owner := h.fan("owner@x.cn")
	writer := h.fan("writer@x.cn")
	other := h.fan("other@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	writerID := num(h.api("GET", "/api/v1/me", writer, nil).must(t, 200).JSON, "id")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(owner, cid, "qzrack 折叠晾衣架") // a comment is found by its own words, not its idea's title
	post := func(who, body string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), who, map[string]string{"body": body}).must(t, 201).JSON, "id")
	}
	cm := post(writer, "qzoldtypo 我的电话 13800138000")
	// Read, so the reply's notice does not take its place (domain.ThreadComments).
	h.api("POST", "/api/v1/me/notifications/read", owner, nil).must(t, 204)
	reply := post(other, "楼上说得对")
	tally := func() int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON, "comments")
	}
	if n := tally(); n != 2 {
		t.Fatalf("the idea counts %d comments, want 2", n)
	}
	if !h.waitSearch("qzoldtypo", cm, true) {
		t.Fatal("search never found the comment")
	}

	// The edit: others may not; its author may, and it says when.
	path := fmt.Sprintf("/api/v1/comments/%d", cm)
	if r := h.api("PATCH", path, other, map[string]string{"body": "hijacked"}); r.Status != 403 {
		t.Errorf("another fan's edit: %d, want 403", r.Status)
	}
	if r := h.api("PATCH", path, writer, map[string]string{"body": "   "}); r.Status != 400 || r.errField() != "body" {
		t.Errorf("an empty edit: %d on %q, want 400 on body", r.Status, r.errField())
	}
	h.advance(time.Hour)
	edited := h.api("PATCH", path, writer, map[string]string{"body": "qznewword 我的电话 13800138000\n第二行"}).must(t, 200).JSON
	if !strings.HasPrefix(str(edited, "body"), "qznewword") || str(edited, "edited_at") == "" || !strings.Contains(str(edited, "body_html"), "<br>") {
		t.Errorf("the edit answered %v", edited)
	}
	listed := h.commentOf("", idea, cm)
	if listed == nil || !strings.HasPrefix(str(listed, "body"), "qznewword") || listed["edited_at"] == nil {
		t.Errorf("the comments list shows %v, want the new words, edited", listed)
	}
	if r := h.commentOf("", idea, reply); r["edited_at"] != nil {
		t.Errorf("a comment never edited has edited_at %v", r["edited_at"])
	}
	if !h.waitSearch("qznewword", cm, true) {
		t.Error("search does not find the edited words")
	}
	if h.waitSearch("qzoldtypo", cm, false) {
		t.Error("search still finds the words the edit replaced")
	}

	// Reported: neither edited nor deleted until a moderator has looked
	// (the words they read are the words reported); dismissed, it may be.
	h.api("POST", path+"/reports", other, map[string]string{"reason": "other", "note": "有电话号码"}).must(t, 201)
	if !inQueue(h, mod, cm) {
		t.Fatal("the report is not in the moderation queue")
	}
	for what, r := range map[string]res{"an edit": h.api("PATCH", path, writer, map[string]string{"body": "换掉被举报的话"}), "a delete": h.api("DELETE", path, writer, nil)} {
		if r.Status != 409 || r.errCode() != "comment_reported" {
			t.Errorf("%s of a reported comment: %d %q, want 409 comment_reported", what, r.Status, r.errCode())
		}
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "dismiss", "reason": "号码是客服电话"}).must(t, 200)
	if inQueue(h, mod, cm) {
		t.Fatal("the dismissed report still waits")
	}
	// Marked helpful (points): no more edits.
	h.api("PUT", path+"/helpful", admin, nil).must(t, 200)
	profile := fmt.Sprintf("/api/v1/users/%d", writerID)
	if p := num(h.api("GET", profile, "", nil).must(t, 200).JSON, "reputation"); p == 0 {
		t.Fatal("the helpful mark earned no points")
	}
	if r := h.api("PATCH", path, writer, map[string]string{"body": "换掉被认可的话"}); r.Status != 409 || r.errCode() != "comment_helpful" {
		t.Errorf("editing a helpful comment: %d %q, want 409 comment_helpful", r.Status, r.errCode())
	}
	ownerNotices := func() int {
		list, _ := h.api("GET", "/api/v1/me/notifications", owner, nil).must(t, 200).JSON["notifications"].([]any)
		n := 0
		for _, x := range list {
			if strings.Contains(str(x.(map[string]any), "url"), fmt.Sprintf("comment=%d", cm)) {
				n++
			}
		}
		return n
	}
	if ownerNotices() != 1 {
		t.Fatalf("the idea's author has %d notices of the comment, want 1", ownerNotices())
	}

	// The delete: not by a moderator, nor an admin; by its author.
	for _, who := range []string{other, mod, admin} {
		if r := h.api("DELETE", path, who, nil); r.Status != 403 {
			t.Errorf("a delete by someone else: %d, want 403", r.Status)
		}
	}
	h.api("DELETE", path, writer, nil).must(t, 204)
	if n := tally(); n != 1 {
		t.Errorf("after the delete the idea counts %d comments, want 1", n)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Errorf("check after the delete: %v %v", v, err)
	}
	var body string
	if err := h.rawDB().QueryRow(`SELECT body FROM comments WHERE id = ?`, cm).Scan(&body); err != nil || body != "" {
		t.Errorf("the deleted comment's words are still stored: %q (%v)", body, err)
	}
	gone := h.commentOf("", idea, cm)
	if gone == nil || gone["deleted"] != true || str(gone, "body") != "" || gone["author"] != nil || gone["helpful"] != false {
		t.Errorf("the deleted comment is listed as %v, want a placeholder naming no one", gone)
	}
	if r := h.commentOf("", idea, reply); str(r, "body") != "楼上说得对" {
		t.Errorf("the reply after it reads %v", r)
	}
	if h.waitSearch("qznewword", cm, false) {
		t.Error("search still finds the deleted comment")
	}
	if inQueue(h, mod, cm) {
		t.Error("the report on the deleted comment still waits in the queue")
	}
	if p := num(h.api("GET", profile, "", nil).must(t, 200).JSON, "reputation"); p != 0 {
		t.Errorf("the deleted comment's helpful points stay: %d", p)
	}
	if n := ownerNotices(); n != 0 {
		t.Errorf("the idea's author still has %d notices of the deleted comment", n)
	}
	// Gone for good: not edited, deleted, reported or restored again.
	for what, r := range map[string]res{
		"an edit":   h.api("PATCH", path, writer, map[string]string{"body": "回来"}),
		"a delete":  h.api("DELETE", path, writer, nil),
		"a report":  h.api("POST", path+"/reports", other, map[string]string{"reason": "spam"}),
		"a restore": h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "restore", "reason": "x"}),
		"a mark":    h.api("PUT", path+"/helpful", admin, nil),
	} {
		if r.Status != 404 {
			t.Errorf("%s of a deleted comment: %d, want 404", what, r.Status)
		}
	}
}

// inQueue says whether comment id waits in the moderation queue.
func inQueue(h *harness, mod string, id int) bool {
	items, _ := h.api("GET", "/api/v1/moderation/queue", mod, nil).must(h.t, 200).JSON["items"].([]any)
	for _, x := range items {
		if m := x.(map[string]any); m["type"] == "comment" && num(m, "id") == id {
			return true
		}
	}
	return false
}

// A comment moderators hid stays as they left it: its author can neither
// edit it out from under their decision nor delete it, and the idea's
// tally stays exact.
func TestComment50HiddenCommentStaysAsModeratorsLeftIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	writer := h.fan("writer@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "净水壶")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), writer, map[string]string{"body": "加我微信 abc123"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	path := fmt.Sprintf("/api/v1/comments/%d", cm)
	for what, r := range map[string]res{
		"an edit":  h.api("PATCH", path, writer, map[string]string{"body": "我只是说你好"}),
		"a delete": h.api("DELETE", path, writer, nil),
	} {
		if r.Status != 409 || r.errCode() != "comment_hidden" {
			t.Errorf("%s of a hidden comment by its author: %d %q, want 409 comment_hidden", what, r.Status, r.errCode())
		}
	}
	if c := h.commentOf(writer, idea, cm); str(c, "body") != "加我微信 abc123" || c["hidden"] != true {
		t.Errorf("the hidden comment changed: %v", c)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Errorf("check: %v %v", v, err)
	}
}

// A refused edit on the idea page keeps what the fan wrote, in the
// comment's edit form held open, with why beside it; the comment is
// unchanged. A helpful mark (given meanwhile) ends its edits, not its
// delete: the page then offers only the delete, and an edit sent from the
// page before says why, with the words to copy.
func TestComment50RefusedEditOnThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	writer := h.fan("writer@x.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "晾衣架")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), writer, map[string]string{"body": "原来的话"}).must(t, 201).JSON, "id")
	b := h.browser()
	b.signIn("writer@x.cn", "fan-password")
	from := fmt.Sprintf("/ideas/%d", idea)
	long := strings.Repeat("长", 5001)
	r := b.post(from, fmt.Sprintf("/comments/%d", cm), url.Values{"body": {long}})
	if r.Status != 400 || !strings.Contains(r.Body, `<details class="comment-edit" open>`) || !strings.Contains(r.Body, long) || !strings.Contains(r.Body, `id="comment-edit-error-`) {
		t.Errorf("a too long edit: %d, want 400 with the words kept in the open form: %.300s", r.Status, r.Body)
	}
	if c := h.commentOf(writer, idea, cm); str(c, "body") != "原来的话" {
		t.Errorf("the refused edit changed the comment: %v", c)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/comments/%d/helpful", cm), admin, nil).must(t, 200)
	page := b.get(from).Body
	if strings.Contains(page, `class="comment-edit"`) || !strings.Contains(page, `class="comment-delete"`) {
		t.Error("a helpful comment's page should offer its delete only")
	}
	r = b.post(from, fmt.Sprintf("/comments/%d", cm), url.Values{"body": {"新的话"}})
	if r.Status != 409 || !strings.Contains(r.Body, "it can no longer be edited") || !strings.Contains(r.Body, ">新的话</textarea>") {
		t.Errorf("an edit of a helpful comment: %d, want 409 saying why: %.300s", r.Status, r.Body)
	}
}
