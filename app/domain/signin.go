package domain

import "time"

// The per-account limit of password checks (SignInAttempt). The
// per-address limit (web) stops one client; this one stops many clients,
// or many nodes, guessing one account's password: every node counts in
// the database.
const (
	// SignInFree is how many password checks an account gets at once
	// since its last success, within SignInWindow of each other.
	SignInFree = 5
	// SignInPace is the time between two checks after the free ones: at
	// most 2,880 guesses a day at one account, from however many
	// addresses and nodes.
	SignInPace = 30 * time.Second
	// SignInWindow is how long an account's checks are remembered: a
	// check this long after the previous one starts the count again.
	SignInWindow = 15 * time.Minute
)

// SignInAttempt decides whether one more password check of an account may
// run at now, given the checks counted since its last success and the
// time of the latest (zero when there is none): it returns the count with
// this check, or a refusal (429) saying how long to wait, counting
// nothing. Every check counts, the right password too (a success then
// clears the count); a refused one is not a check.
func SignInAttempt(attempts int, last, now time.Time) (int, error) {
	since := now.Sub(last)
	if since >= SignInWindow {
		return 1, nil
	}
	if attempts < SignInFree || since >= SignInPace {
		return attempts + 1, nil
	}
	// The wait in whole seconds, rounded up (Retry-After has no
	// fractions; rounded down it would ask again too soon), and never more
	// than the pace: a latest check in the future is another node's clock
	// running ahead of this one's.
	wait := min(SignInPace-since, SignInPace)
	return attempts, TooManyPasswordAttempts((wait + time.Second - 1).Truncate(time.Second))
}

// TooManyPasswordAttempts refuses a password check of an account that has
// had too many since its last success; wait is when to try again.
func TooManyPasswordAttempts(wait time.Duration) *Error {
	return &Error{Kind: KindRateLimited, Code: "too_many_password_attempts", RetryAfter: wait,
		Message: "too many wrong passwords for this account: it now takes one attempt every 30 seconds; wait half a minute and try again, or reset the password"}
}
