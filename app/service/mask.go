package service

import (
	"context"

	"cocreate/app/domain"
)

// IdeaMask is what actor may not see of challenge c's ideas (domain.MaskFor):
// every path that shows ideas applies it.
func (s *Service) IdeaMask(ctx context.Context, actor *domain.User, c domain.Challenge) (domain.IdeaMask, error) {
	blind := false
	if actor != nil && c.ResultsAt == nil {
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

// masked applies actor's mask for challenge c to ideas, in place.
func (s *Service) masked(ctx context.Context, actor *domain.User, c domain.Challenge, ideas []domain.Idea) error {
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return err
	}
	for i := range ideas {
		ideas[i] = m.Apply(actor, ideas[i])
	}
	return nil
}
