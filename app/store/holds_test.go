package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// bigRing is a challenge with 300 ideas and a ring of 600 accounts that
// cast 10 votes each (6,000: three writes of a hold at holdChunk) an hour
// ago, and two fans outside it.
type bigRing struct {
	s     *Store
	c     domain.Challenge
	admin int64
	fans  []int64 // outside the ring
	ideas []int64
	ring  []int64
	clock time.Time
}

const ringVotes = 600 * 10

func newBigRing(t *testing.T, s *Store) *bigRing {
	t.Helper()
	users, c := fixture(t, s, 3)
	r := &bigRing{s: s, c: c, admin: users[0].ID, fans: []int64{users[1].ID, users[2].ID}}
	for range 300 {
		r.ideas = append(r.ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	r.clock = s.Now()
	r.ring = bulkRing(t, s, c.ID, r.ideas, 600, 10, r.clock.Add(-time.Hour))
	return r
}

// quarantine is the scan that quarantines the ring: too big for its own
// write, it holds nothing itself and marks the group.
func (r *bigRing) quarantine(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	r.clock = r.clock.Add(time.Minute)
	now := r.clock
	r.s.Now = func() time.Time { return now }
	if err := r.s.SaveIntegrityScan(ctx, r.c.ID, now.UnixMilli(), quarantineFirst(integrity.Group{
		Users: r.ring, Ideas: r.ideas[:3], Score: 0.9, Votes: ringVotes})); err != nil {
		t.Fatal(err)
	}
	noViolations(t, r.s)
	if held := heldActsOf(t, r.s, 0); held != 0 {
		t.Fatalf("the scan held %d votes itself; want none (the group is too big for its write)", held)
	}
	rep, err := r.s.IntegrityReport(ctx, r.c.ID)
	if err != nil || len(rep.Groups) != 1 {
		t.Fatalf("report %+v %v", rep, err)
	}
	if !holding(t, r.s, rep.Groups[0].ID) {
		t.Fatal("the quarantined group is not marked for its hold")
	}
	return rep.Groups[0].ID
}

// another is a challenge created after the ring's, with n ideas.
func (r *bigRing) another(t *testing.T, title string, n int) (c domain.Challenge, ideas []int64) {
	t.Helper()
	c = r.c
	c.Title = title
	c, err := r.s.CreateChallenge(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		ideas = append(ideas, addIdea(t, r.s, c, r.admin, title+" idea").ID)
	}
	return c, ideas
}

// holding says whether a group's hold (or release) is under way, as the
// admin's report shows it, checked against its mark.
func holding(t *testing.T, s *Store, group int64) bool {
	t.Helper()
	var mark int
	var challenge int64
	if err := s.r.QueryRow(`SELECT holding, challenge_id FROM integrity_groups WHERE id = ?`, group).Scan(&mark, &challenge); err != nil {
		t.Fatal(err)
	}
	g, err := s.IntegrityGroup(context.Background(), challenge, group)
	if err != nil {
		t.Fatal(err)
	}
	if g.Holding != (mark != 0) {
		t.Errorf("group %d (%s) is marked %d, and the report says holding %v", group, g.Status, mark, g.Holding)
	}
	return g.Holding
}

// countedVotes is the challenge's counted votes by its ideas' tallies.
func countedVotes(t *testing.T, s *Store, c domain.Challenge) (votes, underReview int) {
	t.Helper()
	if err := s.r.QueryRow(`SELECT SUM(votes), SUM(votes_under_review) FROM ideas WHERE challenge_id = ?`, c.ID).
		Scan(&votes, &underReview); err != nil {
		t.Fatal(err)
	}
	return votes, underReview
}

// A big quarantine is held in several writes, and between two of them a
// vote of a fan outside the ring is written and acknowledged while the
// ring is still partly counted; a member's flagged vote cast meanwhile is
// held as cast. At the end every vote of the ring is held, the group is
// unmarked, and the tallies are exact at every step. The admin's clear is
// released the same way.
func TestABigHoldAndReleaseAreSeveralWritesWithVotesBetween(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := newBigRing(t, s)
	group := r.quarantine(t)
	writes := 1
	var between []string
	s.hooks.Store(&testHooks{betweenHolds: func(g int64, done int) error {
		if g != group || done != writes {
			t.Errorf("between writes %d of group %d; want %d of %d", done, g, writes, group)
		}
		writes++
		if done != 1 {
			return nil
		}
		// A vote outside the ring, acknowledged before the hold ends.
		if _, err := s.VoteWith(ctx, r.fans[0], r.ideas[len(r.ideas)-1], VoteSignals{Net: 1}, allow); err != nil {
			return err
		}
		// And a member's, held as cast (the service flags it).
		if _, err := s.VoteWith(ctx, r.ring[0], r.ideas[len(r.ideas)-2], VoteSignals{Net: 42, Quarantined: true}, allow); err != nil {
			return err
		}
		held := heldActsOf(t, s, 0)
		if held == 0 || held >= ringVotes {
			t.Errorf("after the first write of the hold %d votes held; want some of the ring's %d", held, ringVotes)
		}
		if !holding(t, s, group) {
			t.Error("the group is unmarked before its hold ended")
		}
		between = append(between, "voted")
		noViolations(t, s)
		return nil
	}})
	challenges, err := s.FinishHolds(ctx, nil)
	s.hooks.Store(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(challenges) != 1 || challenges[0] != r.c.ID {
		t.Errorf("FinishHolds held in %v; want the ring's challenge %d", challenges, r.c.ID)
	}
	if writes < 3 || len(between) != 1 {
		t.Fatalf("the hold took %d writes (votes between: %v); want at least 3, with the votes between the first two", writes, between)
	}
	noViolations(t, s)
	if held := heldActsOf(t, s, 0); held != ringVotes+1 {
		t.Errorf("%d votes held; want the ring's %d and the member's new one", held, ringVotes+1)
	}
	if votes, under := countedVotes(t, s, r.c); votes != 1 || under != ringVotes+1 {
		t.Errorf("tallies: %d votes, %d under review; want only the fan's counted", votes, under)
	}
	if holding(t, s, group) {
		t.Error("the group is still marked after its hold")
	}
	// Nothing left: the next FinishHolds has nothing to do.
	if challenges, err := s.FinishHolds(ctx, nil); err != nil || len(challenges) != 0 {
		t.Errorf("a second FinishHolds: %v, %v; want nothing to do", challenges, err)
	}

	// The admin clears the group: the decision marks it and releases
	// nothing itself; FinishHolds releases it in several writes, a vote
	// outside the ring written between two of them.
	if err := decide(s, r.c, group, r.admin, "clear"); err != nil {
		t.Fatal(err)
	}
	noViolations(t, s)
	if held := heldActsOf(t, s, 0); held != ringVotes+1 || !holding(t, s, group) {
		t.Fatalf("after the clear's own write %d votes held, marked %v; want all %d still held and the group marked",
			held, holding(t, s, group), ringVotes+1)
	}
	writes = 1
	between = nil
	s.hooks.Store(&testHooks{betweenHolds: func(g int64, done int) error {
		writes++
		if done != 1 {
			return nil
		}
		if _, err := s.VoteWith(ctx, r.fans[1], r.ideas[len(r.ideas)-1], VoteSignals{Net: 1}, allow); err != nil {
			return err
		}
		if held := heldActsOf(t, s, 0); held == 0 || held >= ringVotes+1 {
			t.Errorf("after the first write of the release %d votes held; want part of %d", held, ringVotes+1)
		}
		between = append(between, "voted")
		noViolations(t, s)
		return nil
	}})
	_, err = s.FinishHolds(ctx, nil)
	s.hooks.Store(nil)
	if err != nil {
		t.Fatal(err)
	}
	if writes < 3 || len(between) != 1 {
		t.Fatalf("the release took %d writes (votes between: %v); want at least 3, with the vote between the first two", writes, between)
	}
	noViolations(t, s)
	if held := heldActsOf(t, s, 0); held != 0 {
		t.Errorf("%d votes held after the release", held)
	}
	if votes, under := countedVotes(t, s, r.c); votes != ringVotes+3 || under != 0 {
		t.Errorf("tallies after the release: %d votes, %d under review; want %d and 0", votes, under, ringVotes+3)
	}
	if holding(t, s, group) {
		t.Error("the group is still marked after its release")
	}
}

// An admin's decision between two writes of a hold wins: the hold's next
// write reads the group decided and stops. A clear (its release run after
// it) leaves nothing held and every vote counted; a removal leaves none
// of the ring's votes.
func TestADecisionBetweenTwoHoldWritesWins(t *testing.T) {
	for _, action := range []string{"clear", "remove"} {
		t.Run(action, func(t *testing.T) {
			ctx := context.Background()
			s := mustOpen(t)
			r := newBigRing(t, s)
			group := r.quarantine(t)
			calls := 0
			s.hooks.Store(&testHooks{betweenHolds: func(int64, int) error {
				calls++
				if calls == 1 {
					return decide(s, r.c, group, r.admin, action)
				}
				return nil
			}})
			_, err := s.FinishHolds(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if calls != 1 {
				t.Errorf("the hold went on for %d more writes after the %s", calls-1, action)
			}
			// The clear's release (the service runs it after a decision).
			_, err = s.FinishHolds(ctx, nil)
			s.hooks.Store(nil)
			if err != nil {
				t.Fatal(err)
			}
			noViolations(t, s)
			if held := heldActsOf(t, s, 0); held != 0 {
				t.Errorf("%d votes held after the %s", held, action)
			}
			want := ringVotes
			if action == "remove" {
				want = 0
			}
			if votes, under := countedVotes(t, s, r.c); votes != want || under != 0 {
				t.Errorf("tallies after the %s: %d votes, %d under review; want %d and 0", action, votes, under, want)
			}
			if holding(t, s, group) {
				t.Error("the decided group is still marked")
			}
		})
	}
}

// A hold, and then a release, stopped between two writes (here by an
// error; a crash or a stop leaves the same rows) is finished by the next
// FinishHolds, after the store is opened again on the same database.
func TestAHoldStoppedBetweenWritesIsFinishedAfterARestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	r := newBigRing(t, s)
	group := r.quarantine(t)
	// stopAndRestart stops FinishHolds before its third write and opens
	// the store again; what it moved is kept.
	stopAndRestart := func(what string) {
		t.Helper()
		stop := errors.New("stopped")
		s.hooks.Store(&testHooks{betweenHolds: func(_ int64, done int) error {
			if done == 2 {
				return stop
			}
			return nil
		}})
		if _, err := s.FinishHolds(ctx, nil); !errors.Is(err, stop) {
			t.Fatalf("the %s: %v; want it stopped", what, err)
		}
		noViolations(t, s)
		if part := heldActsOf(t, s, 0); part == 0 || part >= ringVotes {
			t.Fatalf("%d votes held when the %s stopped; want part of %d", part, what, ringVotes)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if s, err = openTest(t, path); err != nil {
			t.Fatal(err)
		}
		reopened := s
		t.Cleanup(func() { reopened.Close() })
		if !holding(t, s, group) {
			t.Fatalf("the unfinished %s is not marked after the restart", what)
		}
		if challenges, err := s.FinishHolds(ctx, nil); err != nil || len(challenges) != 1 {
			t.Fatalf("FinishHolds after the restart: %v, %v", challenges, err)
		}
		noViolations(t, s)
		if holding(t, s, group) {
			t.Errorf("the group is still marked after the %s", what)
		}
	}
	stopAndRestart("hold")
	if held := heldActsOf(t, s, 0); held != ringVotes {
		t.Errorf("%d votes held after the restart's FinishHolds; want all %d", held, ringVotes)
	}
	if votes, under := countedVotes(t, s, r.c); votes != 0 || under != ringVotes {
		t.Errorf("tallies: %d votes, %d under review; want 0 and %d", votes, under, ringVotes)
	}
	if err := decide(s, r.c, group, r.admin, "clear"); err != nil {
		t.Fatal(err)
	}
	stopAndRestart("release")
	if held := heldActsOf(t, s, 0); held != 0 {
		t.Errorf("%d votes held after the restart's FinishHolds; want none", held)
	}
	if votes, under := countedVotes(t, s, r.c); votes != ringVotes || under != 0 {
		t.Errorf("tallies: %d votes, %d under review; want %d and 0", votes, under, ringVotes)
	}
}

// Each write of a hold keeps to its challenge's ideas as they are at that
// write (the first and the last range are open-ended): an idea added to
// the challenge during the hold, with a member's vote that was not held as
// cast (another node that has not read the quarantine yet), is held by
// the last write, and the members' votes in a challenge created after it
// are left counted.
func TestAHoldKeepsToItsChallengeAndTakesIdeasAddedMeanwhile(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := newBigRing(t, s)
	later, laterIdeas := r.another(t, "later", 3)
	for _, u := range r.ring[:5] {
		for _, idea := range laterIdeas {
			if _, err := s.VoteWith(ctx, u, idea, VoteSignals{Net: 1}, allow); err != nil {
				t.Fatal(err)
			}
		}
	}
	group := r.quarantine(t)
	var added int64
	s.hooks.Store(&testHooks{betweenHolds: func(_ int64, done int) error {
		if done != 1 {
			return nil
		}
		idea, err := s.CreateIdea(ctx, r.c.ID, r.admin, func(domain.Challenge, int) (domain.Idea, error) {
			return domain.Idea{Title: "added during the hold"}, nil
		})
		if err != nil {
			return err
		}
		added = idea.ID
		_, err = s.VoteWith(ctx, r.ring[1], added, VoteSignals{Net: 42}, allow)
		return err
	}})
	_, err := s.FinishHolds(ctx, nil)
	s.hooks.Store(nil)
	if err != nil {
		t.Fatal(err)
	}
	if added == 0 {
		t.Fatal("the hold took one write; want several")
	}
	noViolations(t, s)
	if held := heldActsOf(t, s, 0); held != ringVotes+1 {
		t.Errorf("%d votes held; want the ring's %d and its vote on the idea added during the hold", held, ringVotes+1)
	}
	if votes, under := countedVotes(t, s, r.c); votes != 0 || under != ringVotes+1 {
		t.Errorf("tallies: %d votes, %d under review; want 0 and %d", votes, under, ringVotes+1)
	}
	if votes, under := countedVotes(t, s, later); votes != 15 || under != 0 {
		t.Errorf("the later challenge's tallies: %d votes, %d under review; want its 15 counted", votes, under)
	}
	if holding(t, s, group) {
		t.Error("the group is still marked after its hold")
	}
}

// FinishGroupHold finishes its group's release and nothing of another
// group's unfinished hold; and two finishes of the one release at once (a
// decision's and a tick's, or another node's: here the second runs whole
// between the first's first two writes) agree: the first stops at the
// second's unmark, the tallies are exact and every vote counted once.
func TestFinishGroupHoldFinishesItsGroupAlone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := newBigRing(t, s)
	group := r.quarantine(t)
	finishHolds(t, s)
	if err := decide(s, r.c, group, r.admin, "clear"); err != nil {
		t.Fatal(err)
	}
	// Another challenge's ring of 2,000 votes, quarantined, its hold not
	// run yet.
	other, ideas := r.another(t, "other", 20)
	ring := bulkRing(t, s, other.ID, ideas, 200, 10, r.clock.Add(-time.Hour))
	if err := s.SaveIntegrityScan(ctx, other.ID, r.clock.UnixMilli(), quarantineFirst(integrity.Group{
		Users: ring, Ideas: ideas[:3], Score: 0.9, Votes: 2000})); err != nil {
		t.Fatal(err)
	}
	rep, err := s.IntegrityReport(ctx, other.ID)
	if err != nil || len(rep.Groups) != 1 || !holding(t, s, rep.Groups[0].ID) {
		t.Fatalf("the other ring's report %+v %v; want one group, marked", rep, err)
	}
	otherGroup := rep.Groups[0].ID

	nested := false
	s.hooks.Store(&testHooks{betweenHolds: func(_ int64, done int) error {
		if nested || done != 1 {
			return nil
		}
		nested = true
		_, err := s.FinishGroupHold(ctx, group, nil)
		return err
	}})
	challenges, err := s.FinishGroupHold(ctx, group, nil)
	s.hooks.Store(nil)
	if err != nil || len(challenges) != 1 || challenges[0] != r.c.ID {
		t.Fatalf("FinishGroupHold: %v %v; want the ring's challenge alone", challenges, err)
	}
	if !nested {
		t.Fatal("the release took one write; want several")
	}
	noViolations(t, s)
	if votes, under := countedVotes(t, s, r.c); votes != ringVotes || under != 0 {
		t.Errorf("tallies after the release: %d votes, %d under review; want %d and 0", votes, under, ringVotes)
	}
	if holding(t, s, group) {
		t.Error("the released group is still marked")
	}
	if votes, under := countedVotes(t, s, other); votes != 2000 || under != 0 || !holding(t, s, otherGroup) {
		t.Errorf("the other ring: %d votes, %d under review, marked %v; want its 2,000 counted, still marked",
			votes, under, holding(t, s, otherGroup))
	}
	if held := heldActsOf(t, s, 0); held != 0 {
		t.Errorf("%d votes held; want none", held)
	}
}

// A scan that adds members to a group while a hold of it is under way on
// another node (here between the hold's first two writes), with more acts
// than its own write holds, loses none of theirs: the hold planned before
// stops at the scan's new mark, and the next FinishHolds (the scan's own,
// after its write) holds the new members' acts on every idea, those of the
// ranges already done too.
func TestMembersAddedDuringAHoldAreHeldOnEveryIdea(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := newBigRing(t, s)
	group := r.quarantine(t)
	// 200 accounts more, 10 votes each on the ring's ideas: 2,000 votes.
	more := bulkRing(t, s, r.c.ID, r.ideas, 200, 10, r.clock.Add(-time.Hour))
	writes, scanned := 0, false
	s.hooks.Store(&testHooks{betweenHolds: func(_ int64, done int) error {
		writes = done
		if scanned {
			return nil
		}
		scanned = true
		r.clock = r.clock.Add(time.Minute)
		grown := append(append([]int64{}, r.ring...), more...)
		return s.SaveIntegrityScan(ctx, r.c.ID, r.clock.UnixMilli(), quarantineFirst(integrity.Group{
			Users: grown, Ideas: r.ideas[:3], Score: 0.9, Votes: ringVotes + 2000}))
	}})
	_, err := s.FinishHolds(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if writes > 1 {
		t.Errorf("the hold planned before the scan went on for %d writes after it", writes-1)
	}
	if !holding(t, s, group) {
		t.Fatal("the group grown during its hold is unmarked before the new members' acts are held")
	}
	_, err = s.FinishHolds(ctx, nil)
	s.hooks.Store(nil)
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, s)
	if held := heldActsOf(t, s, 0); held != ringVotes+2000 {
		t.Errorf("%d votes held; want the ring's %d and the new members' 2,000", held, ringVotes+2000)
	}
	if votes, under := countedVotes(t, s, r.c); votes != 0 || under != ringVotes+2000 {
		t.Errorf("tallies: %d votes, %d under review; want 0 and %d", votes, under, ringVotes+2000)
	}
	if holding(t, s, group) {
		t.Error("the group is still marked after its hold")
	}
}

// A hold that holds votes alone changes only tallies, as the votes did:
// it moves Version and leaves ContentVersion, so the ideas' texts and the
// list pages kept per ContentVersion outlive a big hold's writes during a
// storm (before, each of its writes emptied them). A hold that also holds a
// rating moves it: an idea's rating lives in its kept text.
func TestAHoldOfVotesAloneLeavesTheContentVersion(t *testing.T) {
	for _, rated := range []bool{false, true} {
		ctx := context.Background()
		s := mustOpen(t)
		r := newBigRing(t, s)
		if rated {
			if _, err := s.w.Exec(`INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at) VALUES (?, ?, ?, 5, 0, 0)`,
				r.ideas[0], r.ring[0], r.c.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.w.Exec(`UPDATE ideas SET ratings = ratings + 1, rating_sum = rating_sum + 5 WHERE id = ?`, r.ideas[0]); err != nil {
				t.Fatal(err)
			}
		}
		r.quarantine(t)
		hear(t, s) // PostgreSQL: every commit so far heard of
		v, cv := s.Version(), s.ContentVersion()
		if _, err := s.FinishHolds(ctx, nil); err != nil {
			t.Fatal(err)
		}
		hear(t, s)
		if held, want := heldActsOf(t, s, 0), ringVotes+map[bool]int{true: 1}[rated]; held != want {
			t.Errorf("rated %v: %d acts held; want the ring's %d", rated, held, want)
		}
		if s.Version() == v {
			t.Errorf("rated %v: the hold's writes did not move Version", rated)
		}
		if moved := s.ContentVersion() != cv; moved != rated {
			t.Errorf("rated %v: ContentVersion %d → %d; want it moved only by a hold of a rating", rated, cv, s.ContentVersion())
		}
	}
}
