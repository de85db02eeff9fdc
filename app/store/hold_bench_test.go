package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"cocreate/app/integrity"
)

// bulkRing adds members accounts that each vote for perMember of ideas
// (member k for ideas k, k+1, … wrapping round), straight into the tables,
// with the ideas' counters recounted: a ring of members×perMember votes.
func bulkRing(t testing.TB, s *Store, challengeID int64, ideas []int64, members, perMember int, at time.Time) []int64 {
	t.Helper()
	ring := bulkUsers(t, s, members)
	if err := s.write(context.Background(), func(tx *sql.Tx) error {
		args := make([]any, 0, 5*500)
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			q := `INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net) VALUES (?, ?, ?, ?, ?)`
			for i := 5; i < len(args); i += 5 {
				q += `, (?, ?, ?, ?, ?)`
			}
			_, err := tx.Exec(q, args...)
			args = args[:0]
			return err
		}
		for k, u := range ring {
			for j := range perMember {
				args = append(args, ideas[(k+j)%len(ideas)], u, challengeID, ms(at), 42)
				if len(args) == cap(args) {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return s.recountVotes(tx, ideas)
	}); err != nil {
		t.Fatal(err)
	}
	return ring
}

// BenchmarkHoldOfARing is the quarantine of a ring of 2,000 accounts with
// 100,000 votes on 2,000 ideas, and then the admin's clear, each while a fan
// outside the ring votes one vote after another: it reports for each the
// writer's longest batch of statements (…-longest-write-ms, from its phase
// log) and the fan's slowest vote (…-worst-vote-ms). Run with
// -benchtime=1x under the bench lock.
func BenchmarkHoldOfARing(b *testing.B) { holdOfARing(b, 0, 0) }

// BenchmarkHoldOfARingAfterABigChallenge is the same in a challenge
// created after another with 500,000 votes on 1,000 ideas: a write of the
// hold walks its challenge's ideas only, not the older challenge's.
func BenchmarkHoldOfARingAfterABigChallenge(b *testing.B) { holdOfARing(b, 500, 0) }

// BenchmarkHoldOfARingBesideABigChallenge is the same beside another
// challenge open at the same time, whose 2,000 ideas took every other id
// among the ring's and got 250,000 votes: a write of the hold walks its
// challenge's own ideas, not those between them.
func BenchmarkHoldOfARingBesideABigChallenge(b *testing.B) { holdOfARing(b, 0, 125) }

// holdOfARing is BenchmarkHoldOfARing's run, in a challenge created after
// one with before × 1,000 votes (1,000 accounts on 1,000 ideas) if any,
// and beside one whose ideas alternate with the ring's, with beside ×
// 2,000 votes (2,000 accounts) on them, if any.
func holdOfARing(b *testing.B, before, beside int) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := openTest(b, filepath.Join(b.TempDir(), "test.db"))
		if err != nil {
			b.Fatal(err)
		}
		users, c := fixture(b, s, 3)
		if before > 0 {
			var older []int64
			for range 1000 {
				older = append(older, addIdea(b, s, c, users[0].ID, "older idea").ID)
			}
			bulkRing(b, s, c.ID, older, 1000, before, s.Now().Add(-time.Hour))
			c.Title = "the ring's"
			if c, err = s.CreateChallenge(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		var ideas, besides []int64
		other := c
		if beside > 0 {
			other.Title = "beside the ring's"
			if other, err = s.CreateChallenge(ctx, other); err != nil {
				b.Fatal(err)
			}
		}
		for range 2000 {
			ideas = append(ideas, addIdea(b, s, c, users[0].ID, "idea").ID)
			if beside > 0 {
				besides = append(besides, addIdea(b, s, other, users[0].ID, "idea beside").ID)
			}
		}
		if beside > 0 {
			bulkRing(b, s, other.ID, besides, 2000, beside, s.Now().Add(-time.Hour))
		}
		clock := s.Now()
		ring := bulkRing(b, s, c.ID, ideas, 2000, 50, clock.Add(-time.Hour))
		s.Now = func() time.Time { return clock }
		// during runs step while fan votes, and reports the writer's
		// longest statements and the fan's slowest vote meanwhile (the
		// writer's phases are reset and read on its own goroutine).
		during := func(what string, fan int64, step func()) {
			if err := s.write(ctx, func(*sql.Tx) error { s.cycle = phaseLog{}; return nil }); err != nil {
				b.Fatal(err)
			}
			stop := make(chan struct{})
			var waits []time.Duration
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range ideas {
					select {
					case <-stop:
						return
					default:
					}
					began := time.Now()
					if _, err := s.VoteWith(ctx, fan, ideas[k], VoteSignals{Net: 1}, allow); err != nil {
						b.Error(err)
						return
					}
					waits = append(waits, time.Since(began))
				}
			}()
			time.Sleep(50 * time.Millisecond)
			b.StartTimer()
			step()
			b.StopTimer()
			time.Sleep(50 * time.Millisecond)
			close(stop)
			wg.Wait()
			var longest time.Duration
			if err := s.write(ctx, func(*sql.Tx) error {
				for _, t := range s.cycle.longest[phStatements] {
					longest = max(longest, t.d)
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(longest.Microseconds())/1000, what+"-longest-write-ms")
			b.ReportMetric(float64(slices.Max(waits).Microseconds())/1000, what+"-worst-vote-ms")
			noViolations(b, s)
		}
		during("hold", users[1].ID, func() {
			if err := s.SaveIntegrityScan(ctx, c.ID, clock.UnixMilli(), quarantineFirst(integrity.Group{Users: ring, Ideas: ideas[:3], Score: 0.9, Votes: len(ring) * 50})); err != nil {
				b.Fatal(err)
			}
			if _, err := s.FinishHolds(ctx, nil); err != nil {
				b.Fatal(err)
			}
		})
		if held := heldActsOfB(b, s); held != len(ring)*50 {
			b.Fatalf("%d votes held, want %d", held, len(ring)*50)
		}
		r, err := s.IntegrityReport(ctx, c.ID)
		if err != nil || len(r.Groups) != 1 {
			b.Fatalf("report %+v %v", r, err)
		}
		during("clear", users[2].ID, func() {
			if err := decide(s, c, r.Groups[0].ID, users[0].ID, "clear"); err != nil {
				b.Fatal(err)
			}
			if _, err := s.FinishHolds(ctx, nil); err != nil {
				b.Fatal(err)
			}
		})
		if held := heldActsOfB(b, s); held != 0 {
			b.Fatalf("%d votes held after the clear", held)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func heldActsOfB(b *testing.B, s *Store) (n int) {
	b.Helper()
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes WHERE held <> 0`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
