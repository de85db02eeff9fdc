package domain

import (
	"slices"
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
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	ago := func(ds ...time.Duration) []time.Time {
		var out []time.Time
		for _, d := range ds {
			out = append(out, now.Add(-d))
		}
		return out
	}
	m := time.Minute
	for _, tc := range []struct {
		name   string
		recent []time.Time
		want   bool
	}{
		{"none", nil, true},
		{"two this hour", ago(5*m, 10*m), true},
		{"three this hour", ago(5*m, 10*m, 59*m), false},
		{"three, one an hour ago", ago(5*m, 10*m, 60*m), true},
		{"five today, two this hour", ago(5*m, 10*m, 2*time.Hour, 5*time.Hour, 20*time.Hour), true},
		{"six today, none this hour", ago(2*time.Hour, 3*time.Hour, 4*time.Hour, 5*time.Hour, 6*time.Hour, 23*time.Hour), false},
		{"five today and one a day old", ago(2*time.Hour, 3*time.Hour, 4*time.Hour, 5*time.Hour, 6*time.Hour, 24*time.Hour), true},
		{"three this hour, more than a day ago", ago(5*m, 10*m, 59*m, 25*time.Hour), false},
	} {
		if got := ResetAllowed(tc.recent, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestResetNotices(t *testing.T) {
	got := ResetNotices(4, 17)
	if len(got) != 1 || got[0].To != 4 || got[0].Kind != NoticePasswordReset || got[0].URL != "/password/reset?id=17" || len(got[0].Args) != 0 {
		t.Errorf("%+v", got)
	}
}

func TestPasswordChangedNotices(t *testing.T) {
	got := PasswordChangedNotices(4, "li@fans.cn")
	if len(got) != 1 || got[0].To != 4 || got[0].Kind != NoticePasswordChanged || got[0].URL != "/password/forgot" || !slices.Equal(got[0].Args, []string{"li@fans.cn"}) {
		t.Errorf("PasswordChangedNotices(4) = %+v", got)
	}
	got = EmailChangedNotices(4, "li@fans.cn", "x@evil.cn")
	if len(got) != 1 || got[0].To != 4 || got[0].Kind != NoticeEmailChanged || got[0].URL != "/settings" || !slices.Equal(got[0].Args, []string{"li@fans.cn", "x@evil.cn"}) {
		t.Errorf("EmailChangedNotices = %+v", got)
	}
	if got := EmailChangedNotices(4, "li@fans.cn", "li@fans.cn"); got != nil {
		t.Errorf("an address that did not move: %+v", got)
	}
}

func TestSecurityAddress(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind NoticeKind
		args []string
		want string
	}{
		{"a password change, to the address then", NoticePasswordChanged, []string{"old@fans.cn"}, "old@fans.cn"},
		{"an address change, to the old address", NoticeEmailChanged, []string{"old@fans.cn", "new@evil.cn"}, "old@fans.cn"},
		{"a password change with no address kept", NoticePasswordChanged, nil, "now@fans.cn"},
		{"an empty address kept", NoticeEmailChanged, []string{""}, "now@fans.cn"},
		{"any other notice, to the address now", NoticeComment, []string{"old@fans.cn"}, "now@fans.cn"},
		{"a reset, to the address now", NoticePasswordReset, []string{"old@fans.cn"}, "now@fans.cn"},
	} {
		if got := SecurityAddress(tc.kind, tc.args, "now@fans.cn"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
