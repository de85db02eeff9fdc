package judging

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// oneCriterion is a rubric with a single 0..100 criterion.
func oneCriterion(crowdWeight float64) Rubric {
	return Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 100)}, CrowdWeight: crowdWeight}
}

func card(judge, idea int64, score float64) Scorecard {
	return Scorecard{JudgeID: judge, IdeaID: idea, Scores: map[string]float64{"overall": score}}
}

func order(results []Result) []int64 {
	ids := make([]int64, len(results))
	for i, r := range results {
		ids[i] = r.IdeaID
	}
	return ids
}

func byIdea(results []Result) map[int64]Result {
	m := make(map[int64]Result, len(results))
	for _, r := range results {
		m[r.IdeaID] = r
	}
	return m
}

// checkResults asserts what must hold for any ranking: every number
// finite, ranks 1..n in order, winners a prefix.
func checkResults(t *testing.T, results []Result, winners int) {
	t.Helper()
	for i, r := range results {
		for name, v := range map[string]float64{"crowd": r.Crowd, "judges_raw": r.JudgesRaw,
			"judges_normalized": r.JudgesNormalized, "final": r.Final} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("idea %d: %s = %v", r.IdeaID, name, v)
			}
		}
		if r.Rank != i+1 {
			t.Fatalf("result %d has rank %d", i, r.Rank)
		}
		if r.Winner != (i < winners) {
			t.Fatalf("idea %d at rank %d: winner = %v with %d winners", r.IdeaID, r.Rank, r.Winner, winners)
		}
		if r.Missing < 0 {
			t.Fatalf("idea %d: missing = %d", r.IdeaID, r.Missing)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestRankIgnoresHarshAndLenientJudges is the point of normalisation: a
// judge 25 points above everyone and one 25 points below, each seeing a
// different subset, must leave the ranking exactly where the same judges'
// relative judgements put it.
func TestRankIgnoresHarshAndLenientJudges(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{
		criterion("novelty", 2, 0, 100),
		criterion("feasibility", 1, 0, 100),
	}}
	// What a fair judge would give; all within 25..75 so that ±25 stays on
	// the scale.
	truth := map[int64][2]float64{
		1: {75, 60}, 2: {69, 58}, 3: {63, 50}, 4: {57, 48}, 5: {51, 40}, 6: {45, 30},
	}
	const fair, first, second = 30, 10, 20
	tests := []struct {
		name                string
		firstSees           []int64
		secondSees          []int64
		withFair            bool // judge 30 scores every idea, fairly
		firstBias           float64
		secondBias          float64
		want                []int64 // nil: whatever the unbiased judges give
		rawDecidesOtherwise bool    // raw scores would give a different order
	}{
		{"lenient sees odd ideas, harsh sees even", []int64{1, 3, 5}, []int64{2, 4, 6}, true, 25, -25,
			[]int64{1, 2, 3, 4, 5, 6}, true},
		{"harsh sees odd ideas, lenient sees even", []int64{1, 3, 5}, []int64{2, 4, 6}, true, -25, 25,
			[]int64{1, 2, 3, 4, 5, 6}, true},
		{"lenient sees the weak ideas, harsh the strong", []int64{4, 5, 6}, []int64{1, 2, 3}, true, 25, -25,
			nil, true},
		{"no fair judge, disjoint subsets", []int64{1, 3, 5}, []int64{2, 4, 6}, false, 25, -25,
			nil, true},
		{"both lenient", []int64{1, 3, 5}, []int64{2, 4, 6}, true, 25, 25,
			[]int64{1, 2, 3, 4, 5, 6}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			build := func(firstBias, secondBias float64) ([]Entry, []Scorecard) {
				var cards []Scorecard
				assigned := map[int64]int{}
				add := func(judge int64, ideas []int64, bias float64) {
					for _, id := range ideas {
						s := truth[id]
						cards = append(cards, Scorecard{JudgeID: judge, IdeaID: id, Scores: map[string]float64{
							"novelty": s[0] + bias, "feasibility": s[1] + bias}})
						assigned[id]++
					}
				}
				add(first, tt.firstSees, firstBias)
				add(second, tt.secondSees, secondBias)
				if tt.withFair {
					add(fair, []int64{1, 2, 3, 4, 5, 6}, 0)
				}
				var entries []Entry
				for id := int64(1); id <= 6; id++ {
					entries = append(entries, Entry{IdeaID: id, Crowd: 100, Assigned: assigned[id]})
				}
				return entries, cards
			}
			entries, unbiasedCards := build(0, 0)
			unbiased := Rank(rubric, entries, unbiasedCards, 2)
			entries, biasedCards := build(tt.firstBias, tt.secondBias)
			biased := Rank(rubric, entries, biasedCards, 2)
			checkResults(t, unbiased, 2)
			checkResults(t, biased, 2)

			want := tt.want
			if want == nil {
				want = order(unbiased)
			}
			if got := order(unbiased); !slices.Equal(got, want) {
				t.Fatalf("unbiased order %v, want %v", got, want)
			}
			if got := order(biased); !slices.Equal(got, want) {
				t.Fatalf("biased judges changed the order: %v, want %v", got, want)
			}
			u := byIdea(unbiased)
			for _, b := range biased {
				if !near(b.Final, u[b.IdeaID].Final) {
					t.Errorf("idea %d: final %v with bias, %v without", b.IdeaID, b.Final, u[b.IdeaID].Final)
				}
				if b.Missing != 0 {
					t.Errorf("idea %d: missing %d", b.IdeaID, b.Missing)
				}
			}

			// Without normalisation the bias would have decided: the test
			// can only fail if the scenario actually tempts the ranking.
			raw := slices.Clone(biased)
			slices.SortStableFunc(raw, func(a, b Result) int { return compareDesc(a.JudgesRaw, b.JudgesRaw) })
			if differs := !slices.Equal(order(raw), want); differs != tt.rawDecidesOtherwise {
				t.Fatalf("raw order %v vs %v: differs = %v, want %v", order(raw), want, differs, tt.rawDecidesOtherwise)
			}
		})
	}
}

func TestRankHandCalculated(t *testing.T) {
	// One judge, scores 20/40/60 on 0..100: mean 40, population sd
	// sqrt(800/3), so z = ∓1.2247 and 0. Crowd 1/2/3 gives the same z.
	z := math.Sqrt(1.5)
	results := Rank(oneCriterion(0.3),
		[]Entry{{IdeaID: 1, Crowd: 1, Assigned: 1}, {IdeaID: 2, Crowd: 2, Assigned: 1}, {IdeaID: 3, Crowd: 3, Assigned: 1}},
		[]Scorecard{card(7, 1, 20), card(7, 2, 40), card(7, 3, 60)}, 1)
	checkResults(t, results, 1)
	want := []Result{
		{IdeaID: 3, Crowd: z, JudgesRaw: 0.6, JudgesNormalized: z, Final: z, Rank: 1, Winner: true, Scored: 1},
		{IdeaID: 2, Crowd: 0, JudgesRaw: 0.4, JudgesNormalized: 0, Final: 0, Rank: 2, Scored: 1},
		{IdeaID: 1, Crowd: -z, JudgesRaw: 0.2, JudgesNormalized: -z, Final: -z, Rank: 3, Scored: 1},
	}
	for i, w := range want {
		g := results[i]
		if g.IdeaID != w.IdeaID || g.Rank != w.Rank || g.Winner != w.Winner || g.Scored != w.Scored || g.Missing != w.Missing ||
			!near(g.Crowd, w.Crowd) || !near(g.JudgesRaw, w.JudgesRaw) || !near(g.JudgesNormalized, w.JudgesNormalized) || !near(g.Final, w.Final) {
			t.Errorf("result %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestRankFlatAndSparseJudges(t *testing.T) {
	entries := []Entry{{IdeaID: 1, Assigned: 3}, {IdeaID: 2, Assigned: 3}, {IdeaID: 3, Assigned: 3}}
	tests := []struct {
		name    string
		cards   []Scorecard
		want    []int64
		neutral bool // no judge can tell the ideas apart
	}{
		{"flat judge beside a discriminating one", []Scorecard{
			card(1, 1, 50), card(1, 2, 50), card(1, 3, 50),
			card(2, 1, 30), card(2, 2, 90), card(2, 3, 60),
		}, []int64{2, 3, 1}, false},
		{"flat at a value floats cannot hold exactly", []Scorecard{
			card(1, 1, 0.1), card(1, 2, 0.1), card(1, 3, 0.1),
			card(2, 1, 30), card(2, 2, 90), card(2, 3, 60),
		}, []int64{2, 3, 1}, false},
		{"only flat judges, one at a value floats cannot hold exactly", []Scorecard{
			card(1, 1, 0.1), card(1, 2, 0.1), card(1, 3, 0.1),
			card(2, 1, 0), card(2, 2, 0), card(2, 3, 0),
		}, []int64{1, 2, 3}, true},
		{"judges who scored one idea each", []Scorecard{
			card(1, 1, 100), card(2, 2, 0), card(3, 3, 40),
		}, []int64{1, 2, 3}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results := Rank(oneCriterion(0), entries, tt.cards, 1)
			checkResults(t, results, 1)
			if got := order(results); !slices.Equal(got, tt.want) {
				t.Fatalf("order %v, want %v", got, tt.want)
			}
			for _, r := range results {
				// A flat judge is neutral, so it only dilutes the other
				// judge's z-score; with nothing but flat judges every
				// idea sits at exactly 0.
				if tt.neutral && r.JudgesNormalized != 0 {
					t.Errorf("idea %d: judges_normalized %v, want 0", r.IdeaID, r.JudgesNormalized)
				}
			}
		})
	}
}

func TestRankFlagsMissingScorecards(t *testing.T) {
	entries := []Entry{{IdeaID: 1, Assigned: 3}, {IdeaID: 2, Assigned: 3}, {IdeaID: 3, Assigned: 2}, {IdeaID: 4, Assigned: 1}}
	cards := []Scorecard{
		card(1, 1, 80), card(2, 1, 70), card(3, 1, 90), // complete
		card(1, 2, 20), card(2, 2, 30), // one judge short
		card(1, 3, 50), card(2, 3, 150), // 150 is off the scale: does not count
		card(9, 99, 50), // not a ranked idea
		{JudgeID: 3, IdeaID: 2, Scores: map[string]float64{"other": 5}}, // wrong criteria
	}
	want := map[int64]struct{ scored, missing int }{1: {3, 0}, 2: {2, 1}, 3: {1, 1}, 4: {0, 1}}
	results := Rank(oneCriterion(0), entries, cards, 0)
	checkResults(t, results, 0)
	if len(results) != 4 {
		t.Fatalf("got %d results, want 4", len(results))
	}
	for _, r := range results {
		w := want[r.IdeaID]
		if r.Scored != w.scored || r.Missing != w.missing {
			t.Errorf("idea %d: scored %d missing %d, want %d and %d", r.IdeaID, r.Scored, r.Missing, w.scored, w.missing)
		}
	}
	if r := byIdea(results)[4]; r.JudgesNormalized != 0 || r.JudgesRaw != 0 {
		t.Errorf("unscored idea: %+v, want zero judge scores", r)
	}
}

func TestRankCrowdWeight(t *testing.T) {
	// Judges prefer 1 > 2 > 3; the crowd prefers 3 > 2 > 1; idea 4 has the
	// crowd's 2 votes but a judge score equal to idea 2's.
	entries := []Entry{{IdeaID: 1, Crowd: 1}, {IdeaID: 2, Crowd: 2}, {IdeaID: 3, Crowd: 9}, {IdeaID: 4, Crowd: 2}}
	cards := []Scorecard{card(1, 1, 90), card(1, 2, 50), card(1, 3, 10), card(1, 4, 50)}
	tests := []struct {
		weight float64
		want   []int64
	}{
		{0, []int64{1, 2, 4, 3}},   // judges only; 2 and 4 tie everywhere but id
		{1, []int64{3, 2, 4, 1}},   // crowd only; 2 and 4 tie everywhere but id
		{0.3, []int64{1, 2, 4, 3}}, // mostly judges
		{0.7, []int64{3, 1, 2, 4}}, // mostly crowd, but idea 1's judge score still lifts it
	}
	for _, tt := range tests {
		results := Rank(oneCriterion(tt.weight), entries, cards, 1)
		checkResults(t, results, 1)
		if got := order(results); !slices.Equal(got, tt.want) {
			t.Errorf("crowd weight %v: order %v, want %v", tt.weight, got, tt.want)
		}
		for _, r := range results {
			want := (1-tt.weight)*r.JudgesNormalized + tt.weight*r.Crowd
			if !near(r.Final, want) {
				t.Errorf("crowd weight %v, idea %d: final %v, want %v", tt.weight, r.IdeaID, r.Final, want)
			}
		}
	}
}

func TestRankTieBreaks(t *testing.T) {
	// Every idea reaches a final score of 0: ideas 1 and 2 from opposite
	// sides, 3 and 4 from nowhere. The judges' score orders them, and 3 and
	// 4, identical in everything, go by id.
	entries := []Entry{{IdeaID: 4, Crowd: 5}, {IdeaID: 3, Crowd: 5}, {IdeaID: 2, Crowd: 10}, {IdeaID: 1, Crowd: 0}}
	cards := []Scorecard{card(1, 1, 100), card(1, 2, 0), card(1, 3, 50), card(1, 4, 50)}
	results := Rank(oneCriterion(0.5), entries, cards, 2)
	checkResults(t, results, 2)
	if got, want := order(results), []int64{1, 3, 4, 2}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestRankWinners(t *testing.T) {
	entries := []Entry{{IdeaID: 1, Crowd: 3}, {IdeaID: 2, Crowd: 2}, {IdeaID: 3, Crowd: 1}}
	for _, winners := range []int{-1, 0, 1, 3, 4, 100} {
		results := Rank(oneCriterion(1), entries, nil, winners)
		checkResults(t, results, winners)
		if len(results) != 3 {
			t.Fatalf("winners %d: %d results", winners, len(results))
		}
	}
	if got := Rank(oneCriterion(0.5), nil, nil, 3); len(got) != 0 {
		t.Fatalf("empty shortlist gave %v", got)
	}
}

func TestRankIsDeterministic(t *testing.T) {
	rubric := validRubric()
	rng := rand.New(rand.NewPCG(1, 2))
	var entries []Entry
	var cards []Scorecard
	for idea := int64(1); idea <= 12; idea++ {
		entries = append(entries, Entry{IdeaID: idea, Crowd: float64(rng.IntN(5)), Assigned: 3})
		for judge := int64(1); judge <= 5; judge++ {
			if rng.IntN(3) > 0 {
				cards = append(cards, Scorecard{JudgeID: judge, IdeaID: idea, Scores: map[string]float64{
					"novelty": float64(rng.IntN(3) * 5), "feasibility": float64(rng.IntN(11)), "user_value": float64(1 + rng.IntN(5))}})
			}
		}
	}
	entries = append(entries, entries[0]) // listed twice: ranked once
	want := Rank(rubric, entries, cards, 3)
	checkResults(t, want, 3)
	if len(want) != 12 {
		t.Fatalf("%d results for 12 ideas", len(want))
	}
	for range 20 {
		rng.Shuffle(len(cards), func(i, j int) { cards[i], cards[j] = cards[j], cards[i] })
		if got := Rank(rubric, entries, cards, 3); !slices.Equal(got, want) {
			t.Fatalf("order of scorecards changed the result:\n%v\n%v", got, want)
		}
	}
}

func TestRankNeverProducesNaN(t *testing.T) {
	tests := []struct {
		name    string
		rubric  Rubric
		entries []Entry
		cards   []Scorecard
	}{
		{"no cards, equal crowd", oneCriterion(0.5), []Entry{{IdeaID: 1, Crowd: 4}, {IdeaID: 2, Crowd: 4}}, nil},
		{"single idea", oneCriterion(0.5), []Entry{{IdeaID: 1, Crowd: 4, Assigned: 2}}, []Scorecard{card(1, 1, 10), card(2, 1, 90)}},
		{"non-finite crowd", oneCriterion(0.5), []Entry{{IdeaID: 1, Crowd: math.NaN()}, {IdeaID: 2, Crowd: math.Inf(1)}, {IdeaID: 3, Crowd: 2}}, nil},
		{"huge crowd", oneCriterion(0.5), []Entry{{IdeaID: 1, Crowd: 1e308}, {IdeaID: 2, Crowd: -1e308}}, nil},
		{"unvalidated rubric", Rubric{Criteria: []Criterion{{Key: "overall", Weight: 0, Min: 5, Max: 5}}, CrowdWeight: math.NaN()},
			[]Entry{{IdeaID: 1}, {IdeaID: 2}}, []Scorecard{card(1, 1, 5), card(1, 2, 5)}},
		{"empty rubric", Rubric{CrowdWeight: 2}, []Entry{{IdeaID: 1, Crowd: 1}, {IdeaID: 2}}, []Scorecard{card(1, 1, 5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResults(t, Rank(tt.rubric, tt.entries, tt.cards, 1), 1)
		})
	}
}

// With a crowd weight of one half, an idea the judges put first and the
// crowd last ties with the reverse: both parts are on one scale.
func TestCrowdWeightMeansWhatItSays(t *testing.T) {
	// The criteria disagree, so the judge's weighted z-sums spread only
	// ±0.5: unless they are standardised again, the crowd's ±1 would win.
	r := Rubric{Criteria: []Criterion{
		{Key: "a", Name: "A", Weight: 3, Min: 0, Max: 10},
		{Key: "b", Name: "B", Weight: 1, Min: 0, Max: 10},
	}, CrowdWeight: 0.5}
	ideas := []Entry{{IdeaID: 1, Crowd: 0, Assigned: 1}, {IdeaID: 2, Crowd: 100, Assigned: 1}}
	cards := []Scorecard{
		{JudgeID: 9, IdeaID: 1, Scores: map[string]float64{"a": 9, "b": 1}},
		{JudgeID: 9, IdeaID: 2, Scores: map[string]float64{"a": 8, "b": 2}},
	}
	res := Rank(r, ideas, cards, 1)
	if math.Abs(res[0].Final-res[1].Final) > 1e-9 {
		t.Errorf("finals %v and %v differ: judges and crowd are not on one scale", res[0].Final, res[1].Final)
	}
}

func TestJudgeMeansShowHarshAndLenient(t *testing.T) {
	r := Rubric{Criteria: []Criterion{{Key: "q", Name: "Q", Weight: 1, Min: 0, Max: 100}}}
	cards := []Scorecard{
		{JudgeID: 2, IdeaID: 1, Scores: map[string]float64{"q": 90}},
		{JudgeID: 2, IdeaID: 2, Scores: map[string]float64{"q": 70}},
		{JudgeID: 1, IdeaID: 1, Scores: map[string]float64{"q": 20}},
		{JudgeID: 1, IdeaID: 3, Scores: map[string]float64{"q": 500}}, // off the scale: ignored
	}
	got := JudgeMeans(r, cards)
	if len(got) != 2 || got[0].JudgeID != 1 || math.Abs(got[0].Mean-0.2) > 1e-9 || got[0].Cards != 1 ||
		got[1].JudgeID != 2 || math.Abs(got[1].Mean-0.8) > 1e-9 || got[1].Cards != 2 {
		t.Errorf("JudgeMeans = %+v", got)
	}
}
