package domain

import (
	"net/mail"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Role is what a person may do. Every user is a fan; the other roles are
// granted by an admin and kept as data, checked on the server per request.
type Role string

const (
	RoleFan      Role = "fan"
	RoleJudge    Role = "judge"
	RoleEngineer Role = "engineer"
	RoleAdmin    Role = "admin"
	// RoleModerator works the reports queue: hides, restores or dismisses
	// reported ideas and comments, and suspends or reinstates accounts.
	RoleModerator Role = "moderator"
)

// GrantableRoles are the roles an admin can give or take away; fan is implicit.
var GrantableRoles = []Role{RoleJudge, RoleEngineer, RoleAdmin, RoleModerator}

// ParseRole accepts a role name as the API spells it.
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case RoleFan, RoleJudge, RoleEngineer, RoleAdmin, RoleModerator:
		return r, true
	}
	return "", false
}

// KeepsAnAdmin refuses a change of roles or a suspension that would leave
// the portal with no admin who can act: admins is how many hold the role,
// not suspended, after it.
func KeepsAnAdmin(admins int) error {
	if admins < 1 {
		return Conflict("last_admin", "the site must keep at least one admin who is not suspended")
	}
	return nil
}

// User is a person with an account. Roles always include fan.
type User struct {
	ID        int64
	Email     string
	Name      string
	Roles     []Role
	Locale    string
	CreatedAt time.Time
	// EmailNotices is whether notifications also come by email (the
	// default) or only in the app.
	EmailNotices bool
	// EmailMuted are the groups of emails turned off one by one
	// (EmailGroups), while EmailNotices is on.
	EmailMuted []string
	// Verified is whether the person confirmed their email address (a
	// challenge may require it to vote); Suspended refuses every request
	// of theirs, with SuspendedReason.
	Verified        bool
	Suspended       bool
	SuspendedReason string
	// Deleted: the person deleted the account (DeleteAccount). Its
	// personal data is gone: the name is empty, shown as a deleted user
	// in each language.
	Deleted bool
}

// Has reports whether u holds role r. A nil user (a visitor) holds none.
func (u *User) Has(r Role) bool {
	if u == nil {
		return false
	}
	if r == RoleFan {
		return true
	}
	for _, have := range u.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// IsStaff reports whether u speaks for the brand: engineers and admins.
// Their comments are marked official.
func (u *User) IsStaff() bool { return u.Has(RoleEngineer) || u.Has(RoleAdmin) }

// Author is how a person is shown beside what they wrote.
type Author struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// SignUp is what a person gives to open an account.
type SignUp struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
	// Locale is the language the account's email is written in, "" for
	// the installation's default; not part of the API's body.
	Locale string `json:"-"`
}

// Password length limits, in characters. argon2id has no 72-byte limit, so a
// long Chinese passphrase is fine.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 256
	MaxNameLen     = 60
	MaxEmailLen    = 254
)

// Normalize trims the fields a person typed and lowercases the email.
func (s *SignUp) Normalize() {
	s.Email = NormalEmail(s.Email)
	s.Name = strings.TrimSpace(s.Name)
}

// NormalEmail is an address as accounts are kept by: trimmed, lower case.
func NormalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CanChangeEmail decides whether u may move their account to email (as
// NormalEmail keeps it): a valid address, and not the one they have. The
// new address is unconfirmed until its link is opened.
func CanChangeEmail(u *User, email string) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	if err := ValidEmail(email); err != nil {
		return err
	}
	if email == u.Email {
		return Invalid("email", "same_email", "this is already your email address")
	}
	return nil
}

// Validate checks a sign-up, naming the first bad field.
func (s SignUp) Validate() error {
	if err := ValidEmail(s.Email); err != nil {
		return err
	}
	if err := DisplayName("name", s.Name, MaxNameLen); err != nil {
		return err
	}
	return ValidPassword(s.Password)
}

// ValidName checks a new name as typed: it is kept trimmed, so the check
// reads it trimmed. A change of several settings at once checks it before
// any is written, as the change of the name alone does.
func ValidName(name string) error {
	return DisplayName("name", strings.TrimSpace(name), MaxNameLen)
}

// ValidPassword checks a new password: its length, and that it is not
// one a guesser tries first (weakPassword).
func ValidPassword(pw string) error {
	// Counted as it is hashed (password.Hash: the compatibility form),
	// where "a" and a combining accent are one letter.
	if err := TextField("password", norm.NFKC.String(pw), MinPasswordLen, MaxPasswordLen); err != nil {
		if e := AsError(err); e != nil && e.Code == "too_short" {
			return Invalid("password", "password_too_short", "password must have at least 8 characters")
		}
		return err
	}
	if weakPassword(pw) {
		return Invalid("password", "password_too_common", "this password is among the first that guessers try; choose another (a sentence of a few words is easy to remember)")
	}
	return nil
}

// ValidEmail checks that s is a plain address (no display name).
func ValidEmail(s string) error {
	if s == "" {
		return Invalid("email", "required", "email is required")
	}
	if len(s) > MaxEmailLen {
		return TooLong("email", MaxEmailLen, len(s))
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return Invalid("email", "invalid_email", "email is not a valid address")
	}
	return nil
}

// MaxTokens is how many personal access tokens an account keeps: making
// one more ends the oldest, as GitHub does for an app's OAuth tokens. A
// script that signs in (POST /api/v1/tokens) at every run never fills the
// store, and a person never holds a hundred tokens they still use.
const MaxTokens = 100

// Token is a personal access token as its owner sees it. The secret itself
// is shown once, when it is made, and never kept (only its hash is).
type Token struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}
