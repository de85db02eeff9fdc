package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/mail"
	"cocreate/app/password"
	"cocreate/app/store"
	"cocreate/app/workflow"
)

// Setup creates the first admin, only while nobody has an account, and gives
// them a token for the API.
func (s *Service) Setup(ctx context.Context, in domain.SignUp) (domain.User, string, Proof, error) {
	u, proof, err := s.createUser(ctx, in, true)
	if err != nil {
		return u, "", proof, err
	}
	tok, err := s.NewToken(ctx, &u, "setup", proof)
	return u, tok, proof, err
}

// SetupSession is Setup from the setup page: the first admin is signed in
// with the Proof, and no API token is made that nobody would ever see (a
// never-expiring admin token left in the settings).
func (s *Service) SetupSession(ctx context.Context, in domain.SignUp) (domain.User, Proof, error) {
	return s.createUser(ctx, in, true)
}

// SignUp opens a fan's account and sends the email that asks them to
// confirm their address. The Proof signs them in (StartSession).
//
// Until the first admin has set the site up (Setup), nobody signs up: a
// stranger's account made first would close setup for ever (it answers
// 409 once any user exists) and leave the site with no admin. A sign-up
// that sees no user is refused; one that sees a user can only follow a
// setup, so no lock is needed against a setup at the same moment.
func (s *Service) SignUp(ctx context.Context, in domain.SignUp) (domain.User, Proof, error) {
	need, err := s.NeedsSetup(ctx)
	if err != nil {
		return domain.User{}, Proof{}, err
	}
	if need {
		return domain.User{}, Proof{}, domain.Conflict("setup_required", "this site is not set up yet: its first admin sets it up at /setup")
	}
	u, proof, err := s.createUser(ctx, in, false)
	if err != nil {
		return u, proof, err
	}
	if err := s.RequestVerification(ctx, &u); err != nil {
		return u, proof, err
	}
	return u, proof, nil
}

func (s *Service) createUser(ctx context.Context, in domain.SignUp, firstAdmin bool) (domain.User, Proof, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.User{}, Proof{}, err
	}
	hash, err := password.HashContext(ctx, in.Password)
	if err != nil {
		return domain.User{}, Proof{}, err
	}
	u, err := s.store.CreateUser(ctx, in, hash, firstAdmin)
	return u, PasswordProof(hash), err
}

// NeedsSetup reports whether no account exists yet.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	any, err := s.store.HasUsers(ctx)
	return !any, err
}

// dummyHash is verified against when an email is unknown, so that a wrong
// email and a wrong password take the same time. It is made on first use,
// by the service that needs it, not when the package loads.
func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() { s.dummy.hash, _ = password.Hash("cocreate timing equaliser") })
	return s.dummy.hash
}

// SignIn checks an email and password. Both failures give the same answer.
// The Proof, the password hash checked, is what a session or token made
// for the sign-in stands on (StartSession, NewToken).
func (s *Service) SignIn(ctx context.Context, email, pw string) (domain.User, Proof, error) {
	return s.SignInFrom(ctx, email, pw, "")
}

// DeviceToken is what a browser keeps once its person signed in to
// userID there (or used a reset link there): their next password checks
// from it skip the account's shared limit (domain.DeviceToken).
func (s *Service) DeviceToken(userID int64) string {
	return domain.DeviceToken(s.MailSecret, userID, s.now().Add(domain.DeviceKept))
}

// SignInFrom is SignIn from a browser holding device (DeviceToken; "" for
// none): a device known for the account checks its password outside the
// account's shared limit, so others guessing at it cannot keep its owner
// out (the per-address limit still holds).
func (s *Service) SignInFrom(ctx context.Context, email, pw, device string) (domain.User, Proof, error) {
	// A field left empty is named, as on any form: it says nothing of any
	// account, and costs neither a guess of the account's limit nor a hash.
	if strings.TrimSpace(email) == "" {
		return domain.User{}, Proof{}, domain.Invalid("email", "required", "email is required")
	}
	if pw == "" {
		return domain.User{}, Proof{}, domain.Invalid("password", "required", "password is required")
	}
	bad := domain.Unauthorized("the email or password is wrong")
	bad.Code = "bad_credentials"
	u, hash, err := s.store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if e := domain.AsError(err); e != nil && e.Kind == domain.KindNotFound {
		_, _ = password.VerifyContext(ctx, pw, s.dummyHash()) // as long as a real check, so timing tells nothing
		return domain.User{}, Proof{}, bad
	}
	if err != nil {
		return domain.User{}, Proof{}, err
	}
	if domain.DeviceUser(s.MailSecret, device, s.now()) != u.ID {
		if err := s.claimPasswordCheck(ctx, u.ID); err != nil {
			return domain.User{}, Proof{}, err
		}
	}
	ok, err := password.VerifyContext(ctx, pw, hash)
	if err != nil { // a malformed stored hash, or the request ended while waiting its turn
		return domain.User{}, Proof{}, fmt.Errorf("service: checking the password of user %d: %w", u.ID, err)
	}
	if !ok {
		return domain.User{}, Proof{}, bad
	}
	if err := s.store.ClearSignInAttempts(ctx, u.ID); err != nil {
		return domain.User{}, Proof{}, err
	}
	if err := domain.Active(u); err != nil {
		return domain.User{}, Proof{}, err
	}
	if hash, err = s.rehashPassword(ctx, u.ID, pw, hash); err != nil {
		return domain.User{}, Proof{}, err
	}
	return u, PasswordProof(hash), nil
}

// rehashPassword hashes pw, just checked against userID's stored hash, in
// today's form when the stored one is older (password.Current), and
// stores it, returning the hash the account now has: an older hash costs
// a second derivation for every wrong guess typed full-width, so the
// first right one ends that. Should the stored hash have changed
// meanwhile (a double tap rehashing it, a reset), the one checked is
// returned, and a session made on it is refused as any sign-in racing a
// password change (Proof).
func (s *Service) rehashPassword(ctx context.Context, userID int64, pw, hash string) (string, error) {
	if password.Current(hash) {
		return hash, nil
	}
	next, err := password.HashContext(ctx, pw)
	if err != nil {
		return "", err
	}
	done, err := s.store.RehashPassword(ctx, userID, hash, next)
	if err != nil || !done {
		return hash, err
	}
	return next, nil
}

// claimPasswordCheck counts a check of userID's password against the
// account's limit (domain.SignInAttempt), before the hash is computed: a
// refused guess costs no argon2, and guesses from many addresses or
// through many nodes meet one count, kept in the database. A right
// password clears it (ClearSignInAttempts). An unknown email is counted
// nowhere: it is answered as before.
func (s *Service) claimPasswordCheck(ctx context.Context, userID int64) error {
	now := s.now()
	return s.store.ClaimSignInAttempt(ctx, userID, now, func(attempts int, last time.Time) (int, error) {
		return domain.SignInAttempt(attempts, last, now)
	})
}

// tokenPrefix marks cocreate tokens so that secret scanners can spot leaks.
const tokenPrefix = "cct_"

// NewToken creates a personal access token for u; only its hash is kept, so
// the returned string is the one chance to see it. It is made only if
// proof still holds (Proof).
func (s *Service) NewToken(ctx context.Context, u *domain.User, name string, proof Proof) (string, error) {
	if u == nil {
		return "", domain.Unauthorized("sign in first")
	}
	if err := domain.TextField("name", name, 0, 60); err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("service: unable to make token: %w", err)
	}
	tok := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	if err := s.store.CreateToken(ctx, u.ID, tokenHash(tok), name, domain.MaxTokens, proof.p); err != nil {
		return "", err
	}
	return tok, nil
}

// UserByToken finds who a bearer token belongs to.
func (s *Service) UserByToken(ctx context.Context, tok string) (domain.User, error) {
	if !strings.HasPrefix(tok, tokenPrefix) || len(tok) > 200 {
		return domain.User{}, domain.Unauthorized("the token is not valid")
	}
	return s.store.UserByToken(ctx, tokenHash(tok))
}

// tokenHash is what the store keeps of a token, and looks it up by.
func tokenHash(tok string) []byte {
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}

// Tokens lists the actor's own tokens (names and dates; never the secrets).
func (s *Service) Tokens(ctx context.Context, actor *domain.User) ([]domain.Token, error) {
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	return s.store.Tokens(ctx, actor.ID)
}

// RevokeToken deletes one of the actor's own tokens; anyone else's is not
// found. It is refused from the next request on.
func (s *Service) RevokeToken(ctx context.Context, actor *domain.User, tokenID int64) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.RevokeToken(ctx, actor.ID, tokenID)
}

// RevokeBearer deletes the token tok, which the actor signed this request
// with: an app signing out.
func (s *Service) RevokeBearer(ctx context.Context, actor *domain.User, tok string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.RevokeTokenHash(ctx, actor.ID, tokenHash(tok))
}

// SetEmailChoices changes the actor's notification emails in one write:
// all of them on or off, if on is given (the notifications themselves stay
// in the app), and groups of them (domain.EmailGroups) on (true) or off
// (false), one by one, a group not named staying as it was. A group there
// is not refuses the whole choice, changing nothing.
func (s *Service) SetEmailChoices(ctx context.Context, actor *domain.User, on *bool, mailed map[string]bool) (domain.User, error) {
	if actor == nil {
		return domain.User{}, domain.Unauthorized("sign in first")
	}
	var change store.EmailMutes
	if mailed != nil {
		change = func(muted []string) ([]string, error) { return domain.MuteEmails(muted, mailed) }
	}
	if err := s.store.SetEmailChoices(ctx, actor.ID, on, change); err != nil {
		return domain.User{}, err
	}
	return s.store.User(ctx, actor.ID)
}

// CheckUnsubscribeLink is the person an email's unsubscribe link names, if the
// link is genuine (signed with the installation's mail key). The link needs
// no signing in: it works from any mail program.
func (s *Service) CheckUnsubscribeLink(ctx context.Context, userID int64, token string) (domain.User, error) {
	if !mail.ValidUnsubscribe(s.MailSecret, userID, token) {
		return domain.User{}, domain.Invalid("t", "invalid_link", "this link is not valid: use the newest email's link, or change the setting on your account page")
	}
	return s.store.User(ctx, userID)
}

// Unsubscribe stops the notification emails of the person a genuine link
// names.
func (s *Service) Unsubscribe(ctx context.Context, userID int64, token string) (domain.User, error) {
	u, err := s.CheckUnsubscribeLink(ctx, userID, token)
	if err != nil {
		return u, err
	}
	off := false
	return s.SetEmailChoices(ctx, &u, &off, nil)
}

// SetRoles replaces a user's granted roles; admins only. The change is
// recorded, and the person told of each role given or taken away.
func (s *Service) SetRoles(ctx context.Context, actor *domain.User, userID int64, names []string) (domain.User, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.User{}, err
	}
	var roles []domain.Role
	for i, n := range names {
		r, ok := domain.ParseRole(n)
		if !ok {
			return domain.User{}, domain.Invalid(fmt.Sprintf("roles[%d]", i), "invalid_role", "role must be fan, judge, engineer, admin or moderator")
		}
		roles = append(roles, r)
	}
	return s.store.SetRoles(ctx, actor.ID, userID, roles, func(was domain.User, admins, projects int) error {
		// Judged on the account the write reads: a confirmation, an
		// invitation or a deletion committed a moment before counts.
		if err := domain.CanGrantRoles(was, roles); err != nil {
			return err
		}
		if err := domain.KeepsAnAdmin(admins); err != nil { // never a portal without an admin
			return err
		}
		return workflow.KeepsOwner(roles, projects)
	}, func(before, after []domain.Role) []domain.Outgoing {
		return domain.RoleChangeNotices(userID, before, after)
	})
}

// Users lists a page of the accounts f finds (domain.UsersPerPage, newest
// first) for the users page of admins and moderators, and the filter of
// the next page (Before 0: this is the last).
func (s *Service) Users(ctx context.Context, actor *domain.User, f domain.UserFilter) ([]domain.User, domain.UserFilter, error) {
	if actor == nil {
		return nil, f, domain.Unauthorized("sign in first")
	}
	if !actor.CanModerate() {
		return nil, f, domain.Forbidden("this needs the admin or moderator role")
	}
	f, err := domain.CheckUserFilter(f)
	if err != nil {
		return nil, f, err
	}
	list, err := s.store.Users(ctx, f, domain.UsersPerPage+1)
	next := f
	next.Before = 0
	if len(list) > domain.UsersPerPage {
		list = list[:domain.UsersPerPage]
		next.Before = list[len(list)-1].ID
	}
	return list, next, err
}

// requireRole is the common gate: a visitor is told to sign in (401), a
// signed-in person without the role is refused (403).
func requireRole(u *domain.User, r domain.Role) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if !u.Has(r) {
		return domain.Forbidden("this needs the " + string(r) + " role")
	}
	return nil
}
