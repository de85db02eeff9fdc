package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// tellProduction is the service's productionNotices.
func tellProduction(idea domain.Idea, buyers []int64) []domain.Outgoing {
	return domain.ProductionNotices(idea.ID, idea.Title, buyers)
}

// releaseWorld is a design poll's idea with three buyers, the last two a
// ring a scan can quarantine (their intents held) and an admin clear.
type releaseWorld struct {
	ctx   context.Context
	s     *Store
	users []domain.User
	c     domain.Challenge
	idea  domain.Idea
	ring  []int64
}

func newReleaseWorld(t *testing.T) *releaseWorld {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 4)
	w := &releaseWorld{ctx: ctx, s: s, users: users, c: c, idea: addIdea(t, s, c, users[0].ID, "裙"),
		ring: []int64{users[2].ID, users[3].ID}}
	for _, u := range users[1:] {
		if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: w.idea.ID, UserID: u.ID, Quantity: 1}, VoteSignals{}, allowIntent); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// quarantine holds the ring's acts in a new group (votes: the acts the
// scan counted; above holdChunk the hold and its clear go a range of
// ideas a write, FinishHolds) and answers the group.
func (w *releaseWorld) quarantine(t *testing.T, votes int) int64 {
	t.Helper()
	if err := w.s.SaveIntegrityScan(w.ctx, w.c.ID, 1, func([]integrity.Stored) []integrity.Change {
		return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: w.ring, Ideas: []int64{w.idea.ID}, Score: 0.9, Votes: votes}}}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.FinishHolds(w.ctx, tellProduction); err != nil {
		t.Fatal(err)
	}
	var group int64
	if err := w.s.r.QueryRow(`SELECT MAX(id) FROM integrity_groups WHERE status = 'quarantined'`).Scan(&group); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.s.Idea(w.ctx, w.idea.ID); got.Buyers != 1 {
		t.Fatalf("%d buyers counted after the quarantine; want 1", got.Buyers)
	}
	return group
}

// clear clears a group as an admin does, and finishes its release as the
// service does after it (FinishGroupHold).
func (w *releaseWorld) clear(t *testing.T, group int64) {
	t.Helper()
	if err := w.s.DecideIntegrityGroup(w.ctx, w.c.ID, group, w.users[0].ID, "clear", "", nil, tellProduction,
		func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.FinishGroupHold(w.ctx, group, tellProduction); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.s.Idea(w.ctx, w.idea.ID); got.Buyers != 3 {
		t.Fatalf("%d buyers counted after the clear; want 3", got.Buyers)
	}
}

func (w *releaseWorld) produce(t *testing.T, wantTold int) {
	t.Helper()
	n, err := w.s.MarkProduction(w.ctx, w.idea.ID, allowIntent, tellProduction)
	if err != nil || n != wantTold {
		t.Fatalf("MarkProduction told %d (%v); want %d", n, err, wantTold)
	}
}

// told is how many production notices of the idea each fan has, and how
// many mail jobs those notices have.
func (w *releaseWorld) told(t *testing.T) (map[int64]int, int) {
	t.Helper()
	out := map[int64]int{}
	for _, u := range w.users {
		notes, err := w.s.Notifications(w.ctx, u.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			if n.Kind == domain.NoticeProduction && n.URL == domain.IdeaLink(w.idea.ID) {
				out[u.ID]++
			}
		}
	}
	var mails int
	if err := w.s.r.QueryRow(`SELECT COUNT(*) FROM mail_jobs j JOIN notifications n ON n.id = j.notification_id
		WHERE n.kind = ?`, string(domain.NoticeProduction)).Scan(&mails); err != nil {
		t.Fatal(err)
	}
	return out, mails
}

// wantEveryoneOnce: every buyer has the idea's production notice once,
// with its email; the organiser (no buyer) none.
func (w *releaseWorld) wantEveryoneOnce(t *testing.T) {
	t.Helper()
	got, mails := w.told(t)
	for _, u := range w.users[1:] {
		if got[u.ID] != 1 {
			t.Errorf("fan %d has %d production notices; want 1 (%v)", u.ID, got[u.ID], got)
		}
	}
	if got[w.users[0].ID] != 0 || mails != 3 {
		t.Errorf("the organiser has %d notices, %d mails queued; want none, and 3", got[w.users[0].ID], mails)
	}
}

// A buyer held for review when a design goes into production, and cleared
// after, is told then, in the clear's write: once, however often the ring
// is held and cleared again. A small group is released in the decision's
// own write, a big one a range of ideas a write (FinishGroupHold): both
// tell.
func TestClearedBuyersHearOfProductionOnce(t *testing.T) {
	for _, votes := range []int{2, holdChunk + 1} {
		w := newReleaseWorld(t)
		g := w.quarantine(t, votes)
		w.produce(t, 1)
		if got, _ := w.told(t); got[w.ring[0]]+got[w.ring[1]] != 0 {
			t.Fatalf("held buyers told at production: %v", got)
		}
		w.clear(t, g)
		w.wantEveryoneOnce(t)
		// Held and cleared again: nobody hears it twice.
		w.clear(t, w.quarantine(t, votes))
		w.wantEveryoneOnce(t)
		noViolations(t, w.s)
	}
}

// Buyers held and cleared before the design goes into production are told
// by MarkProduction alone, and a clear on a design not in production tells
// nobody anything.
func TestClearBeforeProductionTellsNothing(t *testing.T) {
	for _, votes := range []int{2, holdChunk + 1} {
		w := newReleaseWorld(t)
		w.clear(t, w.quarantine(t, votes))
		if got, mails := w.told(t); len(got) != 0 || mails != 0 {
			t.Fatalf("a clear of a design not in production told %v (%d mails)", got, mails)
		}
		w.produce(t, 3)
		w.clear(t, w.quarantine(t, votes))
		w.wantEveryoneOnce(t)
	}
}

// A store given no tell (nil) releases as before and tells no one.
func TestClearWithoutTellTellsNoOne(t *testing.T) {
	w := newReleaseWorld(t)
	g := w.quarantine(t, 2)
	w.produce(t, 1)
	if err := w.s.DecideIntegrityGroup(w.ctx, w.c.ID, g, w.users[0].ID, "clear", "", nil, nil,
		func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.told(t); got[w.ring[0]]+got[w.ring[1]] != 0 {
		t.Fatalf("told with no tell: %v", got)
	}
}

// A big group's release that the decision's own FinishGroupHold did not
// finish (a crash, a stop) is finished by the next FinishHolds, which
// tells its buyers as well.
func TestUnfinishedReleaseTellsWhenFinished(t *testing.T) {
	w := newReleaseWorld(t)
	g := w.quarantine(t, holdChunk+1)
	w.produce(t, 1)
	if err := w.s.DecideIntegrityGroup(w.ctx, w.c.ID, g, w.users[0].ID, "clear", "", nil, tellProduction,
		func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.told(t); got[w.ring[0]]+got[w.ring[1]] != 0 {
		t.Fatalf("told before the release: %v", got)
	}
	if _, err := w.s.FinishHolds(w.ctx, tellProduction); err != nil {
		t.Fatal(err)
	}
	w.wantEveryoneOnce(t)
}
