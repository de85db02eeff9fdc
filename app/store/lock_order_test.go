package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/pgtest"
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
	s := mustOpenPostgres(t, "row locks between nodes")
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

	inOrder(t, s, low.ID, high.ID, func() error {
		return s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: []int64{fan}, Ideas: []int64{low.ID, high.ID}, Score: 0.9}}}
		})
	})
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

// inOrder runs write (a transaction that locks the ideas low and high,
// low < high) while another node's transaction holds low and then, once
// write waits for a row lock, wants high. It fails the test if the two
// deadlock: write must wait for low holding nothing, so the other takes
// high at once and commits, and write then finishes.
func inOrder(t *testing.T, s *Store, low, high int64, write func() error) {
	t.Helper()
	ctx := context.Background()
	// The other node's transaction, on a connection of its own.
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	// It finds a deadlock itself, before write's transaction would
	// (deadlock_timeout 1 s there), so a circle fails this test rather than
	// being retried by the writer. (A superuser's setting: the test
	// cluster's owner is one.)
	if _, err := other.Exec(`SET LOCAL deadlock_timeout = '50ms'`); err != nil {
		t.Fatalf("set deadlock_timeout: %v", err)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, low); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- write() }()
	// Until write waits for a row lock (the lower idea's).
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
		case err := <-done:
			t.Fatalf("the write did not wait for the idea the other transaction holds: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the write never waited for a lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, high); err != nil {
		t.Fatalf("the other transaction, wanting the higher idea while the write waits for the lower: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the write did not finish after the other transaction committed")
	}
}

// A merge locks the duplicate, the original and the third ideas whose
// comparisons it drops all at once in id order, before it writes: here
// the dropped idea x is the lowest, and taking it after the two (as the
// recounts met them: the intents' first, then the comparisons') would
// hold the duplicate while waiting for x.
func TestMergeLocksIdeasInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "row locks between nodes")
	users, c := fixture(t, s, 2)
	x := addIdea(t, s, c, users[0].ID, "x")
	d := addIdea(t, s, c, users[0].ID, "duplicate")
	o := addIdea(t, s, c, users[0].ID, "original")
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	fan := users[1].ID
	// The fan compared x with both: the merge drops one of the two.
	for _, p := range [][3]int64{{d.ID, x.ID, x.ID}, {o.ID, x.ID, x.ID}} {
		if _, err := s.Compare(ctx, fan, c.ID, p[0], p[1], p[2], VoteSignals{}, ok); err != nil {
			t.Fatal(err)
		}
	}
	// An intent on the duplicate: its recount (the two) came before the
	// comparisons' (the two and x).
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: d.ID, UserID: fan, Quantity: 1, Options: map[string]string{}}, VoteSignals{}, allowIntent); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vote(ctx, fan, d.ID, allow); err != nil {
		t.Fatal(err)
	}
	inOrder(t, s, x.ID, d.ID, func() error {
		_, err := s.MergeIdea(ctx, d.ID, o.ID, users[0].ID, "same",
			func(domain.Idea, domain.Idea) error { return nil },
			func(domain.Idea, domain.Idea) []domain.Outgoing { return nil })
		return err
	})
	got, err := s.Idea(ctx, x.ID)
	if err != nil || got.Comparisons != 1 || got.Wins != 1 {
		t.Errorf("x after the merge: %d comparisons, %d wins (%v); want 1, 1", got.Comparisons, got.Wins, err)
	}
	if got, err := s.Idea(ctx, o.ID); err != nil || got.Votes != 1 || got.Buyers != 1 {
		t.Errorf("the original after the merge: %d votes, %d buyers (%v); want 1, 1", got.Votes, got.Buyers, err)
	}
	noViolations(t, s)
}

// mustOpenPostgres opens a store on PostgreSQL, or skips the test (why:
// what only PostgreSQL has) before opening anything.
func mustOpenPostgres(t *testing.T, why string) *Store {
	t.Helper()
	if !pgtest.Postgres() {
		t.Skip(why + ": PostgreSQL only")
	}
	return mustOpen(t)
}
