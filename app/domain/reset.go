package domain

import (
	"strconv"
	"time"
)

// NoticePasswordReset tells a person that a password reset was asked for
// their account. Its email carries the link (Worker.Compose makes it); the
// notification in the app does not, so a stolen session cannot use it.
const NoticePasswordReset NoticeKind = "password_reset"

// NoticePasswordChanged tells a person their password was just changed
// from their settings (args: the account's address then): if it was not
// them, someone holds their password and a session, and the reset link
// takes the account back. NoticeEmailChanged tells them the account's
// address was moved (args: the old address, the new one). Both are emailed
// whatever the person's choices, as a reset is, and to the address in
// their first argument (SecurityAddress): one who holds the password may
// move the address before the email goes.
const (
	NoticePasswordChanged NoticeKind = "password_changed"
	NoticeEmailChanged    NoticeKind = "email_changed"
)

// PasswordChangedNotices tell the owner of account userID, at address,
// that its password was changed, linking to the "forgot password" page.
func PasswordChangedNotices(userID int64, address string) []Outgoing {
	return []Outgoing{{To: userID, Kind: NoticePasswordChanged, URL: "/password/forgot", Args: []string{address}}}
}

// EmailChangedNotices tell the owner of account userID, at the address it
// had (from), that it moved to another (to); nothing when it did not move.
func EmailChangedNotices(userID int64, from, to string) []Outgoing {
	if from == to {
		return nil
	}
	return []Outgoing{{To: userID, Kind: NoticeEmailChanged, URL: "/settings", Args: []string{from, to}}}
}

// SecurityAddress is where the email of a notice of kind (with args) goes,
// given the person's address now (current): a change of the account's
// password or address goes to the address the account had when it
// changed, so that whoever moved the address cannot keep the warning from
// its owner; every other email to the address now.
func SecurityAddress(kind NoticeKind, args []string, current string) string {
	if (kind == NoticePasswordChanged || kind == NoticeEmailChanged) && len(args) > 0 && args[0] != "" {
		return args[0]
	}
	return current
}

// PasswordReset is one "forgot password" request: a link valid for
// ResetValid, usable once.
type PasswordReset struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	Used      bool
	// Invite marks an invitation's link (InviteValid): using it sets the
	// first password of an account an admin opened, and confirms its
	// address.
	Invite bool
}

const (
	// ResetValid is how long a reset link works.
	ResetValid = time.Hour
	// ResetsPerHour is how many reset emails one address gets in an hour,
	// ResetsPerDay in a day; more requests are answered the same but send
	// nothing (a stranger who knows the address cannot fill its inbox).
	ResetsPerHour = 3
	ResetsPerDay  = 6
	// ResetWindow is how far back ResetAllowed looks: the resets a caller
	// reads for it are those since now minus this.
	ResetWindow = 24 * time.Hour
)

// ResetNotices tell an account's owner that a reset was asked for it. The
// link names the reset only; the mail worker makes the email's signed link
// from it (mail.ResetURL).
func ResetNotices(userID, resetID int64) []Outgoing {
	return []Outgoing{{To: userID, Kind: NoticePasswordReset, URL: "/password/reset?id=" + strconv.FormatInt(resetID, 10)}}
}

// ResetAllowed decides whether one more reset email may go, at now, to an
// address that got resets at the times recent (older ones than
// ResetWindow count for nothing).
func ResetAllowed(recent []time.Time, now time.Time) bool {
	hour, day := 0, 0
	for _, at := range recent {
		if age := now.Sub(at); age < time.Hour {
			hour++
		} else if age >= ResetWindow {
			continue
		}
		day++
	}
	return hour < ResetsPerHour && day < ResetsPerDay
}

// BadResetToken is the one answer to a reset link that is not valid, has
// expired or was used: which of them is not said.
func BadResetToken() error {
	return Invalid("token", "invalid_reset_token", "this link is not valid, has expired or was already used: ask for a new one")
}

// ResetUsable decides whether r may still set a password at now.
func ResetUsable(r PasswordReset, now time.Time) error {
	if r.ID == 0 || r.Used || !now.Before(r.ExpiresAt) {
		return BadResetToken()
	}
	return nil
}
