package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// Ratings and comparisons keep their counters in the act's transaction;
// Check proves it and finds a counter set wrong by hand.
func TestRatingsAndComparisonsKeepTheirTallies(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[0].ID, "a")
	b := addIdea(t, s, c, users[0].ID, "b")
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	for i, u := range users {
		if _, err := s.Rate(ctx, u.ID, a.ID, 3+i%3, VoteSignals{}, rate); err != nil {
			t.Fatal(err)
		}
	}
	tally, err := s.Rate(ctx, users[0].ID, a.ID, 1, VoteSignals{}, rate) // 3 → 1
	if err != nil || tally.Ratings != 3 || tally.Sum != 1+4+5 || tally.Mine != 1 {
		t.Fatalf("changed rating: %+v, %v", tally, err)
	}
	if tally, err = s.Unrate(ctx, users[1].ID, a.ID, rate); err != nil || tally.Ratings != 2 || tally.Sum != 6 {
		t.Fatalf("withdrawn: %+v, %v", tally, err)
	}
	refuse := func(domain.Challenge, domain.Idea) error { return domain.Conflict("no", "no") }
	if _, err := s.Rate(ctx, users[1].ID, a.ID, 5, VoteSignals{}, refuse); err == nil {
		t.Fatal("a refused rating was stored")
	}
	got, _ := s.Idea(ctx, a.ID)
	if got.Ratings != 2 || got.RatingSum != 6 || got.RankScore != domain.BayesianStars(6, 2) {
		t.Errorf("idea a: %d ratings, sum %d, rank %v", got.Ratings, got.RatingSum, got.RankScore)
	}
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	if _, err := s.Compare(ctx, users[0].ID, c.ID, a.ID, b.ID, b.ID, VoteSignals{}, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compare(ctx, users[0].ID, c.ID, b.ID, a.ID, a.ID, VoteSignals{}, ok); domain.AsError(err) == nil || domain.AsError(err).Code != "pair_answered" {
		t.Errorf("the same pair twice: %v", err)
	}
	if _, err := s.Compare(ctx, users[1].ID, c.ID, a.ID, b.ID, 0, VoteSignals{}, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Compare(ctx, users[2].ID, c.ID, a.ID, b.ID, a.ID, VoteSignals{}, ok); err != nil {
		t.Fatal(err)
	}
	ga, _ := s.Idea(ctx, a.ID)
	gb, _ := s.Idea(ctx, b.ID)
	if ga.Comparisons != 2 || ga.Wins != 1 || gb.Comparisons != 2 || gb.Wins != 1 {
		t.Errorf("comparisons a %d/%d b %d/%d", ga.Wins, ga.Comparisons, gb.Wins, gb.Comparisons)
	}
	out, newest, err := s.Outcomes(ctx, c.ID)
	if err != nil || len(out) != 2 || newest == 0 || out[0] != (Outcome{b.ID, a.ID}) || out[1] != (Outcome{a.ID, b.ID}) {
		t.Errorf("outcomes %v newest %d: %v", out, newest, err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) != 0 {
		t.Fatalf("check: %v %v", v, err)
	}
	for _, bad := range []string{
		`UPDATE ideas SET ratings = ratings + 1 WHERE id = ?`,
		`UPDATE ideas SET rating_sum = rating_sum + 2 WHERE id = ?`,
		`UPDATE ideas SET comparisons = comparisons + 1 WHERE id = ?`,
		`UPDATE ideas SET wins = 0 WHERE id = ?`,
	} {
		if _, err := s.w.Exec(bad, a.ID); err != nil {
			t.Fatal(err)
		}
		v, err := s.Check(ctx)
		if err != nil || len(v) != 1 || v[0].ID != a.ID {
			t.Errorf("after %q: %v %v", bad, v, err)
		}
		if _, err := s.w.Exec(`UPDATE ideas SET ratings = 2, rating_sum = 6, comparisons = 2, wins = 1 WHERE id = ?`, a.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// A challenge's comparisons count the pair choices its listed ideas won:
// a skip counts none, and a hidden idea's wins leave the count with it.
func TestStatsLeaveOutAHiddenIdeasWins(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[0].ID, "a")
	b := addIdea(t, s, c, users[0].ID, "b")
	h := addIdea(t, s, c, users[0].ID, "h")
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	for _, p := range []struct {
		u            int
		x, y, winner int64
	}{{0, a.ID, b.ID, b.ID}, {1, a.ID, h.ID, h.ID}, {2, b.ID, h.ID, h.ID}, {0, a.ID, h.ID, 0}} {
		if _, err := s.Compare(ctx, users[p.u].ID, c.ID, p.x, p.y, p.winner, VoteSignals{}, ok); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := s.Stats(ctx, c.ID); err != nil || st.Ideas != 3 || st.Comparisons != 3 {
		t.Fatalf("before hiding: %+v, %v; want 3 ideas, 3 comparisons", st, err)
	}
	if _, err := s.w.Exec(`UPDATE ideas SET state = ? WHERE id = ?`, domain.StateHidden, h.ID); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Stats(ctx, c.ID); err != nil || st.Ideas != 2 || st.Comparisons != 1 {
		t.Errorf("after hiding the idea that won two: %+v, %v; want 2 ideas, 1 comparison", st, err)
	}
}

// A quarantined group's ratings and pair choices are held out of the
// counters with its votes, counted again when cleared, and gone when
// removed; the scan sees them as votes; check stays clean throughout.
func TestIntegrityHoldsRatingsAndComparisons(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 6)
	a, b := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b")
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	for i, u := range users {
		if _, err := s.Rate(ctx, u.ID, a.ID, 1+i%5, VoteSignals{Net: 7, UA: 8, Age: 9}, rate); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Compare(ctx, u.ID, c.ID, a.ID, b.ID, b.ID, VoteSignals{Net: 7}, ok); err != nil {
			t.Fatal(err)
		}
	}
	acts, _, err := s.IntegrityVotes(ctx, c.ID)
	if err != nil || len(acts) != 12 {
		t.Fatalf("the scan sees %d acts: %v", len(acts), err)
	}
	if n, err := s.NewestVote(ctx, c.ID); err != nil || n == 0 {
		t.Errorf("newest act %d %v", n, err)
	}
	ring := []int64{users[3].ID, users[4].ID, users[5].ID}
	if err := s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{a.ID, b.ID}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
	ga, _ := s.Idea(ctx, a.ID)
	gb, _ := s.Idea(ctx, b.ID)
	// users 0..2 rated 1, 2, 3; their 3 comparisons count.
	if ga.Ratings != 3 || ga.RatingSum != 6 || gb.Comparisons != 3 || gb.Wins != 3 {
		t.Errorf("held: ratings %d sum %d, comparisons %d wins %d", ga.Ratings, ga.RatingSum, gb.Comparisons, gb.Wins)
	}
	noViolations(t, s)
	r, err := s.IntegrityReport(ctx, c.ID)
	if err != nil || len(r.Groups) != 1 {
		t.Fatalf("report %+v %v", r, err)
	}
	decide := func(action string) {
		t.Helper()
		if err := s.DecideIntegrityGroup(ctx, c.ID, r.Groups[0].ID, users[0].ID, action, "coordinated", func(string, []int64) []domain.Outgoing { return nil }, nil, func(string) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	decide("clear")
	ga, _ = s.Idea(ctx, a.ID)
	if ga.Ratings != 6 || ga.RatingSum != 1+2+3+4+5+1 {
		t.Errorf("cleared: %d ratings, sum %d", ga.Ratings, ga.RatingSum)
	}
	noViolations(t, s)
	// Quarantined again, then removed: the rows are gone.
	if err := s.SaveIntegrityScan(ctx, c.ID, 2, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{a.ID}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
	r, _ = s.IntegrityReport(ctx, c.ID)
	for _, g := range r.Groups {
		if g.Status == integrity.Quarantined {
			r.Groups[0] = g
		}
	}
	decide("remove")
	ga, _ = s.Idea(ctx, a.ID)
	gb, _ = s.Idea(ctx, b.ID)
	if ga.Ratings != 3 || gb.Comparisons != 3 || ga.Comparisons != 3 {
		t.Errorf("removed: a %d ratings %d comparisons, b %d comparisons", ga.Ratings, ga.Comparisons, gb.Comparisons)
	}
	var left int
	if err := s.r.QueryRow(`SELECT (SELECT COUNT(*) FROM ratings) + (SELECT COUNT(*) FROM comparisons)`).Scan(&left); err != nil || left != 6 {
		t.Errorf("%d rows left: %v", left, err)
	}
	noViolations(t, s)
}
