package store

import (
	"strings"
	"testing"
)

// The honours a fan was told of are read by their partial index, not by
// every notice the fan has: SQLite's plan, and PostgreSQL's as it would
// plan at scale (pgPlan: scans and sorts priced out, so a plan without
// the index means the partial index cannot answer the query, as when its
// WHERE and the query's honourKinds differ).
func TestHonourNoticesAreReadByTheirIndex(t *testing.T) {
	s := mustOpen(t)
	q := `SELECT kind, args FROM notifications WHERE user_id = ? AND ` + honourKinds
	var got string
	if s.postgres {
		got = pgPlan(t, s, q, 1)
	} else {
		got = plan(t, s, q, 1)
	}
	if !strings.Contains(got, "notifications_honours") {
		t.Errorf("the told honours are read by: %s", got)
	}
}
