package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
)

// With separate windows the days run from the opening of the vote: an idea
// submitted before anyone may vote does not expire before they can; once
// it expires its voters are told it expired, in their language.
func TestEdits49ThresholdClockWaitsForTheVote(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, fan := h.fan("author@fans.cn"), h.fan("fan@fans.cn")
	now := h.clock()
	opens := now.Add(5 * 24 * time.Hour)
	// A budget, so the expired idea's vote goes back (without one it stays
	// with the idea and its supporters hear backed_expired: session 52).
	call := h.openChallenge(admin, map[string]any{"support_threshold": 2, "threshold_days": 1, "vote_budget": 3,
		"submissions_close_at": now.Add(4 * 24 * time.Hour), "voting_open_at": opens, "voting_close_at": opens.Add(10 * 24 * time.Hour)})
	idea := h.idea(author, call, "没人支持的想法")
	path := "/api/v1/ideas/" + itoa(int64(idea))
	h.advance(2 * 24 * time.Hour) // its own day is long over; no vote has been possible
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 0 {
		t.Fatalf("the sweep moved %d before the vote opened: %v", n, err)
	}
	h.api("PUT", path+"/vote", fan, nil).must(t, 409) // voting_closed: not yet open
	h.advance(3*24*time.Hour + 12*time.Hour)          // half a day into the vote
	h.api("PUT", path+"/vote", fan, nil).must(t, 200)
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 0 {
		t.Fatalf("the sweep moved %d within the day: %v", n, err)
	}
	if state := str(h.api("GET", path, "", nil).must(t, 200).JSON, "state"); state != "submitted" {
		t.Fatalf("state %q within its day", state)
	}
	h.advance(12 * time.Hour)
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 1 {
		t.Fatalf("the sweep moved %d after the day: %v", n, err)
	}
	if state := str(h.api("GET", path, "", nil).must(t, 200).JSON, "state"); state != "expired" {
		t.Fatalf("state %q after its day", state)
	}
	notices := h.api("GET", "/api/v1/me/notifications", fan, nil).must(t, 200).JSON["notifications"].([]any)
	if len(notices) != 1 || notices[0].(map[string]any)["kind"] != "vote_returned_expired" {
		t.Fatalf("the voter's notices: %v", notices)
	}
	b := h.browser()
	b.signIn("fan@fans.cn", "fan-password")
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	page := b.get("/notifications").must(t, 200).Body
	if !strings.Contains(page, "没能按时获得足够支持，已过期：这一票已退还") || strings.Contains(page, "已撤回或隐藏") {
		t.Errorf("the notice does not say the idea expired: %.3000s", page)
	}
}
