package store

import (
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// Every sync looks for points to take back: upheld reports', helpful
// marks' and addressed test reports', each kind on its own index
// (reputation_events_reports, _helpful, _feedback), each reason by its
// key, never a scan of everyone's reasons.
func TestUnfoundedPointsAreReadByReport(t *testing.T) {
	s := mustOpen(t)
	q := unfoundedPoints
	var p string
	if pgtest.Postgres() {
		p = pgPlan(t, s, q)
	} else {
		p = plan(t, s, q) // its steps joined by "; "
	}
	t.Logf("plan:\n%s", p)
	for _, index := range []string{"reputation_events_reports", "reputation_events_helpful", "reputation_events_feedback"} {
		if !strings.Contains(p, index) {
			t.Errorf("the unfounded points are not read on %s:\n%s", index, p)
		}
	}
	for _, scan := range []string{"SCAN rp", "SCAN d", "SCAN r;", "SCAN cm", "SCAN f;", "Seq Scan", "autoindex"} {
		if strings.Contains(p+";", scan) {
			t.Errorf("the plan scans (%q):\n%s", scan, p)
		}
	}
}
