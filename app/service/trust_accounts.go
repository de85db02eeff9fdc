package service

import (
	"context"
	"net/url"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// verificationURL is the site-relative confirmation link for u, valid for
// domain.VerificationTTL from now.
func (s *Service) verificationURL(u domain.User) string {
	tok := domain.VerificationToken(s.MailSecret, u.ID, u.Email, s.now().Add(domain.VerificationTTL))
	return "/verify?token=" + url.QueryEscape(tok)
}

// RequestVerification queues an email with a confirmation link to the
// actor's address: 409 already_verified once confirmed, 429 when asked
// again too soon.
func (s *Service) RequestVerification(ctx context.Context, actor *domain.User) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	now := s.now()
	return s.store.QueueVerification(ctx, actor.ID, func(u domain.User, last time.Time, lastDay int) error {
		return domain.CanSendVerification(&u, last, lastDay, now)
	}, s.verificationURL)
}

// sendToNewAddress queues the confirmation link for the address u has
// just moved to (domain.CanSendToNewAddress).
func (s *Service) sendToNewAddress(ctx context.Context, u domain.User) error {
	now := s.now()
	return s.store.QueueVerification(ctx, u.ID, func(u domain.User, _ time.Time, lastDay int) error {
		return domain.CanSendToNewAddress(&u, lastDay, now)
	}, s.verificationURL)
}

// Verify confirms the address a token from a confirmation link was made
// for. A bad, expired or altered token, one for another account than the
// actor's, or one for an address the account no longer has, is refused
// with field "token" and changes nothing.
func (s *Service) Verify(ctx context.Context, actor *domain.User, token string) (domain.User, error) {
	id, err := domain.VerificationUser(token)
	if err != nil {
		return domain.User{}, err
	}
	now := s.now()
	u, err := s.store.Verify(ctx, id, func(u domain.User) error {
		return domain.CheckVerification(s.MailSecret, token, u, actor, now)
	})
	if e := domain.AsError(err); e != nil && e.Kind == domain.KindNotFound {
		return domain.User{}, domain.Invalid("token", "invalid_token", "this confirmation link is not valid")
	}
	return u, err
}

// VerificationTarget is the account a confirmation link is for, after the
// link is checked, for the page that asks before confirming.
func (s *Service) VerificationTarget(ctx context.Context, actor *domain.User, token string) (domain.User, error) {
	id, err := domain.VerificationUser(token)
	if err != nil {
		return domain.User{}, err
	}
	u, err := s.store.User(ctx, id)
	if err != nil {
		return domain.User{}, domain.Invalid("token", "invalid_token", "this confirmation link is not valid")
	}
	if err := domain.CheckVerification(s.MailSecret, token, u, actor, s.now()); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// SetSuspended suspends or reinstates an account (admins; moderators for
// accounts without staff roles), with a reason that is recorded. A
// reinstatement ends the sessions and tokens from before (refused while
// suspended), so the person signs in again. A suspension takes back the
// account's answers to meetups not yet started, as the person could
// (CancelRSVP): the first waiting move up to their places, and are told;
// and withdraws its votes, ratings, pair answers and buying intents where
// the vote is still open, as a deletion does (domain.WithdrawnOnDeletion):
// a moderator who stops a click farm's account stops its votes counting.
// A reinstatement gives none back (the person may vote again while the
// vote is open); a closed vote's tallies never change.
func (s *Service) SetSuspended(ctx context.Context, actor *domain.User, userID int64, suspended bool, reason string) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	if !actor.CanModerate() {
		return domain.User{}, domain.Forbidden("only admins and moderators can suspend accounts")
	}
	var release *store.Release
	if suspended {
		now := s.now()
		release = &store.Release{StartsAfter: now, Promote: people.Promotable, TellPromoted: tellPromoted,
			Withdraws:    func(c domain.Challenge) bool { return domain.WithdrawnOnDeletion(c, now) },
			TellOrphaned: tellOrphaned(0)}
	}
	return s.store.SetSuspended(ctx, actor.ID, userID, suspended, reason, func(u domain.User) error {
		return domain.CanSuspend(actor, u, suspended, reason)
	}, domain.KeepsAnAdmin, // never a portal without an admin who can act
		func(u domain.User) []domain.Outgoing {
			return domain.SuspensionNotices(u.ID, u.Suspended, suspended, reason)
		}, release)
}

// AccountEvents lists the newest suspensions and reinstatements, for
// moderators and admins.
func (s *Service) AccountEvents(ctx context.Context, actor *domain.User) ([]store.AccountEvent, error) {
	if !actor.CanModerate() {
		return nil, domain.Forbidden("only admins and moderators see suspensions")
	}
	return s.store.AccountEvents(ctx, 50)
}

// CreateConfirmedUser opens an account whose address an admin vouches for
// (the demo's people): confirmed at once, no confirmation email.
func (s *Service) CreateConfirmedUser(ctx context.Context, actor *domain.User, in domain.SignUp) (domain.User, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.User{}, err
	}
	u, _, err := s.createUser(ctx, in, false)
	if err != nil {
		return u, err
	}
	if err := s.store.SetVerified(ctx, u.ID, true); err != nil {
		return u, err
	}
	return s.store.User(ctx, u.ID)
}
