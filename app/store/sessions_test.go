package store

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"cocreate/app/domain"
)

func hashOf(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// An ended session is refused from the next lookup on, even though the
// lookup before it was answered from the cache; ending the others keeps the
// one asked to be kept, and touches no one else's.
func TestSessionsEnd(t *testing.T) {
	s := mustOpen(t)
	users, _ := fixture(t, s, 2)
	ctx := context.Background()
	a, b := users[0].ID, users[1].ID
	for _, x := range []struct {
		user int64
		name string
	}{{a, "a1"}, {a, "a2"}, {a, "a3"}, {b, "b1"}} {
		if err := s.CreateSession(ctx, x.user, hashOf(x.name), s.Now().Add(-domain.SessionIdle)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateToken(ctx, a, hashOf("ta"), "a"); err != nil {
		t.Fatal(err)
	}
	live := func(name string) bool {
		_, err := s.Session(ctx, hashOf(name))
		return err == nil
	}
	for _, n := range []string{"a1", "a2", "a3", "b1"} {
		if sess, err := s.Session(ctx, hashOf(n)); err != nil || sess.UserID == 0 {
			t.Fatalf("session %s: %+v %v", n, sess, err)
		}
	}
	if _, err := s.UserByToken(ctx, hashOf("ta")); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, hashOf("a1")); err != nil {
		t.Fatal(err)
	}
	if live("a1") || !live("a2") {
		t.Fatal("ending a1 did not end exactly a1")
	}
	if err := s.EndAccess(ctx, a, hashOf("a2"), nil); err != nil {
		t.Fatal(err)
	}
	if !live("a2") || live("a3") || !live("b1") {
		t.Fatal("EndAccess ended the wrong sessions")
	}
	if _, err := s.UserByToken(ctx, hashOf("ta")); err == nil {
		t.Fatal("the token survived EndAccess")
	}
	if err := s.SetPassword(ctx, a, "new-hash", nil, nil); err != nil {
		t.Fatal(err)
	}
	if live("a2") || !live("b1") {
		t.Fatal("SetPassword with nothing kept left a session")
	}
	if h, _ := s.PasswordHash(ctx, a); h != "new-hash" {
		t.Fatalf("password hash %q", h)
	}
	// A touch moves the last-seen time, in the cache too.
	later := s.Now().Add(2 * time.Hour)
	if err := s.TouchSession(ctx, hashOf("b1"), later); err != nil {
		t.Fatal(err)
	}
	if sess, _ := s.Session(ctx, hashOf("b1")); !sess.SeenAt.Equal(later.Truncate(time.Millisecond)) && !sess.SeenAt.Equal(later) {
		t.Fatalf("seen at %v, want %v", sess.SeenAt, later)
	}
}

// BenchmarkIdentify compares what identifying a request costs once cached:
// a bearer token (unchanged) and a session cookie (the session, then its
// user).
func BenchmarkIdentify(b *testing.B) {
	s := mustOpen(b)
	users, _ := fixture(b, s, 1)
	ctx := context.Background()
	if err := s.CreateToken(ctx, users[0].ID, hashOf("tok"), ""); err != nil {
		b.Fatal(err)
	}
	if err := s.CreateSession(ctx, users[0].ID, hashOf("sid"), s.Now().Add(-domain.SessionIdle)); err != nil {
		b.Fatal(err)
	}
	b.Run("token", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.UserByToken(ctx, hashOf("tok")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session", func(b *testing.B) {
		for b.Loop() {
			sess, err := s.Session(ctx, hashOf("sid"))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.User(ctx, sess.UserID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
