package domain

import (
	"errors"
	"fmt"
	"time"
)

// ErrKind says what sort of failure an error is; the web edge maps it to an HTTP
// status once (web/errors.go: invalid 400, unauthorized 401, forbidden 403,
// not found 404, conflict 409, and so on), and nothing below the web layer knows
// about statuses.
type ErrKind int

const (
	KindInvalid      ErrKind = iota + 1 // 400: a missing or invalid field
	KindUnauthorized                    // 401: no or bad credentials
	KindForbidden                       // 403: the role or ownership does not allow it
	KindNotFound                        // 404: no such object, or not visible to this user
	KindConflict                        // 409: conflicts with the current state
	KindTooLarge                        // 413: body or upload too large
	KindRateLimited                     // 429
	KindUnsupported                     // 415: a body that is not JSON
	KindUnavailable                     // 503: a part is not ready (search during a rebuild)
)

// Error is a failure a user can act on. Code is a stable snake_case identifier
// (also the translation key "error.<code>"); Field names the bad input, if any;
// Message is the English text, used where no translation exists.
// RetryAfter, when set, is how long to wait before asking again (the
// web edge's Retry-After). Args are the values the translation of the code
// formats in (its fmt verbs, in order: a limit, a count), so that a number
// the rule holds is written once, in Go, and not copied into the
// catalogues; nil for a translation with no verbs.
type Error struct {
	Kind       ErrKind
	Code       string
	Field      string
	Message    string
	RetryAfter time.Duration
	Args       []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Invalid reports bad input in field.
func Invalid(field, code, message string) *Error {
	return &Error{Kind: KindInvalid, Code: code, Field: field, Message: message}
}

// Conflict reports a request that the current state does not allow.
func Conflict(code, message string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: message}
}

// Forbidden reports a signed-in user whose role or ownership does not allow the request.
func Forbidden(message string) *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Message: message}
}

// NotFound reports an object that does not exist or that the user may not see.
func NotFound(what string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Message: what + " not found"}
}

// Unauthorized reports missing or bad credentials.
func Unauthorized(message string) *Error {
	return &Error{Kind: KindUnauthorized, Code: "unauthorized", Message: message}
}

// TooLarge reports a body or upload over its limit.
func TooLarge(field, message string) *Error {
	return &Error{Kind: KindTooLarge, Code: "too_large", Field: field, Message: message}
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
