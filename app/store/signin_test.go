package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// claimAt is the service's claim: domain.SignInAttempt at now.
func claimAt(s *Store, userID int64, now time.Time) error {
	return s.ClaimSignInAttempt(context.Background(), userID, now, func(attempts int, last time.Time) (int, error) {
		return domain.SignInAttempt(attempts, last, now)
	})
}

// claimAll makes n claims of userID at now at once, spread over nodes, and
// says how many passed; every refusal must be the limit's.
func claimAll(t *testing.T, nodes []*Store, userID int64, now time.Time, n int, started func(done <-chan error)) int {
	t.Helper()
	done := make(chan error, n)
	for i := range n {
		go func() { done <- claimAt(nodes[i%len(nodes)], userID, now) }()
	}
	if started != nil {
		started(done)
	}
	passed := 0
	for range n {
		select {
		case err := <-done:
			if err == nil {
				passed++
			} else if e := domain.AsError(err); e == nil || e.Code != "too_many_password_attempts" {
				t.Fatalf("a claim failed: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the claims did not finish")
		}
	}
	return passed
}

// Password checks claimed at once are counted one after the other: of 20
// at the same moment only the free ones pass, the next passes 30 s on and
// not again at that moment, another account is not touched, and a
// success's clearing gives the free ones back.
func TestSignInClaimsAtOnceLetOnlyTheFreeOnesThrough(t *testing.T) {
	s := mustOpen(t)
	users, _ := fixture(t, s, 2)
	u, other := users[0].ID, users[1].ID
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	if got := claimAll(t, []*Store{s}, u, now, 20, nil); got != domain.SignInFree {
		t.Fatalf("%d of 20 claims at once passed; want %d", got, domain.SignInFree)
	}
	later := now.Add(domain.SignInPace)
	if got := claimAll(t, []*Store{s}, u, later, 5, nil); got != 1 {
		t.Errorf("%d of 5 claims at once 30 s on passed; want 1", got)
	}
	if err := claimAt(s, other, now); err != nil {
		t.Errorf("another account's first check: %v", err)
	}
	if err := s.ClearSignInAttempts(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if got := claimAll(t, []*Store{s}, u, later, 20, nil); got != domain.SignInFree {
		t.Errorf("after a success, %d of 20 claims at once passed; want %d", got, domain.SignInFree)
	}
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM signin_attempts WHERE user_id = ?`, 999999).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows for no account (%v)", n, err)
	}
	if err := claimAt(s, 999999, now); err != nil || s.r.QueryRow(`SELECT COUNT(*) FROM signin_attempts`).Scan(&n) != nil || n != 2 {
		t.Errorf("a claim for no account: %v, %d rows; want nil and the two accounts' rows only", err, n)
	}
}

// Three nodes claim one account's checks at once while another
// transaction holds the account's row: each claim waits for the row, and
// once it is free only the free checks pass, however the claims of the
// nodes interleave.
func TestSignInClaimsOnSeveralNodesLetOnlyTheFreeOnesThrough(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("several nodes share one database on PostgreSQL only")
	}
	nodes := openNodes(t, 3)
	users, _ := fixture(t, nodes[0], 1)
	u := users[0].ID
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	hold := holdRow(t, nodes[0], "users", u)
	got := claimAll(t, nodes, u, now, 12, func(done <-chan error) {
		waitForLockWaiters(t, nodes[0], len(nodes), done)
		if err := hold.Commit(); err != nil {
			t.Fatal(err)
		}
	})
	if got != domain.SignInFree {
		t.Errorf("%d of 12 claims at once on three nodes passed; want %d", got, domain.SignInFree)
	}
	var attempts int
	if err := nodes[1].r.QueryRow(`SELECT attempts FROM signin_attempts WHERE user_id = ?`, u).Scan(&attempts); err != nil || attempts != domain.SignInFree {
		t.Errorf("stored count %d (%v); want %d", attempts, err, domain.SignInFree)
	}
}
