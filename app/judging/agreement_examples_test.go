package judging

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Worked examples and properties of Kendall's W: what a judge or an
// organiser could check by hand against the figure shown with the results.

func TestKendallWWorkedExampleWithTies(t *testing.T) {
	// Three judges, four ideas A..D (ids 1..4), ranked from 1 (lowest):
	//   judge 1: A 9, B 7, C 7, D 2 -> D 1, B and C 2.5, A 4; T = 2³-2 = 6
	//   judge 2: A 8, B 8, C 5, D 5 -> C and D 1.5, A and B 3.5; T = 6+6 = 12
	//   judge 3: A 10, B 6, C 4, D 3 -> D 1, C 2, B 3, A 4; T = 0
	// Rank sums 11.5, 9, 6, 3.5 around m(n+1)/2 = 7.5: S = 16+2.25+2.25+16
	// = 36.5. W = 12S / (m²(n³-n) - mΣT) = 438 / (9·60 - 3·18) = 438/486;
	// without the tie correction it would be 438/540.
	w, ok := KendallW(Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 10)}}, cards10(map[int64]map[int64]float64{
		1: {1: 9, 2: 7, 3: 7, 4: 2},
		2: {1: 8, 2: 8, 3: 5, 4: 5},
		3: {1: 10, 2: 6, 3: 4, 4: 3},
	}))
	if !ok || math.Abs(w-438.0/486) > 1e-12 {
		t.Fatalf("KendallW = %v, %v; want 438/486 = %v", w, ok, 438.0/486)
	}
}

func TestKendallWTwoJudgesTwoIdeas(t *testing.T) {
	// The smallest case W is defined for.
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 10)}}
	for _, tt := range []struct {
		name   string
		scores map[int64]map[int64]float64
		want   float64
	}{
		{"they agree", map[int64]map[int64]float64{1: {1: 8, 2: 3}, 2: {1: 6, 2: 5}}, 1},
		{"they disagree", map[int64]map[int64]float64{1: {1: 8, 2: 3}, 2: {1: 5, 2: 6}}, 0},
	} {
		if w, ok := KendallW(rubric, cards10(tt.scores)); !ok || w != tt.want {
			t.Errorf("%s: KendallW = %v, %v; want %v, true", tt.name, w, ok, tt.want)
		}
	}
}

// Without ties, W and the mean Spearman correlation over all pairs of
// judges are tied by r̄ = (mW - 1)/(m - 1) (Kendall and Gibbons, Rank
// Correlation Methods): two textbook measures must tell the same story.
func TestKendallWAgreesWithTheMeanSpearmanCorrelation(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 100)}}
	rng := rand.New(rand.NewPCG(21, 1))
	for n := range 50 {
		judges, ideas := 2+rng.IntN(4), 2+rng.IntN(7)
		ranks := make([][]int, judges) // ranks[j][i], 1..ideas, no ties
		scores := map[int64]map[int64]float64{}
		for j := range judges {
			ranks[j] = rng.Perm(ideas)
			scores[int64(j+1)] = map[int64]float64{}
			for i, r := range ranks[j] {
				ranks[j][i] = r + 1
				scores[int64(j+1)][int64(i+1)] = float64(10 * (r + 1)) // score order = rank order
			}
		}
		var sum float64
		pairs := 0
		for a := range judges {
			for b := a + 1; b < judges; b++ {
				var d2 float64
				for i := range ideas {
					d := float64(ranks[a][i] - ranks[b][i])
					d2 += d * d
				}
				nn := float64(ideas)
				sum += 1 - 6*d2/(nn*(nn*nn-1))
				pairs++
			}
		}
		meanRho := sum / float64(pairs)
		m := float64(judges)
		want := ((m-1)*meanRho + 1) / m
		w, ok := KendallW(rubric, cards10(scores))
		if !ok || math.Abs(w-want) > 1e-12 {
			t.Fatalf("case %d (%d judges, %d ideas): W = %v, %v; mean Spearman %v gives %v", n, judges, ideas, w, ok, meanRho, want)
		}
	}
}

// W only reads each judge's order of the ideas: renaming judges, or a
// judge who uses the scale differently but orders the ideas alike, changes
// nothing. (Every judge scores every idea here: with partial scoring, which
// block is measured can depend on ids, by the documented tie-break.)
func TestKendallWIgnoresJudgeNamesAndScaleUse(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 100)}}
	rng := rand.New(rand.NewPCG(21, 2))
	for n := range 30 {
		scores := map[int64]map[int64]float64{}
		for j := int64(1); j <= 4; j++ {
			scores[j] = map[int64]float64{}
			for i := int64(1); i <= 6; i++ {
				scores[j][i] = float64(20 + rng.IntN(11)) // ties likely
			}
		}
		want, wantOK := KendallW(rubric, cards10(scores))

		renamed := map[int64]map[int64]float64{}
		for j, s := range scores {
			renamed[10-j] = s // 1<->9, 2<->8, ...: the order of ids reverses
		}
		if w, ok := KendallW(rubric, cards10(renamed)); ok != wantOK || math.Abs(w-want) > 1e-12 {
			t.Fatalf("case %d: renaming judges changed W from %v to %v", n, want, w)
		}

		stretched := map[int64]map[int64]float64{}
		for j, s := range scores {
			stretched[j] = map[int64]float64{}
			for i, v := range s {
				if j == 2 {
					v = 3*v - 55 // judge 2 uses 5..35 instead of 20..30
				}
				stretched[j][i] = v
			}
		}
		if w, ok := KendallW(rubric, cards10(stretched)); ok != wantOK || math.Abs(w-want) > 1e-12 {
			t.Fatalf("case %d: stretching one judge's scores changed W from %v to %v", n, want, w)
		}
	}
}

func TestMidRanksTextbookExample(t *testing.T) {
	// The lowest value gets rank 1; the two 20s share ranks 2 and 3.
	ranks, ties := midRanks([]float64{30, 10, 20, 20, 50})
	if want := []float64{4, 1, 2.5, 2.5, 5}; !slices.Equal(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	if ties != 6 { // one group of two: 2³-2
		t.Errorf("tie term %v, want 6", ties)
	}
	ranks, ties = midRanks([]float64{7, 7, 7, 1})
	if want := []float64{3, 3, 3, 1}; !slices.Equal(ranks, want) || ties != 24 {
		t.Errorf("ranks %v, ties %v; want %v, 24", ranks, ties, want)
	}
}

// TestAgreementBlock spells out which judges and ideas W is measured on
// when the judges scored different subsets of the shortlist.
func TestAgreementBlock(t *testing.T) {
	tests := []struct {
		name   string
		scored map[int64][]int64 // judge -> ideas scored
		judges []int64
		ideas  []int64
	}{
		{"equally large blocks: the one with more judges counts",
			map[int64][]int64{1: {1, 2, 3, 4}, 2: {1, 2, 3, 4}, 3: {1, 2, 5}, 4: {1, 2}},
			// 4 judges × 2 ideas beats 2 judges × 4 ideas: same size, more opinions.
			[]int64{1, 2, 3, 4}, []int64{1, 2}},
		{"judges with nothing in common do not hide a pair that shares much",
			map[int64][]int64{1: {1, 2, 3, 4, 5}, 2: {1, 2, 3, 4, 5}, 3: {6, 7}, 4: {8, 9}},
			[]int64{1, 2}, []int64{1, 2, 3, 4, 5}},
		{"a judge who scored many ideas no one else did is left out first",
			map[int64][]int64{1: {1, 2, 10, 11, 12, 13, 14}, 2: {1, 2, 3, 4}, 3: {1, 2, 3, 4, 5}},
			[]int64{2, 3}, []int64{1, 2, 3, 4}},
		{"when leaving out either of two judges gains as much, the one who scored fewer goes",
			map[int64][]int64{1: {1, 2, 3, 4}, 2: {1, 2, 5, 6, 7, 8}, 3: {1, 2, 3, 4, 5, 6}},
			[]int64{2, 3}, []int64{1, 2, 5, 6}},
		{"and when they scored as many, the higher id goes",
			map[int64][]int64{1: {1, 2, 3, 4}, 2: {1, 2, 5, 6}, 3: {1, 2, 3, 4, 5, 6}},
			[]int64{1, 3}, []int64{1, 2, 3, 4}},
		{"no two judges share two ideas",
			map[int64][]int64{1: {1, 2}, 2: {2, 3}, 3: {3, 1}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scored := map[int64]map[int64]float64{}
			for j, ideas := range tt.scored {
				scored[j] = map[int64]float64{}
				for _, i := range ideas {
					scored[j][i] = 1
				}
			}
			judges, ideas := completeBlock(scored)
			if !slices.Equal(judges, tt.judges) || !slices.Equal(ideas, tt.ideas) {
				t.Fatalf("block %v × %v, want %v × %v", judges, ideas, tt.judges, tt.ideas)
			}
		})
	}
}

// The block above is where W is computed: an agreeing pair measured on the
// ideas they share, not diluted by a judge who saw other ideas.
func TestKendallWOnTheSharedIdeas(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 10)}}
	w, ok := KendallW(rubric, cards10(map[int64]map[int64]float64{
		1: {1: 9, 2: 8, 3: 7, 4: 6, 5: 5},
		2: {1: 10, 2: 9, 3: 5, 4: 3, 5: 1},
		3: {6: 1, 7: 9},
		4: {8: 9, 9: 1},
	}))
	if !ok || w != 1 {
		t.Fatalf("KendallW = %v, %v; want 1, true", w, ok)
	}
}
