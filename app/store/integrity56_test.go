package store

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// The integrity log's pages are read from the index in the log's order,
// the entry's id included (migration 109), on both engines: no sort of a
// page's ties (SQLite's temporary B-tree, PostgreSQL's Sort or
// Incremental Sort), and behind a deep page's cursor the whole row value
// (created_at, id) is the index's condition, not a filter of each row
// after the time.
func TestIntegrity56LogPageWalksItsIndex(t *testing.T) {
	s := mustOpen(t)
	_, c := fixture(t, s, 1)
	start := s.Now().Add(-time.Hour)
	integrity55Log(t, s, c, 230, start, "entry")
	deep := &domain.Cursor{Key: float64(ms(start.Add(20 * time.Millisecond))), ID: 60} // a page past the first 170 entries
	for _, after := range []*domain.Cursor{nil, deep} {
		q, args := integrityLogQuery(c.ID, after, 50)
		if pgtest.Postgres() {
			p := pgPlan(t, s, q, args...)
			if !regexp.MustCompile(`Index Scan( Backward)? using integrity_log_challenge on integrity_log`).MatchString(p) || strings.Contains(p, "Sort") || strings.Contains(p, "Seq Scan") {
				t.Errorf("cursor %v: the plan does not walk integrity_log_challenge in order:\n%s", after != nil, p)
			}
			if after != nil && (!strings.Contains(p, "Index Cond: ((challenge_id = ") || !strings.Contains(p, "ROW(created_at, id) < ROW(")) || strings.Contains(p, "Filter") {
				t.Errorf("the cursor is not the index's condition:\n%s", p)
			}
			continue
		}
		// SQLite's index ends with the rowid, the id itself, so it walked
		// in order before 109 too; the row value's range starts at the
		// cursor's time, and only that millisecond's entries are tested
		// on their id (SQLite does not take a rowid into a vector range).
		p := plan(t, s, q, args...)
		if !strings.Contains(p, "USING INDEX integrity_log_challenge") || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("cursor %v: the plan does not walk integrity_log_challenge in order: %s", after != nil, p)
		}
		if after != nil && !strings.Contains(p, "USING INDEX integrity_log_challenge (challenge_id=? AND created_at<?)") {
			t.Errorf("the cursor is not the index's condition: %s", p)
		}
	}
}
