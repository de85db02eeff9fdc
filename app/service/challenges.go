package service

import (
	"bytes"
	"context"
	"sort"

	"cocreate/app/domain"
	"cocreate/app/store"
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
// so a refused cover leaves the challenge as it was (and the new file
// goes); the cover it replaced is retired once the write committed.
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
	change := func(c *domain.Challenge, a domain.ChallengeActivity) error {
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
	var cw coverWrite
	var ch domain.Challenge
	var err error
	if id == 0 {
		ch = domain.NewChallenge()
		ch.OrganiserID = actor.ID
		if err = cw.apply(change)(&ch, domain.ChallengeActivity{}); err == nil {
			ch, err = s.store.CreateChallenge(uploadsSaved(ctx), ch)
		}
	} else {
		ch, err = s.store.EditChallenge(uploadsSaved(ctx), id, cw.apply(change))
	}
	err = s.seams.uploadsWritten(err)
	return s.settleCover(cw, img.File, ch, err)
}

// SetCover stores an uploaded cover image for a challenge. A refused
// write leaves no new file; the cover it replaced is retired.
func (s *Service) SetCover(ctx context.Context, actor *domain.User, id int64, data []byte) (domain.Challenge, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Challenge{}, err
	}
	img, err := s.Images.SaveFrom(ctx, "cover", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return domain.Challenge{}, err
	}
	var cw coverWrite
	ch, err := s.store.EditChallenge(uploadsSaved(ctx), id, cw.apply(func(c *domain.Challenge, _ domain.ChallengeActivity) error {
		c.Cover = img.File
		return nil
	}))
	err = s.seams.uploadsWritten(err)
	return s.settleCover(cw, img.File, ch, err)
}

// coverWrite is what a challenge's write that may set a new cover saw in
// its transaction (its last run: a write may run again): the cover it
// replaces, and whether its change was accepted.
type coverWrite struct {
	old      string
	accepted lastRun
}

// apply wraps change, noting what it saw.
func (cw *coverWrite) apply(change store.ChallengeChange) store.ChallengeChange {
	return func(c *domain.Challenge, a domain.ChallengeActivity) error {
		cw.old = c.Cover
		return cw.accepted.judge(change(c, a))
	}
}

// settleCover finishes the files of a challenge's write that stored the
// new cover file (none: "") and ended with err. Committed, the cover it
// replaced and its smaller copies are retired, as an edit's removed photos
// are (retireImages); refused, the new file goes. A write whose change was
// accepted but which answered an error may have committed all the same
// (its commit's answer lost): settleUploads asks the database whether a
// row names the new file, and keeps it when it cannot say (the old one
// then stays too). Found committed, the challenge is read again and
// answered as saved (the admin would otherwise read a refusal, and post a
// new challenge twice). No other row names a cover: each is a fresh upload
// with a random name, set on one challenge, and nothing copies one to
// another row, so the old one is retired without asking.
func (s *Service) settleCover(cw coverWrite, cover string, ch domain.Challenge, err error) (domain.Challenge, error) {
	if cover == "" {
		return ch, err // nothing clears a cover: without a new one, nothing changed
	}
	if err != nil {
		owner := s.settleUploads("a challenge's cover", []domain.Image{{File: cover}}, bool(cw.accepted), err).Challenge
		if owner == 0 {
			return ch, err
		}
		if again, rerr := s.store.Challenge(context.Background(), owner); rerr == nil {
			ch, err = again, nil
		}
	}
	s.retireReplaced(cw, cover)
	return ch, err
}

// retireReplaced retires the cover a committed write replaced.
func (s *Service) retireReplaced(cw coverWrite, cover string) {
	if cw.old != "" && cw.old != cover {
		s.retireImages([]domain.Image{{File: cw.old}})
	}
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
