package judging

import (
	"math"
	"strings"
	"testing"

	"cocreate/app/domain"
)

func criterion(key string, weight, min, max float64) Criterion {
	return Criterion{Key: key, Name: strings.ToUpper(key[:1]) + key[1:], Weight: weight, Min: min, Max: max}
}

func validRubric() Rubric {
	return Rubric{
		Criteria: []Criterion{
			criterion("novelty", 2, 0, 10),
			criterion("feasibility", 1, 0, 10),
			criterion("user_value", 1, 1, 5),
		},
		CrowdWeight: 0.3,
		Blind:       true,
	}
}

// wantError checks err against an expected field and code; an empty field
// and code mean no error is expected.
func wantError(t *testing.T, err error, field, code string) {
	t.Helper()
	if field == "" && code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	e := domain.AsError(err)
	if e == nil {
		t.Fatalf("got %v, want %s error on %q", err, code, field)
	}
	if e.Field != field || e.Code != code {
		t.Fatalf("got field %q code %q (%s), want field %q code %q", e.Field, e.Code, e.Message, field, code)
	}
}

func TestRubricValidate(t *testing.T) {
	tests := []struct {
		name        string
		change      func(r *Rubric)
		field, code string
	}{
		{"valid", func(r *Rubric) {}, "", ""},
		{"crowd weight 0", func(r *Rubric) { r.CrowdWeight = 0 }, "", ""},
		{"crowd weight 1", func(r *Rubric) { r.CrowdWeight = 1 }, "", ""},
		{"negative scale", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = -5, 5 }, "", ""},
		{"40-character key", func(r *Rubric) { r.Criteria[0].Key = strings.Repeat("a", 40) }, "", ""},
		{"no criteria", func(r *Rubric) { r.Criteria = nil }, "criteria", "required"},
		{"too many criteria", func(r *Rubric) {
			for len(r.Criteria) <= MaxCriteria {
				r.Criteria = append(r.Criteria, criterion("c"+strings.Repeat("x", len(r.Criteria)), 1, 0, 1))
			}
		}, "criteria", "too_many_criteria"},
		{"empty key", func(r *Rubric) { r.Criteria[1].Key = "" }, "criteria[1].key", "required"},
		{"41-character key", func(r *Rubric) { r.Criteria[1].Key = strings.Repeat("a", 41) }, "criteria[1].key", "too_long"},
		{"upper-case key", func(r *Rubric) { r.Criteria[1].Key = "Cost" }, "criteria[1].key", "invalid_key"},
		{"key with space", func(r *Rubric) { r.Criteria[1].Key = "user value" }, "criteria[1].key", "invalid_key"},
		{"key with hyphen", func(r *Rubric) { r.Criteria[1].Key = "user-value" }, "criteria[1].key", "invalid_key"},
		{"non-ASCII key", func(r *Rubric) { r.Criteria[1].Key = "创新" }, "criteria[1].key", "invalid_key"},
		{"duplicate key", func(r *Rubric) { r.Criteria[2].Key = "novelty" }, "criteria[2].key", "duplicate_key"},
		{"empty name", func(r *Rubric) { r.Criteria[2].Name = "" }, "criteria[2].name", "required"},
		{"blank name", func(r *Rubric) { r.Criteria[2].Name = "  " }, "criteria[2].name", "required"},
		{"zero weight", func(r *Rubric) { r.Criteria[2].Weight = 0 }, "criteria[2].weight", "invalid_weight"},
		{"negative weight", func(r *Rubric) { r.Criteria[2].Weight = -1 }, "criteria[2].weight", "invalid_weight"},
		{"NaN weight", func(r *Rubric) { r.Criteria[2].Weight = math.NaN() }, "criteria[2].weight", "invalid_weight"},
		{"infinite weight", func(r *Rubric) { r.Criteria[2].Weight = math.Inf(1) }, "criteria[2].weight", "invalid_weight"},
		{"min equals max", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = 5, 5 }, "criteria[0].max", "invalid_range"},
		{"min above max", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = 10, 0 }, "criteria[0].max", "invalid_range"},
		{"infinite min", func(r *Rubric) { r.Criteria[0].Min = math.Inf(-1) }, "criteria[0].min", "invalid_range"},
		{"NaN max", func(r *Rubric) { r.Criteria[0].Max = math.NaN() }, "criteria[0].max", "invalid_range"},
		{"scale at the bounds", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = -MaxScale, MaxScale }, "", ""},
		{"weight at the bound", func(r *Rubric) { r.Criteria[2].Weight = MaxScale }, "", ""},
		{"weight past the bound", func(r *Rubric) { r.Criteria[2].Weight = MaxScale * 1.0001 }, "criteria[2].weight", "invalid_weight"},
		{"min past the bound", func(r *Rubric) { r.Criteria[0].Min = -MaxScale - 1 }, "criteria[0].min", "invalid_range"},
		{"min past the upper bound", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = MaxScale+1, MaxScale+2 }, "criteria[0].min", "invalid_range"},
		{"max past the bound", func(r *Rubric) { r.Criteria[0].Max = MaxScale + 1 }, "criteria[0].max", "invalid_range"},
		{"the largest floats", func(r *Rubric) { r.Criteria[0].Min, r.Criteria[0].Max = -1.7e308, 1.7e308 }, "criteria[0].min", "invalid_range"},
		{"NaN min", func(r *Rubric) { r.Criteria[0].Min = math.NaN() }, "criteria[0].min", "invalid_range"},
		{"crowd weight below 0", func(r *Rubric) { r.CrowdWeight = -0.1 }, "crowd_weight", "invalid_crowd_weight"},
		{"crowd weight above 1", func(r *Rubric) { r.CrowdWeight = 1.01 }, "crowd_weight", "invalid_crowd_weight"},
		{"NaN crowd weight", func(r *Rubric) { r.CrowdWeight = math.NaN() }, "crowd_weight", "invalid_crowd_weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRubric()
			tt.change(&r)
			wantError(t, r.Validate(), tt.field, tt.code)
		})
	}
}

func TestRubricValidateScores(t *testing.T) {
	tests := []struct {
		name        string
		scores      map[string]float64
		field, code string
	}{
		{"all in range", map[string]float64{"novelty": 7, "feasibility": 3.5, "user_value": 4}, "", ""},
		{"bounds are inclusive", map[string]float64{"novelty": 0, "feasibility": 10, "user_value": 1}, "", ""},
		{"nil scores", nil, "scores.novelty", "required"},
		{"one missing", map[string]float64{"novelty": 7, "user_value": 4}, "scores.feasibility", "required"},
		{"below min", map[string]float64{"novelty": 7, "feasibility": 3, "user_value": 0}, "scores.user_value", "out_of_range"},
		{"above max", map[string]float64{"novelty": 10.5, "feasibility": 3, "user_value": 4}, "scores.novelty", "out_of_range"},
		{"NaN", map[string]float64{"novelty": math.NaN(), "feasibility": 3, "user_value": 4}, "scores.novelty", "out_of_range"},
		{"unknown keys, first in order reported", map[string]float64{"novelty": 7, "feasibility": 3, "user_value": 4, "zeal": 1, "cost": 2},
			"scores.cost", "unknown_criterion"},
	}
	r := validRubric()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, r.ValidateScores(tt.scores), tt.field, tt.code)
		})
	}
}

func TestRubricValidateScorecard(t *testing.T) {
	r := validRubric()
	scores := map[string]float64{"novelty": 7, "feasibility": 3, "user_value": 4}
	wantError(t, r.ValidateScorecard(Scorecard{Scores: scores, Comment: "清晰的想法"}), "", "")
	wantError(t, r.ValidateScorecard(Scorecard{Scores: scores, Comment: strings.Repeat("好", MaxCommentLength+1)}), "comment", "too_long")
	wantError(t, r.ValidateScorecard(Scorecard{Scores: map[string]float64{}}), "scores.novelty", "required")
}
