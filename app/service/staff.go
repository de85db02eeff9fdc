package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/password"
	"cocreate/app/people"
	"cocreate/app/store"
)

// InviteStaff opens an account with the roles an admin gives and emails
// its owner an invitation: a link, valid domain.InviteValid and usable
// once, that sets their password, confirms their address and signs them
// in (UseResetLink). Until then the account has a password nobody knows.
// An address an unconfirmed account has is taken over by the invitation
// (store.InviteUser: whoever signed it up cannot read the mailbox, and
// loses the password, sessions and links); one a confirmed account has
// is refused (409 email_taken): that person, whose mailbox is proven, is
// given roles on the users page instead. An unconfirmed account that
// acted is detached instead: deleted, and a fresh account made.
func (s *Service) InviteStaff(ctx context.Context, actor *domain.User, in domain.Invite) (domain.User, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.User{}, err
	}
	roles, err := in.Check(i18n.Languages)
	if err != nil {
		return domain.User{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return domain.User{}, fmt.Errorf("service: unable to make an invitation: %w", err)
	}
	hash, err := password.HashContext(ctx, base64.RawURLEncoding.EncodeToString(raw))
	if err != nil {
		return domain.User{}, err
	}
	inviter := actor.Name
	now := s.now()
	// A squatted account that acted is deleted as its signer-up could
	// have deleted it (DeleteAccount), suspended or not: what it posted
	// stays under the deleted-user label, not the invitee's name.
	detach := store.Deletion{
		Check:     domain.Present,
		Keeps:     domain.KeepsAnAdmin,
		Withdraws: func(c domain.Challenge) bool { return domain.WithdrawnOnDeletion(c, now) },
		Release:   store.Release{StartsAfter: now, Promote: people.Promotable, TellPromoted: tellPromoted, TellOrphaned: tellOrphaned(0)},
		Runs:      domain.KeepsProjectsRun,
	}
	return s.store.InviteUser(ctx, actor.ID, in.Email, in.Name, in.Locale, hash, roles, now.Add(domain.InviteValid),
		func(userID, resetID int64) []domain.Outgoing {
			return domain.InviteNotices(userID, resetID, inviter, roles)
		}, detach)
}

// RoleHistory is the newest role events of each of userIDs (invitations
// and changes of roles, at most perUser each, newest first), for admins.
func (s *Service) RoleHistory(ctx context.Context, actor *domain.User, userIDs []int64, perUser int) (map[int64][]store.RoleEvent, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.store.RoleEvents(ctx, userIDs, perUser)
}
