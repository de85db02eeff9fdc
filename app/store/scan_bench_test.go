package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"cocreate/app/integrity"
)

// BenchmarkSaveIntegrityScan is the scan's write on the writer during a
// storm: a quarantined farm of 2,000 accounts with 50,000 votes on 200
// ideas (cast an hour before) casts 1,000 more votes in the minute between
// two scans (held as they are cast, as the service flags them), then the
// scan records the same group again. Only the write is timed.
func BenchmarkSaveIntegrityScan(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	users, c := fixture(b, s, 2000)
	var ideas []int64
	for i := 0; i < 200; i++ {
		ideas = append(ideas, addIdea(b, s, c, users[0].ID, "idea").ID)
	}
	ring := make([]int64, len(users))
	for i, u := range users {
		ring[i] = u.ID
	}
	// Vote k (0, 1, ...) of the farm: every (account, idea) pair once.
	vote := func(from, to int, sig VoteSignals) {
		var wg sync.WaitGroup
		for g := 0; g < 64; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := from + g; k < to; k += 64 {
					u, idea := k%len(users), (k/len(users)+k%len(users))%len(ideas)
					if _, err := s.VoteWith(ctx, users[u].ID, ideas[idea], sig, allow); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	clock := s.Now().Add(-time.Hour)
	s.Now = func() time.Time { return clock }
	vote(0, 50000, VoteSignals{Net: 7, UA: 8, Age: 9})
	clock = clock.Add(time.Hour)
	group := func([]integrity.Stored) []integrity.Change { return nil }
	save := func() {
		newest, err := s.NewestVote(ctx, c.ID)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SaveIntegrityScan(ctx, c.ID, newest, group); err != nil {
			b.Fatal(err)
		}
	}
	group = func(st []integrity.Stored) []integrity.Change {
		id := int64(0)
		if len(st) > 0 {
			id = st[0].ID
		}
		return []integrity.Change{{ID: id, Status: integrity.Quarantined,
			Group: integrity.Group{Users: ring, Ideas: ideas[:3], Score: 0.9, Votes: 50000}}}
	}
	save()
	finishHolds(b, s) // the first quarantine's hold, a range of ideas a write
	next := 50000
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		clock = clock.Add(time.Minute)
		vote(next, next+1000, VoteSignals{Net: 7, UA: 8, Age: 9, Quarantined: true})
		next += 1000
		b.StartTimer()
		save()
	}
	b.StopTimer()
	noViolations(b, s)
}
