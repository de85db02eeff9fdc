package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// Several nodes on one PostgreSQL database: each test opens three stores on
// the same database, as three `cocreate serve` would.

// nodesRuns numbers the runs of each test (go test -count): a run's nodes
// share a database of their own, which the next run of the same test, with
// the same name, must not find already written.
var nodesRuns sync.Map // testing.TB → its key

// nodesKey is the key of the database every node of t shares (pgtest.EmptyDB
// in openNodes, which the nodes migrate; pgtest.DB finds it after):
// the same for every call in one run of t, a new one for each run.
func nodesKey(t testing.TB) string {
	if k, ok := nodesRuns.Load(t); ok {
		return k.(string)
	}
	k, _ := nodesRuns.LoadOrStore(t, fmt.Sprintf("nodes:%s:%p", t.Name(), t))
	return k.(string)
}

func openNodes(t *testing.T, n int) []*Store {
	t.Helper()
	if !pgtest.Postgres() {
		t.Skip("several nodes share one database on PostgreSQL only")
	}
	// An empty database, the same for the same test: they migrate it.
	url := pgtest.EmptyDB(t, nodesKey(t))
	nodes := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	// They start together: the migrations must run once.
	for i := range nodes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			nodes[i], errs[i] = OpenPostgres(url)
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		t.Cleanup(func() { nodes[i].Close() })
	}
	return nodes
}

func TestNodesStartingTogetherMigrateOnce(t *testing.T) {
	nodes := openNodes(t, 3)
	rows, err := nodes[0].r.Query(`SELECT name, COUNT(*) FROM schema_migrations GROUP BY name HAVING COUNT(*) <> 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int
		rows.Scan(&name, &n)
		t.Errorf("migration %s recorded %d times", name, n)
	}
	var n int
	nodes[1].r.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if names, _ := migrationNames(); n != len(names) {
		t.Errorf("%d migrations recorded, %d embedded", n, len(names))
	}
}

func TestNodesVoteWithExactTallies(t *testing.T) {
	nodes, users, ideas := threeNodesThreeIdeas(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	// Every fan votes every idea on every node (the repeats change nothing).
	for _, u := range users {
		for _, node := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, idea := range ideas {
					if _, err := node.Vote(ctx, u.ID, idea.ID, allow); err != nil {
						t.Error(err)
					}
				}
			}()
		}
	}
	wg.Wait()
	for i, idea := range ideas {
		got, err := nodes[(i+1)%3].Idea(ctx, idea.ID)
		if err != nil || got.Votes != len(users) {
			t.Errorf("idea %d: %d votes, %v; want %d", idea.ID, got.Votes, err, len(users))
		}
	}
	if v, err := nodes[2].Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// Fans rating the same ideas on three nodes at once leave each idea's
// ratings and rating_sum exactly as its rows give them: a rating reads the
// counters it writes back locked (rateTarget), so two nodes never both add
// to the same old count.
func TestNodesRateWithExactTallies(t *testing.T) {
	nodes, users, ideas := threeNodesThreeIdeas(t)
	ctx := context.Background()
	rate := func(domain.Challenge, domain.Idea) error { return nil }
	var wg sync.WaitGroup
	// Every fan rates every idea, each on another node, all at once.
	for f, u := range users {
		for i, idea := range ideas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := nodes[(f+i)%3].Rate(ctx, u.ID, idea.ID, 1+(f+i)%5, VoteSignals{}, rate); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	for i, idea := range ideas {
		sum := 0
		for f := range users {
			sum += 1 + (f+i)%5
		}
		got, err := nodes[(i+1)%3].Idea(ctx, idea.ID)
		if err != nil || got.Ratings != len(users) || got.RatingSum != sum {
			t.Errorf("idea %d: %d ratings, %d stars, %v; want %d, %d", idea.ID, got.Ratings, got.RatingSum, err, len(users), sum)
		}
	}
	if v, err := nodes[2].Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A revoked token, an ended session and a suspension made on one node are
// refused by the others at once: nothing about access is cached there.
func TestNodesSeeRevocationsAtOnce(t *testing.T) {
	nodes := openNodes(t, 2)
	ctx := context.Background()
	if _, err := nodes[0].CreateUser(ctx, domain.SignUp{Email: "admin@x.cn", Name: "admin"}, "x", true); err != nil {
		t.Fatal(err)
	}
	u, err := nodes[0].CreateUser(ctx, domain.SignUp{Email: "fan@x.cn", Name: "fan"}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	token, sess := []byte("token-hash-0123456789"), []byte("session-hash-0123456789")
	if err := nodes[0].CreateToken(ctx, u.ID, token, "t", 10, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := nodes[0].CreateSession(ctx, u.ID, sess, time.Time{}, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	// Node 1 has looked them up (and would have cached them).
	if _, err := nodes[1].UserByToken(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := nodes[1].Session(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if _, err := nodes[1].SetRoles(ctx, u.ID, u.ID, []domain.Role{domain.RoleJudge}, keepsAnAdmin, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	if got, err := nodes[0].User(ctx, u.ID); err != nil || !got.Has(domain.RoleJudge) {
		t.Fatalf("node 0 does not see the role node 1 granted: %+v %v", got.Roles, err)
	}
	if err := nodes[0].RevokeTokenHash(ctx, u.ID, token); err != nil {
		t.Fatal(err)
	}
	if err := nodes[0].EndSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if _, err := nodes[1].UserByToken(ctx, token); err == nil {
		t.Error("node 1 still accepts a token revoked on node 0")
	}
	if _, err := nodes[1].Session(ctx, sess); err == nil {
		t.Error("node 1 still accepts a session ended on node 0")
	}
}

// Two nodes' mail workers claiming at once never claim the same job.
func TestNodesClaimEachMailJobOnce(t *testing.T) {
	nodes := openNodes(t, 3)
	u := mailUser(t, nodes[0], 1)
	for i := 0; i < 60; i++ {
		mailNotice(t, nodes[0], u.ID, fmt.Sprint("idea ", i))
	}
	var mu sync.Mutex
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	for _, node := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				jobs, err := node.ClaimMail(context.Background(), 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					claimed[j.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != 60 {
		t.Errorf("%d jobs claimed, want 60", len(claimed))
	}
	for id, n := range claimed {
		if n != 1 {
			t.Errorf("job %d claimed %d times", id, n)
		}
	}
}

// Two nodes whose writes lock the same rows in opposite orders deadlock;
// PostgreSQL aborts one, and its batch runs again instead of failing.
func TestNodesDeadlockedWriteRunsAgain(t *testing.T) {
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 1)
	a := addIdea(t, nodes[0], c, users[0].ID, "a")
	b := addIdea(t, nodes[0], c, users[0].ID, "b")
	var mu sync.Mutex
	runs := 0
	lockBoth := func(first, second int64) func(*sql.Tx) error {
		return func(tx *sql.Tx) error {
			mu.Lock()
			runs++
			mu.Unlock()
			if _, err := tx.Exec(`UPDATE ideas SET comments = comments WHERE id = ?`, first); err != nil {
				return err
			}
			time.Sleep(300 * time.Millisecond)
			_, err := tx.Exec(`UPDATE ideas SET comments = comments WHERE id = ?`, second)
			return err
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, order := range [][2]int64{{a.ID, b.ID}, {b.ID, a.ID}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = nodes[i].write(context.Background(), lockBoth(order[0], order[1]))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("node %d: %v", i, err)
		}
	}
	if runs < 3 {
		t.Errorf("the writes ran %d times: no deadlock was retried", runs)
	}
}

// Sequence ids do not commit in order: a transaction that took a smaller
// id may commit after one that took a larger id. A node reading the search
// log must neither skip the first nor read past it before it commits.
func TestSearchLogIsReadInCommitOrder(t *testing.T) {
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	ctx := context.Background()
	drain := func() []int64 {
		t.Helper()
		var docs []int64
		for {
			entries, err := s.PendingIndex(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) == 0 {
				return docs
			}
			for _, e := range entries {
				docs = append(docs, e.DocID)
			}
			if err := s.ClearIndexed(ctx, entries[len(entries)-1].Pos); err != nil {
				t.Fatal(err)
			}
		}
	}
	users, c := fixture(t, other, 2)
	idea := addIdea(t, other, c, users[0].ID, "idea")
	drain()
	raw, _, err := openPG(pgtest.DB(t, nodesKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	slow, err := raw.Begin() // takes the smaller id, commits last
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	if _, err := slow.Exec(`INSERT INTO search_outbox (doc_type, doc_id, created_at) VALUES ('idea', 1, 0)`); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 3; i++ { // larger ids, committed first
		if err := other.write(ctx, func(tx *sql.Tx) error { return queue(tx, "idea", int64(i), time.Now()) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := drain(); len(got) != 0 {
		t.Fatalf("read %v while an older transaction was still open: it would be skipped", got)
	}
	if !s.LogHeld() {
		t.Error("the reader held back by an open transaction does not know it")
	}
	// While held back, even a commit of tallies only (which writes
	// nothing searchable) wakes the reader: it may be the one holding.
	hear(t, s)
	heard := func() bool {
		hear(t, s)
		select {
		case <-s.Heard:
			return true
		default:
			return false
		}
	}
	heard()
	if _, err := other.Vote(ctx, users[1].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	if !heard() {
		t.Error("a node held back in the search log was not woken by another node's commit of tallies")
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := drain(); fmt.Sprint(got) != "[1 2 3]" {
		t.Fatalf("after the older transaction committed the log gave %v, want [1 2 3]", got)
	}
	if s.LogHeld() {
		t.Error("the reader thinks it is held back after reading everything")
	}
	if n, err := s.OutboxLen(ctx); err != nil || n != 0 {
		t.Fatalf("OutboxLen = %d, %v; want 0", n, err)
	}
	// Not held back: tallies wake nothing, other content does.
	heard()
	if _, err := other.Unvote(ctx, users[1].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	if heard() {
		t.Error("another node's commit of tallies only woke the indexer while nothing was held back")
	}
	addIdea(t, other, c, users[0].ID, "idea 2")
	if !heard() {
		t.Error("another node's new idea did not wake this node's indexer")
	}
}

// hear waits until s has surely heard of every commit made so far
// (PostgreSQL: its listener made a round trip begun after them).
func hear(t *testing.T, s *Store) {
	t.Helper()
	if !s.postgres {
		return
	}
	start := time.Now()
	for deadline := start.Add(5 * time.Second); s.heardUntil.Load() < start.Add(listenFresh).UnixNano(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the store does not hear the database's notifications")
		}
	}
}

// Read caches on several nodes: a node caches while nothing changes, and a
// change made on another node is seen within a second (milliseconds in
// fact); a node that loses its listening connection caches nothing until
// it listens again.
func TestNodesSeeEditsWithinASecond(t *testing.T) {
	nodes := openNodes(t, 2)
	a, b := nodes[0], nodes[1]
	users, c := fixture(t, a, 2)
	ctx := context.Background()
	hear(t, b)
	if got, err := b.Challenge(ctx, c.ID); err != nil || got.Title != "洗衣机" {
		t.Fatalf("challenge on b: %+v, %v", got, err)
	}
	v, cv := b.Version(), b.ContentVersion()
	if b.Version() != v || b.ContentVersion() != cv {
		t.Fatal("b's versions move with nothing written: its caches never serve")
	}
	idea := addIdea(t, a, c, users[1].ID, "idea")
	for _, title := range []string{"冰箱", "空调"} {
		if _, err := a.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error { c.Title = title; return nil }); err != nil {
			t.Fatal(err)
		}
		edited := time.Now()
		for {
			got, err := b.Challenge(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title == title {
				t.Logf("b saw the edit after %v", time.Since(edited))
				break
			}
			if time.Since(edited) > time.Second {
				t.Fatalf("b still serves %q a second after a changed it to %q", got.Title, title)
			}
			time.Sleep(time.Millisecond)
		}
	}
	// A vote on a moves b's Version (the lists), not its ContentVersion.
	hear(t, b)
	v, cv = b.Version(), b.ContentVersion()
	if _, err := a.Vote(ctx, users[0].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	hear(t, b)
	if b.Version() == v || b.ContentVersion() != cv {
		t.Errorf("after a vote on a, b's versions %d→%d, %d→%d; want the first to move, not the second", v, b.Version(), cv, b.ContentVersion())
	}

	// b's listening connection is cut: b caches nothing meanwhile, then
	// listens again and starts its caches afresh.
	var killed int
	if err := a.r.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?`, listenerName).Scan(&killed); err != nil || killed != 2 {
		t.Fatalf("cut %d listening connections, %v; want both nodes'", killed, err)
	}
	deafSeen := false
	for deadline := time.Now().Add(listenFresh + time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if v := b.Version(); v != b.Version() {
			deafSeen = true
			break
		}
	}
	if !deafSeen {
		t.Error("b's caches kept serving after its listening connection was cut")
	}
	hear(t, b) // fails unless b listens again
	if _, err := a.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error { c.Title = "电视"; return nil }); err != nil {
		t.Fatal(err)
	}
	hear(t, b)
	if got, err := b.Challenge(ctx, c.ID); err != nil || got.Title != "电视" {
		t.Errorf("after listening again, b serves %q, %v; want 电视", got.Title, err)
	}
}

// threeNodesThreeIdeas opens three nodes on one database, with 30 fans and
// a challenge, and an idea submitted on each node.
func threeNodesThreeIdeas(t *testing.T) ([]*Store, []domain.User, []domain.Idea) {
	t.Helper()
	nodes := openNodes(t, 3)
	users, c := fixture(t, nodes[0], 30)
	var ideas []domain.Idea
	for i, node := range nodes {
		ideas = append(ideas, addIdea(t, node, c, users[0].ID, fmt.Sprintf("idea %d", i)))
	}
	return nodes, users, ideas
}
