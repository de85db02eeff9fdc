package service

import (
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// Once a scan quarantines a ring, its members' next votes are held as
// they are cast (the service's set of quarantined accounts), not at the
// next scan; clearing the group counts every held vote again and the
// members' later votes count at once.
func TestQuarantinedFansVotesAreHeldAsCast(t *testing.T) {
	w, c, ideas, ring, farm := farmWorld(t, 5)
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined || len(r.Groups[0].Users) != 6 {
		t.Fatalf("scan: %+v %v", r, err)
	}
	counts := func(id int64) (int, int) {
		t.Helper()
		idea, err := w.s.Idea(w.ctx, &w.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		return idea.Votes, idea.VotesUnderReview
	}
	if v, h := counts(ideas[0]); v != 0 || h != 6 {
		t.Fatalf("after the scan: votes %d under review %d", v, h)
	}
	// Held as cast: no scan in between.
	if n, err := w.s.VoteFrom(w.ctx, &ring[0], ideas[3], farm); err != nil || n != 0 {
		t.Fatalf("a quarantined fan's vote answered %d %v, want the tally 0", n, err)
	}
	if v, h := counts(ideas[3]); v != 0 || h != 1 {
		t.Errorf("a quarantined fan's new vote: votes %d under review %d, want 0 and 1", v, h)
	}
	// An honest fan's vote counts.
	honest := w.fan(99)
	if n, err := w.s.VoteFrom(w.ctx, &honest, ideas[3], Client{Addr: "198.51.100.7", UserAgent: "phone"}); err != nil || n != 1 {
		t.Fatalf("an honest vote answered %d %v", n, err)
	}
	if _, err := w.s.DecideIntegrityGroup(w.ctx, &w.admin, c.ID, r.Groups[0].ID, "clear", ""); err != nil {
		t.Fatal(err)
	}
	if v, h := counts(ideas[3]); v != 2 || h != 0 {
		t.Errorf("cleared: votes %d under review %d, want 2 and 0", v, h)
	}
	if n, err := w.s.VoteFrom(w.ctx, &ring[1], ideas[4], farm); err != nil || n != 1 {
		t.Errorf("a cleared fan's vote answered %d %v, want 1", n, err)
	}
	w.checkClean(t)
}

// farmWorld is a world with an open challenge of n ideas, the first three
// voted on by a ring of 6 fans from one address, in step: a click farm
// for the scan to find.
func farmWorld(t *testing.T, n int) (w *world, c domain.Challenge, ideas []int64, ring []domain.User, farm Client) {
	t.Helper()
	w = newWorld(t)
	c, ideas, ring, farm = w.farm(n, 0)
	return w, c, ideas, ring, farm
}

// farm is farmWorld's challenge in w, its ring new fans numbered from
// first.
func (w *world) farm(n, first int) (c domain.Challenge, ideas []int64, ring []domain.User, farm Client) {
	t := w.t
	t.Helper()
	c = w.openCall()
	for i := range n {
		ideas = append(ideas, w.idea(c.ID, "想法"+string(rune('A'+i))))
	}
	farm = Client{Addr: "203.0.113.9", UserAgent: "farm/1.0"}
	for i := range 6 {
		u := w.fan(first + i)
		ring = append(ring, u)
		for _, idea := range ideas[:3] {
			if _, err := w.s.VoteFrom(w.ctx, &u, idea, farm); err != nil {
				t.Fatal(err)
			}
		}
	}
	return c, ideas, ring, farm
}

// bigRingWorld is a world with an open challenge of 30 ideas and a ring
// of 40 fans from one address who voted for every one of them: 1,200
// votes, more than one write holds. tallies sums the ideas' counted votes
// and those under review.
func bigRingWorld(t *testing.T) (w *world, c domain.Challenge, tallies func() (votes, held int)) {
	t.Helper()
	w = newWorld(t)
	c, tallies = w.bigRing(0)
	return w, c, tallies
}

// bigRing is bigRingWorld's challenge in w, its ring new fans numbered
// from first.
func (w *world) bigRing(first int) (c domain.Challenge, tallies func() (votes, held int)) {
	t := w.t
	t.Helper()
	c = w.openCall()
	var ideas []int64
	for i := range 30 {
		ideas = append(ideas, w.idea(c.ID, "想法"+string(rune('A'+i))))
	}
	farm := Client{Addr: "203.0.113.9", UserAgent: "farm/1.0"}
	for i := range 40 {
		u := w.fan(first + i)
		for _, idea := range ideas {
			if _, err := w.s.VoteFrom(w.ctx, &u, idea, farm); err != nil {
				t.Fatal(err)
			}
		}
	}
	return c, func() (votes, held int) {
		t.Helper()
		for _, id := range ideas {
			idea, err := w.s.Idea(w.ctx, &w.admin, id)
			if err != nil {
				t.Fatal(err)
			}
			votes, held = votes+idea.Votes, held+idea.VotesUnderReview
		}
		return votes, held
	}
}

// A ring with more votes than one write holds (1,200: 40 fans, 30 ideas)
// is held whole by the scan that quarantines it (its hold finished in
// writes of their own after the scan's) and counted whole again by the
// admin's clear, with the tallies exact.
func TestABigRingIsHeldAndClearedWhole(t *testing.T) {
	w, c, tallies := bigRingWorld(t)
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined || len(r.Groups[0].Users) != 40 || r.Groups[0].Votes != 1200 {
		t.Fatalf("scan: %+v %v", r, err)
	}
	if v, h := tallies(); v != 0 || h != 1200 || r.QuarantinedVotes != 1200 {
		t.Fatalf("after the scan: %d votes, %d under review (report %d); want all 1,200 held", v, h, r.QuarantinedVotes)
	}
	if _, err := w.s.DecideIntegrityGroup(w.ctx, &w.admin, c.ID, r.Groups[0].ID, "clear", ""); err != nil {
		t.Fatal(err)
	}
	if v, h := tallies(); v != 1200 || h != 0 {
		t.Errorf("after the clear: %d votes, %d under review; want all 1,200 counted", v, h)
	}
	w.checkClean(t)
}

// A big group's clear that committed but whose release did not run (the
// server stopped right after the decision's write) is released by the
// next integrity tick (ScanDue), with nothing new to scan.
func TestTheNextTickFinishesAnInterruptedRelease(t *testing.T) {
	w, c, tallies := bigRingWorld(t)
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined {
		t.Fatalf("scan: %+v %v", r, err)
	}
	// The decision's own write, as the service makes it, without the
	// release the service runs after it.
	if err := w.s.store.DecideIntegrityGroup(w.ctx, c.ID, r.Groups[0].ID, w.admin.ID, "clear", "", nil, nil,
		func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if v, h := tallies(); v != 0 || h != 1200 {
		t.Fatalf("after the clear's own write: %d votes, %d under review; want all 1,200 still held", v, h)
	}
	if due, err := w.s.store.IntegrityScansDue(w.ctx); err != nil || len(due) != 0 {
		t.Fatalf("challenges due for a scan: %v %v; want none (the tick has only the release to do)", due, err)
	}
	if err := w.s.ScanDue(w.ctx); err != nil {
		t.Fatal(err)
	}
	if v, h := tallies(); v != 1200 || h != 0 {
		t.Errorf("after the next tick: %d votes, %d under review; want all 1,200 counted", v, h)
	}
	w.checkClean(t)
}

// checkClean fails the test if cocreate check finds a violation.
func (w *world) checkClean(t *testing.T) {
	t.Helper()
	violations, err := w.s.store.Check(w.ctx)
	if err != nil || len(violations) > 0 {
		t.Errorf("check: %v %v", violations, err)
	}
}
