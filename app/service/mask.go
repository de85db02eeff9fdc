package service

import (
	"context"

	"cocreate/app/domain"
)

// IdeaMask is what actor may not see of challenge c's ideas (domain.MaskFor):
// every path that shows ideas applies it.
func (s *Service) IdeaMask(ctx context.Context, actor *domain.User, c domain.Challenge) (domain.IdeaMask, error) {
	blind := false
	if domain.MayBeBlind(actor) && c.ResultsAt == nil {
		judges, err := s.store.Judges(ctx, actor.ID, c.ID)
		if err != nil {
			return domain.IdeaMask{}, err
		}
		if judges {
			r, err := s.rubric(ctx, c.ID)
			if err != nil {
				return domain.IdeaMask{}, err
			}
			blind = r.Blind
		}
	}
	return domain.MaskFor(actor, c, blind), nil
}

// masked reads actor's mask for challenge c and applies it to ideas, in
// place (applyMask).
func (s *Service) masked(ctx context.Context, actor *domain.User, c domain.Challenge, ideas []domain.Idea) error {
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return err
	}
	applyMask(m, actor, ideas)
	return nil
}

// applyMask applies m, actor's mask, to ideas, in place.
func applyMask(m domain.IdeaMask, actor *domain.User, ideas []domain.Idea) {
	for i := range ideas {
		ideas[i] = m.Apply(actor, ideas[i])
	}
}
