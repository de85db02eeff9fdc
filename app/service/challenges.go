package service

import (
	"context"
	"sort"

	"cocreate/app/domain"
)

// CreateChallenge lets an admin post a challenge.
func (s *Service) CreateChallenge(ctx context.Context, actor *domain.User, in domain.ChallengeInput) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	c := domain.NewChallenge()
	in.Apply(&c)
	c.OrganiserID = actor.ID
	if err := c.Validate(); err != nil {
		return domain.Challenge{}, err
	}
	return s.Store.CreateChallenge(ctx, c)
}

// UpdateChallenge lets an admin change a challenge; the fields not given stay.
func (s *Service) UpdateChallenge(ctx context.Context, actor *domain.User, id int64, in domain.ChallengeInput) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	return s.Store.UpdateChallenge(ctx, id, func(c *domain.Challenge) error {
		in.Apply(c)
		return c.Validate()
	})
}

// SetCover stores an uploaded cover image for a challenge.
func (s *Service) SetCover(ctx context.Context, actor *domain.User, id int64, data []byte) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	img, err := s.Images.Save("cover", data)
	if err != nil {
		return domain.Challenge{}, err
	}
	return s.Store.UpdateChallenge(ctx, id, func(c *domain.Challenge) error {
		c.Cover = img.File
		return nil
	})
}

// MovePhase lets an admin move a challenge's phase by hand, as Haier's
// organisers did: it opens or closes submissions or voting now by setting
// that time, keeping the other times.
func (s *Service) MovePhase(ctx context.Context, actor *domain.User, id int64, move string) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	now := s.now()
	return s.Store.UpdateChallenge(ctx, id, func(c *domain.Challenge) error {
		if err := domain.MovePhase(&c.Schedule, move, now); err != nil {
			return err
		}
		return c.Validate()
	})
}

// Challenge loads a challenge the actor may see: drafts only for admins.
func (s *Service) Challenge(ctx context.Context, actor *domain.User, id int64) (domain.Challenge, error) {
	c, err := s.Store.Challenge(ctx, id)
	if err != nil {
		return c, err
	}
	if c.PhaseAt(s.now()) == domain.PhaseDraft && !actor.Has(domain.RoleAdmin) {
		return domain.Challenge{}, domain.NotFound("challenge")
	}
	return c, nil
}

// Challenges lists what the actor may see, active challenges first (open for
// submissions or votes), then by phase, newest first within a phase.
func (s *Service) Challenges(ctx context.Context, actor *domain.User) ([]domain.Challenge, error) {
	all, err := s.Store.Challenges(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := all[:0]
	for _, c := range all {
		if c.PhaseAt(now) != domain.PhaseDraft || actor.Has(domain.RoleAdmin) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return domain.PhaseRank(out[i].PhaseAt(now)) < domain.PhaseRank(out[j].PhaseAt(now))
	})
	return out, nil
}
