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
		if err := s.CreateSession(ctx, x.user, hashOf(x.name), s.Now().Add(-domain.SessionIdle), Proof{PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateToken(ctx, a, hashOf("ta"), "a", 10, Proof{PasswordHash: "x"}); err != nil {
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
	if err := s.SetPassword(ctx, a, "new-hash", nil, nil, nil); err != nil {
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
	if err := s.CreateToken(ctx, users[0].ID, hashOf("tok"), "", 10, Proof{PasswordHash: "x"}); err != nil {
		b.Fatal(err)
	}
	if err := s.CreateSession(ctx, users[0].ID, hashOf("sid"), s.Now().Add(-domain.SessionIdle), Proof{PasswordHash: "x"}); err != nil {
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

// A session or token is made only on a proof that still holds: the
// password it was signed in with, unchanged since; the session or token
// the request came with, not ended. What a stolen password or session
// signs in after its owner changed the password or signed out everywhere is
// refused, and nothing is made.
func TestAccessStandsOnAProofThatHolds(t *testing.T) {
	s := mustOpen(t)
	users, _ := fixture(t, s, 1)
	ctx := context.Background()
	u := users[0].ID
	refused := func(what string, err error) {
		t.Helper()
		if e := domain.AsError(err); e == nil || e.Code != "access_changed" {
			t.Errorf("%s: %v; want access_changed", what, err)
		}
	}
	if err := s.CreateSession(ctx, u, hashOf("s1"), time.Time{}, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, u, hashOf("t1"), "", 10, Proof{Session: hashOf("s1")}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, u, hashOf("t2"), "", 10, Proof{Token: hashOf("t1")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, u, "y", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	refused("a session on the old password", s.CreateSession(ctx, u, hashOf("s2"), time.Time{}, Proof{PasswordHash: "x"}))
	refused("a token on the old password", s.CreateToken(ctx, u, hashOf("t3"), "", 10, Proof{PasswordHash: "x"}))
	refused("a token on an ended session", s.CreateToken(ctx, u, hashOf("t4"), "", 10, Proof{Session: hashOf("s1")}))
	refused("a token on an ended token", s.CreateToken(ctx, u, hashOf("t5"), "", 10, Proof{Token: hashOf("t1")}))
	refused("a session on no proof", s.CreateSession(ctx, u, hashOf("s3"), time.Time{}, Proof{}))
	refused("a session on another's password", s.CreateSession(ctx, u+1, hashOf("s4"), time.Time{}, Proof{PasswordHash: "y"}))
	for _, h := range []string{"s2", "s3", "s4"} {
		if _, err := s.Session(ctx, hashOf(h)); err == nil {
			t.Errorf("session %s was made on a proof that did not hold", h)
		}
	}
	var tokens int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM tokens WHERE user_id = ?`, u).Scan(&tokens); err != nil {
		t.Fatal(err)
	}
	if tokens != 0 {
		t.Errorf("%d tokens after the password change; want none", tokens)
	}
	if err := s.CreateSession(ctx, u, hashOf("s5"), time.Time{}, Proof{PasswordHash: "y"}); err != nil {
		t.Errorf("a session on the new password: %v", err)
	}
}

// Making a token past the number kept ends the account's oldest, at once
// (the cached lookup too), and nobody else's.
func TestAnAccountKeepsItsNewestTokens(t *testing.T) {
	s := mustOpen(t)
	users, _ := fixture(t, s, 2)
	ctx := context.Background()
	a, b := users[0].ID, users[1].ID
	if err := s.CreateToken(ctx, b, hashOf("b1"), "", 1, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	live := func(name string) bool {
		_, err := s.UserByToken(ctx, hashOf(name))
		return err == nil
	}
	for _, n := range []string{"a1", "a2", "a3"} {
		if err := s.CreateToken(ctx, a, hashOf(n), n, 3, Proof{PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		if !live(n) { // and cached
			t.Fatalf("token %s refused", n)
		}
	}
	if err := s.CreateToken(ctx, a, hashOf("a4"), "a4", 3, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]bool{"a1": false, "a2": true, "a3": true, "a4": true, "b1": true} {
		if live(n) != want {
			t.Errorf("token %s live = %v, want %v", n, !want, want)
		}
	}
	list, err := s.Tokens(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Name != "a4" || list[2].Name != "a2" {
		t.Fatalf("tokens kept: %+v", list)
	}
}
