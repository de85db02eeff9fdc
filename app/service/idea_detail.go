package service

import (
	"context"

	"cocreate/app/domain"
)

// IdeaDetail is an idea as its own API answer gives it: with its held acts
// of every kind and, for a board post, its status history.
type IdeaDetail struct {
	Idea domain.Idea
	// StatusHistory is a board post's status moves, newest first (nil
	// for an idea outside a board).
	StatusHistory []domain.StatusMove
	Board         bool
}

// IdeaDetail loads an idea the actor may see, without what they may not
// see of it (IdeaMask), with its held acts and a board post's history.
func (s *Service) IdeaDetail(ctx context.Context, actor *domain.User, id int64) (IdeaDetail, error) {
	var d IdeaDetail
	_, shown, c, _, err := s.shownIdea(ctx, actor, id)
	if err != nil {
		return d, err
	}
	d.Idea, d.Board = shown, c.IsBoard()
	if d.Board {
		if d.StatusHistory, err = s.store.StatusHistory(ctx, id, StatusHistoryShown); err != nil {
			return d, err
		}
	}
	return d, nil
}

// shownIdea is what an idea's page and its API answer both start from:
// the idea the actor may see (raw, as stored) with its challenge, and the
// idea as shown to the actor: without what they may not see of it
// (IdeaMask) and, only when its votes are shown, with its held acts. The
// mask goes first, so a blind judge's view reads no held acts it could
// never show.
func (s *Service) shownIdea(ctx context.Context, actor *domain.User, id int64) (raw, shown domain.Idea, c domain.Challenge, mask domain.IdeaMask, err error) {
	raw, c, err = s.ideaIn(ctx, actor, id)
	if err != nil {
		return raw, shown, c, mask, err
	}
	if mask, err = s.IdeaMask(ctx, actor, c); err != nil {
		return raw, shown, c, mask, err
	}
	shown = mask.Apply(actor, raw)
	if err := s.withHeldActs(ctx, c.ID, []*domain.Idea{&shown}); err != nil {
		return raw, shown, c, mask, err
	}
	return raw, shown, c, mask, nil
}

// withHeldActs reads the held ratings, choices and intents of ideas (of
// one challenge) into them, in one query; ideas whose votes are masked
// (Votes below zero) are left as they are.
func (s *Service) withHeldActs(ctx context.Context, challengeID int64, ideas []*domain.Idea) error {
	var ids []int64
	for _, i := range ideas {
		if i.Votes >= 0 {
			ids = append(ids, i.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	s.seams.heldRead()
	held, err := s.store.HeldActs(ctx, challengeID, ids)
	if err != nil {
		return err
	}
	for _, i := range ideas {
		if i.Votes >= 0 {
			i.UnderReview = held[i.ID]
		}
	}
	return nil
}

// WithHeldActs reads the held acts of ideas of a challenge into them, for
// an admin's integrity page.
func (s *Service) WithHeldActs(ctx context.Context, actor *domain.User, challengeID int64, ideas []domain.Idea) error {
	if err := s.integrityChallenge(ctx, actor, challengeID); err != nil {
		return err
	}
	ptrs := make([]*domain.Idea, len(ideas))
	for i := range ideas {
		ptrs[i] = &ideas[i]
	}
	return s.withHeldActs(ctx, challengeID, ptrs)
}
