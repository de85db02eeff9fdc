package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Shared helpers for the domain tests.

// wantErr is the failure a test case expects; the zero value means success.
type wantErr struct {
	kind  ErrKind
	code  string
	field string
}

var noErr = wantErr{}

func invalid(field, code string) wantErr { return wantErr{KindInvalid, code, field} }
func conflict(code string) wantErr       { return wantErr{KindConflict, code, ""} }

var (
	unauthorized = wantErr{KindUnauthorized, "unauthorized", ""}
	forbidden    = wantErr{KindForbidden, "forbidden", ""}
	notFound     = wantErr{KindNotFound, "not_found", ""}
)

func (w wantErr) String() string {
	if w.kind == 0 {
		return "no error"
	}
	return fmt.Sprintf("kind %d code %q field %q", w.kind, w.code, w.field)
}

// checkErr fails t unless err is what w describes.
func checkErr(t *testing.T, err error, w wantErr) {
	t.Helper()
	if w.kind == 0 {
		if err != nil {
			t.Errorf("got error %v, want none", err)
		}
		return
	}
	if err == nil {
		t.Errorf("got no error, want %v", w)
		return
	}
	e := AsError(err)
	if e == nil {
		t.Errorf("got %T %v, want a *domain.Error with %v", err, err, w)
		return
	}
	got := wantErr{e.Kind, e.Code, e.Field}
	if got != w {
		t.Errorf("got %v (%q), want %v", got, e.Message, w)
	}
	if e.Message == "" {
		t.Errorf("error %v has no message", got)
	}
}

// t0 is the reference instant the schedule tests are built around.
var t0 = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// at is a pointer to t0+d, for schedules.
func at(d time.Duration) *time.Time {
	t := t0.Add(d)
	return &t
}

func ptr[T any](v T) *T { return &v }

func fmtTime(p *time.Time) string {
	if p == nil {
		return "nil"
	}
	return p.UTC().Format(time.RFC3339Nano)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// diffSchedule describes how got differs from want, or returns "".
func diffSchedule(got, want Schedule) string {
	var d []string
	for _, f := range []struct {
		name   string
		got, w *time.Time
	}{
		{"SubmissionsOpenAt", got.SubmissionsOpenAt, want.SubmissionsOpenAt},
		{"SubmissionsCloseAt", got.SubmissionsCloseAt, want.SubmissionsCloseAt},
		{"VotingOpenAt", got.VotingOpenAt, want.VotingOpenAt},
		{"VotingCloseAt", got.VotingCloseAt, want.VotingCloseAt},
		{"ResultsAt", got.ResultsAt, want.ResultsAt},
		{"ClosedAt", got.ClosedAt, want.ClosedAt},
	} {
		if !sameTime(f.got, f.w) {
			d = append(d, fmt.Sprintf("%s = %s, want %s", f.name, fmtTime(f.got), fmtTime(f.w)))
		}
	}
	return strings.Join(d, "; ")
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"with field", Invalid("title", "required", "title is required"), "title: title is required"},
		{"without field", Conflict("voting_closed", "voting is not open"), "voting is not open"},
		{"not found", NotFound("idea"), "idea not found"},
		{"too large", TooLarge("image", "image is too large"), "image: image is too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorConstructors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want wantErr
	}{
		{"invalid", Invalid("email", "invalid_email", "bad"), invalid("email", "invalid_email")},
		{"conflict", Conflict("vote_budget_spent", "spent"), conflict("vote_budget_spent")},
		{"forbidden", Forbidden("no"), forbidden},
		{"not found", NotFound("challenge"), notFound},
		{"unauthorized", Unauthorized("sign in"), unauthorized},
		{"too large", TooLarge("body", "too big"), wantErr{KindTooLarge, "too_large", "body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.want) })
	}
}

func TestAsError(t *testing.T) {
	base := Conflict("idea_limit_reached", "limit")
	tests := []struct {
		name string
		err  error
		want *Error
	}{
		{"nil", nil, nil},
		{"plain error", errors.New("boom"), nil},
		{"direct", base, base},
		{"wrapped once", fmt.Errorf("store: %w", base), base},
		{"wrapped twice", fmt.Errorf("web: %w", fmt.Errorf("store: %w", base)), base},
		{"joined", errors.Join(errors.New("other"), base), base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AsError(tt.err); got != tt.want {
				t.Errorf("AsError(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
