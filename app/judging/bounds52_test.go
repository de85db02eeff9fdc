package judging

import (
	"math"
	"testing"

	"cocreate/app/domain"
)

// The rescaling of z-scores starts only above 1e150, where squares near
// the float's end would overflow. It is by a power of two, exact for any
// value that stays a normal float, so the bound shows only in a value so
// small that rescaling takes it below the smallest float: at 1e150 and
// under, the values are used as they are, and a score just above 0 still
// stands above one of 0; above 1e150 it is rounded away.
func TestZScoresRescaleOnlyAbove1e150(t *testing.T) {
	tiny := 3.5e-174 // 3.5e-174 × 2⁻⁴⁹⁹ (1e150's power of two) is below the smallest float
	for _, tc := range []struct {
		name      string
		xs        []float64
		tinyAbove bool // the tiny score's z-score stands above the 0's
	}{
		{"at 1e150 exactly: as they are", []float64{1e150, -1e150, 0, tiny}, true},
		{"under 1e150: as they are", []float64{9.99e149, -9.99e149, 0, tiny}, true},
		{"above 1e150: rescaled", []float64{2e150, -2e150, 0, tiny}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := zScores(tc.xs)
			if got := z[3] > z[2]; got != tc.tinyAbove {
				t.Errorf("z-scores %v: the tiny score above the 0 is %v, want %v", z, got, tc.tinyAbove)
			}
			// Either way, the large scores are standardised right.
			if want := math.Sqrt2; math.Abs(z[0]-want) > 1e-12 || math.Abs(z[1]+want) > 1e-12 {
				t.Errorf("z-scores %v: want ±√2 for the large scores", z)
			}
		})
	}
}

// A refused scale says the bounds it was held to, the lower one negative.
func TestRubricValidateSaysTheBounds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(r *Rubric)
		field  string
		msg    string
	}{
		{"min below the scale", func(r *Rubric) { r.Criteria[0].Min = -MaxScale - 1 }, "criteria[0].min",
			"min must be a number between -1000000 and 1000000"},
		{"max above the scale", func(r *Rubric) { r.Criteria[0].Max = MaxScale + 1 }, "criteria[0].max",
			"max must be a number greater than min and at most 1000000"},
		{"weight above the scale", func(r *Rubric) { r.Criteria[0].Weight = MaxScale + 1 }, "criteria[0].weight",
			"weight must be a number greater than 0 and at most 1000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := validRubric()
			tc.change(&r)
			e := domain.AsError(r.Validate())
			if e == nil || e.Field != tc.field || e.Message != tc.msg {
				t.Errorf("got %+v, want field %q message %q", e, tc.field, tc.msg)
			}
		})
	}
}
