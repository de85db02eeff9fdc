package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A moderator may not act on what they may not see: an idea or a comment
// of a draft challenge answers 404 not_found, as an id that does not
// exist does, and nothing changes.
func TestModeratorCannotActOnUnseenItems(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	idea := h.idea(author, cid, "草稿里的主意 draft idea")
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": "评论 comment"}).must(t, 201).JSON, "id")
	h.toDraft(admin, cid)
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), mod, nil).must(t, 404)

	for _, tc := range []struct{ typ, id string }{{"idea", itoa(int64(idea))}, {"comment", itoa(int64(cm))}, {"idea", "99999"}, {"comment", "99999"}} {
		for _, action := range []string{"hide", "dismiss"} {
			r := h.api("POST", "/api/v1/moderation/"+tc.typ+"/"+tc.id, mod, map[string]string{"action": action, "reason": "spam"})
			if r.Status != 404 || r.errCode() != "not_found" {
				t.Errorf("%s %s %s in a draft: %d %s", action, tc.typ, tc.id, r.Status, r.Body)
			}
		}
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	if r := b.post("/moderation", fmt.Sprintf("/moderation/comment/%d", cm), url.Values{"action": {"hide"}, "reason": {"spam"}}); r.Status != 404 {
		t.Errorf("the page's hide of a draft's comment: %d", r.Status)
	}
	// Nothing changed: the admin still sees both shown, and no decision.
	if s := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, nil).must(t, 200).JSON, "state"); s != "submitted" {
		t.Errorf("the draft's idea is %s", s)
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, nil).must(t, 200); !strings.Contains(r.Body, "评论 comment") {
		t.Errorf("the draft's comment was hidden: %s", r.Body)
	}
	if r := h.api("GET", "/api/v1/moderation/log", admin, nil).must(t, 200); strings.Contains(r.Body, `"action"`) {
		t.Errorf("a refused decision was logged: %s", r.Body)
	}
	// The admin, who sees drafts, still may.
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), admin, map[string]string{"action": "hide", "reason": "广告 spam"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", idea), admin, map[string]string{"reason": "spam", "note": "草稿 draft"}).must(t, 201)
	// Neither the queue nor the log shows the moderator what they may not
	// see, on the API or the page; the admin's do.
	for _, p := range []string{"/api/v1/moderation/queue", "/api/v1/moderation/log"} {
		if r := h.api("GET", p, mod, nil).must(t, 200); strings.Contains(r.Body, "草稿") || strings.Contains(r.Body, "广告 spam") {
			t.Errorf("%s shows a moderator a draft's item: %s", p, r.Body)
		}
	}
	if r := b.get("/moderation"); r.Status != 200 || strings.Contains(r.Body, "草稿里的主意") || strings.Contains(r.Body, "广告 spam") {
		t.Errorf("the moderation page shows a moderator a draft's item: %d", r.Status)
	}
	if r := h.api("GET", "/api/v1/moderation/queue", admin, nil).must(t, 200); !strings.Contains(r.Body, "草稿里的主意") {
		t.Errorf("the admin's queue lost the draft's idea: %s", r.Body)
	}
	if r := h.api("GET", "/api/v1/moderation/log", admin, nil).must(t, 200); !strings.Contains(r.Body, "广告 spam") {
		t.Errorf("the admin's log lost the draft's decision: %s", r.Body)
	}
}
