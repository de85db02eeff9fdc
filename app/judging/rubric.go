package judging

import (
	"fmt"
	"math"
	"slices"

	"cocreate/app/domain"
)

// Limits on a rubric. A scorecard is filled in by hand, so a rubric longer
// than a screenful is a mistake rather than a design.
const (
	MaxCriteria      = 20
	MaxKeyLength     = 40
	MaxNameLength    = 100
	MaxCommentLength = 5000
)

// MaxScale bounds a criterion's min and max (|v| <= MaxScale) and its
// weight: no scorecard needs more, and far larger ones (1.7e308) overflow
// the ranking's arithmetic.
const MaxScale = 1e6

// Criterion is one thing the judges score, such as novelty or feasibility,
// on its own fixed scale from Min to Max.
type Criterion struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Rubric is a challenge's judging scheme. Weights are relative: they are
// normalised to sum to 1 wherever they are used, so 2/1/1 and 0.5/0.25/0.25
// mean the same. CrowdWeight is the share of the final score that comes
// from the crowd (0 = judges only, 1 = crowd only). Blind hides authors and
// votes from judges; nothing in this package depends on it.
type Rubric struct {
	Criteria    []Criterion `json:"criteria"`
	CrowdWeight float64     `json:"crowd_weight"`
	Blind       bool        `json:"blind"`
	// ExcludeVoters keeps judges away from ideas they acted on as fans:
	// voted for, rated, said they would buy, or answered a pair naming
	// (the conflict-of-interest rule of Assign, CheckPlacement, MayScore).
	ExcludeVoters bool `json:"exclude_voters"`
}

// Scorecard is one judge's scores for one idea, keyed by criterion key.
type Scorecard struct {
	JudgeID int64              `json:"judge_id"`
	IdeaID  int64              `json:"idea_id"`
	Scores  map[string]float64 `json:"scores"`
	Comment string             `json:"comment"`
}

// Validate reports the first problem with the rubric, naming the field as
// the API does ("criteria[2].weight", "crowd_weight").
func (r Rubric) Validate() error {
	if len(r.Criteria) == 0 {
		return domain.Invalid("criteria", "required", "the rubric needs at least one criterion")
	}
	if len(r.Criteria) > MaxCriteria {
		return domain.Invalid("criteria", "too_many_criteria",
			fmt.Sprintf("a rubric can have at most %d criteria", MaxCriteria))
	}
	seen := make(map[string]int, len(r.Criteria))
	for i, c := range r.Criteria {
		field := fmt.Sprintf("criteria[%d]", i)
		if err := validKey(field+".key", c.Key); err != nil {
			return err
		}
		if j, dup := seen[c.Key]; dup {
			return domain.Invalid(field+".key", "duplicate_key",
				fmt.Sprintf("key %q is already used by criteria[%d]", c.Key, j))
		}
		seen[c.Key] = i
		if err := domain.TextField(field+".name", c.Name, 1, MaxNameLength); err != nil {
			return err
		}
		// Written as !(x > 0) and !(|x| <= MaxScale) so that NaN fails too.
		if !(c.Weight > 0) || !(c.Weight <= MaxScale) {
			return domain.Invalid(field+".weight", "invalid_weight", fmt.Sprintf("weight must be a number greater than 0 and at most %.0f", float64(MaxScale)))
		}
		if !(math.Abs(c.Min) <= MaxScale) {
			return domain.Invalid(field+".min", "invalid_range", fmt.Sprintf("min must be a number between %.0f and %.0f", -float64(MaxScale), float64(MaxScale)))
		}
		if !(math.Abs(c.Max) <= MaxScale) || !(c.Min < c.Max) {
			return domain.Invalid(field+".max", "invalid_range", fmt.Sprintf("max must be a number greater than min and at most %.0f", float64(MaxScale)))
		}
	}
	if !(r.CrowdWeight >= 0 && r.CrowdWeight <= 1) {
		return domain.Invalid("crowd_weight", "invalid_crowd_weight", "crowd_weight must be between 0 and 1")
	}
	return nil
}

// validKey keeps keys usable as JSON object keys, CSV column names and
// translation-key suffixes without escaping.
func validKey(field, key string) error {
	if key == "" {
		return domain.Invalid(field, "required", "key is required")
	}
	if len(key) > MaxKeyLength {
		return domain.TooLong(field, MaxKeyLength, len(key))
	}
	for _, b := range []byte(key) {
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return domain.Invalid(field, "invalid_key", "key may only contain a-z, 0-9 and _")
		}
	}
	return nil
}

// ValidateScores checks a scorecard's scores against the rubric: every
// criterion scored, each within its scale, and no key the rubric does not
// have. A partial scorecard is refused rather than stored, because the
// ranking could not tell a skipped criterion from a low score.
func (r Rubric) ValidateScores(scores map[string]float64) error {
	for _, c := range r.Criteria {
		field := "scores." + c.Key
		v, ok := scores[c.Key]
		if !ok {
			return domain.Invalid(field, "required", c.Name+" has no score")
		}
		if !(v >= c.Min && v <= c.Max) {
			return domain.Invalid(field, "out_of_range",
				fmt.Sprintf("%s must be between %g and %g", c.Name, c.Min, c.Max))
		}
	}
	var unknown []string
	for k := range scores {
		if !slices.ContainsFunc(r.Criteria, func(c Criterion) bool { return c.Key == k }) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown) // the same card always reports the same key
	return domain.Invalid("scores."+unknown[0], "unknown_criterion",
		fmt.Sprintf("the rubric has no criterion %q", unknown[0]))
}

// ValidateScorecard checks a whole scorecard as a judge submits it.
func (r Rubric) ValidateScorecard(card Scorecard) error {
	if err := r.ValidateScores(card.Scores); err != nil {
		return err
	}
	return domain.TextField("comment", card.Comment, 0, MaxCommentLength)
}

// weights returns the criteria weights scaled to sum to 1. Rank and KendallW
// expect a validated rubric, but a bad weight is treated as 0 here so that
// an unvalidated one still cannot produce NaN.
func weights(r Rubric) []float64 {
	w := make([]float64, len(r.Criteria))
	var sum float64
	for i, c := range r.Criteria {
		if c.Weight > 0 && finite(c.Weight) { // equivalent mutant: >= adds a 0 weight, which changes nothing
			w[i] = c.Weight
			sum += c.Weight
		}
	}
	if sum == 0 {
		return w
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// rawScore is a card's weighted score with every criterion rescaled to 0..1
// by its own scale, so a 1-5 criterion and a 0-100 one weigh what the rubric
// says rather than what their scales say.
func rawScore(r Rubric, w []float64, scores map[string]float64) float64 {
	var s float64
	for i, c := range r.Criteria {
		// In halves, which are exact: a scale saved before MaxScale (min
		// -1.7e308, max 1.7e308) spans more than a float64 holds, and
		// Inf/Inf is NaN.
		if span := c.Max/2 - c.Min/2; span > 0 {
			s += w[i] * (scores[c.Key]/2 - c.Min/2) / span
		}
	}
	return s
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// cardKey identifies the one scorecard a judge may have for an idea.
type cardKey struct{ judge, idea int64 }

// usable returns the scorecards that count: valid against the rubric, for an
// idea accepted by keep (nil keeps all), one per judge and idea (the later
// one wins, as a re-submitted scorecard replaces the earlier one). The result
// is sorted by judge then idea so that every sum is taken in the same order
// whatever order the store returned.
func usable(r Rubric, cards []Scorecard, keep func(ideaID int64) bool) []Scorecard {
	latest := make(map[cardKey]int, len(cards))
	for i, c := range cards {
		if keep != nil && !keep(c.IdeaID) {
			continue
		}
		if r.ValidateScores(c.Scores) != nil {
			continue
		}
		latest[cardKey{c.JudgeID, c.IdeaID}] = i
	}
	out := make([]Scorecard, 0, len(latest))
	for _, i := range latest {
		out = append(out, cards[i])
	}
	slices.SortFunc(out, func(a, b Scorecard) int {
		if a.JudgeID != b.JudgeID {
			return cmpInt(a.JudgeID, b.JudgeID)
		}
		return cmpInt(a.IdeaID, b.IdeaID)
	})
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
