package web

import (
	"fmt"
	"testing"
	"time"
)

// A fan's vote on an idea that leaves the lists (withdrawn, hidden) is given
// back in the same transaction, and the fan is told (issue 11 item 4).
func TestVoteReturnedWhenIdeaLeavesTheLists(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@example.com")
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 1})
	x, y, z := h.idea(author, cid, "X 免洗滤网"), h.idea(author, cid, "Y"), h.idea(author, cid, "Z")
	vote := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d/vote", id) }
	idea := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d", id) }

	// Withdrawn by its author: the vote comes back.
	h.api("PUT", vote(x), fan, nil).must(t, 200)
	h.api("PUT", vote(y), fan, nil).must(t, 409)
	h.api("PATCH", idea(x), author, map[string]any{"state": "withdrawn"}).must(t, 200)
	if got := num(h.api("GET", idea(x), fan, nil).JSON, "votes"); got != 0 {
		t.Errorf("withdrawn idea keeps %d votes", got)
	}
	r := h.api("PUT", vote(y), fan, nil).must(t, 200)
	if num(r.JSON, "votes") != 1 {
		t.Errorf("vote for Y: %s", r.Body)
	}
	notices := h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any)
	if len(notices) != 1 || notices[0].(map[string]any)["kind"] != "vote_returned" ||
		notices[0].(map[string]any)["url"] != fmt.Sprintf("/challenges/%d", cid) {
		t.Errorf("notices = %v, want one vote_returned", notices)
	}
	if n := h.api("GET", "/api/v1/me/notifications", author, nil).JSON["notifications"].([]any); len(n) != 0 {
		t.Errorf("a fan who did not vote was told: %v", n)
	}

	// Hidden by an admin: the same.
	h.api("PATCH", idea(y), admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	h.api("PUT", vote(z), fan, nil).must(t, 200)
	// Restored while voting: it comes back with no votes (they were given
	// back and may have been spent), and the fan may vote for it again.
	h.api("PATCH", idea(y), admin, map[string]any{"state": "submitted"}).must(t, 200)
	if got := num(h.api("GET", idea(y), fan, nil).JSON, "votes"); got != 0 {
		t.Errorf("restored idea has %d votes", got)
	}
	h.api("DELETE", vote(z), fan, nil).must(t, 200)
	h.api("PUT", vote(y), fan, nil).must(t, 200)

	// After voting closed, hiding keeps the votes: they are the record.
	h.advance(73 * time.Hour)
	h.api("PATCH", idea(y), admin, map[string]any{"state": "hidden", "reason": "late"}).must(t, 200)
	h.api("PATCH", idea(y), admin, map[string]any{"state": "submitted"}).must(t, 200)
	if got := num(h.api("GET", idea(y), fan, nil).JSON, "votes"); got != 1 {
		t.Errorf("idea hidden after the vote has %d votes, want 1", got)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}
