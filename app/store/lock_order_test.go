package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// On PostgreSQL a transaction that recounts several sets of ideas locks
// them all at once in id order (lockIdeas). Here another node's
// transaction holds the lower idea and then wants the higher one, while a
// scan holds a fan's vote for the higher idea and buying intent on the
// lower: taking the vote's idea first, then the intent's, the scan would
// hold the higher idea while it waits for the lower, and the two would wait
// for each other in a circle (a deadlock, one of them aborted). In id
// order the scan waits for the lower idea holding nothing, the other
// transaction takes the higher one at once and commits, and the scan goes
// on.
func TestHoldActsLockIdeasInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if !s.postgres {
		t.Skip("row locks between nodes: PostgreSQL only")
	}
	users, c := fixture(t, s, 2)
	low := addIdea(t, s, c, users[0].ID, "low")
	high := addIdea(t, s, c, users[0].ID, "high")
	if low.ID >= high.ID {
		t.Fatalf("ideas %d and %d: want the first lower", low.ID, high.ID)
	}
	fan := users[1].ID
	if _, err := s.Vote(ctx, fan, high.ID, allow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: low.ID, UserID: fan, Quantity: 2, Options: map[string]string{"size": "M"}},
		VoteSignals{}, allowIntent); err != nil {
		t.Fatal(err)
	}

	// The other node's transaction, on a connection of its own.
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	// It finds a deadlock itself, before the scan's transaction would
	// (deadlock_timeout 1 s there), so a circle fails this test rather than
	// being retried by the writer. (A superuser's setting: the test
	// cluster's owner is one.)
	if _, err := other.Exec(`SET LOCAL deadlock_timeout = '50ms'`); err != nil {
		t.Fatalf("set deadlock_timeout: %v", err)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, low.ID); err != nil {
		t.Fatal(err)
	}

	scanned := make(chan error, 1)
	go func() {
		scanned <- s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: []int64{fan}, Ideas: []int64{low.ID, high.ID}, Score: 0.9}}}
		})
	}()
	// Until the scan waits for a row lock (the lower idea's).
	deadline := time.Now().Add(30 * time.Second)
	for {
		var waiting int
		if err := s.r.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).
			Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		select {
		case err := <-scanned:
			t.Fatalf("the scan did not wait for the idea the other transaction holds: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the scan never waited for a lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, high.ID); err != nil {
		t.Fatalf("the other transaction, wanting the higher idea while the scan waits for the lower: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-scanned:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the scan did not finish after the other transaction committed")
	}
	for _, id := range []int64{low.ID, high.ID} {
		got, err := s.Idea(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Votes != 0 || got.Buyers != 0 || got.Units != 0 {
			t.Errorf("idea %d: %d votes, %d buyers, %d units once the fan's acts are held; want none", id, got.Votes, got.Buyers, got.Units)
		}
	}
	noViolations(t, s)
}
