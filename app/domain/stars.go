package domain

import "time"

// Stars: fans rate ideas from MinStars to MaxStars (PUT
// /api/v1/ideas/{id}/rating).
const (
	MinStars = 1
	MaxStars = 5
)

// The prior of the stars ranking: every idea starts as if StarsPriorCount
// fans had rated it StarsPriorMean. A few ratings barely move it; many
// ratings outweigh it.
const (
	StarsPriorMean  = 3.0
	StarsPriorCount = 5
)

// ValidStars checks a rating.
func ValidStars(stars int) error {
	if stars < MinStars || stars > MaxStars {
		return Invalid("stars", "invalid_stars", "stars must be a whole number from 1 to 5")
	}
	return nil
}

// AverageStars is the plain average of n ratings summing to sum (0 for none).
func AverageStars(sum, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// BayesianStars ranks a stars idea: (C·m + sum) / (C + n), the average of its
// n ratings (summing to sum) and StarsPriorCount (C) ratings of
// StarsPriorMean (m). So one 5-star rating (3.33) does not beat a hundred
// 4-star ones (3.95), and an idea nobody rated sits at the prior.
func BayesianStars(sum, n int) float64 {
	return (StarsPriorCount*StarsPriorMean + float64(sum)) / float64(StarsPriorCount+n)
}

// CanRate decides whether u may rate (or withdraw a rating of) an idea of
// challenge c at now: a listed idea of a stars challenge while voting is
// open. Who may vote at all (verified voters) is CanVoteAs.
func CanRate(u *User, idea Idea, c Challenge, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in to rate")
	}
	if err := RequireMethod(c, MethodStars); err != nil {
		return err
	}
	if !idea.State.Listed() {
		return Conflict("idea_not_votable", "this idea cannot be rated")
	}
	if !VotingOpenOn(c, idea, now) {
		return Conflict("voting_closed", "voting is not open for this challenge")
	}
	return nil
}
