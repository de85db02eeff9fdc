package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// methodCounters are an idea's stored counters of ratings, comparisons and
// intents, with the stars rank score.
type methodCounters struct {
	Ratings, RatingSum, Comparisons, Wins, Buyers, Units int
	RankScore                                            float64
}

func methodCountersOf(t *testing.T, s *Store, challengeID int64) map[int64]methodCounters {
	t.Helper()
	rows, err := s.r.Query(`SELECT id, ratings, rating_sum, rank_score, comparisons, wins, buyers, units FROM ideas WHERE challenge_id = ?`, challengeID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]methodCounters{}
	for rows.Next() {
		var id int64
		var m methodCounters
		if err := rows.Scan(&id, &m.Ratings, &m.RatingSum, &m.RankScore, &m.Comparisons, &m.Wins, &m.Buyers, &m.Units); err != nil {
			t.Fatal(err)
		}
		out[id] = m
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A sweep that holds a ring's ratings, pair choices and buying intents
// over more ideas than one recount statement sets (recountChunk) leaves
// every idea's counters and stars rank score exactly as its acts not held
// give them; clearing the group restores every counter exactly as it was
// before; removing it leaves the honest fans' acts alone counted.
func TestSweepRecountsRatingsComparisonsAndIntentsExactly(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 6)
	const n = recountChunk + 40
	ideas := make([]domain.Idea, n)
	for i := range ideas {
		ideas[i] = addIdea(t, s, c, users[0].ID, "创意")
	}
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	pick := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	// honest[i] and all[i] are idea i's counters from the honest fans'
	// acts (users 0-2) and from everyone's (users 3-5 are the ring).
	honest, all := make([]methodCounters, n), make([]methodCounters, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range ideas {
		for u := range users {
			stars, qty := 1+(i+u)%5, 1+(i*u)%4
			for _, m := range []*methodCounters{&all[i], &honest[i]}[:1+btoi(u < 3)] {
				m.Ratings, m.RatingSum, m.Buyers, m.Units = m.Ratings+1, m.RatingSum+stars, m.Buyers+1, m.Units+qty
			}
			if i+1 < n {
				win := i + 1 - btoi((i+u)%3 == 0)
				for _, m := range []*methodCounters{&all[i], &all[i+1], &honest[i], &honest[i+1]}[:2+2*btoi(u < 3)] {
					m.Comparisons++
				}
				all[win].Wins++
				if u < 3 {
					honest[win].Wins++
				}
			}
		}
		wg.Add(1)
		go func() { // each idea's acts in turn; the ideas' at once, so the writer batches them
			defer wg.Done()
			for u, user := range users {
				sig := VoteSignals{Net: int64(u), UA: 1, Age: 1}
				if _, err := s.Rate(ctx, user.ID, ideas[i].ID, 1+(i+u)%5, sig, rate); err != nil {
					errs <- err
					return
				}
				if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: ideas[i].ID, UserID: user.ID, Quantity: 1 + (i*u)%4}, sig, allowIntent); err != nil {
					errs <- err
					return
				}
				if i+1 < n {
					win := ideas[i+1-btoi((i+u)%3 == 0)].ID
					if _, err := s.Compare(ctx, user.ID, c.ID, ideas[i].ID, ideas[i+1].ID, win, sig, pick); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range n {
		honest[i].RankScore = domain.BayesianStars(honest[i].RatingSum, honest[i].Ratings)
		all[i].RankScore = domain.BayesianStars(all[i].RatingSum, all[i].Ratings)
	}
	want := func(when string, counters []methodCounters) {
		t.Helper()
		got := methodCountersOf(t, s, c.ID)
		wrong := 0
		for i, idea := range ideas {
			if got[idea.ID] != counters[i] {
				if wrong++; wrong <= 3 {
					t.Errorf("%s, idea %d: %+v, want %+v", when, i, got[idea.ID], counters[i])
				}
			}
		}
		if wrong > 0 {
			t.Errorf("%s: %d of %d ideas' counters are wrong", when, wrong, n)
		}
		// The challenge page's totals count the same acts (Stats).
		var ratings, comparisons int
		for i := range counters {
			ratings, comparisons = ratings+counters[i].Ratings, comparisons+counters[i].Comparisons
		}
		st, err := s.Stats(ctx, c.ID)
		if err != nil || st.Ideas != n || st.Ratings != ratings || 2*st.Comparisons != comparisons {
			t.Errorf("%s: the challenge's totals %+v (%v), want %d ideas, %d ratings, %d comparisons", when, st, err, n, ratings, comparisons/2)
		}
		noViolations(t, s)
	}
	want("every act counted", all)
	before := methodCountersOf(t, s, c.ID)

	ring := []int64{users[3].ID, users[4].ID, users[5].ID}
	quarantine := func(seen int64) int64 {
		t.Helper()
		if err := s.SaveIntegrityScan(ctx, c.ID, seen, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{ideas[0].ID}, Score: 0.9}}}
		}); err != nil {
			t.Fatal(err)
		}
		r, err := s.IntegrityReport(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range r.Groups {
			if g.Status == integrity.Quarantined {
				return g.ID
			}
		}
		t.Fatalf("no quarantined group: %+v", r.Groups)
		return 0
	}
	decide := func(group int64, action string) time.Duration {
		t.Helper()
		start := time.Now()
		if err := s.DecideIntegrityGroup(ctx, c.ID, group, users[0].ID, action, "in step",
			func(string, []int64) []domain.Outgoing { return nil }, nil, func(string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	start := time.Now()
	group := quarantine(1)
	held := time.Since(start)
	want("held", honest)
	cleared := decide(group, "clear")
	want("cleared", all)
	if got := methodCountersOf(t, s, c.ID); len(got) != len(before) {
		t.Fatalf("%d ideas after the clear, %d before", len(got), len(before))
	} else {
		for id, m := range before {
			if got[id] != m {
				t.Fatalf("the clear did not restore idea %d: %+v, was %+v", id, got[id], m)
			}
		}
	}
	removed := decide(quarantine(2), "remove")
	want("removed", honest)
	t.Logf("%d ideas: held in %s, cleared in %s, removed in %s", n, held, cleared, removed)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
