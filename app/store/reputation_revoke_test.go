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
		rows, err := s.r.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		p = strings.Join(plan, "\n")
	}
	t.Logf("plan:\n%s", p)
	if !strings.Contains(p, "reputation_events_reports") {
		t.Errorf("the unfounded points are not read on their index:\n%s", p)
	}
	for _, scan := range []string{"SCAN rp", "SCAN d", "SCAN r\n", "Seq Scan"} {
		if strings.Contains(p+"\n", scan) {
			t.Errorf("the plan scans (%q):\n%s", scan, p)
		}
	}
}
