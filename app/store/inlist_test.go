package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

func TestInListSize(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{1, 1}, {2, 2}, {3, 4}, {4, 4}, {5, 8}, {100, 128}, {1000, 1024}, {1024, 1024},
		{1025, 2048}, {2048, 2048}, {2049, 3072}, {5000, 5120},
	} {
		if got := inListSize(c.n); got != c.want {
			t.Errorf("inListSize(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestListsOfIDsTakeFewStatements: a list of ids of any length reads the
// same rows, from one of a few statement texts (one on PostgreSQL, where
// each text's placeholder rewrite is kept).
func TestListsOfIDsTakeFewStatements(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 1)
	var ids []int64
	for i := range 40 {
		ids = append(ids, addIdea(t, s, c, users[0].ID, fmt.Sprintf("idea %d", i)).ID)
	}
	texts := map[string]bool{}
	for n := 1; n <= 300; n++ {
		want := ids[:min(n, len(ids))]
		ask := append([]int64(nil), want...)
		for len(ask) < n {
			ask = append(ask, ids[len(ask)%len(ids)]+100000) // ids of no idea
		}
		in, _ := s.inIDs("i.id", ask)
		texts[in] = true
		got, err := s.IdeasByID(ctx, ask)
		if err != nil {
			t.Fatal(err)
		}
		var gotIDs []int64
		for _, idea := range got {
			gotIDs = append(gotIDs, idea.ID)
		}
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, want) {
			t.Fatalf("%d ids: read %v, want %v", n, gotIDs, want)
		}
	}
	limit := 10 // 1, 2, 4 … 512 on SQLite
	if pgtest.Postgres() {
		limit = 1
	}
	if len(texts) > limit {
		t.Errorf("lists of 1 to 300 ids took %d statement texts, want at most %d", len(texts), limit)
	}
	if in, args := s.inIDs("i.id", nil); in != "1 = 0" || args != nil {
		t.Errorf("no ids: %q %v", in, args)
	}
}

// TestListsOfIDsOfAnyLength: a list longer than SQLite's 32,766 variables
// still goes in one statement and reads the same rows (past inListMax ids
// SQLite takes them as one JSON array).
func TestListsOfIDsOfAnyLength(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	var want []int64
	for i := range 3 {
		want = append(want, addIdea(t, s, c, users[0].ID, fmt.Sprintf("idea %d", i)).ID)
	}
	for _, n := range []int{inListMax, inListMax + 1, 40000} {
		ask := make([]int64, 0, n)
		for i := 0; len(ask) < n-len(want); i++ {
			ask = append(ask, want[len(want)-1]+1+int64(i)) // ids of no idea
		}
		ask = append(ask, want...) // at the end, past any first chunk
		got, err := s.IdeasByID(context.Background(), ask)
		if err != nil {
			t.Fatalf("%d ids: %v", n, err)
		}
		var gotIDs []int64
		for _, idea := range got {
			gotIDs = append(gotIDs, idea.ID)
		}
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("%d ids: read %v, want %v", n, gotIDs, want)
		}
	}
	if got := jsonIDs([]int64{1, -2, 30}); got != "[1,-2,30]" {
		t.Errorf("jsonIDs: %s", got)
	}
}

// TestRewriteCacheIsBounded: statement texts without end (say, lists built
// to each length) do not grow PostgreSQL's placeholder-rewrite cache past
// its bound, and a statement past it is still rewritten right.
func TestRewriteCacheIsBounded(t *testing.T) {
	t.Cleanup(func() { // later tests use the cache again
		rewritten.Clear()
		rewrittenCount.Store(0)
	})
	for n := range 2 * maxRewritten {
		q := `SELECT id FROM ideas WHERE id IN (?` + strings.Repeat(",?", n) + `)`
		if got := pgSQL(q); !strings.HasSuffix(got, fmt.Sprintf("$%d)", n+1)) {
			t.Fatalf("%d: rewritten as %.80s…", n, got)
		}
	}
	kept := 0
	rewritten.Range(func(any, any) bool { kept++; return true })
	if kept > maxRewritten || rewrittenCount.Load() > maxRewritten {
		t.Errorf("the cache keeps %d rewrites (counted %d), want at most %d", kept, rewrittenCount.Load(), maxRewritten)
	}
	if got := pgSQL(`SELECT 'a?' FROM t WHERE x = ? -- ?`); got != `SELECT 'a?' FROM t WHERE x = $1 -- ?` {
		t.Errorf("past the bound: %s", got)
	}
}
