package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"cocreate/app/domain"
	"cocreate/app/password"
)

// StartSession opens a browser session for u and returns its secret, for
// the cookie; the server keeps only its hash.
func (s *Service) StartSession(ctx context.Context, u *domain.User) (string, error) {
	if u == nil {
		return "", domain.Unauthorized("sign in first")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("service: unable to make session: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	if err := s.store.CreateSession(ctx, u.ID, tokenHash(secret), s.now().Add(-domain.SessionIdle)); err != nil {
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
// request, and every token (the one making the request too: API.md).
func (s *Service) SignOutEverywhere(ctx context.Context, actor *domain.User, current Credentials) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	session, _ := current.hashes()
	return s.store.EndAccess(ctx, actor.ID, session, nil)
}

// ChangePassword replaces the actor's password after checking the current
// one, and ends every other session and token of theirs: the session or
// token making the request stays.
func (s *Service) ChangePassword(ctx context.Context, actor *domain.User, current, next string, cr Credentials) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	if current == "" {
		return domain.User{}, domain.Invalid("current_password", "required", "current_password is required")
	}
	if err := domain.ValidPassword(next); err != nil {
		return domain.User{}, err
	}
	stored, err := s.store.PasswordHash(ctx, actor.ID)
	if err != nil {
		return domain.User{}, err
	}
	ok, err := password.Verify(current, stored)
	if err != nil {
		return domain.User{}, fmt.Errorf("service: stored hash of user %d: %w", actor.ID, err)
	}
	if !ok {
		return domain.User{}, domain.Invalid("current_password", "wrong_password", "the current password is wrong")
	}
	hash, err := password.Hash(next)
	if err != nil {
		return domain.User{}, err
	}
	session, token := cr.hashes()
	if err := s.store.SetPassword(ctx, actor.ID, hash, session, token); err != nil {
		return domain.User{}, err
	}
	return s.store.User(ctx, actor.ID)
}

// SetName changes the name the actor is shown by.
func (s *Service) SetName(ctx context.Context, actor *domain.User, name string) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	name = strings.TrimSpace(name)
	if err := domain.TextField("name", name, 1, domain.MaxNameLen); err != nil {
		return domain.User{}, err
	}
	return s.store.SetName(ctx, actor.ID, name)
}
