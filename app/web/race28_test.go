package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An idea that reached its supporter threshold and was then taken off the
// shortlist by the organiser stays off: the sweep neither puts it back (nor
// tells its author and supporters again that it qualified) nor, after the
// results, slips it into the published ranking.
func TestAnIdeaTakenOffTheShortlistStaysOff(t *testing.T) {
	t.Parallel()
	h, admin, author, cid, a, b := twoQualifiedIdeas(t)
	state := func(id int) string {
		return str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil).must(t, 200).JSON, "state")
	}
	if state(a) != "shortlisted" || state(b) != "shortlisted" {
		t.Fatalf("after the votes: A %s, B %s; both should have qualified", state(a), state(b))
	}
	notices := func() int {
		n := 0
		for _, it := range h.api("GET", "/api/v1/me/notifications", author, nil).must(t, 200).JSON["notifications"].([]any) {
			if it.(map[string]any)["kind"] == "qualified" {
				n++
			}
		}
		return n
	}
	told := notices()
	h.advance(80 * time.Hour) // voting over
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}},
	}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1, "remove": []int{b}}).must(t, 200)
	if state(b) != "submitted" {
		t.Fatalf("B after the organiser took it off: %s", state(b))
	}
	if n, err := h.svc.SweepThresholds(t.Context()); err != nil || n != 0 || state(b) != "submitted" {
		t.Errorf("the sweep moved %d (%v): B %s; the organiser's removal must stand", n, err, state(b))
	}
	if n := notices(); n != told {
		t.Errorf("the author was told %d more times that B qualified", n-told)
	}
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	if n, err := h.svc.SweepThresholds(t.Context()); err != nil || n != 0 {
		t.Errorf("after the results the sweep moved %d (%v)", n, err)
	}
	if res := h.api("GET", path("results"), "", nil).must(t, 200); strings.Contains(res.Body, fmt.Sprintf(`"idea_id":%d`, b)) {
		t.Errorf("B joined the published ranking: %s", res.Body)
	}
}

// twoQualifiedIdeas is an open call with a supporter threshold of 2 and a
// shortlist of 1, whose ideas A (3 votes) and B (2) both reached it.
func twoQualifiedIdeas(t *testing.T) (h *harness, admin, author string, cid, a, b int) {
	h = newHarness(t)
	admin = h.setup()
	author = h.fan("author@fans.cn")
	cid = h.openChallenge(admin, map[string]any{"support_threshold": 2, "shortlist_size": 1, "winners": 1})
	a, b = h.idea(author, cid, "idea A"), h.idea(author, cid, "idea B")
	for i := range 3 {
		fan := h.fan(fmt.Sprintf("f%d@fans.cn", i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", a), fan, nil).must(t, 200)
		if i < 2 {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", b), fan, nil).must(t, 200)
		}
	}
	return h, admin, author, cid, a, b
}
