package domain

import (
	"testing"
	"time"
)

func TestSessionLive(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		seen        time.Duration // before now
		live, touch bool
	}{
		{"just seen", 0, true, false},
		{"seen a minute ago", time.Minute, true, false},
		{"seen an hour ago", time.Hour, true, true},
		{"seen 29 days ago", 29 * 24 * time.Hour, true, true},
		{"seen 30 days ago", SessionIdle, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Session{ID: 1, UserID: 2, CreatedAt: now.Add(-40 * 24 * time.Hour), SeenAt: now.Add(-tc.seen)}
			if got := SessionLive(s, now); got != tc.live {
				t.Errorf("SessionLive = %v, want %v", got, tc.live)
			}
			if got := SessionNeedsTouch(s, now); got != tc.touch {
				t.Errorf("SessionNeedsTouch = %v, want %v", got, tc.touch)
			}
		})
	}
	if SessionLive(Session{SeenAt: now}, now) {
		t.Error("a session that was never stored is live")
	}
}
