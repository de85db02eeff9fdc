//go:build cocreate_seams

package service

import (
	"testing"

	"cocreate/app/store"
)

// One view of the moderation page counts the queue as little as it can
// (its seams count each count by part): the first page counts each part
// once for its heading and the whole not at all (the parts' sum); a
// part's page counts that part and the whole once each. Before, a view
// counted each part shown, then the whole for the page's total, then the
// whole again for the menu's badge. The menu's badge of a page that does
// not have the total is one count of the whole.
func TestModq55APageViewCountsTheQueueOnce(t *testing.T) {
	w := newWorld(t)
	mod := modq55Queue(w)
	counted := func(view func() error) (counts [3]int64) {
		t.Helper()
		var before [3]int64
		for i := range before {
			before[i] = w.s.seams.queueCounts[i].Load()
		}
		if err := view(); err != nil {
			t.Fatal(err)
		}
		for i := range counts {
			counts[i] = w.s.seams.queueCounts[i].Load() - before[i]
		}
		return counts
	}
	for _, c := range []struct {
		name string
		part store.QueuePart
		want [3]int64 // by store.QueuePart: the whole, the reviews, the reported
	}{
		{"the first page", store.QueueAll, [3]int64{0, 1, 1}},
		{"the reviews' page", store.QueueReviews, [3]int64{1, 1, 0}},
		{"the reported items' page", store.QueueReported, [3]int64{1, 0, 1}},
	} {
		var p ModerationPage
		got := counted(func() (err error) { p, err = w.s.ModerationPage(w.ctx, &mod, c.part, ""); return err })
		if got != c.want || p.Queue.Waiting != 4 {
			t.Errorf("%s: counted %v (the whole, reviews, reported), want %v; %d waiting, want 4", c.name, got, c.want, p.Queue.Waiting)
		}
	}
	if got := counted(func() error { _, err := w.s.ModerationWaiting(w.ctx, &mod); return err }); got != [3]int64{1, 0, 0} {
		t.Errorf("the badge elsewhere counted %v, want the whole once", got)
	}
}
