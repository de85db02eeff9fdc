package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// bulkUsers adds n accounts straight into the table (a few statements, no
// password hashing) and returns their ids in order.
func bulkUsers(t testing.TB, s *Store, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	var after int64 // the accounts there were before: a second call adds more
	if err := s.r.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM users`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		for done := 0; done < n; {
			k := min(n-done, 500)
			args := make([]any, 0, k)
			for i := range k {
				args = append(args, fmt.Sprintf("bulk%d-%d@example.com", after, done+i))
			}
			if _, err := tx.Exec(`INSERT INTO users (email, name, password_hash, created_at) VALUES (?, 'bulk', 'x', 0)`+
				strings.Repeat(`, (?, 'bulk', 'x', 0)`, k-1), args...); err != nil {
				return err
			}
			done += k
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM users WHERE name = 'bulk' AND id > ? ORDER BY id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil || len(out) != n {
		t.Fatalf("%d bulk accounts, %v; want %d", len(out), err, n)
	}
	return out
}

// A quarantined group that more accounts join, and then leave, than
// SQLite takes variables in a statement (32,766): the scan removes those
// who left in one statement (inIDs takes any length) and FinishHolds holds
// the acts of those who joined, on both engines.
func TestIntegrityScanOfAGroupLargerThanAStatement(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	a := addIdea(t, s, c, users[0].ID, "a")
	bulk := bulkUsers(t, s, 33000)
	// A voter with an id after them all: last in the sorted list.
	late, err := s.CreateUser(ctx, domain.SignUp{Email: "late@example.com", Name: "late"}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{users[1].ID, late.ID} {
		if _, err := s.VoteWith(ctx, u, a.ID, VoteSignals{Net: 42}, allow); err != nil {
			t.Fatal(err)
		}
	}
	clock := time.Now()
	save := func(members []int64) []int64 {
		t.Helper()
		clock = clock.Add(10 * time.Minute)
		now := clock
		s.Now = func() time.Time { return now }
		if err := s.SaveIntegrityScan(ctx, c.ID, now.UnixMilli(),
			quarantineFirst(integrity.Group{Users: members, Ideas: []int64{a.ID}, Score: 0.9, Votes: len(members)})); err != nil {
			t.Fatalf("a scan of %d members: %v", len(members), err)
		}
		finishHolds(t, s) // a group this big is held after the scan's write
		tx, err := s.r.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		g, err := storedGroups(tx, c.ID, "")
		if err != nil || len(g) != 1 {
			t.Fatalf("groups %v", err)
		}
		return g[0].Users
	}
	save([]int64{users[1].ID})
	if v, h := tally(t, s, a.ID); v != 1 || h != 1 {
		t.Fatalf("quarantined: votes %d under review %d, want 1 and 1", v, h)
	}
	// Everyone joins, the late voter last, past any first chunk.
	grown := append(append([]int64{users[1].ID}, bulk...), late.ID)
	if got := save(grown); !slices.Equal(got, grown) {
		t.Fatalf("grown: %d members, want %d", len(got), len(grown))
	}
	if v, h := tally(t, s, a.ID); v != 0 || h != 2 {
		t.Errorf("grown: votes %d under review %d, want 0 and 2", v, h)
	}
	if q, err := s.QuarantinedAccounts(ctx); err != nil || len(q) != len(grown) {
		t.Errorf("grown: %d accounts quarantined, %v; want %d", len(q), err, len(grown))
	}
	// And all but the first leave.
	if got := save([]int64{users[1].ID}); !slices.Equal(got, []int64{users[1].ID}) {
		t.Errorf("shrunk: %d members, want 1", len(got))
	}
	if q, err := s.QuarantinedAccounts(ctx); err != nil || !slices.Equal(q, []int64{users[1].ID}) {
		t.Errorf("shrunk: quarantined %v, %v; want %v", q, err, []int64{users[1].ID})
	}
	noViolations(t, s)
}
