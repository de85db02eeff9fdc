package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// quarantineRing holds ring's acts in challenge cid, as a scan that found
// them does.
func quarantineRing(t *testing.T, s *Store, cid, ideaID int64, ring []int64) {
	t.Helper()
	if err := s.SaveIntegrityScan(context.Background(), cid, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: ring, Ideas: []int64{ideaID}, Score: 0.9}}}
	}); err != nil {
		t.Fatal(err)
	}
}

// Held votes leave the public "votes per day" chart as they leave every
// tally: a click farm's burst does not show as a day of enthusiasm.
func TestVotesPerDayLeaveHeldVotesOut(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 5)
	a := addIdea(t, s, c, users[0].ID, "a")
	for _, u := range users {
		if _, err := s.Vote(ctx, u.ID, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	quarantineRing(t, s, c.ID, a.ID, []int64{users[3].ID, users[4].ID})
	days, err := s.VotesPerDay(ctx, c.ID, time.UTC)
	total := 0
	for _, d := range days {
		total += d.Count
	}
	if err != nil || total != 3 {
		t.Fatalf("the chart counts %d votes (%+v, %v), want the 3 counted", total, days, err)
	}
}

// Only counted buyers hear that a design goes into production: a held
// (quarantined) intent is no buyer until an admin clears it.
func TestProductionTellsNoHeldBuyer(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 4)
	idea := addIdea(t, s, c, users[0].ID, "裙")
	for _, u := range users[1:] {
		if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: idea.ID, UserID: u.ID, Quantity: 1}, VoteSignals{}, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	held := users[3]
	quarantineRing(t, s, c.ID, idea.ID, []int64{held.ID})
	n, err := s.MarkProduction(ctx, idea.ID, allowIntent, func(idea domain.Idea, buyers []int64) []domain.Outgoing {
		return domain.ProductionNotices(idea.ID, idea.Title, buyers)
	})
	if err != nil || n != 2 {
		t.Fatalf("told %d buyers (%v), want the 2 counted", n, err)
	}
	if notes, err := s.Notifications(ctx, held.ID, 0, 10); err != nil || len(notes) != 0 {
		t.Fatalf("the held buyer was told: %+v %v", notes, err)
	}
}
