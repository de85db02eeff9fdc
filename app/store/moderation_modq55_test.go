package store

import (
	"regexp"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// A page of the moderation queue is read from its index in the queue's
// order, the item's tie-break included (migration 107), on both engines:
// no sort of a page's ties (SQLite's temporary B-tree, PostgreSQL's
// Sort or Incremental Sort), and behind a cursor the whole row value
// (reports, updated_at, item_type, item_id; the reviews' three) is the
// index's condition, not a filter of each row after its first two.
func TestModq55QueuePageWalksItsIndex(t *testing.T) {
	s := mustOpen(t)
	cursor := &QueueCursor{Reports: 3, UpdatedAt: 1796000000123, Type: domain.ItemComment, ID: 42}
	for _, c := range []struct {
		name  string
		part  QueuePart
		index string
		// row is the cursor's row value as each engine names it in its
		// index condition.
		sqlite, pg string
	}{
		{"whole", QueueAll, "moderation_queue", "(reports,updated_at,item_type,item_id)<", "ROW(reports, updated_at, item_type, item_id) < ROW("},
		{"reported", QueueReported, "moderation_queue", "(reports,updated_at,item_type,item_id)<", "ROW(reports, updated_at, item_type, item_id) < ROW("},
		{"reviews", QueueReviews, "moderation_reviews", "(updated_at,item_type,item_id)>", "ROW(updated_at, item_type, item_id) > ROW("},
	} {
		for _, after := range []*QueueCursor{nil, cursor} {
			q, args := s.queuePageQuery(200, []int64{3, 4}, c.part, after)
			if pgtest.Postgres() {
				p := pgPlan(t, s, q, args...)
				if !regexp.MustCompile(`Index (Only )?Scan using `+c.index+` on moderation_items m`).MatchString(p) || strings.Contains(p, "Sort") || strings.Contains(p, "Seq Scan on moderation_items") {
					t.Errorf("%s (cursor %v): the plan does not walk %s in order:\n%s", c.name, after != nil, c.index, p)
				}
				if after != nil && !strings.Contains(p, "Index Cond: ("+c.pg) {
					t.Errorf("%s: the cursor is not the index's condition (%s):\n%s", c.name, c.pg, p)
				}
				continue
			}
			p := plan(t, s, q, args...)
			if !strings.Contains(p, " m USING INDEX "+c.index) || strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("%s (cursor %v): the plan does not walk %s in order: %s", c.name, after != nil, c.index, p)
			}
			if after != nil && !strings.Contains(p, "SEARCH m USING INDEX "+c.index+" ("+c.sqlite) {
				t.Errorf("%s: the cursor is not the index's condition (%s): %s", c.name, c.sqlite, p)
			}
		}
	}
}
