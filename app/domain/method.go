package domain

import "time"

// Method is how fans vote in a challenge (the API's
// challenge.voting_method).
type Method string

const (
	// MethodSupport is one vote per fan per idea, within the challenge's budget.
	MethodSupport Method = "support"
	// MethodStars is a rating of 1 to 5 stars per fan per idea.
	MethodStars Method = "stars"
	// MethodPairwise asks fans "which of these two?" and ranks by Bradley–Terry.
	MethodPairwise Method = "pairwise"
)

// Methods are the voting methods in the order a form offers them.
var Methods = []Method{MethodSupport, MethodStars, MethodPairwise}

// ParseMethod reads a voting method; "" is support, the default.
func ParseMethod(s string) (Method, error) {
	switch Method(s) {
	case "":
		return MethodSupport, nil
	case MethodSupport, MethodStars, MethodPairwise:
		return Method(s), nil
	}
	return "", Invalid("voting_method", "invalid_voting_method", "voting_method must be support, stars or pairwise")
}

// Method is the challenge's voting method (support when unset).
func (c Challenge) Method() Method {
	if c.VotingMethod == "" {
		return MethodSupport
	}
	return c.VotingMethod
}

// CanChangeMethod decides whether an edit may move a challenge from the
// voting method of before to that of after: only while its vote has not
// begun, before and after the edit, and nobody has acted in it
// (VoteRulesLocked: fans' votes, ratings or choices in one method mean
// nothing in another).
func CanChangeMethod(before, after Challenge, a ChallengeActivity, now time.Time) error {
	if before.Method() == after.Method() {
		return nil
	}
	if VoteRulesLocked(before, a, now) || reached(now, after.VotingOpenAt) {
		return &Error{Kind: KindConflict, Code: "voting_method_locked", Field: "voting_method",
			Message: "the voting method can only change before voting opens"}
	}
	return nil
}

// MethodLocked reports whether c's vote has begun at now, so its voting
// method can no longer change whatever an edit would move it to: its vote
// has opened, its results are out or it is closed. Acts already stored
// lock it too (VoteRulesLocked, which CanChangeMethod asks and the form
// shows).
func MethodLocked(c Challenge, now time.Time) bool {
	return reached(now, c.VotingOpenAt) || reached(now, c.ResultsAt) || reached(now, c.ClosedAt)
}

// CanChangeVoteRules decides whether an edit may change who may vote and
// how many votes each fan has, once c's vote has begun or anyone has
// acted in it (VoteRulesLocked):
// acts already cast stay counted whatever the rule becomes, so who may vote
// no longer changes (moving to confirmed accounts would keep unconfirmed
// accounts' votes in the tally), and the budget may grow (every fan gains
// alike) but not shrink (votes over the new budget would stay counted).
func CanChangeVoteRules(before, after Challenge, a ChallengeActivity, now time.Time) error {
	if !VoteRulesLocked(before, a, now) {
		return nil
	}
	was, _ := ParseVoters(string(before.Voters))
	is, _ := ParseVoters(string(after.Voters))
	if was != is {
		return &Error{Kind: KindConflict, Code: "voters_locked", Field: "voters",
			Message: "who may vote can only change before voting opens"}
	}
	if after.VoteBudget > 0 && (before.VoteBudget == 0 || after.VoteBudget < before.VoteBudget) {
		return &Error{Kind: KindConflict, Code: "vote_budget_locked", Field: "vote_budget",
			Message: "once voting has opened the vote budget can grow but not shrink"}
	}
	return nil
}

// RequireMethod refuses an act of one voting method on a challenge of
// another: a support vote on a stars challenge, a rating on a pairwise one.
func RequireMethod(c Challenge, m Method) error {
	if c.Method() != m {
		return Conflict("wrong_voting_method", "this challenge votes by "+string(c.Method())+", not by "+string(m))
	}
	return nil
}

// ListSort is the order a list of c's ideas is read in when sort is asked
// for: top means the method's own measure (most votes for support, the
// Bayesian average for stars, the Bradley–Terry score for pairwise).
func (c Challenge) ListSort(sort Sort) Sort {
	if sort == SortTop && c.Method() != MethodSupport {
		return SortScore
	}
	return sort
}

// StartingScore is what an idea nobody has rated or compared yet holds:
// its pairwise score (PairwiseStartScore in a pairwise challenge, else 0)
// and its RankScore (the stars prior, the pairwise start, 0 for support).
func (c Challenge) StartingScore() (score, rank float64) {
	switch c.Method() {
	case MethodStars:
		return 0, BayesianStars(0, 0)
	case MethodPairwise:
		return PairwiseStartScore, PairwiseStartScore
	}
	return 0, 0
}

// PairwiseStartScore is a pairwise idea's score before any comparison: an
// even chance against the typical idea.
const PairwiseStartScore = 50.0

// CrowdScore is the crowd's measure of an idea that judging combines with
// the judges' scores: support votes, the stars' Bayesian average, or the
// pairwise Bradley–Terry score, by its challenge's method.
func CrowdScore(idea Idea) float64 {
	switch idea.Method {
	case MethodStars, MethodPairwise:
		return idea.RankScore
	}
	return float64(idea.Votes)
}

// Crowd is what a challenge's page counts of its crowd's acts: those of
// its method (Measure "votes" for support, "ratings" for stars,
// "comparisons" for pairwise: a support challenge's vote count says
// nothing of a stars one), or nothing (Measure "") for a viewer who may
// not see votes (IdeaMask.Votes: a blind judge), who must not learn the
// crowd's verdict from a total either.
type Crowd struct {
	Measure string
	Count   int
}

// CrowdOf is the Crowd that viewer, whose mask for challenge c is m, sees
// of the challenge's counted votes, ratings and pair choices.
func CrowdOf(c Challenge, m IdeaMask, votes, ratings, comparisons int) Crowd {
	switch {
	case m.Votes:
		return Crowd{}
	case c.Method() == MethodStars:
		return Crowd{"ratings", ratings}
	case c.Method() == MethodPairwise:
		return Crowd{"comparisons", comparisons}
	}
	return Crowd{"votes", votes}
}
