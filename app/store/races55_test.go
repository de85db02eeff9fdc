package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// lockToWithdraw lets everything go while another write holds an idea of
// the account's acts, and waits for that idea holding no row, for three
// turns; at its fourth (writes on those ideas without end) it waits for
// the ideas holding the account, so that it ends (a circle then is found
// and one write run again). Here the turns are cut to one and to four: a
// probe on another node reads whether the suspension, waiting for the
// idea, holds the fan's account.
func TestRaces55AtTheLastTurnTheSuspensionWaitsHoldingTheAccount(t *testing.T) {
	for _, tc := range []struct {
		name  string
		turns int
		held  bool
	}{
		{"the first of four turns lets the account go", 4, false},
		{"the last turn holds it", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(n int) { withdrawTurns = n }(withdrawTurns)
			withdrawTurns = tc.turns
			ctx := context.Background()
			s := mustOpenPostgres(t, "row locks between nodes")
			s.Acting = domain.Active
			users, c := fixture(t, s, 2)
			fan := users[1].ID
			a := addIdea(t, s, c, users[0].ID, "a")
			if _, err := s.Vote(ctx, fan, a.ID, allow); err != nil {
				t.Fatal(err)
			}
			other, err := s.r.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Rollback()
			if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, a.ID); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- suspend53(s, users[0].ID, fan) }()
			waitForALockWaiter(t, s, done)
			probe, err := s.r.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = probe.Exec(`SELECT id FROM users WHERE id = ?`+s.forUpdate+` NOWAIT`, fan)
			held := pgCode(err) == "55P03" // lock_not_available
			if err != nil && !held {
				t.Fatal(err)
			}
			if err := probe.Rollback(); err != nil {
				t.Fatal(err)
			}
			if held != tc.held {
				t.Errorf("waiting for the idea, the suspension holds the account: %v; want %v", held, tc.held)
			}
			if err := other.Rollback(); err != nil {
				t.Fatal(err)
			}
			if err := outcome(t, done, "the suspension"); err != nil {
				t.Fatalf("the suspension: %v", err)
			}
			if n := count52(t, s, `SELECT COUNT(*) FROM votes WHERE user_id = ?`, fan); n != 0 {
				t.Errorf("%d votes of the suspended account; want its vote withdrawn", n)
			}
		})
	}
}
