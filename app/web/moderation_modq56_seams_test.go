//go:build cocreate_seams

package web

import (
	"strconv"
	"testing"

	"cocreate/app/store"
)

// A moderator's GET /moderation, through the server, counts the queue as
// session 55's design says (the service's seams count each count, one
// statement, by part): the first page each part once for its heading and
// the whole never, its total the parts' sum and the menu's badge read off
// it (modWaiter), 2 counts where there were 4; a part's page that part
// and the whole once each; any other page the whole once, for its badge.
// Were the badge counted again by render, the whole would be counted once
// more. Run with -tags cocreate_seams (.ci/run does).
func TestModq56AModeratorsPageViewCountsTheQueueTwice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	modq54Wave(t, h, 3)
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	for _, c := range []struct {
		path string
		want [3]int64 // by store.QueuePart: the whole, the reviews, the reported
	}{
		{"/moderation", [3]int64{store.QueueAll: 0, store.QueueReviews: 1, store.QueueReported: 1}},
		{"/moderation?part=reported", [3]int64{store.QueueAll: 1, store.QueueReported: 1}},
		{"/moderation?part=reviews", [3]int64{store.QueueAll: 1, store.QueueReviews: 1}},
		{"/", [3]int64{store.QueueAll: 1}},
	} {
		before := h.svc.QueueCounts()
		body := b.get(c.path, "Accept-Language", "en").must(t, 200).Body
		after := h.svc.QueueCounts()
		var got [3]int64
		for i := range got {
			got[i] = after[i] - before[i]
		}
		if got != c.want {
			t.Errorf("GET %s counted the queue %v (the whole, reviews, reported), want %v", c.path, got, c.want)
		}
		if m := modq55Badge.FindStringSubmatch(body); m == nil || m[1] != strconv.Itoa(3) {
			t.Errorf("GET %s: the menu's badge %v, want 3", c.path, m)
		}
	}
}
