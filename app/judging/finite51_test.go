package judging

import (
	"encoding/json"
	"math"
	"testing"
)

// A scale saved before MaxScale (min -1.7e308, max 1.7e308) spans more
// than a float64 holds: the ranking still gives finite figures, the raw
// scores the same as on a small scale, and the results encode as JSON.
func TestRankOfTheLargestScaleIsFinite(t *testing.T) {
	huge := Rubric{Criteria: []Criterion{{Key: "a", Name: "A", Weight: 1, Min: -1.7e308, Max: 1.7e308}}}
	small := Rubric{Criteria: []Criterion{{Key: "a", Name: "A", Weight: 1, Min: -1.7, Max: 1.7}}}
	entries := []Entry{{IdeaID: 1, Assigned: 1}, {IdeaID: 2, Assigned: 1}, {IdeaID: 3, Assigned: 1}}
	cards := func(scale float64) []Scorecard {
		return []Scorecard{{JudgeID: 9, IdeaID: 1, Scores: map[string]float64{"a": scale}},
			{JudgeID: 9, IdeaID: 2, Scores: map[string]float64{"a": -scale}},
			{JudgeID: 9, IdeaID: 3, Scores: map[string]float64{"a": 0}}}
	}
	got := Compute(Standing{Rubric: huge, Entries: entries, Cards: cards(1.7e308)}, 1)
	want := Rank(small, entries, cards(1.7), 1)
	if got.Unfinite != 0 {
		t.Errorf("%d figures were not finite", got.Unfinite)
	}
	for i, r := range got.Ranking {
		if r.IdeaID != want[i].IdeaID || r.JudgesRaw != want[i].JudgesRaw {
			t.Errorf("line %d: idea %d raw %v, want idea %d raw %v", i, r.IdeaID, r.JudgesRaw, want[i].IdeaID, want[i].JudgesRaw)
		}
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("the results do not encode: %v", err)
	}
}

// keepFinite sets each NaN or infinite figure to 0 and counts it; finite
// ones stay as they are.
func TestKeepFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	p := Published{
		Ranking: []Result{
			{IdeaID: 1, Crowd: nan, JudgesRaw: inf, JudgesNormalized: -inf, Final: nan},
			{IdeaID: 2, Crowd: 0.5, JudgesRaw: 0.25, JudgesNormalized: -1, Final: 2},
		},
		Agreement: nan, AgreementOK: true,
		Crowd: map[int64]CrowdFigures{1: {Votes: 3, Score: nan, ScoreSD: inf, RankScore: -inf}, 2: {Score: 1.5, ScoreSD: 0.5, RankScore: 1}},
	}
	if n := keepFinite(&p); n != 8 {
		t.Errorf("%d figures set to 0, want 8", n)
	}
	if r := p.Ranking[0]; r.Crowd != 0 || r.JudgesRaw != 0 || r.JudgesNormalized != 0 || r.Final != 0 {
		t.Errorf("line 1 after: %+v", r)
	}
	if r := p.Ranking[1]; r.Crowd != 0.5 || r.JudgesRaw != 0.25 || r.JudgesNormalized != -1 || r.Final != 2 {
		t.Errorf("the finite line changed: %+v", r)
	}
	if p.Agreement != 0 || p.AgreementOK {
		t.Errorf("agreement after: %v, ok %v", p.Agreement, p.AgreementOK)
	}
	if f := p.Crowd[1]; f.Votes != 3 || f.Score != 0 || f.ScoreSD != 0 || f.RankScore != 0 {
		t.Errorf("idea 1's tallies after: %+v", f)
	}
	if f := p.Crowd[2]; f.Score != 1.5 || f.ScoreSD != 0.5 || f.RankScore != 1 {
		t.Errorf("idea 2's finite tallies changed: %+v", f)
	}
	q := Published{Agreement: 0.7, AgreementOK: true}
	if n := keepFinite(&q); n != 0 || q.Agreement != 0.7 || !q.AgreementOK {
		t.Errorf("a finite agreement: %d fixed, %v ok %v", n, q.Agreement, q.AgreementOK)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("the results do not encode: %v", err)
	}
}
