package service

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// DeleteAccount deletes the actor's own account after their current
// password (a stolen session alone must not erase an account): its
// personal data goes in one write (store.DeleteAccount), its votes and
// the like in challenges whose vote is still open are withdrawn
// (domain.WithdrawnOnDeletion), its answers to meetups to come are taken
// back as a cancelled answer is, and every session and token of it ends,
// the caller's too. The last admin is refused (last_admin), as a change of
// roles or a suspension that would leave none.
func (s *Service) DeleteAccount(ctx context.Context, actor *domain.User, current string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if _, err := s.checkCurrentPassword(ctx, actor, current); err != nil {
		return err
	}
	now := s.now()
	return s.store.DeleteAccount(ctx, actor.ID, domain.DeletedEmail(actor.ID), store.Deletion{
		Check:     domain.CanDeleteAccount,
		Keeps:     domain.KeepsAnAdmin,
		Withdraws: func(c domain.Challenge) bool { return domain.WithdrawnOnDeletion(c, now) },
		Release:   store.Release{StartsAfter: now, Promote: people.Promotable, TellPromoted: tellPromoted},
		Runs:      domain.KeepsProjectsRun,
	})
}
