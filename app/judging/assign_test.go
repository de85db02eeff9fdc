package judging

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkAssignment asserts the hard rules and returns the spread of loads
// (busiest minus idlest judge).
func checkAssignment(t *testing.T, judges []int64, ideas []Candidate, perIdea int, got []Assignment) int {
	t.Helper()
	byIdea := map[int64][]int64{}
	for _, a := range got {
		byIdea[a.IdeaID] = append(byIdea[a.IdeaID], a.JudgeID)
	}
	load := map[int64]int{}
	for _, j := range judges {
		load[j] = 0
	}
	for _, c := range ideas {
		js := byIdea[c.IdeaID]
		if len(js) != perIdea {
			t.Fatalf("idea %d has judges %v, want %d", c.IdeaID, js, perIdea)
		}
		for i, j := range js {
			if j == c.AuthorID {
				t.Fatalf("judge %d assigned their own idea %d", j, c.IdeaID)
			}
			if slices.Contains(c.Excluded, j) {
				t.Fatalf("judge %d assigned idea %d they are excluded from", j, c.IdeaID)
			}
			if slices.Contains(js[:i], j) {
				t.Fatalf("judge %d assigned idea %d twice", j, c.IdeaID)
			}
			if _, ok := load[j]; !ok {
				t.Fatalf("idea %d assigned to %d, who is not a judge", c.IdeaID, j)
			}
			load[j]++
		}
		delete(byIdea, c.IdeaID)
	}
	if len(byIdea) != 0 {
		t.Fatalf("assignments for ideas not on the list: %v", byIdea)
	}
	if len(load) == 0 {
		return 0
	}
	lo, hi := len(got), 0
	for _, l := range load {
		lo, hi = min(lo, l), max(hi, l)
	}
	return hi - lo
}

func TestAssign(t *testing.T) {
	plain := func(n int) []Candidate {
		var out []Candidate
		for i := range n {
			out = append(out, Candidate{IdeaID: int64(100 + i), AuthorID: int64(1000 + i)})
		}
		return out
	}
	tests := []struct {
		name        string
		judges      []int64
		ideas       []Candidate
		perIdea     int
		spread      int    // the best spread possible
		field, code string // expected error
	}{
		{"even split", []int64{1, 2, 3}, plain(6), 2, 0, "", ""},
		{"uneven total", []int64{1, 2, 3, 4}, plain(5), 3, 1, "", ""},
		{"more judges than work", []int64{1, 2, 3, 4, 5}, plain(1), 2, 1, "", ""},
		{"no ideas", []int64{1, 2}, nil, 2, 0, "", ""},
		{"duplicate judge ids count once", []int64{2, 1, 2, 3, 1}, plain(3), 3, 0, "", ""},
		{"judges who wrote ideas", []int64{1, 2, 3}, []Candidate{
			{IdeaID: 10, AuthorID: 1}, {IdeaID: 11, AuthorID: 2}, {IdeaID: 12, AuthorID: 3},
			{IdeaID: 13, AuthorID: 1}, {IdeaID: 14, AuthorID: 1},
		}, 2, 2, "", ""}, // judge 1 can take only ideas 11 and 12
		{"conflicts pin ideas to some judges", []int64{1, 2, 3, 4}, []Candidate{
			// Ideas 10-13 can only go to judges 1 and 2; greedy alone
			// fills 3 and 4 with the free ideas first if it is careless.
			{IdeaID: 10, AuthorID: 3, Excluded: []int64{4}},
			{IdeaID: 11, AuthorID: 3, Excluded: []int64{4}},
			{IdeaID: 12, AuthorID: 4, Excluded: []int64{3}},
			{IdeaID: 13, AuthorID: 4, Excluded: []int64{3}},
			{IdeaID: 14}, {IdeaID: 15}, {IdeaID: 16}, {IdeaID: 17},
		}, 2, 0, "", ""},
		{"conflicts make an even spread impossible", []int64{1, 2, 3}, []Candidate{
			{IdeaID: 10, AuthorID: 1, Excluded: []int64{2}},
			{IdeaID: 11, AuthorID: 1, Excluded: []int64{2}},
			{IdeaID: 12, AuthorID: 1, Excluded: []int64{2}},
		}, 1, 3, "", ""},
		{"per_idea zero", []int64{1, 2}, plain(2), 0, 0, "per_idea", "invalid_per_idea"},
		{"per_idea negative", []int64{1, 2}, plain(2), -1, 0, "per_idea", "invalid_per_idea"},
		{"more per idea than judges", []int64{1, 2}, plain(2), 3, 0, "per_idea", "not_enough_judges"},
		{"no judges", nil, plain(1), 1, 0, "per_idea", "not_enough_judges"},
		{"author leaves too few", []int64{1, 2}, []Candidate{{IdeaID: 10, AuthorID: 2}}, 2, 0, "per_idea", "not_enough_judges"},
		{"exclusions leave too few", []int64{1, 2, 3}, []Candidate{
			{IdeaID: 10}, {IdeaID: 11, AuthorID: 1, Excluded: []int64{2}},
		}, 2, 0, "per_idea", "not_enough_judges"},
		{"idea listed twice", []int64{1, 2}, []Candidate{{IdeaID: 10}, {IdeaID: 10}}, 1, 0, "ideas", "duplicate_idea"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Assign(tt.judges, tt.ideas, tt.perIdea)
			wantError(t, err, tt.field, tt.code)
			if err != nil {
				return
			}
			judges := slices.Compact(slices.Sorted(slices.Values(tt.judges)))
			if spread := checkAssignment(t, judges, tt.ideas, tt.perIdea, got); spread != tt.spread {
				t.Fatalf("spread %d, want %d: %v", spread, tt.spread, got)
			}
		})
	}
}

func TestAssignErrorNamesTheIdea(t *testing.T) {
	_, err := Assign([]int64{1, 2, 3}, []Candidate{{IdeaID: 10}, {IdeaID: 42, AuthorID: 1, Excluded: []int64{2}}}, 2)
	if want := "per_idea: idea 42 has only 1 eligible judges, 2 needed"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// TestAssignSpreadIsOptimal compares the spread with the best one found by
// trying every possible assignment of small random problems, conflicts
// included.
func TestAssignSpreadIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 300 {
		judgeCount := 2 + rng.IntN(3)
		perIdea := 1 + rng.IntN(min(judgeCount, 2))
		var judges []int64
		for j := range judgeCount {
			judges = append(judges, int64(j+1))
		}
		var ideas []Candidate
		for i := range 1 + rng.IntN(5) {
			c := Candidate{IdeaID: int64(10 + i), AuthorID: int64(1 + rng.IntN(judgeCount+2))}
			for _, j := range judges {
				if rng.IntN(4) == 0 {
					c.Excluded = append(c.Excluded, j)
				}
			}
			ideas = append(ideas, c)
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			best, feasible := bestSpread(judges, ideas, perIdea)
			got, err := Assign(judges, ideas, perIdea)
			if !feasible {
				wantError(t, err, "per_idea", "not_enough_judges")
				return
			}
			if err != nil {
				t.Fatalf("feasible problem refused: %v", err)
			}
			if spread := checkAssignment(t, judges, ideas, perIdea, got); spread != best {
				t.Fatalf("spread %d, best possible %d; judges %v ideas %+v per idea %d: %v",
					spread, best, judges, ideas, perIdea, got)
			}
		})
	}
}

// bestSpread tries every choice of perIdea eligible judges for every idea.
func bestSpread(judges []int64, ideas []Candidate, perIdea int) (int, bool) {
	var choices [][][]int64
	for _, c := range ideas {
		var eligible []int64
		for _, j := range judges {
			if j != c.AuthorID && !slices.Contains(c.Excluded, j) {
				eligible = append(eligible, j)
			}
		}
		sets := subsets(eligible, perIdea)
		if len(sets) == 0 {
			return 0, false
		}
		choices = append(choices, sets)
	}
	best := -1
	everyLoad(choices, nil, func(load map[int64]int) {
		lo, hi := len(ideas)*perIdea, 0
		for _, j := range judges {
			lo, hi = min(lo, load[j]), max(hi, load[j])
		}
		if best < 0 || hi-lo < best {
			best = hi - lo
		}
	})
	return best, true
}

func subsets(xs []int64, k int) [][]int64 {
	if k == 0 {
		return [][]int64{nil}
	}
	if len(xs) < k {
		return nil
	}
	var out [][]int64
	for _, rest := range subsets(xs[1:], k-1) {
		out = append(out, append([]int64{xs[0]}, rest...))
	}
	return append(out, subsets(xs[1:], k)...)
}

func TestAssignIsDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	judges := []int64{5, 9, 2, 14, 7, 11}
	var ideas []Candidate
	for i := range 40 {
		ideas = append(ideas, Candidate{IdeaID: int64(200 - i), AuthorID: judges[rng.IntN(len(judges))],
			Excluded: []int64{judges[rng.IntN(len(judges))]}})
	}
	want, err := Assign(judges, ideas, 3)
	if err != nil {
		t.Fatal(err)
	}
	if spread := checkAssignment(t, judges, ideas, 3, want); spread > 1 {
		t.Fatalf("spread %d", spread)
	}
	if !slices.IsSortedFunc(want, func(a, b Assignment) int {
		if a.IdeaID != b.IdeaID {
			return cmpInt(a.IdeaID, b.IdeaID)
		}
		return cmpInt(a.JudgeID, b.JudgeID)
	}) {
		t.Fatalf("not sorted by idea then judge: %v", want)
	}
	for range 20 {
		rng.Shuffle(len(judges), func(i, j int) { judges[i], judges[j] = judges[j], judges[i] })
		rng.Shuffle(len(ideas), func(i, j int) { ideas[i], ideas[j] = ideas[j], ideas[i] })
		got, err := Assign(judges, ideas, 3)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("input order changed the result: %v, %v", err, got)
		}
	}
}
