package store

import (
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// Every sync looks for upheld reports' points to take back: it reads them
// on their own index (reputation_events_reports), each report by its key
// and its item's decisions by theirs, never a scan of everyone's reasons.
func TestUnfoundedPointsAreReadByReport(t *testing.T) {
	s := mustOpen(t)
	q := `SELECT 1 ` + unfoundedPoints
	var p string
	if pgtest.Postgres() {
		p = pgPlan(t, s, q)
	} else {
		p = plan(t, s, q) // its steps joined by "; "
	}
	t.Logf("plan:\n%s", p)
	if !strings.Contains(p, "reputation_events_reports") {
		t.Errorf("the unfounded points are not read on their index:\n%s", p)
	}
	for _, scan := range []string{"SCAN rp", "SCAN d", "SCAN r;", "Seq Scan"} {
		if strings.Contains(p+";", scan) {
			t.Errorf("the plan scans (%q):\n%s", scan, p)
		}
	}
}
