package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// A vote of an account the service knows to be quarantined somewhere
// (VoteSignals.Quarantined) is held as it is cast when the account is
// quarantined in the idea's challenge, and counted otherwise (another
// challenge, or the group cleared a moment ago). A quarantined account's
// vote cast without the flag (a node that did not know yet) counts until
// the next scan sweeps it up. check passes throughout.
func TestQuarantinedVotesAreHeldAsCast(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 8)
	other := c
	other.ID = 0
	other.Title = "冰箱"
	other, err := s.CreateChallenge(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	a, b, d := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b"), addIdea(t, s, c, users[0].ID, "d")
	elsewhere := addIdea(t, s, other, users[0].ID, "elsewhere")
	ring := []int64{users[3].ID, users[4].ID, users[5].ID, users[6].ID, users[7].ID}
	for _, u := range users {
		if _, err := s.VoteWith(ctx, u.ID, a.ID, VoteSignals{Net: 42, Age: 5}, allow); err != nil {
			t.Fatal(err)
		}
	}
	seen, _ := s.NewestVote(ctx, c.ID)
	quarantine := func(seen int64) {
		t.Helper()
		if err := s.SaveIntegrityScan(ctx, c.ID, seen, func(st []integrity.Stored) []integrity.Change {
			id := int64(0)
			if len(st) > 0 {
				id = st[0].ID
			}
			return []integrity.Change{{ID: id, Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{a.ID}, Score: 0.9, Votes: 5}}}
		}); err != nil {
			t.Fatal(err)
		}
	}
	quarantine(seen)
	want := func(idea domain.Idea, votes, held int) {
		t.Helper()
		if v, h := tally(t, s, idea.ID); v != votes || h != held {
			t.Errorf("idea %q: votes %d under review %d, want %d and %d", idea.Title, v, h, votes, held)
		}
		noViolations(t, s)
	}
	want(a, 3, 5)
	watched := VoteSignals{Net: 42, Age: 5, Quarantined: true}
	// Held as cast: the answer's tally does not move.
	if n, err := s.VoteWith(ctx, users[3].ID, b.ID, watched, allow); err != nil || n != 0 {
		t.Fatalf("a held vote answered %d %v, want the tally 0", n, err)
	}
	want(b, 0, 1)
	// Cast again: nothing changes.
	if n, err := s.VoteWith(ctx, users[3].ID, b.ID, watched, allow); err != nil || n != 0 {
		t.Fatalf("a held vote again answered %d %v", n, err)
	}
	want(b, 0, 1)
	// Quarantined in another challenge only: counted here.
	if n, err := s.VoteWith(ctx, users[4].ID, elsewhere.ID, watched, allow); err != nil || n != 1 {
		t.Fatalf("a vote in another challenge answered %d %v, want 1", n, err)
	}
	want(elsewhere, 1, 0)
	// Flagged but not quarantined anywhere (the service's set is stale):
	// counted.
	if n, err := s.VoteWith(ctx, users[1].ID, b.ID, watched, allow); err != nil || n != 1 {
		t.Fatalf("an honest flagged vote answered %d %v, want 1", n, err)
	}
	want(b, 1, 1)
	// A refused vote writes nothing.
	refuse := func(domain.Challenge, domain.Idea, int) error { return domain.Conflict("voting_closed", "closed") }
	if _, err := s.VoteWith(ctx, users[5].ID, d.ID, watched, refuse); domain.AsError(err) == nil {
		t.Fatalf("a refused held vote: %v", err)
	}
	want(d, 0, 0)
	// Not flagged (a node that did not know): counted until the scan.
	if n, err := s.VoteWith(ctx, users[5].ID, d.ID, VoteSignals{Net: 42}, allow); err != nil || n != 1 {
		t.Fatalf("an unflagged vote answered %d %v", n, err)
	}
	want(d, 1, 0)
	later := s.Now().Add(time.Minute)
	s.Now = func() time.Time { return later }
	seen, _ = s.NewestVote(ctx, c.ID)
	quarantine(seen)
	want(d, 0, 1)
	want(b, 1, 1)
	// A held vote withdrawn leaves votes_under_review.
	if _, err := s.Unvote(ctx, users[3].ID, b.ID, allow); err != nil {
		t.Fatal(err)
	}
	want(b, 1, 0)
	// Cleared: every held vote counts again, and a flagged vote cast after
	// (the service's set not reloaded yet) counts.
	r, _ := s.IntegrityReport(ctx, c.ID)
	if err := s.DecideIntegrityGroup(ctx, c.ID, r.Groups[0].ID, users[0].ID, "clear", "", nil, nil, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want(a, 8, 0)
	want(d, 1, 0)
	if n, err := s.VoteWith(ctx, users[6].ID, d.ID, watched, allow); err != nil || n != 2 {
		t.Fatalf("a vote after clearing answered %d %v, want 2", n, err)
	}
	want(d, 2, 0)
}

// The scan writes only what changed: a group whose figures and members
// are unchanged is not written again (its updated_at stays), members who
// joined are added and those who left removed, and a member's earlier
// votes are held when they join a quarantined group.
func TestIntegrityScanWritesOnlyChanges(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 9)
	a := addIdea(t, s, c, users[0].ID, "a")
	for _, u := range users {
		if _, err := s.VoteWith(ctx, u.ID, a.ID, VoteSignals{Net: 42}, allow); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(from, to int) []int64 {
		var out []int64
		for _, u := range users[from:to] {
			out = append(out, u.ID)
		}
		return out
	}
	clock := time.Now()
	save := func(status string, members []int64, score float64) integrity.Stored {
		t.Helper()
		// Ten minutes apart: the sweep of the members quarantined before
		// looks only a little before the previous scan.
		clock = clock.Add(10 * time.Minute)
		now := clock
		s.Now = func() time.Time { return now }
		if err := s.SaveIntegrityScan(ctx, c.ID, now.UnixMilli(), func(st []integrity.Stored) []integrity.Change {
			id := int64(0)
			if len(st) > 0 {
				id = st[0].ID
			}
			return []integrity.Change{{ID: id, Status: status, Group: integrity.Group{Users: members, Ideas: []int64{a.ID}, Score: score, Votes: len(members)}}}
		}); err != nil {
			t.Fatal(err)
		}
		tx, err := s.r.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		g, err := storedGroups(tx, c.ID, "")
		if err != nil || len(g) != 1 {
			t.Fatalf("groups %+v %v", g, err)
		}
		return g[0].Stored
	}
	updated := func() int64 {
		r, err := s.IntegrityReport(ctx, c.ID)
		if err != nil || len(r.Groups) != 1 {
			t.Fatalf("report %+v %v", r, err)
		}
		return r.Groups[0].UpdatedAt.UnixMilli()
	}
	save(integrity.Suspected, ids(1, 6), 0.6)
	first := updated()
	save(integrity.Suspected, ids(1, 6), 0.6)
	if updated() != first {
		t.Error("an unchanged group was written again")
	}
	g := save(integrity.Suspected, ids(2, 7), 0.6)
	if !slices.Equal(g.Users, ids(2, 7)) || updated() != first {
		t.Errorf("members %v (updated %d, first %d), want %v and the row unchanged", g.Users, updated(), first, ids(2, 7))
	}
	g = save(integrity.Quarantined, ids(2, 7), 0.9)
	if g.Status != integrity.Quarantined || updated() == first {
		t.Errorf("quarantined: %+v", g)
	}
	if v, h := tally(t, s, a.ID); v != 4 || h != 5 {
		t.Errorf("quarantined: votes %d under review %d, want 4 and 5", v, h)
	}
	g = save(integrity.Quarantined, ids(2, 9), 0.9)
	if !slices.Equal(g.Users, ids(2, 9)) {
		t.Errorf("grown: %v", g.Users)
	}
	if v, h := tally(t, s, a.ID); v != 2 || h != 7 {
		t.Errorf("grown: votes %d under review %d, want 2 and 7", v, h)
	}
	noViolations(t, s)
}

func TestMemberChanges(t *testing.T) {
	for _, c := range []struct{ stored, now, joined, left []int64 }{
		{nil, nil, nil, nil},
		{nil, []int64{3, 1}, []int64{1, 3}, nil},
		{[]int64{1, 2}, nil, nil, []int64{1, 2}},
		{[]int64{1, 2, 4}, []int64{2, 3, 4, 5}, []int64{3, 5}, []int64{1}},
		{[]int64{5, 6}, []int64{1, 2}, []int64{1, 2}, []int64{5, 6}},
	} {
		joined, left := memberChanges(c.stored, c.now)
		if !slices.Equal(joined, c.joined) || !slices.Equal(left, c.left) {
			t.Errorf("%v → %v: joined %v left %v, want %v and %v", c.stored, c.now, joined, left, c.joined, c.left)
		}
	}
}

// A quarantined account's rating, pair answer and buying intent are held
// as they are cast too, when the service flags it; an honest account's,
// flagged by a stale set, count. check passes throughout.
func TestQuarantinedActsAreHeldAsCast(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 7)
	a, b := addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b")
	var ring []int64
	for _, u := range users[1:6] {
		ring = append(ring, u.ID)
	}
	if err := s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{a.ID}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
	flagged := VoteSignals{Net: 1, Quarantined: true}
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	compare := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	held := func(ratings, comparisons, intents int) {
		t.Helper()
		r, err := s.IntegrityReport(ctx, c.ID)
		if err != nil || r.Held != (domain.HeldActs{Ratings: ratings, Comparisons: comparisons, Intents: intents}) {
			t.Errorf("held %+v %v, want %d ratings, %d comparisons, %d intents", r.Held, err, ratings, comparisons, intents)
		}
		noViolations(t, s)
	}
	if tl, err := s.Rate(ctx, users[1].ID, a.ID, 5, flagged, rate); err != nil || tl.Ratings != 0 {
		t.Fatalf("a held rating: %+v %v", tl, err)
	}
	// Changed while held: still held.
	if tl, err := s.Rate(ctx, users[1].ID, a.ID, 3, VoteSignals{}, rate); err != nil || tl.Ratings != 0 {
		t.Fatalf("a held rating changed: %+v %v", tl, err)
	}
	if tl, err := s.Rate(ctx, users[6].ID, a.ID, 4, flagged, rate); err != nil || tl.Ratings != 1 || tl.Sum != 4 {
		t.Fatalf("an honest flagged rating: %+v %v", tl, err)
	}
	held(1, 0, 0)
	if counted, err := s.Compare(ctx, users[2].ID, c.ID, a.ID, b.ID, a.ID, flagged, compare); err != nil || counted {
		t.Fatalf("the quarantined fan's answer: counted %v, %v; want held, not counted", counted, err)
	}
	if counted, err := s.Compare(ctx, users[6].ID, c.ID, a.ID, b.ID, b.ID, flagged, compare); err != nil || !counted {
		t.Fatalf("an honest answer: counted %v, %v", counted, err)
	}
	held(1, 1, 0)
	if got, _ := s.Idea(ctx, a.ID); got.Comparisons != 1 || got.Wins != 0 {
		t.Errorf("idea a: %d comparisons, %d wins; want the honest one only", got.Comparisons, got.Wins)
	}
	intent := func(u domain.User, q int) Tally {
		t.Helper()
		tl, err := s.PutIntent(ctx, domain.Intent{IdeaID: b.ID, UserID: u.ID, Quantity: q, Options: map[string]string{}}, flagged, allowIntent)
		if err != nil {
			t.Fatal(err)
		}
		return tl
	}
	if tl := intent(users[3], 2); tl.Buyers != 0 {
		t.Errorf("a held intent: %+v", tl)
	}
	if tl := intent(users[3], 5); tl.Buyers != 0 {
		t.Errorf("a held intent changed: %+v", tl)
	}
	if tl := intent(users[6], 3); tl.Buyers != 1 || tl.Units != 3 {
		t.Errorf("an honest flagged intent: %+v", tl)
	}
	held(1, 1, 1)
	r, _ := s.IntegrityReport(ctx, c.ID)
	if err := s.DecideIntegrityGroup(ctx, c.ID, r.Groups[0].ID, users[0].ID, "clear", "", nil, nil, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	held(0, 0, 0)
	got, _ := s.Idea(ctx, a.ID)
	if got.Ratings != 2 || got.RatingSum != 7 || got.Comparisons != 2 || got.Wins != 1 {
		t.Errorf("cleared: %d ratings summing %d, %d comparisons, %d wins", got.Ratings, got.RatingSum, got.Comparisons, got.Wins)
	}
	if got, _ := s.Idea(ctx, b.ID); got.Buyers != 2 || got.Units != 8 {
		t.Errorf("cleared: %d buyers, %d units", got.Buyers, got.Units)
	}
}
