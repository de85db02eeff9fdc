package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// A quarantined group's buying intents leave the design's buyers and units
// and the demand report at once, count again when cleared (a change made
// while held stays held), and are gone when removed; the scan sees them.
func TestIntegrityHoldsIntents(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 5)
	a := addIdea(t, s, c, users[0].ID, "a")
	for i, u := range users {
		if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: a.ID, UserID: u.ID, Quantity: 1 + i, Options: map[string]string{"size": "M"}},
			VoteSignals{Net: 7, UA: 8, Age: 9}, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	acts, _, err := s.IntegrityVotes(ctx, c.ID)
	if err != nil || len(acts) != 5 || acts[0].Idea != a.ID || acts[0].Net != 7 {
		t.Fatalf("the scan sees %+v: %v", acts, err)
	}
	if n, err := s.NewestVote(ctx, c.ID); err != nil || n == 0 {
		t.Errorf("newest act %d %v", n, err)
	}
	if due, err := s.IntegrityScansDue(ctx); err != nil || len(due) != 1 || due[0].ChallengeID != c.ID {
		t.Errorf("scans due %+v %v", due, err)
	}
	ring := []int64{users[3].ID, users[4].ID} // 4 + 5 units
	quarantine := func(seen int64) {
		t.Helper()
		if err := s.SaveIntegrityScan(ctx, c.ID, seen, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{a.ID}, Score: 0.9}}}
		}); err != nil {
			t.Fatal(err)
		}
	}
	tally := func(buyers, units int) {
		t.Helper()
		got, _ := s.Idea(ctx, a.ID)
		if got.Buyers != buyers || got.Units != units {
			t.Errorf("buyers %d units %d, want %d %d", got.Buyers, got.Units, buyers, units)
		}
		groups, err := s.intentGroups(ctx, c.ID)
		n, u := 0, 0
		for _, g := range groups {
			n, u = n+g.Buyers, u+g.Units
		}
		if err != nil || n != buyers || u != units {
			t.Errorf("demand report: %d buyers %d units, want %d %d (%v)", n, u, buyers, units, err)
		}
		noViolations(t, s)
	}
	quarantine(1)
	tally(3, 6)
	// A held intent changed or withdrawn leaves the counters alone.
	if got, err := s.PutIntent(ctx, domain.Intent{IdeaID: a.ID, UserID: users[4].ID, Quantity: 10, Options: map[string]string{"size": "S"}},
		VoteSignals{}, allowIntent); err != nil || got != (Tally{3, 6}) {
		t.Errorf("held intent changed: %+v %v", got, err)
	}
	if got, err := s.DeleteIntent(ctx, users[3].ID, a.ID, allowIntent); err != nil || got != (Tally{3, 6}) {
		t.Errorf("held intent withdrawn: %+v %v", got, err)
	}
	tally(3, 6)
	r, err := s.IntegrityReport(ctx, c.ID)
	if err != nil || len(r.Groups) != 1 {
		t.Fatalf("report %+v %v", r, err)
	}
	decide := func(group int64, action string) {
		t.Helper()
		if err := s.DecideIntegrityGroup(ctx, c.ID, group, users[0].ID, action, "in step", func(title string, fans []int64) []domain.Outgoing {
			return domain.VotesRemovedNotices(c.ID, title, "in step", fans)
		}, nil, func(string) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	decide(r.Groups[0].ID, "clear")
	tally(4, 16) // user 4's changed intent (10) counts; user 3 withdrew
	quarantine(2)
	r, _ = s.IntegrityReport(ctx, c.ID)
	var q int64
	for _, g := range r.Groups {
		if g.Status == integrity.Quarantined {
			q = g.ID
		}
	}
	tally(3, 6)
	decide(q, "remove")
	tally(3, 6)
	var left int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM intents`).Scan(&left); err != nil || left != 3 {
		t.Errorf("%d intents left: %v", left, err)
	}
	log, _, err := s.IntegrityLogPage(ctx, c.ID, nil, 0)
	if err != nil || len(log) != 1 || log[0].VotesRemoved != 1 {
		t.Errorf("log %+v %v", log, err)
	}
}

// A changed rating or intent is seen by the scan at its change, with the
// signals of the request that changed it.
func TestChangedActsKeepTheirOwnSignals(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	a := addIdea(t, s, c, users[0].ID, "a")
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	in := domain.Intent{IdeaID: a.ID, UserID: users[0].ID, Quantity: 1, Options: map[string]string{}}
	for i, sig := range []VoteSignals{{Net: 1, UA: 2, Age: 3}, {Net: 4, UA: 5, Age: 6}} {
		if _, err := s.Rate(ctx, users[0].ID, a.ID, 2+i, sig, rate); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutIntent(ctx, in, sig, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	acts, _, err := s.IntegrityVotes(ctx, c.ID)
	if err != nil || len(acts) != 2 {
		t.Fatalf("acts %+v %v", acts, err)
	}
	for _, v := range acts {
		if v.Net != 4 || v.UA != 5 || v.Age != 6 {
			t.Errorf("act %+v keeps the first request's signals", v)
		}
	}
}
