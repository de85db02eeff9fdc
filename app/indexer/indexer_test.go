package indexer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
	"cocreate/app/search"
	"cocreate/app/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type env struct {
	dir   string
	store *store.Store
	user  domain.User
	ch    domain.Challenge
}

func newEnv(t *testing.T) *env {
	e := &env{dir: t.TempDir()}
	e.open(t)
	ctx := context.Background()
	var err error
	if e.user, err = e.store.CreateUser(ctx, domain.SignUp{Email: "a@b.cn", Name: "a"}, "x", true); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	c := domain.NewChallenge()
	c.Title, c.OrganiserID, c.SubmissionsOpenAt = "洗衣机", e.user.ID, &past
	if e.ch, err = e.store.CreateChallenge(ctx, c); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestMain runs the tests on SQLite, then on PostgreSQL (pgtest).
func TestMain(m *testing.M) { pgtest.Main(m, "") }

func (e *env) open(t *testing.T) {
	path := filepath.Join(e.dir, "cocreate.db")
	st, err := store.OpenEngine(pgtest.DB(t, path), path)
	if err != nil {
		t.Fatal(err)
	}
	e.store = st
}

func (e *env) idea(t *testing.T, title string) domain.Idea {
	idea, err := e.store.CreateIdea(context.Background(), e.ch.ID, e.user.ID, func(domain.Challenge, int) (domain.Idea, error) {
		return domain.Idea{Title: title}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return idea
}

// ready opens the index as serve does, rebuilding it when Open says so.
func ready(t *testing.T, x *Indexer) {
	rebuild, err := x.Open()
	if err != nil {
		t.Fatal(err)
	}
	if rebuild {
		if err := x.Rebuild(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, x *Indexer, text string) uint64 {
	ix, err := x.Index()
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), search.Query{Text: text, Type: search.TypeIdea})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// A crash after the database committed but before the index caught up:
// the outbox still holds the changes, and the next start applies them.
func TestCatchUpAfterACrash(t *testing.T) {
	e := newEnv(t)
	x := New(e.store, filepath.Join(e.dir, "index"), quiet)
	ready(t, x)
	x.Drain(context.Background())
	// Writes land while no indexer runs (it "crashed").
	for i := 0; i < 30; i++ {
		e.idea(t, fmt.Sprintf("二次污染 idea %d", i))
	}
	x.Close()
	e.store.Close()
	e.open(t)
	defer e.store.Close()
	if n, _ := e.store.OutboxLen(context.Background()); n < 30 {
		t.Fatalf("outbox holds %d entries, want at least 30", n)
	}
	x = New(e.store, filepath.Join(e.dir, "index"), quiet)
	rebuild, err := x.Open()
	if err != nil || rebuild {
		t.Fatalf("reopen: rebuild=%v err=%v", rebuild, err)
	}
	defer x.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); x.Run(ctx, false) }()
	// Caught up means both: the index has them, and the outbox let go.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := e.store.OutboxLen(context.Background()); n == 0 && count(t, x, "二次污染") == 30 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if got := count(t, x, "二次污染"); got != 30 {
		t.Fatalf("after catch-up the index finds %d ideas, want 30", got)
	}
	if n, _ := e.store.OutboxLen(context.Background()); n != 0 {
		t.Errorf("outbox still holds %d entries", n)
	}
}

func TestDeletedOrCorruptIndexIsRebuilt(t *testing.T) {
	for _, damage := range []string{"deleted", "corrupt"} {
		t.Run(damage, func(t *testing.T) {
			e := newEnv(t)
			defer e.store.Close()
			for i := 0; i < 50; i++ {
				e.idea(t, fmt.Sprintf("washing machine %d", i))
			}
			dir := filepath.Join(e.dir, "index")
			if damage == "deleted" {
				os.RemoveAll(dir)
			} else {
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644)
			}
			x := New(e.store, dir, quiet)
			rebuild, err := x.Open()
			if err != nil || !rebuild {
				t.Fatalf("Open: rebuild=%v err=%v, want a rebuild", rebuild, err)
			}
			if _, err := x.Index(); err != ErrUnavailable {
				t.Errorf("before the rebuild: %v, want ErrUnavailable", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); x.Run(ctx, rebuild) }()
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if _, err := x.Index(); err == nil {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if got := count(t, x, "washes"); got != 50 {
				t.Errorf("rebuilt index finds %d ideas, want 50", got)
			}
			cancel()
			<-done
			x.Close()
		})
	}
}

// Hiding an idea must also hide its comments from search.
func TestHidingAnIdeaHidesItsComments(t *testing.T) {
	e := newEnv(t)
	defer e.store.Close()
	x := New(e.store, filepath.Join(e.dir, "index"), quiet)
	ready(t, x)
	defer x.Close()
	idea := e.idea(t, "spam idea")
	ctx := context.Background()
	if _, err := e.store.CreateComment(ctx, idea.ID, 0, domain.Author{ID: e.user.ID}, "促销广告 buy now", false, nil, func(domain.Idea) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	x.Drain(ctx)
	find := func() uint64 {
		ix, _ := x.Index()
		res, _ := ix.Search(ctx, search.Query{Text: "促销广告", Type: search.TypeComment})
		return res.Total
	}
	if find() != 1 {
		t.Fatal("comment not indexed")
	}
	e.store.UpdateIdea(ctx, idea.ID, e.user.ID, "spam", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
		i.State = domain.StateHidden
		return false, nil
	}, domain.VotesReturnedNotices)
	x.Drain(ctx)
	if find() != 0 {
		t.Error("the comment of a hidden idea is still found")
	}
}

// A clean stop drains what the last requests wrote: Run, once its context
// ends, empties the outbox before it returns, so `check` finds the index in
// step after a SIGTERM.
func TestStopDrainsTheOutbox(t *testing.T) {
	e := newEnv(t)
	defer e.store.Close()
	x := New(e.store, filepath.Join(e.dir, "index"), quiet)
	ready(t, x)
	defer x.Close()
	for i := range 20 {
		e.idea(t, fmt.Sprintf("最后的想法 last idea %d", i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stopped before it could drain anything
	x.Run(ctx, false)
	if n, _ := e.store.OutboxLen(context.Background()); n != 0 {
		t.Errorf("outbox holds %d entries after a clean stop", n)
	}
	if got := count(t, x, "最后的想法"); got != 20 {
		t.Errorf("after a clean stop the index finds %d ideas, want 20", got)
	}
}

// The indexer drains the log when this node commits, not on its timer
// (a safety net every 5 s): a new idea is searchable at once. On
// PostgreSQL the node also hears the message of its own commit; that
// wakes no second drain (one more read of the log finding nothing), while
// another node's commit wakes it on hearing.
func TestCommitWakesTheIndexer(t *testing.T) {
	e := newEnv(t)
	defer e.store.Close()
	x := New(e.store, filepath.Join(e.dir, "index"), quiet)
	ready(t, x)
	defer x.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); x.Run(ctx, false) }()
	defer func() { cancel(); <-done }()
	started(t, x)
	if pgtest.Postgres() {
		// The node's first hearing wakes the indexer once (what it
		// may have missed before): wait for that drain.
		for deadline := time.Now().Add(10 * time.Second); x.Wakes(Heard) == 0; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the node does not hear the database's notifications")
			}
		}
	}
	// A spell of deafness (a ping stalled under load) wakes the indexer
	// and makes it poll fast: then the causes below may differ.
	var deaf atomic.Bool
	watched := make(chan struct{})
	stopWatch := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			if !e.store.HearsEveryCommit() {
				deaf.Store(true)
			}
			select {
			case <-stopWatch:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	heardBefore := x.Wakes(Heard)
	for i := 0; i < 3; i++ {
		before := applied(x)
		e.idea(t, fmt.Sprintf("烘干 %d", i))
		start := time.Now()
		for count(t, x, "烘干") != uint64(i+1) {
			if time.Since(start) > 4*time.Second {
				t.Fatalf("idea %d not searchable 4 s after its commit: the indexer waits for its poll", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		t.Logf("idea %d searchable %s after its commit", i, time.Since(start))
		by := appliedBy(t, x, before)
		if by == Polled {
			t.Errorf("idea %d was applied by the indexer's poll, not on its commit's signal", i)
		} else if by != Committed && !deaf.Load() {
			t.Errorf("idea %d was applied by a drain of cause %d, not on its commit's signal (%d)", i, by, Committed)
		}
	}
	if !pgtest.Postgres() {
		close(stopWatch)
		<-watched
		return
	}
	// Another node's commit: heard, after the messages of this node's
	// three (PostgreSQL delivers them in commit order).
	url := pgtest.DB(t, filepath.Join(e.dir, "cocreate.db"))
	st, err := store.OpenPostgres(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other := &env{dir: e.dir, store: st, user: e.user, ch: e.ch}
	before := applied(x)
	other.idea(t, "烘干 on another node")
	if by := appliedBy(t, x, before); by != Heard {
		t.Errorf("another node's idea was applied by a drain of cause %d, not on hearing of it (%d)", by, Heard)
	}
	close(stopWatch)
	<-watched
	if got := x.Wakes(Heard) - heardBefore; got != 1 {
		if deaf.Load() {
			t.Logf("the node was deaf for a moment: %d drains on hearing", got)
		} else {
			t.Errorf("%d drains on hearing for three commits of this node and one of another, want 1 (the other's)", got)
		}
	}
}

// started waits until Run's first drain (counted as Polled) has ended.
func started(t *testing.T, x *Indexer) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); x.Wakes(Polled) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the indexer did not drain the log at start")
		}
	}
}

// applied is how many entries x applied so far, by cause.
func applied(x *Indexer) (n [3]uint64) {
	for c := range n {
		n[c] = x.Applied(c)
	}
	return n
}

// appliedBy waits until x has applied more entries than before (a drain
// is counted once it ends) and says which cause's drain applied them.
func appliedBy(t *testing.T, x *Indexer, before [3]uint64) int {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for c, n := range applied(x) {
			if n > before[c] {
				return c
			}
		}
	}
	t.Fatal("the indexer applied nothing")
	return -1
}
