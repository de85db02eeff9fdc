package indexer

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the test's own connection, holding the log back

	"cocreate/app/pgtest"
)

// clocked gives the env's store a clock the test moves.
func clocked(e *env) *atomic.Int64 {
	var clock atomic.Int64
	clock.Store(time.Now().UnixMilli())
	e.store.Now = func() time.Time { return time.UnixMilli(clock.Load()) }
	return &clock
}

// savedAt is when the index in dir last saved its position.
func savedAt(t *testing.T, x *Indexer) time.Time {
	t.Helper()
	_, at, _ := x.loadPos()
	if at.IsZero() {
		t.Fatal("no position saved")
	}
	return at
}

// A node that is up but has nothing to index for days (votes are not in
// the search log) keeps saying where its index stands, at most hourly, and
// starts again without a rebuild: on PostgreSQL a position saved more than
// store.IndexPosUsable ago makes it rebuild the whole index.
func TestAQuietNodeRestartsWithoutARebuild(t *testing.T) {
	e := newEnv(t)
	defer func() { e.store.Close() }()
	clock := clocked(e)
	advance := func(d time.Duration) { clock.Add(d.Milliseconds()) }
	dir := filepath.Join(e.dir, "index")
	x := New(e.store, dir, quiet)
	ready(t, x)
	e.idea(t, "安静的节点")
	ctx := context.Background()
	if n, err := x.Drain(ctx); err != nil || n == 0 {
		t.Fatalf("drain: %d, %v", n, err)
	}
	pos, at, _ := x.loadPos()
	advance(30 * time.Minute)
	if _, err := x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := savedAt(t, x); !got.Equal(at) {
		t.Errorf("an empty drain half an hour later saved the position again (at %v, before %v): the file is written at most hourly", got, at)
	}
	for i := 0; i < 4; i++ { // three days and more, quiet
		advance(19 * time.Hour)
		if _, err := x.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := savedAt(t, x), time.UnixMilli(clock.Load()); !got.Equal(want) {
			t.Fatalf("after %v quiet the position was saved at %v, want %v", 30*time.Minute+time.Duration(i+1)*19*time.Hour, got, want)
		}
	}
	if got, _, _ := x.loadPos(); got != pos {
		t.Errorf("an empty drain moved the position from %+v to %+v", pos, got)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	advance(time.Hour)
	x = New(e.store, dir, quiet)
	rebuild, err := x.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rebuild {
		t.Fatal("a node quiet for three days rebuilds its index at restart")
	}
	if n := count(t, x, "安静的节点"); n != 1 {
		t.Errorf("after the restart the index finds %d ideas, want 1", n)
	}
}

// While an open transaction holds the log back, its entries may be older
// than now: an empty drain then keeps the time it saved before, so that the
// log's pruning (by entry age) cannot drop them before the node comes back.
func TestAHeldLogKeepsTheSavedTime(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("only PostgreSQL's log is read by several nodes, and held back by open transactions")
	}
	e := newEnv(t)
	defer func() { e.store.Close() }()
	clock := clocked(e)
	x := New(e.store, filepath.Join(e.dir, "index"), quiet)
	ready(t, x)
	defer x.Close()
	ctx := context.Background()
	if _, err := x.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	at := savedAt(t, x)

	raw, err := sql.Open("pgx", pgtest.DB(t, filepath.Join(e.dir, "cocreate.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	slow, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	if _, err := slow.Exec(`INSERT INTO search_outbox (doc_type, doc_id, created_at) VALUES ('idea', 999999, $1)`, at.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	e.idea(t, "被挡住的点子") // committed after the open transaction began
	clock.Add((2 * time.Hour).Milliseconds())
	if n, err := x.Drain(ctx); err != nil || n != 0 {
		t.Fatalf("drain behind an open transaction: %d, %v", n, err)
	}
	if !e.store.LogHeld() {
		t.Fatal("the log is not held back")
	}
	if got := savedAt(t, x); !got.Equal(at) {
		t.Errorf("held back, an empty drain saved the time %v (before: %v)", got, at)
	}
	if err := slow.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Drain(ctx); err != nil || n == 0 {
		t.Fatalf("drain after the transaction ended: %d, %v", n, err)
	}
	if got := savedAt(t, x); !got.Equal(time.UnixMilli(clock.Load())) {
		t.Errorf("after applying entries the position was saved at %v, want now", got)
	}
}
