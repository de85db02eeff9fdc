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
// 100,000 votes on 2,000 ideas while an unrelated fan votes, one vote after
// another: it reports the writer's longest batch of statements during the
// hold (longest-write-ms) and the fan's slowest vote (worst-vote-ms). Run
// with -benchtime=1x under the bench lock.
func BenchmarkHoldOfARing(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := openTest(b, filepath.Join(b.TempDir(), "test.db"))
		if err != nil {
			b.Fatal(err)
		}
		users, c := fixture(b, s, 2)
		var ideas []int64
		for range 2000 {
			ideas = append(ideas, addIdea(b, s, c, users[0].ID, "idea").ID)
		}
		clock := s.Now()
		ring := bulkRing(b, s, c.ID, ideas, 2000, 50, clock.Add(-time.Hour))
		s.Now = func() time.Time { return clock }
		// The writer's phases from here on (reset on its own goroutine).
		if err := s.write(ctx, func(*sql.Tx) error { s.cycle = phaseLog{}; return nil }); err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		var waits []time.Duration
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				began := time.Now()
				if _, err := s.VoteWith(ctx, users[1].ID, ideas[k%len(ideas)], VoteSignals{Net: 1}, allow); err != nil {
					b.Error(err)
					return
				}
				waits = append(waits, time.Since(began))
				if k%len(ideas) == len(ideas)-1 {
					return
				}
			}
		}()
		time.Sleep(50 * time.Millisecond)
		b.StartTimer()
		if err := s.SaveIntegrityScan(ctx, c.ID, clock.UnixMilli(), quarantineFirst(integrity.Group{Users: ring, Ideas: ideas[:3], Score: 0.9, Votes: len(ring) * 50})); err != nil {
			b.Fatal(err)
		}
		if _, err := s.FinishHolds(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		time.Sleep(50 * time.Millisecond)
		close(stop)
		wg.Wait()
		noViolations(b, s)
		if held := heldActsOfB(b, s); held != len(ring)*50 {
			b.Fatalf("%d votes held, want %d", held, len(ring)*50)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		longest := slices.MaxFunc(s.cycle.longest[phStatements], func(a, b timedDur) int { return int(a.d - b.d) })
		b.ReportMetric(float64(longest.d.Microseconds())/1000, "longest-write-ms")
		b.ReportMetric(float64(slices.Max(waits).Microseconds())/1000, "worst-vote-ms")
		b.ReportMetric(float64(len(waits)), "votes")
	}
}

func heldActsOfB(b *testing.B, s *Store) (n int) {
	b.Helper()
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes WHERE held <> 0`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
