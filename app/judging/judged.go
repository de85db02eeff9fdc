package judging

import (
	"maps"
	"slices"

	"cocreate/app/domain"
)

// Judged is the judges' side of a challenge as read: its rubric, its
// judge assignments, the scorecards of assigned judges, and Acted, the
// assignments (judge, idea) whose judge acted on that idea as a fan:
// voted for it, rated it, said they would buy it, or answered a pair
// naming it.
type Judged struct {
	Rubric      Rubric
	Assignments []Assignment
	Cards       []Scorecard
	Acted       []Assignment
}

// Counted is the scorecards that count: all of them, but when the rubric
// excludes voters, none whose judge acted on the idea as a fan, whenever
// they acted, before or after scoring. The rule is the one that keeps such
// a judge from being assigned the idea or scoring it (CheckPlacement,
// MayScore), applied again when the results are computed, so a judge who
// scores and then votes, or a rubric that starts excluding voters after
// the scoring, leaves no fan's card in the ranking or in Kendall's W. The
// idea then shows the card as missing (Result.Missing), so the organiser
// sees it and may assign another judge.
func (j Judged) Counted() []Scorecard {
	var out []Scorecard
	for _, c := range j.Cards {
		if !SetAside(j.Rubric, slices.Contains(j.Acted, Assignment{JudgeID: c.JudgeID, IdeaID: c.IdeaID})) {
			out = append(out, c)
		}
	}
	return out
}

// Aside lists the cards that do not count (Counted), as (judge, idea):
// what the organiser is told, so they may assign another judge.
func (j Judged) Aside() []Assignment {
	var out []Assignment
	for _, c := range j.Cards {
		if SetAside(j.Rubric, slices.Contains(j.Acted, Assignment{JudgeID: c.JudgeID, IdeaID: c.IdeaID})) {
			out = append(out, Assignment{JudgeID: c.JudgeID, IdeaID: c.IdeaID})
		}
	}
	return out
}

// SetAside reports whether a judge's card for an idea does not count
// (Counted): the rubric excludes voters and the judge acted on the idea
// as a fan.
func SetAside(r Rubric, acted bool) bool {
	return r.ExcludeVoters && acted
}

// Same reports whether two readings of the judges' side rank alike: the
// same rubric, the same assignments (each idea's count of judges is its
// "missing" figure) and the same counted scorecards with the same scores,
// in the same order (both are read sorted). Comments are not compared:
// nothing is ranked on them.
func (j Judged) Same(o Judged) bool {
	if !sameRubric(j.Rubric, o.Rubric) || !slices.Equal(j.Assignments, o.Assignments) {
		return false
	}
	a, b := j.Counted(), o.Counted()
	return slices.EqualFunc(a, b, func(x, y Scorecard) bool {
		return x.JudgeID == y.JudgeID && x.IdeaID == y.IdeaID && maps.Equal(x.Scores, y.Scores)
	})
}

func sameRubric(a, b Rubric) bool {
	return slices.Equal(a.Criteria, b.Criteria) && a.CrowdWeight == b.CrowdWeight && a.Blind == b.Blind && a.ExcludeVoters == b.ExcludeVoters
}

// CheckJudged is the judges' half of the rule for publishing (CheckPublish
// is the crowd's): the judges' side read inside the publishing transaction
// (now) must be the one the ranking was computed from (was). A scorecard
// saved, a judge assigned or taken off, the rubric changed, or a judge's
// act as a fan that sets their card aside, between the two, means the
// ranking is not the one the data now give.
func CheckJudged(was, now Judged) error {
	if !was.Same(now) {
		return domain.Conflict("results_changed", "the judges' scorecards or assignments changed while the results were published; reload the results and publish again")
	}
	return nil
}
