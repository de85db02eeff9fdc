package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cocreate/app/pgtest"
	"cocreate/app/search"
	"cocreate/app/store"
)

// node is one cocreate process on the shared PostgreSQL database: its own
// store and its own index under its own data directory.
type node struct {
	store *store.Store
	x     *Indexer
	stop  func()
}

func startNode(t *testing.T, url, dir string) *node {
	t.Helper()
	st, err := store.OpenPostgres(url)
	if err != nil {
		t.Fatal(err)
	}
	x := New(st, filepath.Join(dir, "index"), quiet)
	rebuild, err := x.Open()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); x.Run(ctx, rebuild) }()
	n := &node{store: st, x: x}
	n.stop = func() {
		cancel()
		<-done
		x.Close()
		st.Close()
	}
	return n
}

// finds waits until the node's index finds want ideas for text.
func (n *node) finds(t *testing.T, text string, want uint64, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if ix, err := n.x.Index(); err == nil {
			if res, err := ix.Search(context.Background(), searchIdeas(text)); err == nil && res.Total == want {
				return time.Since(start)
			}
		}
		if time.Since(start) > within {
			t.Fatalf("after %s the node does not find %d ideas for %q", within, want, text)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Search on every node: an idea written through one node is found on the
// others within 2 s; a node that was down catches up from the log; a new
// node builds its index from the database.
func TestSearchOnEveryNode(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("several nodes share one database on PostgreSQL only")
	}
	e := newEnv(t) // node 0's store, with a user and a challenge
	url := pgtest.DB(t, filepath.Join(e.dir, "cocreate.db"))
	a := startNode(t, url, t.TempDir())
	defer func() { a.stop() }()
	b := startNode(t, url, t.TempDir())
	defer func() { b.stop() }()

	// Written through another node (e's store): a and b hear of it
	// through PostgreSQL's LISTEN and drain at once, not at their next
	// poll (5 s).
	started(t, a.x)
	started(t, b.x)
	before := [][3]uint64{applied(a.x), applied(b.x)}
	e.idea(t, "免清洗内筒 first")
	for i, n := range []*node{a, b} {
		took := n.finds(t, "免清洗内筒", 1, 2*time.Second)
		t.Logf("node %d found the new idea %s after its commit", i, took)
		if by := appliedBy(t, n.x, before[i]); by != Heard {
			t.Errorf("node %d applied the idea in a drain of cause %d, not on hearing of it (%d)", i, by, Heard)
		}
	}
	// b goes down; ideas keep coming; b comes back and catches up.
	bDir := filepath.Dir(b.x.dir)
	b.stop()
	for i := 0; i < 20; i++ {
		e.idea(t, fmt.Sprintf("免清洗内筒 %d", i))
	}
	a.finds(t, "免清洗内筒", 21, 5*time.Second)
	b = startNode(t, url, bDir)
	if rebuilding, _ := b.x.Progress(); rebuilding {
		t.Error("a node down for a moment rebuilt instead of catching up")
	}
	b.finds(t, "免清洗内筒", 21, 5*time.Second)

	// A new node, with no index, builds it while the others serve.
	c := startNode(t, url, t.TempDir())
	defer func() { c.stop() }()
	c.finds(t, "免清洗内筒", 21, 30*time.Second)
	e.idea(t, "免清洗内筒 last")
	for _, n := range []*node{a, b, c} {
		n.finds(t, "免清洗内筒", 22, 2*time.Second)
	}
}

func searchIdeas(text string) search.Query { return search.Query{Text: text, Type: search.TypeIdea} }

// indexedDatabase is the data directory of a node that indexed a database
// holding ideas with these titles, stopped, its database closed.
func indexedDatabase(t *testing.T, titles ...string) string {
	t.Helper()
	before := newEnv(t)
	dir := t.TempDir()
	a := startNode(t, pgtest.DB(t, filepath.Join(before.dir, "cocreate.db")), dir)
	for _, title := range titles {
		before.idea(t, title)
	}
	last := titles[len(titles)-1]
	a.finds(t, last, 1, 5*time.Second)
	a.stop()
	before.store.Close()
	return dir
}

// A node whose database was restored under it (pg_restore into a new
// database, a new cluster, or over recreated tables) rebuilds its index
// from the restored database instead of catching up from a log it never
// saw: nothing of the database it replaced stays searchable.
func TestAnIndexFollowsOnlyItsOwnDatabase(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("on SQLite the outbox is in the file, and `cocreate restore` moves the index aside")
	}
	dir := indexedDatabase(t, "烘干机", "旧库里的洗衣机") // an id the restored database has not used

	// The restored database: another one, holding other ideas.
	after := newEnv(t)
	after.idea(t, "恢复后的洗衣机")
	url := pgtest.DB(t, filepath.Join(after.dir, "cocreate.db"))
	b := startNode(t, url, dir)
	defer func() { b.stop() }()
	b.finds(t, "恢复后的洗衣机", 1, 10*time.Second)
	b.finds(t, "旧库里的洗衣机", 0, 10*time.Second)
	after.store.Close()
}

// Where the identity cannot tell two databases apart (a role without
// pg_control_system() gets the object ids alone, which a restore into a new
// cluster may give again), an index whose position lies beyond the log's
// next transaction was made from another cluster's log: it is rebuilt.
func TestAnIndexAheadOfTheLogIsRebuilt(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("on SQLite the outbox is in the file")
	}
	dir := indexedDatabase(t, "旧集群里的冰柜")

	// The old cluster had run far more transactions than the new one, and
	// the identity saved says nothing the new one would not say too.
	pos := filepath.Join(dir, "index", "cocreate.pos")
	saved, err := os.ReadFile(pos)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(saved))
	if len(f) < 3 {
		t.Fatalf("position file %q", saved)
	}
	if err := os.WriteFile(pos, []byte(fmt.Sprintf("%d %s %s\n", int64(1)<<40, f[1], f[2])), 0o644); err != nil {
		t.Fatal(err)
	}

	after := newEnv(t)
	after.idea(t, "新集群的洗衣机")
	b := startNode(t, pgtest.DB(t, filepath.Join(after.dir, "cocreate.db")), dir)
	defer func() { b.stop() }()
	b.finds(t, "新集群的洗衣机", 1, 10*time.Second)
	b.finds(t, "旧集群里的冰柜", 0, 10*time.Second)
	after.store.Close()
}
