package web

import (
	"fmt"
	"testing"
)

// A judge's app, started afresh, shows the cards the judge saved and lets
// them change one (DESIGN §5: the API has the pages' rules): the queue
// carries each saved card, its scores and comment, and whether the
// results have made it final.
func TestCards44AJudgesAppReadsTheirSavedCards(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	queue := func() []map[string]any {
		var out []map[string]any
		list, _ := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any)
		for _, it := range list {
			out = append(out, it.(map[string]any))
		}
		return out
	}
	q := queue()
	if len(q) != 2 {
		t.Fatalf("the judge's queue has %d ideas, want the 2 shortlisted", len(q))
	}
	for _, it := range q {
		if _, ok := it["scorecard"]; ok || it["final"] != false {
			t.Errorf("an unscored idea carries a card, or is final: %v", it)
		}
	}
	scored := num(q[0]["idea"].(map[string]any), "id")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", scored), e.j2, map[string]any{
		"scores": map[string]float64{"novelty": 8, "feasibility": 6.5}, "comment": "门封设计巧妙",
	}).must(t, 200)
	for _, it := range queue() {
		card, _ := it["scorecard"].(map[string]any)
		if num(it["idea"].(map[string]any), "id") != scored {
			if card != nil {
				t.Errorf("an unscored idea carries a card: %v", it)
			}
			continue
		}
		scores, _ := card["scores"].(map[string]any)
		if card == nil || str(card, "comment") != "门封设计巧妙" || scores["novelty"] != 8.0 || scores["feasibility"] != 6.5 || num(card, "idea_id") != scored {
			t.Errorf("the saved card as the app reads it: %v", it)
		}
	}
}
