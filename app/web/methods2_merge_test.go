package web

import (
	"fmt"
	"testing"
)

// Through the API: merging a duplicate moves its stars and its "I'd buy
// it" to the original, a fan who gave both keeps what they gave the
// original, and check holds.
func TestMergeMovesStarsAndIntents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	f1, f2 := h.fan("f1@x.cn"), h.fan("f2@x.cn")
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	orig, dup := h.idea(admin, stars, "原版 original"), h.idea(admin, stars, "重复 duplicate")
	rate := func(tok string, id, n int) {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), tok, map[string]any{"stars": n}).must(t, 200)
	}
	rate(f1, dup, 5)
	rate(f2, orig, 2)
	rate(f2, dup, 4) // dropped: f2 rated the original
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), admin, map[string]any{"into": orig, "reason": "same"}).must(t, 200)
	o := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", orig), "", nil).must(t, 200)
	if num(o.JSON, "ratings") != 2 || o.JSON["rating"] != 3.5 {
		t.Errorf("original after merge: %v ratings, average %v; want 2, 3.5", o.JSON["ratings"], o.JSON["rating"])
	}
	// f1's moved rating is theirs to change on the original.
	r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", orig), f1, map[string]any{"stars": 3}).must(t, 200)
	if num(r.JSON, "ratings") != 2 || r.JSON["rating"] != 2.5 {
		t.Errorf("changed moved rating: %s", r.Body)
	}

	poll, designs := qigePoll(t, h, admin)
	buy := func(tok string, id, q int) {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", id), tok,
			map[string]any{"quantity": q, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": 199}).must(t, 200)
	}
	buy(f1, designs[1], 2)
	buy(f2, designs[0], 1)
	buy(f2, designs[1], 3) // dropped: f2 would buy the original
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", designs[1]), admin, map[string]any{"into": designs[0], "reason": "same dress"}).must(t, 200)
	o = h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", designs[0]), "", nil).must(t, 200)
	if num(o.JSON, "buyers") != 2 {
		t.Errorf("original design after merge: %v buyers; want 2", o.JSON["buyers"])
	}
	d := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/demand", poll), admin, nil).must(t, 200)
	for _, it := range d.JSON["ideas"].([]any) {
		it := it.(map[string]any)
		if num(it, "idea_id") == designs[0] && (num(it, "buyers") != 2 || num(it, "units") != 3) {
			t.Errorf("original design after merge in the demand report: %v; want 2 buyers, 3 units", it)
		}
		if num(it, "idea_id") == designs[1] && num(it, "buyers") != 0 {
			t.Errorf("the merged design still has buyers in the demand report: %v", it)
		}
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check after merge: %v %v", v, err)
	}
}
