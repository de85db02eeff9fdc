package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
)

// RehashPassword replaces the hash only while it is the one read, and
// ends nothing: the session made before stays, a reset link stays open,
// and nobody is told.
func TestRehashPasswordSwapsOnlyTheHashRead(t *testing.T) {
	s := mustOpen(t)
	users, _ := fixture(t, s, 1)
	ctx := context.Background()
	u := users[0]
	if err := s.SetPassword(ctx, u.ID, "old-hash", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, u.ID, hashOf("phone"), s.Now().Add(-domain.SessionIdle), Proof{PasswordHash: "old-hash"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePasswordReset(ctx, u.Email, s.Now().Add(-domain.ResetWindow), s.Now().Add(domain.ResetValid),
		func([]time.Time) bool { return true }, domain.ResetNotices); err != nil {
		t.Fatal(err)
	}
	notices := func() int {
		rows, err := s.Notifications(ctx, u.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	told := notices()

	if done, err := s.RehashPassword(ctx, u.ID, "not-the-hash", "new-hash"); err != nil || done {
		t.Fatalf("from a hash not stored: %v %v", done, err)
	}
	if h, _ := s.PasswordHash(ctx, u.ID); h != "old-hash" {
		t.Fatalf("the hash is %q after a refused rehash", h)
	}
	if done, err := s.RehashPassword(ctx, u.ID, "old-hash", "new-hash"); err != nil || !done {
		t.Fatalf("from the stored hash: %v %v", done, err)
	}
	if h, _ := s.PasswordHash(ctx, u.ID); h != "new-hash" {
		t.Fatalf("the hash is %q after the rehash", h)
	}
	if done, _ := s.RehashPassword(ctx, u.ID, "old-hash", "third-hash"); done {
		t.Fatal("a second rehash from the same hash went through")
	}
	if _, err := s.Session(ctx, hashOf("phone")); err != nil {
		t.Errorf("the rehash ended a session: %v", err)
	}
	if n := notices(); n != told {
		t.Errorf("the rehash told of it: %d notices, were %d", n, told)
	}
	var open int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND used_at IS NULL`, u.ID).Scan(&open); err != nil || open != 1 {
		t.Errorf("open reset links after the rehash: %d %v", open, err)
	}
}
