package domain

import (
	"testing"
	"time"
)

func TestSignInAttempt(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	s, m := time.Second, time.Minute
	for _, tc := range []struct {
		name     string
		attempts int
		ago      time.Duration // since the latest check
		want     int           // the count with this check; 0: refused
		wait     time.Duration // the refusal's RetryAfter
	}{
		{"the first ever (no latest check)", 0, -1, 1, 0},
		{"the second at once", 1, 0, 2, 0},
		{"the fifth at once", 4, 0, 5, 0},
		{"the sixth at once", 5, 0, 0, 30 * s},
		{"the sixth 10 s on", 5, 10 * s, 0, 20 * s},
		{"the sixth 29.5 s on: the wait rounds up", 5, 29*s + 500*time.Millisecond, 0, 1 * s},
		{"the sixth 29 s on: a whole second stays", 5, 29 * s, 0, 1 * s},
		{"the sixth 28 s on", 5, 28 * s, 0, 2 * s},
		{"the sixth exactly 30 s on", 5, 30 * s, 6, 0},
		{"the fortieth exactly 30 s on", 39, 30 * s, 40, 0},
		{"the fortieth a moment short of 30 s", 39, 30*s - time.Millisecond, 0, 1 * s},
		{"the latest check 10 s in the future (another node's clock)", 5, -10 * s, 0, 30 * s},
		{"a moment short of the window, past the free ones", 5, 15*m - time.Millisecond, 6, 0},
		{"a moment short of the window, among the free ones", 2, 15*m - time.Millisecond, 3, 0},
		{"exactly the window: counted again from one", 5, 15 * m, 1, 0},
		{"exactly the window among the free ones: from one", 3, 15 * m, 1, 0},
		{"long after", 40, 24 * time.Hour, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			last := now.Add(-tc.ago)
			if tc.ago < 0 && tc.attempts == 0 {
				last = time.Time{}
			}
			got, err := SignInAttempt(tc.attempts, last, now)
			if tc.want > 0 {
				if err != nil || got != tc.want {
					t.Fatalf("SignInAttempt(%d, %v ago) = %d, %v; want %d", tc.attempts, tc.ago, got, err, tc.want)
				}
				return
			}
			e := AsError(err)
			if e == nil || e.Kind != KindRateLimited || e.Code != "too_many_password_attempts" {
				t.Fatalf("SignInAttempt(%d, %v ago) = %d, %v; want a 429 too_many_password_attempts", tc.attempts, tc.ago, got, err)
			}
			if e.RetryAfter != tc.wait {
				t.Errorf("SignInAttempt(%d, %v ago): retry after %v, want %v", tc.attempts, tc.ago, e.RetryAfter, tc.wait)
			}
		})
	}
}
