package web

import (
	"fmt"
	"strings"
	"testing"
)

// noticesAbout lists a person's notices of kind whose link is on idea.
func (h *harness) noticesAbout(token, kind string, idea int) []map[string]any {
	h.t.Helper()
	r := h.api("GET", "/api/v1/me/notifications", token, nil).must(h.t, 200)
	list, _ := r.JSON["notifications"].([]any)
	var out []map[string]any
	for _, it := range list {
		n, _ := it.(map[string]any)
		if n["kind"] == kind && strings.HasPrefix(str(n, "url"), fmt.Sprintf("/ideas/%d", idea)) {
			out = append(out, n)
		}
	}
	return out
}

// A comment hidden by a moderator does not silence the idea: its notice
// no longer shows (so it is never read), and the next comment reaches the
// author and the followers again.
func TestHiddenCommentDoesNotSilenceLaterNotices(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author, follower := h.fan("author@x.cn"), h.fan("follower@x.cn")
	spammer, other := h.fan("spammer@x.cn"), h.fan("other@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	idea := h.idea(author, cid, "滚筒自清洁 self-cleaning drum")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), follower, nil).must(t, 200)

	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), spammer, map[string]string{"body": "加我微信 add me"}).must(t, 201).JSON, "id")
	if n := len(h.noticesAbout(author, "comment", idea)); n != 1 {
		t.Fatalf("the author has %d comment notices, want 1", n)
	}
	if n := len(h.noticesAbout(follower, "followed_comment", idea)); n != 1 {
		t.Fatalf("the follower has %d comment notices, want 1", n)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if n := len(h.noticesAbout(author, "comment", idea)); n != 0 {
		t.Fatalf("the author still sees the hidden comment's notice (%d)", n)
	}

	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), other, map[string]string{"body": "好主意 good idea"}).must(t, 201)
	if n := len(h.noticesAbout(author, "comment", idea)); n != 1 {
		t.Errorf("after a hidden comment, a new one gave the author %d notices, want 1", n)
	}
	if n := len(h.noticesAbout(follower, "followed_comment", idea)); n != 1 {
		t.Errorf("after a hidden comment, a new one gave the follower %d notices, want 1", n)
	}
	// The flood guard still holds for notices that show: a third comment
	// waits behind the unread second.
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), spammer, map[string]string{"body": "再来 again"}).must(t, 201)
	if n := len(h.noticesAbout(author, "comment", idea)); n != 1 {
		t.Errorf("a comment behind an unread notice gave the author %d notices, want 1", n)
	}
}
