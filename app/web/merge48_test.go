package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Merging a board post into another carries the duplicate's followers
// over: a fan who followed the duplicate is told, in their language and by
// email, where it went, and then hears of the original's status. The
// duplicate's author follows the original; the original's followers are
// not told of a merge that changes nothing for them.
func TestMergeCarriesFollowersToTheOriginal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗碗机")
	eng := h.engineer(admin, "eng@brand.cn")
	origAuthor, dupAuthor, fan, old := h.fan("orig@x.cn"), h.fan("dup@x.cn"), h.fan("fan@x.cn"), h.fan("old@x.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(fan), "zh"); err != nil {
		t.Fatal(err)
	}
	orig := h.idea(origAuthor, bid, "洗碗机太吵")
	dup := h.idea(dupAuthor, bid, "Quieter dishwasher")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", dup), fan, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", orig), old, nil).must(t, 200)
	h.confirmationLinks() // the sign-ups' confirmation emails go first

	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), admin, map[string]any{"into": orig, "reason": "same"}).must(t, 200)
	n := h.notices(fan)
	if len(n) != 1 || n[0]["kind"] != "followed_merged" || !strings.HasSuffix(str(n[0], "url"), fmt.Sprintf("/ideas/%d", orig)) ||
		!strings.Contains(str(n[0], "text"), "Quieter dishwasher") || !strings.Contains(str(n[0], "text"), "洗碗机太吵") {
		t.Fatalf("the duplicate's follower: %v", n)
	}
	if n := h.notices(old); len(n) != 0 {
		t.Errorf("the original's follower was told of the merge: %v", n)
	}
	if n := h.notices(dupAuthor); len(n) != 1 || n[0]["kind"] != "merged" {
		t.Errorf("the duplicate's author: %v", n)
	}
	mails := h.mailOut("")
	if m := mailLang(t, mails, "fan@x.cn", "zh"); !strings.Contains(m.Text, "你关注的创意“Quieter dishwasher”") {
		t.Errorf("the follower's email: %s", m.Text)
	}
	for _, tok := range []string{fan, dupAuthor} {
		if ok, err := h.store.Following(context.Background(), h.userID(tok), int64(orig)); err != nil || !ok {
			t.Errorf("%d does not follow the original after the merge: %v", h.userID(tok), err)
		}
	}

	// The original's news reaches them now.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", orig), eng, map[string]any{"status": "planned"}).must(t, 200)
	for who, tok := range map[string]string{"the duplicate's follower": fan, "the duplicate's author": dupAuthor, "the original's follower": old} {
		if n := h.notices(tok); len(n) == 0 || !strings.HasPrefix(str(n[0], "kind"), "status") || !strings.HasSuffix(str(n[0], "url"), fmt.Sprintf("/ideas/%d", orig)) {
			t.Errorf("%s is not told of the original's status: %v", who, n)
		}
	}
}
