package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// syncBuffer is a log destination goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Two nodes through PgBouncer in transaction mode (docs/deploy.md): each
// transaction may run on another server connection, so nothing may rely on
// a session: no server-side prepared statement outlives its statement, the
// migration lock is a transaction's, and there is no listening (the read
// caches stay off, said once in the log). A real round: migrations by two
// nodes starting together, sign-ups, a storm of votes in bulk from both
// nodes, a list, the search log.
func TestThroughPgBouncer(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("PgBouncer stands in front of PostgreSQL: the PostgreSQL pass only")
	}
	direct := pgtest.EmptyDB(t, "pgbouncer:"+t.Name()) // the nodes migrate it
	bouncer := pgtest.Bouncer(t, direct)
	addr := bouncer + "&default_query_exec_mode=exec"
	var logs syncBuffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))

	nodes := make([]*Store, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func() { defer wg.Done(); nodes[i], errs[i] = OpenPostgres(addr) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d through PgBouncer: %v", i, err)
		}
		defer nodes[i].Close()
	}
	a, b := nodes[0], nodes[1]
	var n int
	if err := b.r.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if names, _ := migrationNames(); n != len(names) {
		t.Errorf("%d migrations recorded, %d embedded", n, len(names))
	}

	const fans = 40
	users, c := fixture(t, a, fans)
	var ideas []domain.Idea
	for i := 0; i < 5; i++ {
		ideas = append(ideas, addIdea(t, nodes[i%2], c, users[0].ID, fmt.Sprintf("热门 %d", i)))
	}
	ctx := context.Background()
	var failed sync.Map
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, idea := range ideas {
				if _, err := nodes[i%2].Vote(ctx, u.ID, idea.ID, allow); err != nil {
					failed.Store(err.Error(), true)
				}
			}
		}()
	}
	wg.Wait()
	failed.Range(func(k, _ any) bool { t.Errorf("a vote failed: %v", k); return true })
	if a.bulkVotes.Load()+b.bulkVotes.Load() == 0 {
		t.Error("no vote ran in bulk: the storm did not test the bulk path")
	}
	list, _, err := b.Ideas(ctx, c.ID, domain.SortTop, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(ideas) {
		t.Fatalf("the list holds %d ideas, want %d", len(list), len(ideas))
	}
	for _, idea := range list {
		if idea.Votes != fans {
			t.Errorf("idea %q has %d votes, want %d", idea.Title, idea.Votes, fans)
		}
	}
	entries, err := b.PendingIndex(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < len(ideas) {
		t.Errorf("the search log gave %d entries, want at least the %d ideas", len(entries), len(ideas))
	}
	if v, err := a.Check(ctx); err != nil || len(v) != 0 {
		t.Errorf("check: %v, %v", v, err)
	}
	// No listening through a transaction pooler: the caches never serve.
	if v := a.Version(); v == a.Version() {
		t.Error("a node behind PgBouncer serves its read caches, though it cannot hear other nodes' changes")
	}
	// An address that does not say it goes through a pooler: the
	// listener's probe does not come back, and it does not trust it.
	lctx, cancel := context.WithTimeout(ctx, 2*probeWait)
	defer cancel()
	err = a.listenOnce(lctx, bouncer, func() { t.Error("a node listens through PgBouncer in transaction mode") })
	if !errors.Is(err, errNotHeard) {
		t.Errorf("listening through PgBouncer in transaction mode: %v, want %v", err, errNotHeard)
	}
	if a.hearing() {
		t.Error("the node trusts its caches after a listener that does not hear")
	}
	time.Sleep(2 * time.Second) // time for a listener to retry, if one ran
	if strings.Contains(logs.String(), "failed") {
		t.Errorf("a node tried to listen through PgBouncer:\n%s", logs.String())
	}
	if got := strings.Count(logs.String(), "read caches off"); got != len(nodes) {
		t.Errorf("the log says %d times that the read caches are off, want once per node:\n%s", got, logs.String())
	}
}
