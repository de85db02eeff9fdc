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
	return s.store.DeleteAccount(ctx, actor.ID, domain.DeletedEmail(actor.ID), s.deletion(domain.CanDeleteAccount))
}

// DeleteAccountFor deletes userID's account on its owner's request, by an
// admin (domain.CanDeleteForOwner: the account's address typed as it is,
// and a reason, kept with the admin's name in the suspensions' log): the
// same erasure as DeleteAccount, in one write, with the same refusals
// (the last admin, an engineer who runs projects). The person is mailed
// nothing: their address is what is erased.
func (s *Service) DeleteAccountFor(ctx context.Context, actor *domain.User, userID int64, email, reason string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !actor.Has(domain.RoleAdmin) {
		return domain.Forbidden("only admins delete another person's account")
	}
	d := s.deletion(func(u domain.User) error { return domain.CanDeleteForOwner(actor, u, email, reason) })
	d.By, d.Reason, d.Runs = actor.ID, reason, domain.OwnerRunsProjects
	return s.store.DeleteAccount(ctx, userID, domain.DeletedEmail(userID), d)
}

// deletion is what an account's deletion withdraws, hands on and refuses,
// with check deciding on the account as the write reads it.
func (s *Service) deletion(check store.UserCheck) store.Deletion {
	now := s.now()
	return store.Deletion{
		Check:     check,
		Keeps:     domain.KeepsAnAdmin,
		Withdraws: func(c domain.Challenge) bool { return domain.WithdrawnOnDeletion(c, now) },
		Release:   store.Release{StartsAfter: now, Promote: people.Promotable, TellPromoted: tellPromoted, TellOrphaned: tellOrphaned(0)},
		Runs:      domain.KeepsProjectsRun,
	}
}
