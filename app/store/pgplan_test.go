package store

import (
	"regexp"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// pgPlan explains a query on PostgreSQL as it would be planned at scale:
// on the tests' nearly empty tables the planner rightly prefers scanning
// and sorting, so sequential scans and sorts are priced out
// (enable_seqscan, enable_sort off: still chosen when nothing else can
// answer the query, which is what these tests catch).
func pgPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	tx, err := s.r.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, set := range []string{`SET LOCAL enable_seqscan = off`, `SET LOCAL enable_sort = off`} {
		if _, err := tx.Exec(set); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.Query(`EXPLAIN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// TestIdeaListsUseTheirIndex and TestMailQueriesUseTheDueIndex on
// PostgreSQL: the lists walk their index in order (no sort, no scan of
// ideas), the mail queue reads mail_jobs_due.
func TestPostgresPlansUseTheirIndex(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("PostgreSQL's plans (SQLite's: TestIdeaListsUseTheirIndex, TestMailQueriesUseTheDueIndex)")
	}
	s := mustOpen(t)
	for sort, index := range map[domain.Sort]string{domain.SortTop: "ideas_top", domain.SortHot: "ideas_hot", domain.SortNew: "ideas_new"} {
		for _, after := range []*domain.Cursor{nil, {Key: 3, ID: 9}} {
			q, args := listQuery(1, sort, after, 20)
			p := pgPlan(t, s, q, args...)
			if !strings.Contains(p, "Index Scan using "+index+" on ideas") || strings.Contains(p, "Sort") || strings.Contains(p, "Seq Scan") {
				t.Errorf("%s (cursor %v): the plan does not walk %s in order:\n%s", sort, after, index, p)
			}
			// Behind a cursor the index starts at the cursor: the cursor
			// is part of the index condition, not a filter of every row
			// before it.
			if after != nil && !regexp.MustCompile(`Index Cond: [^\n]*\bid < |Index Cond: [^\n]*ROW\(`).MatchString(p) {
				t.Errorf("%s (cursor %v): the cursor is not an index condition:\n%s", sort, after, p)
			}
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{claimMailSQL, []any{0, 0, 10}},
		{`SELECT COUNT(*) FROM mail_jobs WHERE ` + pendingMail, nil},
	} {
		if p := pgPlan(t, s, q.sql, q.args...); !strings.Contains(p, "mail_jobs_due") || strings.Contains(p, "Seq Scan on mail_jobs") {
			t.Errorf("the plan does not use mail_jobs_due:\n%s\n%s", q.sql, p)
		}
	}
}
