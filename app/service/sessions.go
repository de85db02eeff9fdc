package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/mail"
	"cocreate/app/password"
	"cocreate/app/store"
)

// Proof is what a new session or token stands on (store.Proof): the
// password just checked or set (SignIn, SignUp, Setup), or the session a
// signed-in request came with (SessionProof). The session or token is
// made only while it holds, so none made with the old password outlives a
// password change, whatever node it raced on.
type Proof struct{ p store.Proof }

// PasswordProof is a Proof for an account whose password hash is hash: an
// account just made with it (the bench seeds its fans so).
func PasswordProof(hash string) Proof { return Proof{store.Proof{PasswordHash: hash}} }

// StartSession opens a browser session for u, if proof still holds, and
// returns its secret, for the cookie; the server keeps only its hash.
func (s *Service) StartSession(ctx context.Context, u *domain.User, proof Proof) (string, error) {
	if u == nil {
		return "", domain.Unauthorized("sign in first")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("service: unable to make session: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	if err := s.store.CreateSession(ctx, u.ID, tokenHash(secret), s.now().Add(-domain.SessionIdle), proof.p); err != nil {
		return "", err
	}
	return secret, nil
}

// UserBySession finds who a session cookie's secret belongs to: 401 when
// the session has ended or lapsed. A session in use has its last-seen time
// written about once an hour, so most requests only read the cache.
func (s *Service) UserBySession(ctx context.Context, secret string) (domain.User, error) {
	if secret == "" || len(secret) > 100 {
		return domain.User{}, domain.Unauthorized("the session has ended")
	}
	hash := tokenHash(secret)
	sess, err := s.store.Session(ctx, hash)
	if err != nil {
		return domain.User{}, err
	}
	now := s.now()
	if !domain.SessionLive(sess, now) {
		if err := s.store.EndSession(ctx, hash); err != nil {
			return domain.User{}, err
		}
		return domain.User{}, domain.Unauthorized("the session has ended")
	}
	if domain.SessionNeedsTouch(sess, now) {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return domain.User{}, err
		}
	}
	return s.store.User(ctx, sess.UserID)
}

// EndSession ends the session whose secret the cookie holds: signing out.
func (s *Service) EndSession(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return s.store.EndSession(ctx, tokenHash(secret))
}

// Credentials are what signed a request: the session cookie's secret or the
// bearer token (one of them), kept when the actor ends their other ones.
type Credentials struct {
	Session string
	Token   string
}

func (cr Credentials) hashes() (session, token []byte) {
	if cr.Session != "" {
		session = tokenHash(cr.Session)
	}
	if cr.Token != "" {
		token = tokenHash(cr.Token)
	}
	return session, token
}

// SignOutEverywhere ends every session of the actor but the one making the
// request, and every token (the one making the request too: a caller
// signing out everywhere with a token is signed out as well).
func (s *Service) SignOutEverywhere(ctx context.Context, actor *domain.User, current Credentials) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	session, _ := current.hashes()
	return s.store.EndAccess(ctx, actor.ID, session, nil)
}

// checkCurrentPassword checks the password actor typed again to confirm a
// change only they should make (field current_password), under the
// account's limit of password checks (a stolen session must not guess
// it), and returns the stored hash it matched.
func (s *Service) checkCurrentPassword(ctx context.Context, actor *domain.User, current string) (string, error) {
	if current == "" {
		return "", domain.Invalid("current_password", "required", "current_password is required")
	}
	stored, err := s.store.PasswordHash(ctx, actor.ID)
	if err != nil {
		return "", err
	}
	if err := s.claimPasswordCheck(ctx, actor.ID); err != nil {
		return "", err
	}
	ok, err := password.VerifyContext(ctx, current, stored)
	if err != nil {
		return "", fmt.Errorf("service: stored hash of user %d: %w", actor.ID, err)
	}
	if !ok {
		return "", domain.Invalid("current_password", "wrong_password", "the current password is wrong")
	}
	return stored, s.store.ClearSignInAttempts(ctx, actor.ID)
}

// NewTokenWithPassword makes a token for actor from their settings page,
// after their current password: a token outlives the session that makes
// it (signing out does not end it), so a session alone, a stolen cookie,
// must not be enough. The token stands on that password (a change of it
// ends the token).
func (s *Service) NewTokenWithPassword(ctx context.Context, actor *domain.User, name, current string) (string, error) {
	if actor == nil {
		return "", domain.Unauthorized("sign in first")
	}
	if err := domain.TextField("name", name, 0, 60); err != nil {
		return "", err
	}
	hash, err := s.checkCurrentPassword(ctx, actor, current)
	if err != nil {
		return "", err
	}
	return s.NewToken(ctx, actor, name, PasswordProof(hash))
}

// ChangePassword replaces the actor's password after checking the current
// one, and ends every other session and token of theirs: the session or
// token making the request stays.
func (s *Service) ChangePassword(ctx context.Context, actor *domain.User, current, next string, cr Credentials) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	if err := domain.ValidPassword(next); err != nil {
		return domain.User{}, err
	}
	if _, err := s.checkCurrentPassword(ctx, actor, current); err != nil {
		return domain.User{}, err
	}
	hash, err := password.HashContext(ctx, next)
	if err != nil {
		return domain.User{}, err
	}
	session, token := cr.hashes()
	if err := s.store.SetPassword(ctx, actor.ID, hash, session, token, domain.PasswordChangedNotices(actor.ID, actor.Email)); err != nil {
		return domain.User{}, err
	}
	return s.store.User(ctx, actor.ID)
}

// ChangeEmail moves the actor's account to a new address, after their
// current password (a stolen session alone must not take the account's
// mail, and with it password resets), and sends the new address its
// confirmation link. The account is unconfirmed until it is opened. sent
// is false when the link could not go (the day's links were spent): the
// page's "send again" does it later.
func (s *Service) ChangeEmail(ctx context.Context, actor *domain.User, current, email string) (u domain.User, sent bool, err error) {
	email = domain.NormalEmail(email)
	if err := domain.CanChangeEmail(actor, email); err != nil {
		return domain.User{}, false, err
	}
	if _, err := s.checkCurrentPassword(ctx, actor, current); err != nil {
		return domain.User{}, false, err
	}
	// The address it leaves is told, whatever its choices (SecurityAddress).
	if u, err = s.store.SetEmail(ctx, actor.ID, email, domain.EmailChangedNotices(actor.ID, actor.Email, email)); err != nil {
		return domain.User{}, false, err
	}
	err = s.sendToNewAddress(ctx, u)
	if e := domain.AsError(err); e != nil && e.Kind == domain.KindRateLimited {
		return u, false, nil
	}
	return u, err == nil, err
}

// SetName changes the name the actor is shown by.
func (s *Service) SetName(ctx context.Context, actor *domain.User, name string) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	if err := domain.ValidName(name); err != nil {
		return domain.User{}, err
	}
	return s.store.SetName(ctx, actor.ID, strings.TrimSpace(name))
}

// ForgotPassword sends a reset link to the account with email, if there is
// one and domain.ResetAllowed lets one more go. It answers
// the same in every case, so it tells nobody whether an address has an
// account.
func (s *Service) ForgotPassword(ctx context.Context, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if err := domain.ValidEmail(email); err != nil {
		return err
	}
	now := s.now()
	allow := func(recent []time.Time) bool { return domain.ResetAllowed(recent, now) }
	return s.store.CreatePasswordReset(ctx, email, now.Add(-domain.ResetWindow), now.Add(domain.ResetValid), allow, domain.ResetNotices)
}

// resetFor is the usable reset a token names; any fault is the one
// domain.BadResetToken, so a link's answer tells nothing more. A token
// whose signature fails (or that names no reset) gets an empty reset
// back; a signed one that is used or expired gets its reset with the
// error (its holder had the email).
func (s *Service) resetFor(ctx context.Context, token string) (domain.PasswordReset, error) {
	id, ok := mail.ResetID(token)
	if !ok || len(token) > 100 {
		return domain.PasswordReset{}, domain.BadResetToken()
	}
	r, err := s.store.PasswordReset(ctx, id)
	if e := domain.AsError(err); e != nil && e.Kind == domain.KindNotFound {
		return domain.PasswordReset{}, domain.BadResetToken()
	}
	if err != nil {
		return domain.PasswordReset{}, err
	}
	if !mail.ValidReset(s.MailSecret, r.ID, r.UserID, token) {
		// Nothing of the stored reset leaves without its signature: not
		// even whether it is an invitation (the reset page's title).
		return domain.PasswordReset{}, domain.BadResetToken()
	}
	return r, domain.ResetUsable(r, s.now())
}

// ResetPassword sets a new password with an emailed reset link's token, once
// and within the hour, and ends every session and token of the account.
// Using the link confirms the account's address, to which it was mailed
// (store.ResetPassword).
func (s *Service) ResetPassword(ctx context.Context, token, pw string) (domain.User, error) {
	u, _, _, err := s.UseResetLink(ctx, token, pw)
	return u, err
}

// UseResetLink is ResetPassword, saying also whether the link was an
// invitation, with the Proof of the
// password just set: an invited person is signed in at once
// (StartSession), their first password being their first sign-in.
func (s *Service) UseResetLink(ctx context.Context, token, pw string) (domain.User, Proof, bool, error) {
	r, err := s.resetFor(ctx, token)
	if err != nil {
		return domain.User{}, Proof{}, false, err
	}
	if err := domain.ValidPassword(pw); err != nil {
		return domain.User{}, Proof{}, false, err
	}
	hash, err := password.HashContext(ctx, pw)
	if err != nil {
		return domain.User{}, Proof{}, false, err
	}
	now := s.now()
	r, err = s.store.ResetPassword(ctx, r.ID, hash, func(r domain.PasswordReset) error { return domain.ResetUsable(r, now) })
	if err != nil {
		return domain.User{}, Proof{}, false, err
	}
	userID := r.UserID
	// A link from the account's mailbox is a success too: its owner signs
	// in with the new password at once, even while someone keeps guessing.
	if err := s.store.ClearSignInAttempts(ctx, userID); err != nil {
		return domain.User{}, Proof{}, false, err
	}
	u, err := s.store.User(ctx, userID)
	return u, PasswordProof(hash), r.Invite, err
}

// ResetLink is the usable reset a link's token names (BadResetToken
// otherwise), without using it, for its page: an invitation is greeted
// as one.
func (s *Service) ResetLink(ctx context.Context, token string) (domain.PasswordReset, error) {
	return s.resetFor(ctx, token)
}
