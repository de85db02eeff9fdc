package judging

import (
	"math"
	"testing"
)

// cards10 builds single-criterion scorecards on a 0..10 scale from
// judge -> idea -> score.
func cards10(scores map[int64]map[int64]float64) []Scorecard {
	var out []Scorecard
	for judge, byIdea := range scores {
		for idea, s := range byIdea {
			out = append(out, card(judge, idea, s))
		}
	}
	return out
}

func TestKendallW(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 10)}}
	tests := []struct {
		name   string
		scores map[int64]map[int64]float64
		want   float64
		ok     bool
	}{
		{"identical rankings", map[int64]map[int64]float64{
			1: {1: 9, 2: 7, 3: 5, 4: 1},
			2: {1: 10, 2: 8, 3: 4, 4: 2},
			3: {1: 6, 2: 5, 3: 4, 4: 3}, // a harsher judge, same order
		}, 1, true},
		{"opposed rankings", map[int64]map[int64]float64{
			1: {1: 1, 2: 2, 3: 3, 4: 4},
			2: {1: 4, 2: 3, 3: 2, 4: 1},
		}, 0, true},
		{"one swap among three judges", map[int64]map[int64]float64{
			// Rank sums 3, 7, 8 around a mean of 6: S = 14,
			// W = 12·14 / (9·(27-3)) = 168/216.
			1: {1: 1, 2: 2, 3: 3},
			2: {1: 1, 2: 2, 3: 3},
			3: {1: 1, 2: 3, 3: 2},
		}, 168.0 / 216, true},
		{"ties use the tie correction", map[int64]map[int64]float64{
			// Judge 1 ties ideas 1 and 2 (T = 2³-2 = 6): rank sums 8.5,
			// 6.5, 3 around 6, S = 15.5, W = 186 / (216 - 3·6).
			1: {1: 10, 2: 10, 3: 0},
			2: {1: 3, 2: 2, 3: 1},
			3: {1: 3, 2: 2, 3: 1},
		}, 186.0 / 198, true},
		{"the largest complete block is used", map[int64]map[int64]float64{
			// 1 and 2 agree on 1..4; 3 shares only idea 1 with them and
			// disagrees elsewhere, so it is left out.
			1: {1: 9, 2: 7, 3: 5, 4: 1},
			2: {1: 9, 2: 7, 3: 5, 4: 1, 5: 3},
			3: {1: 1, 5: 9, 6: 9},
		}, 1, true},
		{"one judge", map[int64]map[int64]float64{1: {1: 1, 2: 2, 3: 3}}, 0, false},
		{"no judges", nil, 0, false},
		{"two judges, one idea in common", map[int64]map[int64]float64{
			1: {1: 1, 2: 2},
			2: {2: 2, 3: 3},
		}, 0, false},
		{"every judge ties everything", map[int64]map[int64]float64{
			1: {1: 5, 2: 5, 3: 5},
			2: {1: 2, 2: 2, 3: 2},
		}, 0, false},
		{"one flat judge, one decisive", map[int64]map[int64]float64{
			// Rank sums 3, 4, 5 around 4: S = 2, T = 24 for the flat judge,
			// W = 24 / (4·24 - 2·24).
			1: {1: 5, 2: 5, 3: 5},
			2: {1: 1, 2: 2, 3: 3},
		}, 0.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ok := KendallW(rubric, cards10(tt.scores))
			if ok != tt.ok || math.IsNaN(w) || math.Abs(w-tt.want) > 1e-12 {
				t.Fatalf("KendallW = %v, %v; want %v, %v", w, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestKendallWUsesTheWeightedScore(t *testing.T) {
	// Under the rubric's 3:1 weights the judges order the ideas alike;
	// with equal weights they would not. The off-scale card is ignored.
	rubric := Rubric{Criteria: []Criterion{criterion("novelty", 3, 0, 10), criterion("cost", 1, 0, 100)}}
	s := func(judge, idea int64, novelty, cost float64) Scorecard {
		return Scorecard{JudgeID: judge, IdeaID: idea, Scores: map[string]float64{"novelty": novelty, "cost": cost}}
	}
	cards := []Scorecard{
		s(1, 1, 9, 0), s(1, 2, 5, 100), s(1, 3, 1, 50),
		s(2, 1, 8, 10), s(2, 2, 4, 0), s(2, 3, 2, 40),
		s(2, 4, 11, 0), // off the scale
	}
	if w, ok := KendallW(rubric, cards); !ok || math.Abs(w-1) > 1e-12 {
		t.Fatalf("KendallW = %v, %v; want 1, true", w, ok)
	}
}
