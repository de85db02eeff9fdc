package store

import (
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// The moderation log reads each decision's idea in its own query, by
// keys: the newest decisions by theirs (no sort), then the comment and
// the idea by their primary keys, never a scan of comments or ideas (it
// read them one small query each, up to 50 a page, before).
func TestModerationLogReadsItsIdeasByKey(t *testing.T) {
	s := mustOpen(t)
	hidden, args := s.inIDs("i.challenge_id", []int64{3, 4})
	q, args := moderationLogQuery(hidden), append(args, 50)
	if pgtest.Postgres() {
		p := pgPlan(t, s, q, args...)
		for _, want := range []string{"Index Scan Backward using moderation_decisions_pkey", "Index Scan using comments_pkey", "Index Scan using ideas_pkey"} {
			if !strings.Contains(p, want) {
				t.Errorf("the log's plan has no %q:\n%s", want, p)
			}
		}
		if strings.Contains(p, "Seq Scan") || strings.Contains(p, "Sort") {
			t.Errorf("the log's plan scans or sorts:\n%s", p)
		}
		return
	}
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
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
	p := strings.Join(plan, "\n")
	for _, want := range []string{"SEARCH cm USING INTEGER PRIMARY KEY", "SEARCH i USING INTEGER PRIMARY KEY"} {
		if !strings.Contains(p, want) {
			t.Errorf("the log's plan has no %q:\n%s", want, p)
		}
	}
	if strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "SCAN i") || strings.Contains(p, "SCAN cm") {
		t.Errorf("the log's plan sorts or scans:\n%s", p)
	}
}
