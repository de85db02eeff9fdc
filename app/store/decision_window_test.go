package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// A quarantined member acting on another node while an admin clears or
// removes their group, on an idea none of the group's acts touched: the
// act either commits before the decision reads the members' acts (and is
// released or removed with them) or waits for the decision and is cast
// counted. Before, it read the group "quarantined" while the decision ran,
// was held as cast, committed after the decision's read, and stayed held
// for good with nothing left to review it. Here a third transaction holds
// the group's one touched idea a, so the decision waits in the middle; the
// act, on b (and d for a pair), runs meanwhile; then a is let go. Every act
// kind, both decisions; PostgreSQL only (one writer on SQLite).
func TestActsDuringADecisionAreNotLeftHeld(t *testing.T) {
	flagged := VoteSignals{Net: 1, Quarantined: true}
	acts := []struct {
		name string
		act  func(ctx context.Context, s *Store, fan int64, c domain.Challenge, b, d domain.Idea) error
		// counted says whether the act is in b's counters.
		counted func(got domain.Idea) bool
	}{
		{"vote", func(ctx context.Context, s *Store, fan int64, _ domain.Challenge, b, _ domain.Idea) error {
			_, err := s.VoteWith(ctx, fan, b.ID, flagged, allow)
			return err
		}, func(got domain.Idea) bool { return got.Votes == 1 && got.VotesUnderReview == 0 }},
		{"rating", func(ctx context.Context, s *Store, fan int64, _ domain.Challenge, b, _ domain.Idea) error {
			_, err := s.Rate(ctx, fan, b.ID, 4, flagged, func(domain.Challenge, domain.Idea) error { return nil })
			return err
		}, func(got domain.Idea) bool { return got.Ratings == 1 && got.RatingSum == 4 }},
		{"intent", func(ctx context.Context, s *Store, fan int64, _ domain.Challenge, b, _ domain.Idea) error {
			_, err := s.PutIntent(ctx, domain.Intent{IdeaID: b.ID, UserID: fan, Quantity: 2, Options: map[string]string{}}, flagged, allowIntent)
			return err
		}, func(got domain.Idea) bool { return got.Buyers == 1 && got.Units == 2 }},
		{"comparison", func(ctx context.Context, s *Store, fan int64, c domain.Challenge, b, d domain.Idea) error {
			_, err := s.Compare(ctx, fan, c.ID, d.ID, b.ID, b.ID, flagged, func(domain.Challenge, domain.Idea, domain.Idea) error { return nil })
			return err
		}, func(got domain.Idea) bool { return got.Comparisons == 1 && got.Wins == 1 }},
	}
	for _, action := range []string{"clear", "remove"} {
		for _, a := range acts {
			t.Run(action+"/"+a.name, func(t *testing.T) {
				ctx := context.Background()
				nodes := openNodes(t, 2)
				s, other := nodes[0], nodes[1]
				users, c := fixture(t, s, 2)
				ia := addIdea(t, s, c, users[0].ID, "a")
				ib := addIdea(t, s, c, users[0].ID, "b")
				id := addIdea(t, s, c, users[0].ID, "d")
				fan := users[1].ID
				group := quarantineVoter(t, s, c, fan, ia.ID)
				if v, held := tally(t, s, ia.ID); v != 0 || held != 1 {
					t.Fatalf("idea a: %d votes, %d held; want the quarantined vote held", v, held)
				}
				blocker := holdIdea(t, s, ia.ID)
				decided := make(chan error, 1)
				go func() { decided <- decide(s, c, group, users[0].ID, action) }()
				waitForALockWaiter(t, s, decided)
				acted := make(chan error, 1)
				go func() { acted <- a.act(ctx, other, fan, c, ib, id) }()
				// The act either ends while the decision waits (before the
				// fix) or waits for the decision too.
				var actErr error
				actDone := false
				deadline := time.Now().Add(30 * time.Second)
				for !actDone && lockWaiters(t, s) < 2 {
					select {
					case actErr = <-acted:
						actDone = true
					case err := <-decided:
						t.Fatalf("the decision ended while the idea was held: %v", err)
					case <-time.After(10 * time.Millisecond):
					}
					if time.Now().After(deadline) {
						t.Fatal("the act neither ended nor waited")
					}
				}
				if err := blocker.Commit(); err != nil {
					t.Fatal(err)
				}
				finishes(t, decided, 1, "the decision, once the idea was free")
				if !actDone {
					actErr = <-acted
				}
				if actErr != nil {
					t.Fatalf("the member's %s on the other node: %v", a.name, actErr)
				}
				noViolations(t, s)
				if held := heldActsOf(t, s, 0); held != 0 {
					t.Errorf("%d acts still held after the %s: nothing would release them", held, action)
				}
				got, err := s.Idea(ctx, ib.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !a.counted(got) {
					t.Errorf("idea b %+v: want the %s cast during the decision counted", got, a.name)
				}
				if v, under := tally(t, s, ia.ID); under != 0 || (action == "clear") != (v == 1) {
					t.Errorf("idea a: %d votes, %d held after %s", v, under, action)
				}
			})
		}
	}
}

// quarantineVoter has fan vote for idea and a scan quarantine a group of
// fan alone: the group's id.
func quarantineVoter(t *testing.T, s *Store, c domain.Challenge, fan, idea int64) int64 {
	t.Helper()
	return flagVoter(t, s, c, fan, idea, integrity.Quarantined)
}

// flagVoter is quarantineVoter with the group's status given (suspected:
// its votes count until decided).
func flagVoter(t *testing.T, s *Store, c domain.Challenge, fan, idea int64, status string) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Vote(ctx, fan, idea, allow); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: status, Group: integrity.Group{Users: []int64{fan}, Ideas: []int64{idea}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
	r, err := s.IntegrityReport(ctx, c.ID)
	if err != nil || len(r.Groups) != 1 {
		t.Fatalf("report %+v %v", r, err)
	}
	return r.Groups[0].ID
}

// decide is an admin's decision on a group, telling no one.
func decide(s *Store, c domain.Challenge, group, admin int64, action string) error {
	return s.DecideIntegrityGroup(context.Background(), c.ID, group, admin, action, "reason "+action,
		func(string, []int64) []domain.Outgoing { return nil }, nil, func(string) error { return nil })
}

// lockWaiters is how many sessions of the test's database wait for a lock.
func lockWaiters(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).
		Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A batch of votes on PostgreSQL with a flagged account's vote among them
// locks that account's quarantined group FOR SHARE before it locks the
// batch's ideas (the vote itself runs alone after the others), so the
// batch keeps the decision's order: the group, then the ideas. Here the
// batch's transaction stays open: an admin's lock on the group cannot be
// had, an ordinary fan's vote on another idea can.
func TestBulkVotesLockAFlaggedVotersGroupFirst(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "the group's lock on another node")
	users, c := fixture(t, s, 3)
	a, b := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b")
	fan := users[1].ID
	quarantineVoter(t, s, c, fan, a.ID)
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var votes [2]int
	ops := []*voteOp{
		{user: users[2].ID, idea: a.ID, at: s.Now(), check: allow, votes: &votes[0]},
		{user: fan, idea: b.ID, at: s.Now(), sig: VoteSignals{Quarantined: true}, check: allow, votes: &votes[1]},
	}
	errs, alone, err := s.voteBulk(tx, ops)
	if err != nil || errs[0] != nil || len(alone) != 1 || alone[0] != 1 {
		t.Fatalf("bulk: errs %v, alone %v, %v; want the flagged vote left to run alone", errs, alone, err)
	}
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	_, err = other.Exec(`SELECT id FROM integrity_groups WHERE challenge_id = ? FOR UPDATE NOWAIT`, c.ID)
	if err == nil || !strings.Contains(err.Error(), "55P03") {
		t.Errorf("the group locked by another transaction while the batch is open: %v; want 55P03 (lock not available)", err)
	}
}

// A scan on one node while an admin clears a group on another: the scan
// reads the groups locked, so it waits for the decision and sees the group
// cleared (an admin's decision never changes, integrity.Reconcile). Read
// unlocked, the scan continued the group it had read quarantined, and its
// UPDATE, run once the decision committed, wrote "quarantined" back over
// "cleared" with the acts already released. The plan here does what
// Reconcile does with a stored group: an open one is continued with its
// status and a new score, a decided one is left alone.
func TestScanDoesNotUndoADecision(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	a := addIdea(t, s, c, users[0].ID, "a")
	fan := users[1].ID
	group := quarantineVoter(t, s, c, fan, a.ID)
	blocker := holdIdea(t, s, a.ID)
	decided := make(chan error, 1)
	go func() { decided <- decide(s, c, group, users[0].ID, "clear") }()
	waitForALockWaiter(t, s, decided)
	scanned := make(chan error, 1)
	go func() {
		scanned <- other.SaveIntegrityScan(ctx, c.ID, 2, func(st []integrity.Stored) []integrity.Change {
			var out []integrity.Change
			for _, g := range st {
				if g.Status == integrity.Suspected || g.Status == integrity.Quarantined {
					out = append(out, integrity.Change{ID: g.ID, Status: g.Status,
						Group: integrity.Group{Users: g.Users, Ideas: []int64{a.ID}, Score: 0.95}})
				}
			}
			return out
		})
	}()
	waitForLockWaiters(t, s, 2, scanned)
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, decided, 1, "the clear")
	finishes(t, scanned, 1, "the scan")
	r, err := s.IntegrityReport(ctx, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != "cleared" {
		t.Fatalf("groups %+v, %v; want the one group, cleared", r.Groups, err)
	}
	if v, held := tally(t, s, a.ID); v != 1 || held != 0 {
		t.Errorf("idea a: %d votes, %d held; want the cleared vote counted", v, held)
	}
	noViolations(t, s)
}
