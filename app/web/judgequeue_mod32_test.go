package web

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"
)

// The judge's queue lists the most urgent challenge first
// (judging.QueueOrder): the one whose judging begins first, whatever the
// order they were made in or scored, a published challenge last; the
// API lists the assignments in the same order.
func TestMod32JudgeQueueMostUrgentFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	maker := h.fan("maker@x.cn")
	now := h.clock()
	challenge := func(title string, votingCloses time.Duration) (int, int) {
		cid := h.openChallenge(admin, map[string]any{"title": title, "shortlist_size": 1, "winners": 1,
			"submissions_close_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(votingCloses)})
		id := h.idea(maker, cid, title+" 创意")
		path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
		h.api("POST", path("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)
		h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
		return cid, id
	}
	published, pIdea := challenge("已发布 Published", 30*time.Hour)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", pIdea), judge, map[string]any{"scores": map[string]any{"novelty": 5, "feasibility": 5, "cost": 5, "user_value": 5}}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", published), admin, nil).must(t, 200)
	_, later := challenge("乙 Later", 96*time.Hour)
	_, sooner := challenge("甲 Sooner", 48*time.Hour)

	b := h.browser()
	b.signIn("judge@x.cn", "fan-password")
	page := b.get("/judging").must(t, 200).Body
	var got []string
	for _, m := range regexp.MustCompile(`<h2><a href="[^"]*">([^<]*)</a></h2>`).FindAllStringSubmatch(page, -1) {
		got = append(got, m[1])
	}
	if want := []string{"甲 Sooner", "乙 Later", "已发布 Published"}; !slices.Equal(got, want) {
		t.Errorf("the queue's challenges: %q, want %q", got, want)
	}
	var ideas []int
	for _, a := range h.api("GET", "/api/v1/judging/assignments", judge, nil).must(t, 200).JSON["assignments"].([]any) {
		ideas = append(ideas, num(a.(map[string]any)["idea"].(map[string]any), "id"))
	}
	if want := []int{sooner, later, pIdea}; !slices.Equal(ideas, want) {
		t.Errorf("the API's assignments: %v, want %v", ideas, want)
	}
}
