package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// scoreAll has every assigned judge of e score their queue, the first
// idea of each queue highest on novelty.
func scoreAll(t *testing.T, e *judgingEnv) {
	t.Helper()
	h := e.h
	for _, j := range []string{e.j1, e.j2} {
		q := h.api("GET", "/api/v1/judging/assignments", j, nil).must(t, 200)
		for k, it := range q.JSON["assignments"].([]any) {
			id := int(it.(map[string]any)["idea"].(map[string]any)["id"].(float64))
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), j, map[string]any{"scores": map[string]any{"novelty": 10 - 3*k, "feasibility": 1 + 3*k}}).must(t, 200)
		}
	}
}

// publishedJudging is a judged challenge, scored and published: its
// results' API answer and page as published.
func publishedJudging(t *testing.T) (e *judgingEnv, api, page string) {
	e = newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	scoreAll(t, e)
	pub := h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	api = h.api("GET", path("results"), "", nil).must(t, 200).Body
	if pub.Body != api {
		t.Errorf("publishing answered %s\nthe results then read %s", pub.Body, api)
	}
	page = h.api("GET", fmt.Sprintf("/challenges/%d/results", e.cid), "", nil).must(t, 200).Body
	return e, api, page
}

// resultsTable is the results page's tables, where the ranking and its
// figures are.
func resultsTable(page string) string {
	start := strings.Index(page, `<table class="results">`)
	end := strings.LastIndex(page, "</table>")
	if start < 0 || end < start {
		return ""
	}
	return page[start:end]
}

// Results published while the vote still runs close the vote and the
// submissions: later votes and ideas are refused, and the published
// ranking does not move (review A).
func TestJudgefixPublishingClosesVotingAndSubmissions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	a, b := h.idea(admin, cid, "idea A"), h.idea(admin, cid, "idea B")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", a), h.fan("x@f.cn"), nil).must(t, 200)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	before := h.api("GET", path("results"), "", nil).must(t, 200).Body
	for i := range 3 {
		v := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", b), h.fan(fmt.Sprintf("late%d@f.cn", i)), nil)
		if v.Status != 409 || v.errCode() != "voting_closed" {
			t.Errorf("a vote after publication: %d %s, want 409 voting_closed", v.Status, v.Body)
		}
	}
	r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), h.fan("late@f.cn"), map[string]any{"title": "late idea", "summary": "s", "body": "b"})
	if r.Status != 409 || r.errCode() != "submissions_closed" {
		t.Errorf("an idea after publication: %d %s, want 409 submissions_closed", r.Status, r.Body)
	}
	if after := h.api("GET", path("results"), "", nil).must(t, 200).Body; before != after {
		t.Errorf("the published ranking moved after publication:\nbefore %s\nafter  %s", before, after)
	}
}

// The results are served as published: figures changed under them
// afterwards (an integrity removal taking votes off, the rubric's weights
// rewritten in the tables) move neither the API's answer nor the page
// (review A).
func TestJudgefixResultsStayAsPublished(t *testing.T) {
	t.Parallel()
	e, api, page := publishedJudging(t)
	h := e.h
	db := h.rawDB()
	if _, err := db.Exec(`UPDATE ideas SET votes = votes + 40 WHERE challenge_id = ? AND state = 'not_selected'`, e.cid); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE rubrics SET crowd_weight = 0.9 WHERE challenge_id = ?`, e.cid); err != nil {
		t.Fatal(err)
	}
	got := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/results", e.cid), "", nil).must(t, 200).Body
	if got != api {
		t.Errorf("the published results moved:\npublished %s\nnow       %s", api, got)
	}
	now := h.api("GET", fmt.Sprintf("/challenges/%d/results", e.cid), "", nil).must(t, 200).Body
	if resultsTable(now) == "" || resultsTable(now) != resultsTable(page) {
		t.Errorf("the published results page moved:\npublished %s\nnow       %s", resultsTable(page), resultsTable(now))
	}
}

// A challenge published before copies were saved gets its copy at the
// first read, as its results stood then; later changes no longer move it.
func TestJudgefixResultsPublishedBeforeTheCopyAreSavedOnce(t *testing.T) {
	t.Parallel()
	e, api, _ := publishedJudging(t)
	h := e.h
	db := h.rawDB()
	if _, err := db.Exec(`DELETE FROM published_results WHERE challenge_id = ?`, e.cid); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/challenges/%d/results", e.cid)
	if got := h.api("GET", path, "", nil).must(t, 200).Body; got != api {
		t.Errorf("the first read of results published without a copy:\npublished %s\nnow       %s", api, got)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM published_results WHERE challenge_id = ?`, e.cid).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the first read saved %d copies (%v), want 1", n, err)
	}
	if _, err := db.Exec(`UPDATE ideas SET votes = votes + 40 WHERE challenge_id = ? AND state = 'not_selected'`, e.cid); err != nil {
		t.Fatal(err)
	}
	if got := h.api("GET", path, "", nil).must(t, 200).Body; got != api {
		t.Errorf("the copy saved at the first read moved:\npublished %s\nnow       %s", api, got)
	}
}

// An idea that gets onto the shortlist after the results (the supporter
// threshold's sweep) does not join the published ranking (review A).
func TestJudgefixNoIdeaJoinsThePublishedRanking(t *testing.T) {
	t.Parallel()
	h, admin, _, cid, a, b := twoQualifiedIdeas(t)
	h.advance(80 * time.Hour) // voting over
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1, "remove": []int{b}}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	if _, err := h.svc.SweepThresholds(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Whatever the sweep does with B, the ranking published holds A only.
	h.rawDB().Exec(`UPDATE ideas SET state = 'shortlisted' WHERE id = ?`, b)
	res := h.api("GET", path("results"), "", nil).must(t, 200)
	if strings.Contains(res.Body, fmt.Sprintf(`"idea_id":%d`, b)) || !strings.Contains(res.Body, fmt.Sprintf(`"idea_id":%d`, a)) {
		t.Errorf("the published ranking is not A alone: %s", res.Body)
	}
}

// The rubric is final with the results, and its criteria's keys and
// scales are fixed once a judge has scored; weights and the crowd weight
// may change until the results (review B).
func TestJudgefixRubricAfterScoresAndResults(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	scoreAll(t, e)
	renamed := map[string]any{"criteria": []map[string]any{{"key": "other", "name": "Other", "weight": 1, "min": 0, "max": 10}}}
	r := h.api("PUT", path("rubric"), e.admin, renamed)
	if r.Status != 409 || r.errCode() != "rubric_scored" || !strings.Contains(r.Body, "novelty") {
		t.Errorf("renaming the scored criteria: %d %s, want 409 rubric_scored naming them", r.Status, r.Body)
	}
	reweighed := map[string]any{
		"criteria": []map[string]any{
			{"key": "novelty", "name": "新颖性", "weight": 1, "min": 0, "max": 10},
			{"key": "feasibility", "name": "Feasibility", "weight": 5, "min": 0, "max": 10},
		}, "crowd_weight": 0.9,
	}
	h.api("PUT", path("rubric"), e.admin, reweighed).must(t, 200)
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	before := h.api("GET", path("results"), "", nil).must(t, 200)
	reweighed["crowd_weight"] = 0.1
	for _, body := range []map[string]any{reweighed, renamed} {
		r := h.api("PUT", path("rubric"), e.admin, body)
		if r.Status != 409 || r.errCode() != "results_published" {
			t.Errorf("a rubric change after the results: %d %s, want 409 results_published", r.Status, r.Body)
		}
	}
	if after := h.api("GET", path("results"), "", nil).must(t, 200); after.Body != before.Body || !strings.Contains(before.Body, `"crowd_weight":0.9`) {
		t.Errorf("published results changed after publication:\nbefore %s\nafter  %s", before.Body, after.Body)
	}
}

// Excluding voters excludes every act of a fan on the idea: a judge who
// rated it or said they would buy it is neither assigned to it nor, when
// they act on it after being assigned while the vote runs, may score it
// (review C).
func TestJudgefixExcludeVotersCountsEveryAct(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	_, judge2ID := h.staffer(admin, "judge2@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"kind": "design_poll", "voting_method": "stars",
		"buy_options": map[string][]string{"size": {"S", "M"}}, "shortlist_size": 3, "winners": 1})
	ideas := []int{h.idea(admin, cid, "设计 one"), h.idea(admin, cid, "设计 two"), h.idea(admin, cid, "设计 three")}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", ideas[0]), judge, map[string]any{"stars": 5}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", ideas[1]), judge, map[string]any{"quantity": 1, "options": map[string]string{"size": "M"}}).must(t, 200)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}, "blind": true, "exclude_voters": true,
	}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	for i, what := range []string{"rated", "would buy"} {
		r := h.api("PUT", path(fmt.Sprintf("assignments/%d/%d", judgeID, ideas[i])), admin, nil)
		if r.Status != 409 || r.errCode() != "judge_not_eligible" {
			t.Errorf("assigning a judge to an idea they %s: %d %s, want 409 judge_not_eligible", what, r.Status, r.Body)
		}
	}
	r := h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID, judge2ID}, "per_idea": 1}).must(t, 200)
	for _, a := range r.JSON["assignments"].([]any) {
		m := a.(map[string]any)
		if int(m["judge_id"].(float64)) == judgeID && int(m["idea_id"].(float64)) != ideas[2] {
			t.Errorf("the automatic spread gave the judge idea %v, which they acted on: %s", m["idea_id"], r.Body)
		}
	}
	// Assigned to idea three while the vote runs, the judge rates it, then
	// scores it.
	h.api("PUT", path(fmt.Sprintf("assignments/%d/%d", judgeID, ideas[2])), admin, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", ideas[2]), judge, map[string]any{"stars": 1}).must(t, 200)
	sc := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", ideas[2]), judge, map[string]any{"scores": map[string]any{"look": 0}})
	if sc.Status != 409 || sc.errCode() != "judge_not_eligible" {
		t.Errorf("a judge scoring the idea they rated after being assigned: %d %s, want 409 judge_not_eligible", sc.Status, sc.Body)
	}
}

// An idea taken off the shortlist leaves Kendall's W, the judges' queues
// and the scorecards: W speaks of the ranked ideas, and the idea can no
// longer be scored (review D).
func TestJudgefixOffTheShortlistIsNoLongerJudged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ja, jaID := h.staffer(admin, "ja@x.cn", "judge")
	jb, jbID := h.staffer(admin, "jb@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	maker := h.fan("maker@x.cn")
	x, y, z := h.idea(maker, cid, "X"), h.idea(maker, cid, "Y"), h.idea(maker, cid, "Z")
	h.advance(80 * time.Hour)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}, "blind": false,
	}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{jaID, jbID}, "per_idea": 2}).must(t, 200)
	card := func(j string, id, v int) res {
		return h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), j, map[string]any{"scores": map[string]any{"look": v}})
	}
	// Both judges agree Y > Z; they disagree about X.
	card(ja, x, 10).must(t, 200)
	card(ja, y, 6).must(t, 200)
	card(ja, z, 4).must(t, 200)
	card(jb, x, 1).must(t, 200)
	card(jb, y, 6).must(t, 200)
	card(jb, z, 4).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3, "remove": []int{x}}).must(t, 200)
	after := h.api("GET", path("results"), admin, nil).must(t, 200)
	if w, _ := after.JSON["agreement_kendall_w"].(float64); w != 1 {
		t.Errorf("W should be 1 over the ranked ideas (both judges rank Y above Z), got %v", after.JSON["agreement_kendall_w"])
	}
	q := h.api("GET", "/api/v1/judging/assignments", ja, nil).must(t, 200)
	if strings.Contains(q.Body, `"title":"X"`) || !strings.Contains(q.Body, `"title":"Y"`) {
		t.Errorf("judge A's queue should hold Y and Z, not X (off the shortlist): %.400s", q.Body)
	}
	if r := card(ja, x, 9); r.Status != 409 || r.errCode() != "idea_not_shortlisted" {
		t.Errorf("scoring an idea off the shortlist: %d %s, want 409 idea_not_shortlisted", r.Status, r.Body)
	}
	// The judging desk's chart of the judges' means counts Y and Z only:
	// each judge's mean is 50%, with 2 cards.
	desk := h.api("GET", fmt.Sprintf("/challenges/%d/judging", cid), admin, nil).must(t, 200)
	if !strings.Contains(desk.Body, "50% · 2") {
		t.Errorf("the judges' chart should count each judge's 2 cards of ranked ideas (50%% · 2)")
	}
}
