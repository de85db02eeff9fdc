package store

import (
	"strings"
	"testing"
)

// The honours a fan was told of are read by their partial index, not by
// every notice the fan has (SQLite's plan; PostgreSQL plans by its
// statistics and is not asked).
func TestHonourNoticesAreReadByTheirIndex(t *testing.T) {
	s := mustOpen(t)
	if s.postgres {
		t.Skip("the plan is SQLite's")
	}
	got := plan(t, s, `SELECT kind, args FROM notifications WHERE user_id = ? AND `+honourKinds, 1)
	if !strings.Contains(got, "notifications_honours") {
		t.Errorf("the told honours are read by: %s", got)
	}
}
