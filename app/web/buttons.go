package web

import (
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
)

// asPerson is whom a button's rule is asked about: the signed-in person, or
// for a visitor a fan who has just signed in, so that a visitor sees a
// button exactly when signing in would let them use it.
func asPerson(u *domain.User) *domain.User {
	if u == nil {
		// Confirmed, too: a challenge for confirmed accounts says so in a
		// note of its own, not as a refusal of someone not yet a member.
		return &domain.User{Verified: true}
	}
	return u
}

// whyNot says, in the person's language, why a button's rule refused
// them; "" when it allowed them.
func whyNot(p i18n.Printer, err error, c domain.Challenge, now time.Time) string {
	e := domain.AsError(err)
	if e == nil {
		return ""
	}
	switch {
	case e.Code == "submissions_closed" && (reachedAt(now, c.SubmissionsCloseAt) || reachedAt(now, c.ResultsAt) || reachedAt(now, c.ClosedAt)):
		return p.T("journeys.submissions_over")
	case e.Code == "submissions_closed":
		return p.T("journeys.submissions_not_yet")
	case e.Code == "voting_closed" && domain.VotingOver(c.Schedule, now):
		return p.T(domain.MethodKey("journeys.voting_over", c))
	case e.Code == "voting_closed":
		return p.T(domain.MethodKey("journeys.voting_not_yet", c))
	case e.Kind == domain.KindForbidden && c.Kind == domain.DesignPoll:
		return p.T(domain.ActKey("journeys.only_organiser", c))
	}
	return message(p, e)
}

// submitState is what a challenge's or a board's page says by its submit
// button: why it is not offered ("" when it is), whether that is an
// account not yet confirmed (the page links to where it is confirmed),
// and whether the place takes ideas from confirmed accounts only (said
// beside a button that is offered).
type submitState struct {
	Why          string
	Confirm      bool
	VerifiedOnly bool
}

// submitButton is the submit button's state for CanSubmit's answer err,
// in c at now.
func submitButton(p i18n.Printer, err error, c domain.Challenge, now time.Time) submitState {
	return submitState{Why: whyNot(p, err, c, now), Confirm: domain.AwaitsConfirmation(err),
		VerifiedOnly: c.Submitters == domain.VotersVerified && c.Kind != domain.DesignPoll}
}

func reachedAt(now time.Time, t *time.Time) bool { return t != nil && !now.Before(*t) }
