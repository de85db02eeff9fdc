package service

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// ExportAccount is what the actor's account holds of its own, for them to
// take away before deleting it or at any time (PIPL art. 45): the account
// itself and store.AccountData.
func (s *Service) ExportAccount(ctx context.Context, actor *domain.User) (domain.User, store.AccountData, error) {
	if actor == nil {
		return domain.User{}, store.AccountData{}, domain.Unauthorized("sign in first")
	}
	u, err := s.store.User(ctx, actor.ID)
	if err != nil {
		return u, store.AccountData{}, err
	}
	d, err := s.store.AccountData(ctx, actor.ID)
	return u, d, err
}
