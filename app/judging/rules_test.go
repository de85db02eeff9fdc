package judging

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// code is an error's API code, "" for nil, "?" for an error of another kind.
func code(err error) string {
	if err == nil {
		return ""
	}
	if e := domain.AsError(err); e != nil {
		return e.Code + "@" + e.Field
	}
	return "?"
}

func published(at time.Time) domain.Challenge {
	var c domain.Challenge
	c.ResultsAt = &at
	return c
}

func TestShortlist(t *testing.T) {
	ideas := []Entrant{
		{ID: 1, Votes: 5, State: domain.StateSubmitted},
		{ID: 2, Votes: 9, State: domain.StateSubmitted},
		{ID: 3, Votes: 9, State: domain.StateShortlisted}, // tie with 2: the older (lower id) first
		{ID: 4, Votes: 50, State: domain.StateWithdrawn},  // not shortlistable, however popular
		{ID: 5, Votes: 40, State: domain.StateHidden},
		{ID: 6, Votes: 0, State: domain.StateSubmitted},
		{ID: 7, Votes: 30, State: domain.StateMerged},
	}
	for _, tc := range []struct {
		name        string
		top         int
		add, remove []int64
		want        []int64
		err         string
	}{
		{"top two by votes, older first on a tie", 2, nil, nil, []int64{2, 3}, ""},
		{"top three", 3, nil, nil, []int64{1, 2, 3}, ""},
		{"top more than there are", 10, nil, nil, []int64{1, 2, 3, 6}, ""},
		{"none", 0, nil, nil, []int64{}, ""},
		{"plus a pick", 1, []int64{6}, nil, []int64{2, 6}, ""},
		{"minus a removal", 2, nil, []int64{2}, []int64{3}, ""},
		{"removal beats a pick", 0, []int64{6}, []int64{6}, []int64{}, ""},
		{"a withdrawn pick is refused", 1, []int64{6, 4}, nil, nil, "not_shortlistable@add[1]"},
		{"a hidden pick is refused", 1, []int64{5}, nil, nil, "not_shortlistable@add[0]"},
		{"a merged pick is refused", 1, []int64{7}, nil, nil, "not_shortlistable@add[0]"},
		{"another challenge's idea is refused", 1, []int64{99}, nil, nil, "not_shortlistable@add[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Shortlist(ideas, tc.top, tc.add, tc.remove)
			if code(err) != tc.err {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			if tc.err != "" {
				return
			}
			ids := slices.Sorted(maps.Keys(got))
			if !slices.Equal(ids, tc.want) && !(len(ids) == 0 && len(tc.want) == 0) {
				t.Fatalf("shortlist %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestAssigned(t *testing.T) {
	if err := Assigned(true); err != nil {
		t.Fatalf("an assigned judge refused: %v", err)
	}
	if e := domain.AsError(Assigned(false)); e == nil || e.Kind != domain.KindForbidden {
		t.Fatalf("an unassigned judge: %v, want forbidden", e)
	}
}

func TestOpen(t *testing.T) {
	now := time.Now()
	if err := Open(domain.Challenge{}); err != nil {
		t.Fatalf("unpublished challenge refused: %v", err)
	}
	if got := code(Open(published(now))); got != "results_published@" {
		t.Fatalf("published challenge: %q", got)
	}
	if got := code(Open(domain.Challenge{Kind: domain.Board})); got != "board_not_judged@" {
		t.Fatalf("a board: %q", got)
	}
	if err := Open(domain.Challenge{Kind: domain.DesignPoll}); err != nil {
		t.Fatalf("a design poll is judged: %v", err)
	}
}

func TestPlanAssignments(t *testing.T) {
	now := time.Now()
	open, done := domain.Challenge{}, published(now)
	cands := []Candidate{{IdeaID: 10, AuthorID: 1, Excluded: []int64{2}}}
	judges := map[int64]bool{2: true, 3: true, 4: false}
	for _, tc := range []struct {
		name   string
		c      domain.Challenge
		r      Rubric
		ids    []int64
		cands  []Candidate
		err    string
		judges []int64 // who judges idea 10
	}{
		{"results out", done, Rubric{}, []int64{2}, cands, "results_published@", nil},
		{"not a judge", open, Rubric{}, []int64{2, 4}, cands, "not_a_judge@user_ids[1]", nil},
		{"unknown person", open, Rubric{}, []int64{9}, cands, "not_a_judge@user_ids[0]", nil},
		{"no shortlist", open, Rubric{}, []int64{2}, nil, "no_shortlist@", nil},
		{"voters may judge unless excluded", open, Rubric{}, []int64{2}, cands, "", []int64{2}},
		{"voters excluded", open, Rubric{ExcludeVoters: true}, []int64{2, 3}, cands, "", []int64{3}},
		{"the author never judges", open, Rubric{}, []int64{3}, []Candidate{{IdeaID: 10, AuthorID: 3}}, "not_enough_judges@per_idea", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PlanAssignments(tc.c, tc.r, tc.ids, judges, tc.cands, 1, nil)
			if code(err) != tc.err {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			var who []int64
			for _, a := range got {
				who = append(who, a.JudgeID)
			}
			if !slices.Equal(who, tc.judges) {
				t.Fatalf("judges %v, want %v", who, tc.judges)
			}
		})
	}
	// The rule does not change the candidates it was handed.
	if len(cands[0].Excluded) != 1 {
		t.Fatalf("candidates changed: %+v", cands)
	}
}

func TestCheckPlacement(t *testing.T) {
	now := time.Now()
	base := Placement{JudgeID: 2, Judge: true, Assign: true, IdeaState: domain.StateShortlisted,
		Idea: Candidate{IdeaID: 10, AuthorID: 1, Excluded: []int64{2}}}
	for _, tc := range []struct {
		name string
		edit func(*Placement)
		err  string
	}{
		{"a judge on a shortlisted idea", func(*Placement) {}, ""},
		{"results out", func(p *Placement) { p.Challenge = published(now) }, "results_published@"},
		{"taking off after results", func(p *Placement) { p.Challenge = published(now); p.Assign = false }, "results_published@"},
		{"taking off anyone before results", func(p *Placement) { p.Assign, p.Judge, p.IdeaState = false, false, "" }, ""},
		{"not a judge", func(p *Placement) { p.Judge = false }, "not_a_judge@judge_id"},
		{"not shortlisted", func(p *Placement) { p.IdeaState = domain.StateSubmitted }, "not_shortlisted@idea_id"},
		{"not in the challenge", func(p *Placement) { p.IdeaState = "" }, "not_shortlisted@idea_id"},
		{"the author", func(p *Placement) { p.JudgeID, p.Idea.AuthorID = 1, 1 }, "judge_not_eligible@"},
		{"a voter, voters excluded", func(p *Placement) { p.Rubric.ExcludeVoters = true }, "judge_not_eligible@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			tc.edit(&p)
			if got := code(CheckPlacement(p)); got != tc.err {
				t.Fatalf("got %q, want %q", got, tc.err)
			}
		})
	}
}

func TestCheckPublishAndOutcome(t *testing.T) {
	now := time.Now()
	ranking := []Result{{IdeaID: 1, Winner: true}, {IdeaID: 2}}
	p := Published{Ranking: ranking, Crowd: map[int64]CrowdFigures{1: {Votes: 5}, 2: {Votes: 3, Score: 51.5}}}
	short := map[int64]domain.State{1: domain.StateShortlisted, 2: domain.StateShortlisted}
	same := map[int64]CrowdFigures{1: {Votes: 5}, 2: {Votes: 3, Score: 51.5}}
	for _, tc := range []struct {
		name    string
		c       domain.Challenge
		states  map[int64]domain.State
		tallies map[int64]CrowdFigures
		want    string
	}{
		{"as computed", domain.Challenge{}, short, same, ""},
		{"published twice", published(now), short, same, "results_published@"},
		{"changed shortlist", domain.Challenge{}, map[int64]domain.State{1: domain.StateShortlisted, 2: domain.StateSubmitted}, same, "shortlist_changed@"},
		{"missing idea", domain.Challenge{}, map[int64]domain.State{1: domain.StateShortlisted}, same, "shortlist_changed@"},
		{"an idea shortlisted since", domain.Challenge{}, map[int64]domain.State{1: domain.StateShortlisted, 2: domain.StateShortlisted, 3: domain.StateShortlisted}, same, "shortlist_changed@"},
		{"another idea not shortlisted", domain.Challenge{}, map[int64]domain.State{1: domain.StateShortlisted, 2: domain.StateShortlisted, 3: domain.StateSubmitted}, same, ""},
		{"a vote since", domain.Challenge{}, short, map[int64]CrowdFigures{1: {Votes: 6}, 2: {Votes: 3, Score: 51.5}}, "results_changed@"},
		{"a refit since", domain.Challenge{}, short, map[int64]CrowdFigures{1: {Votes: 5}, 2: {Votes: 3, Score: 51.6}}, "results_changed@"},
		{"tallies unread", domain.Challenge{}, short, map[int64]CrowdFigures{1: {Votes: 5}}, "results_changed@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := code(CheckPublish(tc.c, p, tc.states, tc.tallies)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	if s, k := Outcome(ranking[0]); s != domain.StateWinner || k != domain.NoticeWon {
		t.Fatalf("winner: %s %s", s, k)
	}
	if s, k := Outcome(ranking[1]); s != domain.StateNotSelected || k != domain.NoticeNotSelected {
		t.Fatalf("not selected: %s %s", s, k)
	}
}

func TestDefaultRubricIsValid(t *testing.T) {
	r := DefaultRubric()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(r.Criteria) != 4 || r.CrowdWeight != 0.3 || !r.Blind || r.ExcludeVoters {
		t.Fatalf("default rubric changed: %+v", r)
	}
}

func TestDefaultName(t *testing.T) {
	for _, cr := range DefaultRubric().Criteria {
		if !DefaultName(cr) {
			t.Errorf("%s under its default name is not default", cr.Key)
		}
		if cr.Weight != 1 || cr.Min != 1 || cr.Max != 10 {
			t.Errorf("%s: weight %v, scale %v–%v", cr.Key, cr.Weight, cr.Min, cr.Max)
		}
	}
	for _, tc := range []struct {
		name string
		cr   Criterion
	}{
		{"renamed", Criterion{Key: "novelty", Name: "新意"}},
		{"another key under a default name", Criterion{Key: "look", Name: "Novelty 新颖性"}},
		{"a default name on another default key", Criterion{Key: "cost", Name: "Novelty 新颖性"}},
		{"an organiser's own", Criterion{Key: "look", Name: "外观"}},
	} {
		if DefaultName(tc.cr) {
			t.Errorf("%s: %+v taken for a default", tc.name, tc.cr)
		}
	}
	if r := DefaultRubric(); r.Criteria[0].Key != "novelty" || r.Criteria[3].Key != "user_value" || r.Criteria[3].Name != "User value 用户价值" {
		t.Errorf("default criteria: %+v", r.Criteria)
	}
}

func TestCheckRubricChange(t *testing.T) {
	cr := func(key string, w, lo, hi float64) Criterion {
		return Criterion{Key: key, Name: key, Weight: w, Min: lo, Max: hi}
	}
	old := Rubric{Criteria: []Criterion{cr("look", 1, 0, 10), cr("cost", 2, 1, 5)}, CrowdWeight: 0.3}
	with := func(cw float64, cs ...Criterion) Rubric { return Rubric{Criteria: cs, CrowdWeight: cw} }
	for _, tc := range []struct {
		name   string
		c      domain.Challenge
		next   Rubric
		scored bool
		want   string
	}{
		{"before any scorecard, anything", domain.Challenge{}, with(0.3, cr("other", 1, 0, 100)), false, ""},
		{"after the results, nothing", published(time.Now()), old, false, "results_published@"},
		{"after the results, not even the same", published(time.Now()), old, true, "results_published@"},
		{"scored: weights and crowd weight", domain.Challenge{}, with(0.9, cr("look", 5, 0, 10), cr("cost", 1, 1, 5)), true, ""},
		{"scored: names and order", domain.Challenge{}, with(0.3, Criterion{Key: "cost", Name: "Price", Weight: 2, Min: 1, Max: 5}, cr("look", 1, 0, 10)), true, ""},
		{"scored: a criterion added", domain.Challenge{}, with(0.3, cr("look", 1, 0, 10), cr("cost", 2, 1, 5), cr("fun", 1, 0, 10)), true, "rubric_scored@"},
		{"scored: a criterion removed", domain.Challenge{}, with(0.3, cr("look", 1, 0, 10)), true, "rubric_scored@"},
		{"scored: a key renamed", domain.Challenge{}, with(0.3, cr("looks", 1, 0, 10), cr("cost", 2, 1, 5)), true, "rubric_scored@"},
		{"scored: a scale's max", domain.Challenge{}, with(0.3, cr("look", 1, 0, 100), cr("cost", 2, 1, 5)), true, "rubric_scored@"},
		{"scored: a scale's min", domain.Challenge{}, with(0.3, cr("look", 1, 0, 10), cr("cost", 2, 0, 5)), true, "rubric_scored@"},
		{"scored: one key twice for two", domain.Challenge{}, with(0.3, cr("look", 1, 0, 10), cr("look", 2, 0, 10)), true, "rubric_scored@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := code(CheckRubricChange(tc.c, old, tc.next, tc.scored)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	err := CheckRubricChange(domain.Challenge{}, old, with(0.3, cr("look", 1, 0, 10)), true)
	if err == nil || !strings.Contains(err.Error(), "look, cost") {
		t.Errorf("the refusal does not name the criteria scored by: %v", err)
	}
}

func TestMayScore(t *testing.T) {
	excluding := Rubric{ExcludeVoters: true}
	for _, tc := range []struct {
		name     string
		r        Rubric
		authorID int64
		acted    bool
		want     string
	}{
		{"no conflict", excluding, 2, false, ""},
		{"the author", excluding, 1, false, "judge_not_eligible@"},
		{"the author, voters allowed", Rubric{}, 1, false, "judge_not_eligible@"},
		{"acted on it, voters excluded", excluding, 2, true, "judge_not_eligible@"},
		{"acted on it, voters allowed", Rubric{}, 2, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := code(MayScore(tc.r, 1, tc.authorID, tc.acted)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Results wait while a group of accounts voting together waits for the
// organiser's decision; once every group is removed or cleared, they go.
func TestCheckIntegrity(t *testing.T) {
	if err := CheckIntegrity(0); err != nil {
		t.Errorf("no undecided group: %v", err)
	}
	for _, n := range []int{1, 3} {
		e := domain.AsError(CheckIntegrity(n))
		if e == nil || e.Kind != domain.KindConflict || e.Code != "integrity_undecided" || len(e.Args) != 1 || e.Args[0] != n {
			t.Errorf("%d undecided groups: %+v", n, e)
		}
	}
}
