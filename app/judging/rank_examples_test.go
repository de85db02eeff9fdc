package judging

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Worked examples and properties of the ranking: what a judge, a maker or
// a brand could check by hand against the results page.

// The standard textbook data set for the standard deviation (2, 4, 4, 4,
// 5, 5, 7, 9: mean 5, population sd 2) has the z-scores -1.5, -0.5, -0.5,
// -0.5, 0, 0, 1 and 2. One judge scoring eight ideas with it, and a crowd
// voting the same, must show exactly those.
func TestRankZScoresOfTheTextbookDataSet(t *testing.T) {
	data := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	wantZ := []float64{-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2}
	var entries []Entry
	var cards []Scorecard
	for i, x := range data {
		id := int64(i + 1)
		entries = append(entries, Entry{IdeaID: id, Crowd: x, Assigned: 1})
		cards = append(cards, Scorecard{JudgeID: 7, IdeaID: id, Scores: map[string]float64{"overall": x}})
	}
	rubric := Rubric{Criteria: []Criterion{criterion("overall", 1, 0, 10)}, CrowdWeight: 0.25}
	results := byIdea(Rank(rubric, entries, cards, 1))
	for i, z := range wantZ {
		r := results[int64(i+1)]
		if !near(r.JudgesNormalized, z) || !near(r.Crowd, z) || !near(r.Final, z) || !near(r.JudgesRaw, data[i]/10) {
			t.Errorf("idea %d (score %v): %+v, want z = %v and raw %v", i+1, data[i], r, z, data[i]/10)
		}
	}
}

// Scores far from zero and close together (a billion votes each, one
// apart) still get their exact z-scores: the spread is taken around the
// mean, never as Σx² - n·mean², which loses every digit here.
func TestRankZScoresOfLargeNumbersCloseTogether(t *testing.T) {
	// 1e9, 1e9+1, 1e9+1: mean 1e9+2/3, sd √2/3, z = -√2, 1/√2, 1/√2.
	entries := []Entry{{IdeaID: 1, Crowd: 1e9}, {IdeaID: 2, Crowd: 1e9 + 1}, {IdeaID: 3, Crowd: 1e9 + 1}}
	results := byIdea(Rank(oneCriterion(1), entries, nil, 1))
	for id, want := range map[int64]float64{1: -math.Sqrt2, 2: 1 / math.Sqrt2, 3: 1 / math.Sqrt2} {
		if got := results[id].Crowd; math.Abs(got-want) > 1e-6 {
			t.Errorf("idea %d: crowd z %v, want %v", id, got, want)
		}
	}
}

func TestRankAnIdeaNobodyScoredStaysNeutral(t *testing.T) {
	// The judge's two ideas sit at ±1 whether or not a third, unscored idea
	// is on the list; the unscored one sits at 0, the neutral middle.
	entries := []Entry{{IdeaID: 1, Assigned: 1}, {IdeaID: 2, Assigned: 1}, {IdeaID: 3, Assigned: 1}}
	results := byIdea(Rank(oneCriterion(0), entries, []Scorecard{card(5, 1, 30), card(5, 2, 70)}, 1))
	for id, want := range map[int64]float64{1: -1, 2: 1, 3: 0} {
		if got := results[id].JudgesNormalized; !near(got, want) {
			t.Errorf("idea %d: judges_normalized %v, want %v", id, got, want)
		}
	}
	if r := results[3]; r.Scored != 0 || r.Missing != 1 || r.Rank != 2 {
		t.Errorf("unscored idea: %+v, want scored 0, missing 1, rank 2 (between the others)", r)
	}
}

// An idea's judge score is the average over the judges who scored it: two
// judges' favourite at +1σ each is not ahead of another judge's favourite
// at +1.22σ just because two judges saw it.
func TestRankAveragesJudgesRatherThanAddingThem(t *testing.T) {
	entries := []Entry{
		{IdeaID: 1, Assigned: 2}, {IdeaID: 2, Assigned: 1}, {IdeaID: 3, Assigned: 1},
		{IdeaID: 4, Assigned: 1}, {IdeaID: 5, Assigned: 1}, {IdeaID: 6, Assigned: 1},
	}
	cards := []Scorecard{
		card(1, 1, 80), card(1, 3, 20), // judge 1: idea 1 at +1, idea 3 at -1
		card(2, 1, 80), card(2, 4, 20), // judge 2: idea 1 at +1, idea 4 at -1
		card(3, 2, 90), card(3, 5, 50), card(3, 6, 10), // judge 3: idea 2 at +1.22, 5 at 0, 6 at -1.22
	}
	results := Rank(oneCriterion(0), entries, cards, 1)
	checkResults(t, results, 1)
	if got, want := order(results), []int64{2, 1, 5, 3, 4, 6}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	// What the judges said, before normalisation: idea 1 got 80 and 80.
	if r := byIdea(results)[1]; !near(r.JudgesRaw, 0.8) || r.Scored != 2 {
		t.Errorf("idea 1: judges_raw %v from %d judges, want 0.8 from 2", r.JudgesRaw, r.Scored)
	}
}

// A judge who gives the same score to every idea they saw says nothing
// about the order, whatever that score: 0.1 (which floats cannot hold,
// so its computed mean is off by a hair) must count exactly like 50.
func TestRankFlatJudgeCountsTheSameWhateverTheValue(t *testing.T) {
	entries := []Entry{{IdeaID: 1}, {IdeaID: 2}, {IdeaID: 3}, {IdeaID: 4}}
	withFlat := func(flat float64) []Result {
		return Rank(oneCriterion(0), entries, []Scorecard{
			card(1, 1, flat), card(1, 2, flat), card(1, 3, flat), // not idea 4
			card(2, 1, 10), card(2, 2, 40), card(2, 3, 20), card(2, 4, 30),
		}, 1)
	}
	a, b := withFlat(0.1), withFlat(50)
	if !slices.Equal(order(a), order(b)) {
		t.Fatalf("order %v with a flat 0.1, %v with a flat 50", order(a), order(b))
	}
	for i := range a {
		if !near(a[i].JudgesNormalized, b[i].JudgesNormalized) {
			t.Errorf("idea %d: judges_normalized %v with a flat 0.1, %v with a flat 50",
				a[i].IdeaID, a[i].JudgesNormalized, b[i].JudgesNormalized)
		}
	}
}

func TestRankCrowdScoresTooCloseToMeasureCountAsATie(t *testing.T) {
	// 0 and 1e-200 differ, but their spread underflows to 0: both ideas
	// get the neutral crowd z of 0, never ±Inf.
	results := Rank(oneCriterion(1), []Entry{{IdeaID: 1, Crowd: 0}, {IdeaID: 2, Crowd: 1e-200}}, nil, 1)
	checkResults(t, results, 1)
	for _, r := range results {
		if r.Crowd != 0 {
			t.Errorf("idea %d: crowd z %v, want 0", r.IdeaID, r.Crowd)
		}
	}
}

// randomJudging is a shortlist of 8 ideas scored by 4 judges on two
// criteria (0..1000, scores 200..400), each judge seeing a random subset.
func randomJudging(rng *rand.Rand) (Rubric, []Entry, []Scorecard) {
	rubric := Rubric{Criteria: []Criterion{
		criterion("novelty", 1+float64(rng.IntN(3)), 0, 1000),
		criterion("cost", 1, 0, 1000),
	}, CrowdWeight: 0.3}
	var entries []Entry
	var cards []Scorecard
	for idea := int64(1); idea <= 8; idea++ {
		entries = append(entries, Entry{IdeaID: idea, Crowd: float64(rng.IntN(20)), Assigned: 4})
		for judge := int64(1); judge <= 4; judge++ {
			if rng.IntN(4) > 0 {
				cards = append(cards, Scorecard{JudgeID: judge, IdeaID: idea, Scores: map[string]float64{
					"novelty": float64(200 + rng.IntN(201)), "cost": float64(200 + rng.IntN(201))}})
			}
		}
	}
	return rubric, entries, cards
}

// sameRanking reports how two rankings differ in anything normalisation
// promises to keep (order and every normalised figure), or "".
func sameRanking(a, b []Result) string {
	if !slices.Equal(order(a), order(b)) {
		return fmt.Sprintf("order %v became %v", order(a), order(b))
	}
	for i := range a {
		if !near(a[i].JudgesNormalized, b[i].JudgesNormalized) || !near(a[i].Final, b[i].Final) ||
			a[i].Winner != b[i].Winner || a[i].Scored != b[i].Scored {
			return fmt.Sprintf("idea %d: %+v became %+v", a[i].IdeaID, a[i], b[i])
		}
	}
	return ""
}

// The central promise: only a judge's relative judgements count.
func TestRankNormalisationProperties(t *testing.T) {
	transforms := []struct {
		name string
		f    func(judge int64, key string, v float64) float64
	}{
		{"a judge 150 points harsher on every criterion", func(judge int64, _ string, v float64) float64 {
			if judge == 2 {
				return v - 150
			}
			return v
		}},
		{"a judge 300 points more lenient on one criterion", func(judge int64, key string, v float64) float64 {
			if judge == 3 && key == "cost" {
				return v + 300
			}
			return v
		}},
		{"a judge who spreads scores twice as wide", func(judge int64, _ string, v float64) float64 {
			if judge == 1 {
				return 2*v - 100
			}
			return v
		}},
		{"a judge who squeezes scores into a third of the range", func(judge int64, _ string, v float64) float64 {
			if judge == 4 {
				return v/3 + 500
			}
			return v
		}},
	}
	rng := rand.New(rand.NewPCG(21, 3))
	for n := range 40 {
		rubric, entries, cards := randomJudging(rng)
		want := Rank(rubric, entries, cards, 3)
		for _, tr := range transforms {
			changed := make([]Scorecard, len(cards))
			for i, c := range cards {
				changed[i] = Scorecard{JudgeID: c.JudgeID, IdeaID: c.IdeaID, Scores: map[string]float64{}}
				for k, v := range c.Scores {
					changed[i].Scores[k] = tr.f(c.JudgeID, k, v)
				}
			}
			if diff := sameRanking(want, Rank(rubric, entries, changed, 3)); diff != "" {
				t.Fatalf("case %d, %s: %s", n, tr.name, diff)
			}
		}

		// Swapping two judges' names (ids) changes nothing at all.
		swapped := make([]Scorecard, len(cards))
		for i, c := range cards {
			swapped[i] = c
			switch c.JudgeID {
			case 1:
				swapped[i].JudgeID = 4
			case 4:
				swapped[i].JudgeID = 1
			}
		}
		got := Rank(rubric, entries, swapped, 3)
		if diff := sameRanking(want, got); diff != "" {
			t.Fatalf("case %d, judges 1 and 4 swapped: %s", n, diff)
		}
		for i := range got {
			if !near(got[i].JudgesRaw, want[i].JudgesRaw) {
				t.Fatalf("case %d, judges 1 and 4 swapped: idea %d judges_raw %v became %v",
					n, got[i].IdeaID, want[i].JudgesRaw, got[i].JudgesRaw)
			}
		}
	}
}
