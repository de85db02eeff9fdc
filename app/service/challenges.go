package service

import (
	"bytes"
	"context"
	"sort"

	"cocreate/app/domain"
)

// CreateChallenge lets an admin post a challenge.
func (s *Service) CreateChallenge(ctx context.Context, actor *domain.User, in domain.ChallengeInput) (domain.Challenge, error) {
	return s.SaveChallenge(ctx, actor, 0, in, nil)
}

// UpdateChallenge lets an admin change a challenge; the fields not given stay.
func (s *Service) UpdateChallenge(ctx context.Context, actor *domain.User, id int64, in domain.ChallengeInput) (domain.Challenge, error) {
	return s.SaveChallenge(ctx, actor, id, in, nil)
}

// SaveChallenge creates (id 0) or changes a challenge from the admin's
// form, with an optional cover image. The image is checked and stored
// before anything is written, and set in the same transaction as the rest,
// so a refused cover leaves the challenge as it was.
func (s *Service) SaveChallenge(ctx context.Context, actor *domain.User, id int64, in domain.ChallengeInput, cover []byte) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	var img domain.Image
	if len(cover) > 0 {
		var err error
		if img, err = s.Images.SaveFrom(ctx, "cover", bytes.NewReader(cover), int64(len(cover))); err != nil {
			return domain.Challenge{}, err
		}
	}
	now := s.now()
	apply := func(c *domain.Challenge, a domain.ChallengeActivity) error {
		before := *c
		in.Apply(c)
		if img.File != "" {
			c.Cover = img.File
		}
		was := before.Kind
		if id == 0 {
			was = "" // a new challenge may be of any kind
		}
		if err := domain.OpenBoard(c, was, in, now); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if id == 0 {
			return nil // a new challenge may start with any rules
		}
		return domain.CanEditChallenge(before, *c, a, now)
	}
	var ch domain.Challenge
	var err error
	if id == 0 {
		ch = domain.NewChallenge()
		ch.OrganiserID = actor.ID
		if err = apply(&ch, domain.ChallengeActivity{}); err == nil {
			ch, err = s.store.CreateChallenge(ctx, ch)
		}
	} else {
		ch, err = s.store.EditChallenge(ctx, id, apply)
	}
	if err != nil && img.File != "" {
		s.removeImages([]domain.Image{img})
	}
	return ch, err
}

// SetCover stores an uploaded cover image for a challenge.
func (s *Service) SetCover(ctx context.Context, actor *domain.User, id int64, data []byte) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	img, err := s.Images.SaveFrom(ctx, "cover", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return domain.Challenge{}, err
	}
	return s.store.UpdateChallenge(ctx, id, func(c *domain.Challenge) error {
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
	return s.store.UpdateChallenge(ctx, id, func(c *domain.Challenge) error {
		if err := domain.PhaseMovable(*c); err != nil {
			return err
		}
		if err := domain.MovePhase(&c.Schedule, move, now); err != nil {
			return err
		}
		return c.Validate()
	})
}

// ChallengeToEdit loads a challenge for its edit form, with what it holds
// that limits an edit (domain.CanEditChallenge): admins only.
func (s *Service) ChallengeToEdit(ctx context.Context, actor *domain.User, id int64) (domain.Challenge, domain.ChallengeActivity, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, domain.ChallengeActivity{}, err
	}
	c, err := s.Challenge(ctx, actor, id)
	if err != nil {
		return c, domain.ChallengeActivity{}, err
	}
	a, err := s.store.ChallengeActivity(ctx, id)
	return c, a, err
}

// Challenge loads a challenge the actor may see (domain.MaySeeChallenge).
func (s *Service) Challenge(ctx context.Context, actor *domain.User, id int64) (domain.Challenge, error) {
	s.seams.challengeRead()
	c, err := s.store.Challenge(ctx, id)
	if err != nil {
		return c, err
	}
	if !domain.MaySeeChallenge(actor, c, s.now()) {
		return domain.Challenge{}, domain.NotFound("challenge")
	}
	return c, nil
}

// Challenges lists what the actor may see, active challenges first (open for
// submissions or votes), then by phase, newest first within a phase.
func (s *Service) Challenges(ctx context.Context, actor *domain.User) ([]domain.Challenge, error) {
	all, err := s.store.Challenges(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := all[:0]
	for _, c := range all {
		if domain.MaySeeChallenge(actor, c, now) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return domain.PhaseDisplayOrder(out[i].PhaseAt(now)) < domain.PhaseDisplayOrder(out[j].PhaseAt(now))
	})
	return out, nil
}
