package judging

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
)

// judgesByIdea lists each idea's judges, for comparing with a worked example.
func judgesByIdea(as []Assignment) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, a := range as {
		out[a.IdeaID] = append(out[a.IdeaID], a.JudgeID)
	}
	return out
}

// TestAssignAroundWorkedExamples are re-plans an organiser can work out by
// hand: the scored assignments stay, and the rest goes round them.
func TestAssignAroundWorkedExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		judges  []int64
		ideas   []Candidate
		perIdea int
		kept    []Assignment
		want    map[int64][]int64 // idea -> judges
	}{
		{"the audit's case: judge 1 scored both ideas, judge 2 joins; both cards stay with judge 1",
			[]int64{1, 2}, []Candidate{{IdeaID: 10}, {IdeaID: 11}}, 1,
			[]Assignment{{1, 10}, {1, 11}},
			map[int64][]int64{10: {1}, 11: {1}}},
		{"nothing scored: as Assign",
			[]int64{1, 2}, []Candidate{{IdeaID: 10}, {IdeaID: 11}}, 1, nil,
			map[int64][]int64{10: {1}, 11: {2}}},
		{"a scored idea counts in its judge's load",
			// Judge 1 holds idea 10 (scored): 11 goes to the idle 2, then
			// 12 to 1 (both hold one: the lower id).
			[]int64{1, 2}, []Candidate{{IdeaID: 10}, {IdeaID: 11}, {IdeaID: 12}}, 1,
			[]Assignment{{1, 10}},
			map[int64][]int64{10: {1}, 11: {2}, 12: {1}}},
		{"two per idea: a scored judge is one of them",
			// 10 has judge 1 and needs one more (2, the idlest); 11 needs
			// two: 3, then 1 before 2 on the tie.
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11}}, 2,
			[]Assignment{{1, 10}},
			map[int64][]int64{10: {1, 2}, 11: {1, 3}}},
		{"kept work never moves, however uneven",
			// Judge 1 scored three ideas; balancing would hand one to judge
			// 3, but a filed card stays where it is.
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11}, {IdeaID: 12}, {IdeaID: 13}}, 1,
			[]Assignment{{1, 10}, {1, 11}, {1, 12}},
			map[int64][]int64{10: {1}, 11: {1}, 12: {1}, 13: {2}}},
		{"a chain stops at a kept card",
			// Assign's chain example, but judge 3 has scored idea 11: greedy
			// gives 10 to 1 and 12 and 13 to 2; judge 2 would hand 12 to 3
			// and 3 hand 11 to judge 4 (who may take nothing else), but
			// 11's card stays with judge 3, so 2 keeps both.
			[]int64{1, 2, 3, 4}, []Candidate{
				{IdeaID: 10, AuthorID: 2, Excluded: []int64{3, 4}},
				{IdeaID: 11, AuthorID: 2, Excluded: []int64{1}},
				{IdeaID: 12, Excluded: []int64{1, 4}},
				{IdeaID: 13, AuthorID: 1, Excluded: []int64{4}},
			}, 1,
			[]Assignment{{3, 11}},
			map[int64][]int64{10: {1}, 11: {3}, 12: {2}, 13: {2}}},
		{"a judge not named keeps what they scored, and it counts",
			[]int64{2}, []Candidate{{IdeaID: 10}, {IdeaID: 11}}, 1,
			[]Assignment{{1, 10}},
			map[int64][]int64{10: {1}, 11: {2}}},
		{"a kept card set aside counts for nothing: the idea gets another judge",
			[]int64{1, 2}, []Candidate{{IdeaID: 10, Excluded: []int64{1}}}, 1,
			[]Assignment{{1, 10}},
			map[int64][]int64{10: {1, 2}}},
		{"a kept card of an idea off the list stays, out of the plan",
			[]int64{1, 2}, []Candidate{{IdeaID: 10}}, 1,
			[]Assignment{{2, 99}},
			map[int64][]int64{10: {1}, 99: {2}}},
		{"more kept than per_idea: all stay",
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11}}, 1,
			[]Assignment{{1, 10}, {2, 10}},
			map[int64][]int64{10: {1, 2}, 11: {3}}},
		{"a kept card named twice counts once",
			[]int64{1, 2}, []Candidate{{IdeaID: 10}}, 2,
			[]Assignment{{1, 10}, {1, 10}},
			map[int64][]int64{10: {1, 2}}},
		{"no judge named, every idea judged already",
			nil, []Candidate{{IdeaID: 10}}, 1,
			[]Assignment{{5, 10}},
			map[int64][]int64{10: {5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AssignAround(tc.judges, tc.ideas, tc.perIdea, tc.kept)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(judgesByIdea(got)) != fmt.Sprint(tc.want) {
				t.Fatalf("assigned %v, want %v", judgesByIdea(got), tc.want)
			}
			if !slices.IsSortedFunc(got, cmpAssignment) {
				t.Fatalf("not sorted by idea then judge: %v", got)
			}
		})
	}
}

func TestAssignAroundRefusals(t *testing.T) {
	for _, tc := range []struct {
		name        string
		judges      []int64
		ideas       []Candidate
		perIdea     int
		kept        []Assignment
		field, code string
		message     string
	}{
		{"kept work does not make per_idea optional", []int64{1}, []Candidate{{IdeaID: 10}}, 0, []Assignment{{1, 10}},
			"per_idea", "invalid_per_idea", "per_idea: per_idea must be at least 1"},
		{"an idea listed twice", []int64{1}, []Candidate{{IdeaID: 10}, {IdeaID: 10}}, 1, nil,
			"ideas", "duplicate_idea", "ideas: idea 10 is listed twice"},
		// A kept judge not named counts among the eligible: 1 kept + judge
		// 1 (judge 2 wrote it) = 2 of the 3 needed.
		{"too few even with the kept", []int64{1, 2}, []Candidate{{IdeaID: 10, AuthorID: 2}}, 3, []Assignment{{3, 10}},
			"per_idea", "not_enough_judges", "per_idea: idea 10 has only 2 eligible judges, 3 needed"},
		// Judge 1's card is set aside (excluded): they count for nothing.
		{"a set-aside card does not count among the eligible", []int64{1, 2}, []Candidate{{IdeaID: 10, Excluded: []int64{1}}}, 2, []Assignment{{1, 10}},
			"per_idea", "not_enough_judges", "per_idea: idea 10 has only 1 eligible judges, 2 needed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AssignAround(tc.judges, tc.ideas, tc.perIdea, tc.kept)
			wantError(t, err, tc.field, tc.code)
			if err.Error() != tc.message {
				t.Fatalf("message %q, want %q", err.Error(), tc.message)
			}
		})
	}
	// Exactly enough, counting a kept judge not named: no refusal.
	if _, err := AssignAround([]int64{1}, []Candidate{{IdeaID: 10}}, 2, []Assignment{{3, 10}}); err != nil {
		t.Fatalf("enough judges refused: %v", err)
	}
}

// TestAssignAroundIsAsEvenAsTheKeptWorkAllows compares, on small random
// problems with random scored assignments, every rule of AssignAround and
// the spread with the best found by trying every choice of the judges not
// kept.
func TestAssignAroundIsAsEvenAsTheKeptWorkAllows(t *testing.T) {
	rng := rand.New(rand.NewPCG(49, 7))
	for n := range 300 {
		judgeCount := 2 + rng.IntN(3)
		perIdea := 1 + rng.IntN(2)
		var judges []int64
		for j := range judgeCount {
			judges = append(judges, int64(j+1))
		}
		var ideas []Candidate
		var kept []Assignment
		for i := range 1 + rng.IntN(5) {
			c := Candidate{IdeaID: int64(10 + i), AuthorID: int64(1 + rng.IntN(judgeCount+2))}
			for _, j := range judges {
				if rng.IntN(5) == 0 {
					c.Excluded = append(c.Excluded, j)
				}
			}
			ideas = append(ideas, c)
			// Judges 1..judgeCount+1 (the last not named) may have scored it.
			for j := range judgeCount + 1 {
				if rng.IntN(4) == 0 {
					kept = append(kept, Assignment{JudgeID: int64(j + 1), IdeaID: c.IdeaID})
				}
			}
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			best, feasible := bestSpreadAround(judges, ideas, perIdea, kept)
			got, err := AssignAround(judges, ideas, perIdea, kept)
			if !feasible {
				wantError(t, err, "per_idea", "not_enough_judges")
				return
			}
			if err != nil {
				t.Fatalf("feasible problem refused: %v", err)
			}
			if spread := checkAround(t, judges, ideas, perIdea, kept, got); spread != best {
				t.Fatalf("spread %d, best possible %d; judges %v ideas %+v per idea %d kept %v: %v",
					spread, best, judges, ideas, perIdea, kept, got)
			}
		})
	}
}

// counts is what a kept or planned assignment counts for: a listed idea,
// judged by someone who may score it.
func counts(ideas []Candidate, a Assignment) bool {
	for _, c := range ideas {
		if c.IdeaID == a.IdeaID {
			return c.Eligible(a.JudgeID)
		}
	}
	return false
}

// checkAround asserts AssignAround's rules and returns the spread of the
// named judges' loads.
func checkAround(t *testing.T, judges []int64, ideas []Candidate, perIdea int, kept, got []Assignment) int {
	t.Helper()
	for _, k := range kept {
		if !slices.Contains(got, k) {
			t.Fatalf("kept %v is gone: %v", k, got)
		}
	}
	load := map[int64]int{}
	for _, j := range judges {
		load[j] = 0
	}
	perIdeaGot := map[int64]int{}
	for i, a := range got {
		if i > 0 && got[i-1] == a {
			t.Fatalf("%v twice", a)
		}
		if !slices.Contains(kept, a) && (!counts(ideas, a) || !slices.Contains(judges, a.JudgeID)) {
			t.Fatalf("%v is neither kept nor a named judge who may score a listed idea", a)
		}
		if counts(ideas, a) {
			perIdeaGot[a.IdeaID]++
			if _, named := load[a.JudgeID]; named {
				load[a.JudgeID]++
			}
		}
	}
	for _, c := range ideas {
		have := 0
		for _, k := range slices.Compact(slices.SortedFunc(slices.Values(kept), cmpAssignment)) {
			if k.IdeaID == c.IdeaID && c.Eligible(k.JudgeID) {
				have++
			}
		}
		if want := max(perIdea, have); perIdeaGot[c.IdeaID] != want {
			t.Fatalf("idea %d has %d judges who count, want %d: %v", c.IdeaID, perIdeaGot[c.IdeaID], want, got)
		}
	}
	lo, hi := len(got), 0
	for _, l := range load {
		lo, hi = min(lo, l), max(hi, l)
	}
	return hi - lo
}

// bestSpreadAround tries every choice of the judges each idea still needs
// among the named judges who may take it and do not hold it.
func bestSpreadAround(judges []int64, ideas []Candidate, perIdea int, kept []Assignment) (int, bool) {
	kept = slices.Compact(slices.SortedFunc(slices.Values(kept), cmpAssignment))
	base := map[int64]int{}
	var choices [][][]int64
	for _, c := range ideas {
		have := 0
		on := map[int64]bool{}
		for _, k := range kept {
			if k.IdeaID == c.IdeaID && c.Eligible(k.JudgeID) {
				have++
				on[k.JudgeID] = true
				if slices.Contains(judges, k.JudgeID) {
					base[k.JudgeID]++
				}
			}
		}
		var free []int64
		for _, j := range judges {
			if c.Eligible(j) && !on[j] {
				free = append(free, j)
			}
		}
		sets := subsets(free, max(0, perIdea-have))
		if len(sets) == 0 {
			return 0, false
		}
		choices = append(choices, sets)
	}
	best := -1
	everyLoad(choices, base, func(load map[int64]int) {
		lo, hi := 1<<30, 0
		for _, j := range judges {
			lo, hi = min(lo, load[j]), max(hi, load[j])
		}
		if best < 0 || hi-lo < best {
			best = hi - lo
		}
	})
	return best, true
}

// everyLoad hands visit the judges' loads under every way of choosing one
// set of judges from each of choices, on top of the loads base (nil for
// none): the exhaustive search the assignment tests compare with.
func everyLoad(choices [][][]int64, base map[int64]int, visit func(load map[int64]int)) {
	load := map[int64]int{}
	for j, n := range base {
		load[j] = n
	}
	var walk func(i int)
	walk = func(i int) {
		if i == len(choices) {
			visit(load)
			return
		}
		for _, set := range choices[i] {
			for _, j := range set {
				load[j]++
			}
			walk(i + 1)
			for _, j := range set {
				load[j]--
			}
		}
	}
	walk(0)
}

func TestAssignAroundDoesNotChangeItsInputs(t *testing.T) {
	kept := []Assignment{{2, 11}, {1, 10}, {2, 11}}
	judges := []int64{2, 1}
	ideas := []Candidate{{IdeaID: 11}, {IdeaID: 10}}
	if _, err := AssignAround(judges, ideas, 1, kept); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(kept, judges, ideas) != "[{2 11} {1 10} {2 11}] [2 1] [{11 0 []} {10 0 []}]" {
		t.Fatalf("inputs changed: %v %v %v", kept, judges, ideas)
	}
}

func TestPlanAssignmentsKeepsTheScored(t *testing.T) {
	open := domain.Challenge{}
	judges := map[int64]bool{1: true, 2: true}
	cands := []Candidate{{IdeaID: 10}, {IdeaID: 11, Excluded: []int64{2}}}
	// Judge 2 acted on idea 11 as a fan, then scored it: with voters
	// excluded their card is set aside and 11 needs judge 1 as well.
	for _, tc := range []struct {
		name string
		r    Rubric
		ids  []int64
		want map[int64][]int64
	}{
		{"voters may judge: judge 2's card counts", Rubric{}, []int64{1, 2}, map[int64][]int64{10: {1}, 11: {2}}},
		{"voters excluded: judge 2's card is set aside, kept, and 11 gets judge 1", Rubric{ExcludeVoters: true}, []int64{1, 2}, map[int64][]int64{10: {2}, 11: {1, 2}}},
		{"judge 2 left out keeps what they scored", Rubric{}, []int64{1}, map[int64][]int64{10: {1}, 11: {2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PlanAssignments(open, tc.r, tc.ids, judges, cands, 1, []Assignment{{2, 11}})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(judgesByIdea(got)) != fmt.Sprint(tc.want) {
				t.Fatalf("assigned %v, want %v", judgesByIdea(got), tc.want)
			}
		})
	}
	if _, err := PlanAssignments(published(time.Now()), Rubric{}, []int64{1}, judges, cands, 1, []Assignment{{2, 11}}); code(err) != "results_published@" {
		t.Fatalf("after the results: %v", err)
	}
}

func TestCheckPlacementOfAJudgeWhoScored(t *testing.T) {
	off := Placement{JudgeID: 2, Judge: true, IdeaState: domain.StateShortlisted, Idea: Candidate{IdeaID: 10, AuthorID: 1}}
	for _, tc := range []struct {
		name string
		edit func(*Placement)
		err  string
	}{
		{"taking off a judge who has not scored", func(*Placement) {}, ""},
		{"taking off a judge who scored, unconfirmed", func(p *Placement) { p.Scored = true }, "scorecard_filed@"},
		{"taking off a judge who scored, confirmed", func(p *Placement) { p.Scored, p.Discard = true, true }, ""},
		{"a confirmation with nothing scored", func(p *Placement) { p.Discard = true }, ""},
		{"confirmed, but the results are out", func(p *Placement) { p.Scored, p.Discard, p.Challenge = true, true, published(time.Now()) }, "results_published@"},
		{"assigning a judge who scored before is no removal", func(p *Placement) { p.Scored, p.Assign = true, true }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := off
			tc.edit(&p)
			if got := code(CheckPlacement(p)); got != tc.err {
				t.Fatalf("got %q, want %q", got, tc.err)
			}
		})
	}
}
