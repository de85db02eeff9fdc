package web

import (
	"fmt"
	"testing"
)

// A blind judge (assigned while the vote still runs) who rates a design or
// says they would buy it reads no crowd figure from the answer: their own
// stars, nothing of the others' stars or buyers, as for their vote. A fan
// still reads them.
func TestABlindJudgesRatingAndIntentTellNoTally(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"kind": "design_poll", "voting_method": "stars",
		"buy_options": map[string][]string{"size": {"S", "M"}}, "shortlist_size": 2, "winners": 1})
	ideas := []int{h.idea(admin, cid, "设计 one"), h.idea(admin, cid, "设计 two")}
	rating := fmt.Sprintf("/api/v1/ideas/%d/rating", ideas[0])
	intent := fmt.Sprintf("/api/v1/ideas/%d/intent", ideas[0])
	for i := range 3 {
		fan := h.fan(fmt.Sprintf("fan%d@x.cn", i))
		h.api("PUT", rating, fan, map[string]any{"stars": 5}).must(t, 200)
		h.api("PUT", intent, fan, map[string]any{"quantity": 1, "options": map[string]string{"size": "M"}}).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", cid), admin, map[string]any{
		"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}, "blind": true,
	}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", cid), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)

	for _, m := range []string{"PUT", "DELETE"} {
		r := h.api(m, rating, judge, map[string]any{"stars": 1}).must(t, 200)
		_, avg := r.JSON["rating"]
		_, n := r.JSON["ratings"]
		if mine := num(r.JSON, "mine"); avg || n || mine != map[string]int{"PUT": 1, "DELETE": 0}[m] {
			t.Errorf("%s rating as a blind judge: %s", m, r.Body)
		}
		r = h.api(m, intent, judge, map[string]any{"quantity": 1, "options": map[string]string{"size": "S"}}).must(t, 200)
		if _, ok := r.JSON["buyers"]; ok {
			t.Errorf("%s intent as a blind judge tells the buyers: %s", m, r.Body)
		}
	}
	late := h.fan("late@x.cn")
	if r := h.api("PUT", rating, late, map[string]any{"stars": 2}).must(t, 200); num(r.JSON, "ratings") != 4 || num(r.JSON, "mine") != 2 {
		t.Errorf("a fan's rating answer: %s", r.Body)
	}
	if r := h.api("PUT", intent, late, map[string]any{"quantity": 1, "options": map[string]string{"size": "S"}}).must(t, 200); num(r.JSON, "buyers") != 4 {
		t.Errorf("a fan's intent answer: %s", r.Body)
	}
}
