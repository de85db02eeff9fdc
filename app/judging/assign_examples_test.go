package judging

import (
	"fmt"
	"slices"
	"testing"
)

// TestAssignWorkedExamples are assignments an organiser can work out by
// hand from the rules in Assign's doc comment; the same inputs always give
// these, so a judge's list does not change when the organiser re-runs it.
func TestAssignWorkedExamples(t *testing.T) {
	tests := []struct {
		name    string
		judges  []int64
		ideas   []Candidate
		perIdea int
		want    map[int64][]int64 // idea -> judges
	}{
		{"no conflicts: ideas go round the judges in id order",
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11}, {IdeaID: 12}, {IdeaID: 13}}, 1,
			map[int64][]int64{10: {1}, 11: {2}, 12: {3}, 13: {1}}},
		{"two judges per idea: every pair of judges meets once",
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11}, {IdeaID: 12}}, 2,
			map[int64][]int64{10: {1, 2}, 11: {1, 3}, 12: {2, 3}}},
		{"the idea with the fewest eligible judges chooses first",
			// Idea 11 (by judge 3) can only go to 1 or 2: it takes judge 1,
			// the lower id, and idea 10 the next idle judge, 2.
			[]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 11, AuthorID: 3}}, 1,
			map[int64][]int64{10: {2}, 11: {1}}},
		{"a busy judge hands work along a chain",
			// Fewest eligible first: 10 -> 1 (its only judge), 11 -> 3,
			// 12 -> 2, 13 -> 2 (2 and 3 equally loaded: the lower id).
			// Judge 2 has two ideas and judge 4 none, but 4 may take
			// neither: 2 hands idea 12 (the lower of its two) to 3, who
			// hands idea 11 to 4.
			[]int64{1, 2, 3, 4}, []Candidate{
				{IdeaID: 10, AuthorID: 2, Excluded: []int64{3, 4}},
				{IdeaID: 11, AuthorID: 2, Excluded: []int64{1}},
				{IdeaID: 12, Excluded: []int64{1, 4}},
				{IdeaID: 13, AuthorID: 1, Excluded: []int64{4}},
			}, 1,
			map[int64][]int64{10: {1}, 11: {4}, 12: {3}, 13: {2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Assign(tt.judges, tt.ideas, tt.perIdea)
			if err != nil {
				t.Fatal(err)
			}
			byIdea := map[int64][]int64{}
			for _, a := range got {
				byIdea[a.IdeaID] = append(byIdea[a.IdeaID], a.JudgeID)
			}
			if fmt.Sprint(byIdea) != fmt.Sprint(tt.want) {
				t.Fatalf("assigned %v, want %v", byIdea, tt.want)
			}
		})
	}
}

// TestAssignEveryConflictPatternOnSmallPanels tries every way conflicts
// can fall on a small panel (every subset of judges excluded from every
// idea) and checks each assignment against the best one found by trying
// them all: no judge on an idea they may not score, and the busiest judge
// as little busy, the idlest as little idle, as possible.
func TestAssignEveryConflictPatternOnSmallPanels(t *testing.T) {
	panels := []struct{ judges, ideas, maxPerIdea int }{
		{4, 2, 3}, // 16² conflict patterns
		{3, 3, 2}, // 8³
		{2, 4, 1}, // 4⁴
	}
	for _, p := range panels {
		var judges []int64
		for j := range p.judges {
			judges = append(judges, int64(j+1))
		}
		patterns := 1
		for range p.ideas {
			patterns *= 1 << p.judges
		}
		for pattern := range patterns {
			var ideas []Candidate
			rest := pattern
			for i := range p.ideas {
				c := Candidate{IdeaID: int64(10 + i), AuthorID: 99}
				for _, j := range judges {
					if rest%2 == 1 {
						c.Excluded = append(c.Excluded, j)
					}
					rest /= 2
				}
				ideas = append(ideas, c)
			}
			for perIdea := 1; perIdea <= p.maxPerIdea; perIdea++ {
				lo, hi, feasible := bestLoads(judges, ideas, perIdea)
				got, err := Assign(judges, ideas, perIdea)
				if !feasible {
					if err == nil {
						t.Fatalf("judges %v, ideas %+v, %d per idea: impossible, yet assigned %v", judges, ideas, perIdea, got)
					}
					continue
				}
				if err != nil {
					t.Fatalf("judges %v, ideas %+v, %d per idea: %v", judges, ideas, perIdea, err)
				}
				checkAssignment(t, judges, ideas, perIdea, got)
				load := map[int64]int{}
				for _, a := range got {
					load[a.JudgeID]++
				}
				gotLo, gotHi := len(got), 0
				for _, j := range judges {
					gotLo, gotHi = min(gotLo, load[j]), max(gotHi, load[j])
				}
				if gotLo != lo || gotHi != hi {
					t.Fatalf("judges %v, ideas %+v, %d per idea: loads %d..%d, best %d..%d: %v",
						judges, ideas, perIdea, gotLo, gotHi, lo, hi, got)
				}
			}
		}
	}
}

// bestLoads tries every choice of perIdea eligible judges for every idea
// and returns the largest smallest load and the smallest largest load.
func bestLoads(judges []int64, ideas []Candidate, perIdea int) (lo, hi int, feasible bool) {
	var choices [][][]int64
	for _, c := range ideas {
		sets := subsets(slices.DeleteFunc(slices.Clone(judges), func(j int64) bool { return !c.Eligible(j) }), perIdea)
		if len(sets) == 0 {
			return 0, 0, false
		}
		choices = append(choices, sets)
	}
	lo, hi = -1, len(ideas)*perIdea+1
	everyLoad(choices, nil, func(load map[int64]int) {
		l, h := len(ideas)*perIdea, 0
		for _, j := range judges {
			l, h = min(l, load[j]), max(h, load[j])
		}
		lo, hi = max(lo, l), min(hi, h)
	})
	return lo, hi, true
}
