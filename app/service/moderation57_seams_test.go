//go:build cocreate_seams

package service

import (
	"testing"

	"cocreate/app/store"
)

// One view of the moderation page reads the challenges its moderator may
// not see once (unseenChallenges, counted by its seam) and hands them to
// the queue and the log (the clubs without an organiser need none): on
// the first page, on each part's first page and on each part's page after
// a cursor. TestModq56ThePageGivesTheLogAndTheClubs compares what the
// page gives and would pass with a second reading in the log's path; this
// does not.
func TestSeams57TheModerationPageReadsTheUnseenOnce(t *testing.T) {
	w := newWorld(t)
	mod := modq55Queue(w)
	first, err := w.s.ModerationPage(w.ctx, &mod, store.QueueAll, "")
	if err != nil {
		t.Fatal(err)
	}
	// A cursor after each part's first item, as its page's Next would be
	// had the page held one item.
	after := func(items []store.ModerationItem) string {
		t.Helper()
		if len(items) == 0 {
			t.Fatal("the queue's part is empty: no cursor to page after")
		}
		m := items[0]
		return QueueCursorText(store.QueueCursor{Reports: m.Reports, UpdatedAt: m.UpdatedAt.UnixMilli(), Type: m.Type, ID: m.ID})
	}
	for _, c := range []struct {
		name   string
		part   store.QueuePart
		cursor string
	}{
		{"the first page", store.QueueAll, ""},
		{"the reviews' page", store.QueueReviews, ""},
		{"the reported items' page", store.QueueReported, ""},
		{"the reviews' page after a cursor", store.QueueReviews, after(first.Queue.Reviews.Items)},
		{"the reported items' page after a cursor", store.QueueReported, after(first.Queue.Reported.Items)},
	} {
		before := w.s.seams.unseenReads.Load()
		p, err := w.s.ModerationPage(w.ctx, &mod, c.part, c.cursor)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := w.s.seams.unseenReads.Load() - before; got != 1 {
			t.Errorf("%s: read the unseen challenges %d times, want once", c.name, got)
		}
		if len(p.Log) == 0 || p.Orphaned.Total != 0 {
			t.Errorf("%s: log %d decisions (want some), %d orphaned clubs (want 0): the page's parts did not all run", c.name, len(p.Log), p.Orphaned.Total)
		}
	}
}
