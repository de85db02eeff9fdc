package service

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// Rating is a stars idea's tally after a fan's act (the API answers it as
// {"rating", "ratings", "mine"}): the plain average, how many rated, and the fan's own
// stars (0: none). Hidden: the actor may not read the crowd's figures (a
// blind judge until the results, IdeaMask), and Average and Ratings are 0.
type Rating struct {
	Average float64
	Ratings int
	Mine    int
	Hidden  bool
}

// ratingFor is t as actor may read it after their act on the idea.
func (s *Service) ratingFor(ctx context.Context, actor *domain.User, ideaID int64, t store.StarTally) (Rating, error) {
	hidden, err := s.crowdHidden(ctx, actor, ideaID)
	if hidden || err != nil {
		return Rating{Mine: t.Mine, Hidden: true}, err
	}
	return Rating{Average: domain.AverageStars(t.Sum, t.Ratings), Ratings: t.Ratings, Mine: t.Mine}, nil
}

// Rate records actor's stars for an idea of a stars challenge while voting
// is open, or changes them; the idea's counters change in the same
// transaction. It keeps the same integrity signals as a vote.
func (s *Service) Rate(ctx context.Context, actor *domain.User, ideaID int64, stars int, client Client) (Rating, error) {
	if actor == nil {
		return Rating{}, domain.Unauthorized("sign in to rate")
	}
	if err := domain.ValidStars(stars); err != nil {
		return Rating{}, err
	}
	now := s.now()
	sig, err := s.actSignals(ctx, actor, client, now)
	if err != nil {
		return Rating{}, err
	}
	t, err := s.store.Rate(ctx, actor.ID, ideaID, stars, sig, s.rateCheck(actor, true))
	if err != nil {
		return Rating{}, err
	}
	return s.ratingFor(ctx, actor, ideaID, t)
}

// Unrate withdraws actor's rating of an idea while voting is open.
func (s *Service) Unrate(ctx context.Context, actor *domain.User, ideaID int64) (Rating, error) {
	if actor == nil {
		return Rating{}, domain.Unauthorized("sign in to rate")
	}
	t, err := s.store.Unrate(ctx, actor.ID, ideaID, s.rateCheck(actor, false))
	if err != nil {
		return Rating{}, err
	}
	return s.ratingFor(ctx, actor, ideaID, t)
}

// rateCheck is the rule a rating is held to; withdrawing one is never
// refused for an unconfirmed account (as for votes).
func (s *Service) rateCheck(actor *domain.User, rating bool) store.RateCheck {
	now := s.now()
	return func(c domain.Challenge, idea domain.Idea) error {
		if !domain.MaySeeIdea(actor, c, idea, now) {
			return domain.NotFound("idea")
		}
		if rating {
			if err := domain.CanVoteAs(actor, c); err != nil {
				return err
			}
		}
		return domain.CanRate(actor, idea, c, now)
	}
}
