package judging

import (
	"fmt"
	"math"
	"testing"
)

// What a brand setting up a rubric would notice at its edges.

func TestRubricOfExactlyTwentyCriteriaIsAccepted(t *testing.T) {
	var r Rubric
	for i := range MaxCriteria {
		r.Criteria = append(r.Criteria, criterion(fmt.Sprintf("c%d", i), 1, 0, 10))
	}
	wantError(t, r.Validate(), "", "")
	r.Criteria = append(r.Criteria, criterion("one_more", 1, 0, 10))
	wantError(t, r.Validate(), "criteria", "too_many_criteria")
}

func TestCriterionKeysTakeEveryLowercaseLetterDigitAndUnderscore(t *testing.T) {
	for _, key := range []string{"abcdefghijklmnopqrstuvwxyz", "0123456789", "_", "z", "a", "0", "9"} {
		r := Rubric{Criteria: []Criterion{{Key: key, Name: "Criterion", Weight: 1, Min: 0, Max: 10}}}
		wantError(t, r.Validate(), "", "")
	}
	// The characters just outside each allowed range, and the usual mistakes.
	for _, key := range []string{"`", "{", "/", ":", "A", "Z", "-", " ", "é", "user value"} {
		r := Rubric{Criteria: []Criterion{{Key: key, Name: "Criterion", Weight: 1, Min: 0, Max: 10}}}
		wantError(t, r.Validate(), "criteria[0].key", "invalid_key")
	}
}

// A judge's raw score reads every criterion on 0..1 of its own scale and
// weighs them as the rubric says: a perfect card is worth 1, the lowest
// possible card 0, a card in the middle of every scale 0.5, whatever the
// scales and the weights.
func TestRawScoreOfPerfectMiddleAndLowestCards(t *testing.T) {
	rubric := Rubric{Criteria: []Criterion{
		criterion("novelty", 3, 1, 5),     // a 1-5 scale
		criterion("cost", 1, 10, 20),      // a 10-20 scale
		criterion("impact", 2, -100, 100), // a scale around zero
	}}
	cards := []Scorecard{
		{JudgeID: 1, IdeaID: 1, Scores: map[string]float64{"novelty": 5, "cost": 20, "impact": 100}},
		{JudgeID: 2, IdeaID: 1, Scores: map[string]float64{"novelty": 3, "cost": 15, "impact": 0}},
		{JudgeID: 3, IdeaID: 1, Scores: map[string]float64{"novelty": 1, "cost": 10, "impact": -100}},
		// Top on the heaviest criterion only: 3/(3+1+2) of the way.
		{JudgeID: 4, IdeaID: 1, Scores: map[string]float64{"novelty": 5, "cost": 10, "impact": -100}},
	}
	want := map[int64]float64{1: 1, 2: 0.5, 3: 0, 4: 0.5}
	for _, m := range JudgeMeans(rubric, cards) {
		if math.Abs(m.Mean-want[m.JudgeID]) > 1e-12 {
			t.Errorf("judge %d: raw score %v, want %v", m.JudgeID, m.Mean, want[m.JudgeID])
		}
	}
	// Weights are relative: 3/1/2 and 0.3/0.1/0.2 mean the same.
	scaled := Rubric{Criteria: []Criterion{
		criterion("novelty", 0.3, 1, 5), criterion("cost", 0.1, 10, 20), criterion("impact", 0.2, -100, 100),
	}}
	for _, m := range JudgeMeans(scaled, cards) {
		if math.Abs(m.Mean-want[m.JudgeID]) > 1e-12 {
			t.Errorf("weights 0.3/0.1/0.2, judge %d: raw score %v, want %v", m.JudgeID, m.Mean, want[m.JudgeID])
		}
	}
}
