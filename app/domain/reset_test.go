package domain

import (
	"testing"
	"time"
)

func TestResetUsable(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	made := now.Add(-30 * time.Minute)
	for _, tc := range []struct {
		name string
		r    PasswordReset
		ok   bool
	}{
		{"fresh", PasswordReset{ID: 1, UserID: 2, CreatedAt: made, ExpiresAt: made.Add(ResetValid)}, true},
		{"used", PasswordReset{ID: 1, UserID: 2, CreatedAt: made, ExpiresAt: made.Add(ResetValid), Used: true}, false},
		{"expired at the hour", PasswordReset{ID: 1, UserID: 2, CreatedAt: now.Add(-ResetValid), ExpiresAt: now}, false},
		{"expired long ago", PasswordReset{ID: 1, UserID: 2, CreatedAt: now.Add(-48 * time.Hour), ExpiresAt: now.Add(-47 * time.Hour)}, false},
		{"never stored", PasswordReset{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ResetUsable(tc.r, now)
			if (err == nil) != tc.ok {
				t.Fatalf("ResetUsable = %v, want ok=%v", err, tc.ok)
			}
			if err != nil {
				if e := AsError(err); e == nil || e.Field != "token" || e.Kind != KindInvalid {
					t.Errorf("refusal %v is not a 400 at the token", err)
				}
			}
		})
	}
}

func TestResetAllowed(t *testing.T) {
	for recent, want := range map[int]bool{0: true, 1: true, 2: true, 3: false, 10: false} {
		if got := ResetAllowed(recent); got != want {
			t.Errorf("ResetAllowed(%d) = %v, want %v", recent, got, want)
		}
	}
}

func TestResetNotices(t *testing.T) {
	got := ResetNotices(4, 17)
	if len(got) != 1 || got[0].To != 4 || got[0].Kind != NoticePasswordReset || got[0].URL != "/password/reset?id=17" || len(got[0].Args) != 0 {
		t.Errorf("%+v", got)
	}
}
