package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// judgingSetup makes a challenge past voting with six voted ideas, two
// judges (one of whom wrote an idea) and the given rubric.
type judgingEnv struct {
	h                  *harness
	admin, j1, j2, fan string
	j1ID, j2ID, fanID  int
	cid                int
	ideas              []int
	j1Idea             int
}

func newJudging(t *testing.T, blind bool) *judgingEnv {
	h := newHarness(t)
	e := &judgingEnv{h: h, admin: h.setup(), fan: h.fan("fan@x.cn"), j1: h.fan("j1@x.cn"), j2: h.fan("j2@x.cn")}
	e.fanID = num(h.api("GET", "/api/v1/me", e.fan, nil).JSON, "id")
	e.j1ID = num(h.api("GET", "/api/v1/me", e.j1, nil).JSON, "id")
	e.j2ID = num(h.api("GET", "/api/v1/me", e.j2, nil).JSON, "id")
	for _, id := range []int{e.j1ID, e.j2ID} {
		h.confirm(int64(id))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), e.admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	}
	e.cid = h.openChallenge(e.admin, map[string]any{"shortlist_size": 4, "winners": 2})
	voters := []string{e.fan, e.admin, h.fan("v1@x.cn"), h.fan("v2@x.cn"), h.fan("v3@x.cn")}
	for i := 0; i < 6; i++ {
		author := e.fan
		if i == 0 {
			author = e.j1 // a judge who is also a maker
		}
		id := h.idea(author, e.cid, fmt.Sprintf("idea %d", i))
		e.ideas = append(e.ideas, id)
		for _, v := range voters[:5-i%5] {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), v, nil).must(t, 200)
		}
	}
	e.j1Idea = e.ideas[0]
	h.advance(80 * time.Hour) // voting is over: judging
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", e.cid), e.admin, map[string]any{
		"criteria": []map[string]any{
			{"key": "novelty", "name": "新颖性", "weight": 2, "min": 0, "max": 10},
			{"key": "feasibility", "name": "Feasibility", "weight": 1, "min": 0, "max": 10},
		},
		"crowd_weight": 0.25, "blind": blind,
	}).must(t, 200)
	return e
}

// assignByHand shortlists the top four and assigns both judges, named
// name(1) and name(2), one judge an idea by hand: a desk with judges on
// it, which the demo's desk has not.
func (e *judgingEnv) assignByHand(t *testing.T, name func(int) string) {
	t.Helper()
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	for i, tok := range []string{e.j1, e.j2} {
		h.api("PATCH", "/api/v1/me", tok, map[string]any{"name": name(i + 1)}).must(t, 200)
	}
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
}

func TestJudgingEndToEnd(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }

	// Rubric rules.
	h.api("PUT", path("rubric"), e.fan, map[string]any{"criteria": []any{}}).must(t, 403)
	r := h.api("PUT", path("rubric"), e.admin, map[string]any{"criteria": []map[string]any{{"key": "x", "name": "X", "weight": 1, "min": 5, "max": 1}}}).must(t, 400)
	if !strings.HasPrefix(r.errField(), "criteria[0]") {
		t.Errorf("bad scale field = %q", r.errField())
	}
	// Shortlist: top 4 by votes, plus a pick, minus a removal.
	h.api("POST", path("shortlist"), e.fan, map[string]any{"top": 4}).must(t, 403)
	r = h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4, "add": []int{e.ideas[5]}, "remove": []int{e.ideas[3]}}).must(t, 200)
	var short []int
	for _, it := range r.JSON["ideas"].([]any) {
		m := it.(map[string]any)
		short = append(short, num(m, "id"))
		if m["state"] != "shortlisted" {
			t.Errorf("idea %v is %v", m["id"], m["state"])
		}
	}
	if len(short) != 4 {
		t.Fatalf("shortlist = %v, want 4 ideas (top 4 + pick - removal)", short)
	}
	// Authors are told.
	notes := h.notices(e.fan)
	if len(notes) == 0 || notes[0]["kind"] != "shortlisted" {
		t.Errorf("fan notifications: %v", notes)
	}
	// Judges: two per idea; j1 never gets the idea they wrote.
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.fanID}, "per_idea": 1}).must(t, 400)
	r = h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 2}).must(t, 400) // j1's own idea can't get 2 judges
	r = h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	load := map[int]int{}
	for _, a := range r.JSON["assignments"].([]any) {
		m := a.(map[string]any)
		load[num(m, "judge_id")]++
		if num(m, "judge_id") == e.j1ID && num(m, "idea_id") == e.j1Idea {
			t.Fatal("a judge was assigned the idea they wrote")
		}
	}
	if load[e.j1ID] != 2 || load[e.j2ID] != 2 {
		t.Errorf("load = %v, want 2 and 2", load)
	}
	// The queue: blind, own only.
	h.api("GET", "/api/v1/judging/assignments", e.fan, nil).must(t, 403)
	q := h.api("GET", "/api/v1/judging/assignments", e.j1, nil).must(t, 200).JSON["assignments"].([]any)
	if len(q) != 2 {
		t.Fatalf("j1 queue has %d items", len(q))
	}
	for _, it := range q {
		idea := it.(map[string]any)["idea"].(map[string]any)
		if _, ok := idea["author"]; ok {
			t.Error("blind judging shows the author")
		}
		if _, ok := idea["votes"]; ok {
			t.Error("blind judging shows the votes")
		}
	}
	// Scorecards: assigned judges only, scores on the scale.
	assigned := map[int][]int{}
	for _, a := range r.JSON["assignments"].([]any) {
		m := a.(map[string]any)
		assigned[num(m, "judge_id")] = append(assigned[num(m, "judge_id")], num(m, "idea_id"))
	}
	notMine := assigned[e.j2ID][0]
	card := func(tok string, idea int, novelty, feas float64) res {
		return h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", idea), tok, map[string]any{"scores": map[string]float64{"novelty": novelty, "feasibility": feas}, "comment": "ok"})
	}
	card(e.j1, notMine, 5, 5).must(t, 403)
	card(e.fan, notMine, 5, 5).must(t, 403)
	if r := card(e.j2, notMine, 11, 5).must(t, 400); r.errField() != "scores.novelty" {
		t.Errorf("out of scale field = %q", r.errField())
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", notMine), e.j2, map[string]any{"scores": map[string]float64{"novelty": 5}}).must(t, 400)
	// Results before publishing: admins only.
	h.api("GET", path("results"), e.fan, nil).must(t, 404)
	h.api("GET", path("results"), "", nil).must(t, 404)
	for i, idea := range assigned[e.j1ID] {
		card(e.j1, idea, float64(9-i), 7).must(t, 200)
	}
	card(e.j2, assigned[e.j2ID][0], 3, 4).must(t, 200) // j2 leaves one unscored
	res := h.api("GET", path("results"), e.admin, nil).must(t, 200)
	if res.JSON["published"] != false {
		t.Error("results marked published before publishing")
	}
	missing := 0
	for _, x := range res.JSON["ranking"].([]any) {
		missing += num(x.(map[string]any), "missing")
	}
	if missing != 1 {
		t.Errorf("%d missing scorecards flagged, want 1", missing)
	}
	// Publish: top 2 win, the rest of the shortlist is not selected.
	h.api("POST", path("results/publish"), e.fan, nil).must(t, 403)
	res = h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	winners := 0
	for _, x := range res.JSON["ranking"].([]any) {
		m := x.(map[string]any)
		state := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", num(m, "idea_id")), "", nil).JSON, "state")
		if m["winner"] == true {
			winners++
			if state != "winner" {
				t.Errorf("winner idea is %q", state)
			}
		} else if state != "not_selected" {
			t.Errorf("other shortlisted idea is %q", state)
		}
	}
	if winners != 2 {
		t.Errorf("%d winners, want 2", winners)
	}
	h.api("GET", path("results"), "", nil).must(t, 200) // public now
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 409)
	card(e.j2, assigned[e.j2ID][1], 5, 5).must(t, 409) // judging is over
	if ch := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", e.cid), "", nil).JSON; str(ch, "phase") != "results" {
		t.Errorf("phase after publishing = %q", str(ch, "phase"))
	}
	// The public results page explains the choice, with numbers and a chart.
	for _, lang := range []string{"en", "zh-CN"} {
		page := h.browser().get(fmt.Sprintf("/challenges/%d/results", e.cid), "Accept-Language", lang).must(t, 200).Body
		for _, want := range []string{"<svg class=\"chart\"", "新颖性", "state-winner", "z-score"} {
			if lang == "zh-CN" && want == "z-score" {
				want = "z 分数"
			}
			if !strings.Contains(page, want) {
				t.Errorf("results page (%s) lacks %q", lang, want)
			}
		}
	}
	// CSV of every scorecard, for admins.
	b := h.adminBrowser()
	desk := b.get(fmt.Sprintf("/challenges/%d/judging", e.cid)).must(t, 200).Body
	// Published: the rubric is shown read-only (no form).
	if !strings.Contains(desk, "results") || !strings.Contains(desk, `class="rubric rubric-final"`) {
		t.Error("the judging desk does not render")
	}
	csv := b.get(fmt.Sprintf("/challenges/%d/scores.csv", e.cid)).must(t, 200)
	if lines := strings.Count(csv.Body, "\n"); lines != 4 || !strings.Contains(csv.Body, "novelty,feasibility,comment") {
		t.Errorf("csv: %d lines\n%s", lines, csv.Body)
	}
}

func TestOpenJudgingShowsAuthorAndVotes(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any)
	idea := q[0].(map[string]any)["idea"].(map[string]any)
	if _, ok := idea["author"]; !ok {
		t.Error("open judging hides the author")
	}
}

func TestJudgeWorkspacePages(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	b := h.browser()
	b.signIn("j2@x.cn", "fan-password")
	queue := b.get("/judging").must(t, 200).Body
	if !strings.Contains(queue, "0 of 3 scored") {
		t.Fatalf("queue does not show progress: %.1500s", queue)
	}
	first := regexpQueueLink.FindStringSubmatch(queue)
	if first == nil {
		t.Fatal("no idea to score in the queue")
	}
	card := b.get(first[0]).must(t, 200).Body
	if strings.Contains(card, "fan") && strings.Contains(card, "idea.by") {
		t.Error("blind scorecard shows the author")
	}
	r := b.post(first[0], first[0], url.Values{"score_novelty": {"42"}, "score_feasibility": {"5"}})
	if r.Status != 400 || !strings.Contains(r.Body, `aria-invalid="true"`) || !strings.Contains(r.Body, `value="42"`) {
		t.Errorf("out-of-scale score: %d", r.Status)
	}
	r = b.post(first[0], first[0], url.Values{"score_novelty": {"8"}, "score_feasibility": {"6.5"}, "comment": {"不错"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/judging/ideas/") {
		t.Errorf("save and next: %d → %q", r.Status, r.Header.Get("Location"))
	}
	if queue := b.get("/judging").Body; !strings.Contains(queue, "1 of 3 scored") {
		t.Error("progress did not move")
	}
	// Another judge's idea is not theirs to open; fans do not reach the queue.
	other := h.browser()
	other.signIn("fan@x.cn", "fan-password")
	if r := other.get("/judging"); r.Status != 403 {
		t.Errorf("fan on /judging: %d", r.Status)
	}
}

var regexpQueueLink = regexp.MustCompile(`/judging/ideas/[0-9]+`)

func TestReassignJudgesByHand(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	one := func(judge, idea int) string {
		return fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", e.cid, judge, idea)
	}
	// j1 wrote the first idea: never theirs, by hand either.
	if r := h.api("PUT", one(e.j1ID, e.j1Idea), e.admin, nil); r.Status != 409 || r.errCode() != "judge_not_eligible" {
		t.Errorf("assigning a judge their own idea: %d %s", r.Status, r.Body)
	}
	h.api("PUT", one(e.fanID, e.ideas[1]), e.admin, nil).must(t, 400) // not a judge
	h.api("PUT", one(e.j1ID, e.ideas[1]), e.j2, nil).must(t, 403)
	h.api("PUT", one(e.j1ID, e.ideas[1]), e.admin, nil).must(t, 200)
	queue := h.api("GET", "/api/v1/judging/assignments", e.j1, nil).must(t, 200).JSON["assignments"].([]any)
	if len(queue) != 1 {
		t.Fatalf("j1 has %d assignments after one by hand", len(queue))
	}
	h.api("DELETE", one(e.j2ID, e.ideas[1]), e.admin, nil).must(t, 200)
	if n := len(h.api("GET", "/api/v1/judging/assignments", e.j2, nil).JSON["assignments"].([]any)); n != 2 {
		t.Errorf("j2 has %d assignments after one was removed, want 2", n)
	}
	// The desk lists who judges what, with the controls.
	b := h.adminBrowser()
	if desk := b.get(fmt.Sprintf("/challenges/%d/judging", e.cid)).must(t, 200).Body; !strings.Contains(desk, `class="assignments"`) {
		t.Error("the desk does not show the assignments")
	}
}
