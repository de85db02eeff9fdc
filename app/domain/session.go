package domain

import "time"

// Session is a browser's signed-in session, kept on the server so that it
// can be ended (sign-out, "sign out everywhere", a password change). The
// cookie carries a random secret; the server keeps only its hash.
type Session struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	SeenAt    time.Time
}

const (
	// SessionIdle is how long a session lasts without being used, the
	// cookie's own lifetime too.
	SessionIdle = 30 * 24 * time.Hour
	// SessionTouch is how often a session in use has its last-seen time
	// written: rarely, so that signed-in pages stay free of writes.
	SessionTouch = time.Hour
)

// SessionLive reports whether s may still be used at now: it was seen
// within SessionIdle.
func SessionLive(s Session, now time.Time) bool {
	return s.ID != 0 && now.Sub(s.SeenAt) < SessionIdle
}

// SessionNeedsTouch reports whether s's last-seen time is old enough to be
// written again.
func SessionNeedsTouch(s Session, now time.Time) bool {
	return now.Sub(s.SeenAt) >= SessionTouch
}
