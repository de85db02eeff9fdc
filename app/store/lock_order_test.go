package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/pgtest"
)

// On PostgreSQL a transaction that recounts several sets of ideas locks
// them all at once in id order (lockIdeas). Here another node's
// transaction holds the lower idea and then wants the higher one, while a
// scan holds a fan's vote for the higher idea and buying intent on the
// lower: taking the vote's idea first, then the intent's, the scan would
// hold the higher idea while it waits for the lower, and the two would wait
// for each other in a circle (a deadlock, one of them aborted). In id
// order the scan waits for the lower idea holding nothing, the other
// transaction takes the higher one at once and commits, and the scan goes
// on.
func TestHoldActsLockIdeasInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "row locks between nodes")
	users, c := fixture(t, s, 2)
	low := addIdea(t, s, c, users[0].ID, "low")
	high := addIdea(t, s, c, users[0].ID, "high")
	if low.ID >= high.ID {
		t.Fatalf("ideas %d and %d: want the first lower", low.ID, high.ID)
	}
	fan := users[1].ID
	if _, err := s.Vote(ctx, fan, high.ID, allow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: low.ID, UserID: fan, Quantity: 2, Options: map[string]string{"size": "M"}},
		VoteSignals{}, allowIntent); err != nil {
		t.Fatal(err)
	}

	inOrder(t, s, low.ID, high.ID, func() error {
		return s.SaveIntegrityScan(ctx, c.ID, 1, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined, Group: integrity.Group{Users: []int64{fan}, Ideas: []int64{low.ID, high.ID}, Score: 0.9}}}
		})
	})
	for _, id := range []int64{low.ID, high.ID} {
		got, err := s.Idea(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Votes != 0 || got.Buyers != 0 || got.Units != 0 {
			t.Errorf("idea %d: %d votes, %d buyers, %d units once the fan's acts are held; want none", id, got.Votes, got.Buyers, got.Units)
		}
	}
	noViolations(t, s)
}

// inOrder runs write (a transaction that locks the ideas low and high,
// low < high) while another node's transaction holds low and then, once
// write waits for a row lock, wants high. It fails the test if the two
// deadlock: write must wait for low holding nothing, so the other takes
// high at once and commits, and write then finishes.
func inOrder(t *testing.T, s *Store, low, high int64, write func() error) {
	t.Helper()
	inOrderThen(t, s, low, func(other *sql.Tx) error {
		_, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, high)
		return err
	}, write)
}

// inOrderThen is inOrder where the other transaction, holding low, then
// does what then does.
func inOrderThen(t *testing.T, s *Store, low int64, then func(other *sql.Tx) error, write func() error) {
	t.Helper()
	ctx := context.Background()
	// The other node's transaction, on a connection of its own.
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	// It finds a deadlock itself, before write's transaction would
	// (deadlock_timeout 1 s there), so a circle fails this test rather than
	// being retried by the writer. (A superuser's setting: the test
	// cluster's owner is one.)
	if _, err := other.Exec(`SET LOCAL deadlock_timeout = '50ms'`); err != nil {
		t.Fatalf("set deadlock_timeout: %v", err)
	}
	if _, err := other.Exec(`SELECT id FROM ideas WHERE id = ?`+s.forUpdate, low); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- write() }()
	// Until write waits for a row lock (the lower idea's).
	waitForALockWaiter(t, s, done)
	if err := then(other); err != nil {
		t.Fatalf("the other transaction, going on while the write waits for the idea it holds: %v (pg code %s)", err, pgCode(err))
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 1, "the write, after the other transaction committed")
}

// finishes waits for n writes' results on done, failing the test on an
// error or if they have not all come within 30 s.
func finishes(t *testing.T, done <-chan error, n int, what string) {
	t.Helper()
	for range n {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s did not finish", what)
		}
	}
}

// holdIdea locks an idea in a transaction of its own, as another node
// would, until the test commits it (or ends).
func holdIdea(t *testing.T, s *Store, id int64) *sql.Tx {
	t.Helper()
	return holdRow(t, s, "ideas", id)
}

// holdRow is holdIdea for a row of any table with an id.
func holdRow(t *testing.T, s *Store, table string, id int64) *sql.Tx {
	t.Helper()
	tx, err := s.r.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.Exec(`SELECT id FROM `+table+` WHERE id = ?`+s.forUpdate, id); err != nil {
		t.Fatal(err)
	}
	return tx
}

// A merge locks the duplicate, the original and the third ideas whose
// comparisons it drops all at once in id order, before it writes: here
// the dropped idea x is the lowest, and taking it after the two (as the
// recounts met them: the intents' first, then the comparisons') would
// hold the duplicate while waiting for x.
func TestMergeLocksIdeasInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "row locks between nodes")
	users, c := fixture(t, s, 2)
	x := addIdea(t, s, c, users[0].ID, "x")
	d := addIdea(t, s, c, users[0].ID, "duplicate")
	o := addIdea(t, s, c, users[0].ID, "original")
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	fan := users[1].ID
	// The fan compared x with both: the merge drops one of the two.
	for _, p := range [][3]int64{{d.ID, x.ID, x.ID}, {o.ID, x.ID, x.ID}} {
		if _, err := s.Compare(ctx, fan, c.ID, p[0], p[1], p[2], VoteSignals{}, ok); err != nil {
			t.Fatal(err)
		}
	}
	// An intent on the duplicate: its recount (the two) came before the
	// comparisons' (the two and x).
	if _, err := s.PutIntent(ctx, domain.Intent{IdeaID: d.ID, UserID: fan, Quantity: 1, Options: map[string]string{}}, VoteSignals{}, allowIntent); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vote(ctx, fan, d.ID, allow); err != nil {
		t.Fatal(err)
	}
	inOrder(t, s, x.ID, d.ID, func() error {
		_, err := s.MergeIdea(ctx, d.ID, o.ID, users[0].ID, "same",
			func(domain.Idea, domain.Idea, bool) error { return nil },
			func(domain.Idea, domain.Idea, []int64) []int64 { return nil },
			func(domain.Idea, domain.Idea, []int64) []domain.Outgoing { return nil })
		return err
	})
	got, err := s.Idea(ctx, x.ID)
	if err != nil || got.Comparisons != 1 || got.Wins != 1 {
		t.Errorf("x after the merge: %d comparisons, %d wins (%v); want 1, 1", got.Comparisons, got.Wins, err)
	}
	if got, err := s.Idea(ctx, o.ID); err != nil || got.Votes != 1 || got.Buyers != 1 {
		t.Errorf("the original after the merge: %d votes, %d buyers (%v); want 1, 1", got.Votes, got.Buyers, err)
	}
	noViolations(t, s)
}

// A hold or a release of a group's acts locks their ideas before it moves
// the acts (ideas before acts, as a vote and its withdrawal go). Here
// another node withdraws a quarantined fan's vote: it holds the idea, then
// deletes the vote's row. Clearing the group, the release moved (and so
// locked) that row first and then waited for the idea: the withdrawal
// waited for the row, a deadlock. Now the release waits for the idea
// holding nothing, the withdrawal goes through, and the release finds no
// vote to move.
func TestHoldsLockIdeasBeforeActs(t *testing.T) {
	s := mustOpenPostgres(t, "row locks between nodes")
	users, c := fixture(t, s, 2)
	x := addIdea(t, s, c, users[0].ID, "x")
	fan := users[1].ID
	group := quarantineVoter(t, s, c, fan, x.ID)
	if v, held := tally(t, s, x.ID); v != 0 || held != 1 {
		t.Fatalf("the quarantined fan's vote: %d counted, %d under review; want 0, 1", v, held)
	}
	inOrderThen(t, s, x.ID, func(other *sql.Tx) error {
		// The rest of the withdrawal (unvotePG), the idea locked.
		var held int
		if err := other.QueryRow(`DELETE FROM votes WHERE idea_id = ? AND user_id = ? RETURNING held`, x.ID, fan).Scan(&held); err != nil {
			return err
		}
		_, err := other.Exec(`UPDATE ideas SET votes_under_review = votes_under_review - 1 WHERE id = ?`, x.ID)
		return err
	}, func() error {
		return decide(s, c, group, users[0].ID, "clear")
	})
	if v, held := tally(t, s, x.ID); v != 0 || held != 0 {
		t.Errorf("after the withdrawal and the release: %d counted, %d under review; want none", v, held)
	}
	noViolations(t, s)
}

// mustOpenPostgres opens a store on PostgreSQL, or skips the test (why:
// what only PostgreSQL has) before opening anything.
func mustOpenPostgres(t *testing.T, why string) *Store {
	t.Helper()
	if !pgtest.Postgres() {
		t.Skip(why + ": PostgreSQL only")
	}
	return mustOpen(t)
}

// A group's removal locks the ideas its members' acts touch before it
// reads those acts, and then reads and deletes only the acts on them. Here
// another transaction holds the idea of the fan's first vote, so the
// removal waits for it; meanwhile the fan votes for a second idea on
// another node, and that vote commits. Read before the lock, the removal
// knew only the first idea: it deleted both votes and recounted only the
// first, leaving the second idea's tally at 1 over no vote. Now the second
// vote lands as if cast just after the removal: it stays and is counted.
func TestGroupRemovalReadsItsActsUnderItsLock(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 2)
	a := addIdea(t, s, c, users[0].ID, "a")
	b := addIdea(t, s, c, users[0].ID, "b")
	fan := users[1].ID
	// Suspected, not quarantined: the group's votes count until decided.
	group := flagVoter(t, s, c, fan, a.ID, integrity.Suspected)
	blocker := holdIdea(t, s, a.ID)
	done := make(chan error, 1)
	go func() { done <- decide(s, c, group, users[0].ID, "remove") }()
	waitForALockWaiter(t, s, done)
	if _, err := other.Vote(ctx, fan, b.ID, allow); err != nil {
		t.Fatalf("the fan's vote on the other node while the removal waits: %v", err)
	}
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 1, "the removal, once the idea was free")
	noViolations(t, s)
	if v, _ := tally(t, s, a.ID); v != 0 {
		t.Errorf("idea a: %d votes after the removal; want 0", v)
	}
	if v, _ := tally(t, s, b.ID); v != 1 {
		t.Errorf("idea b: %d votes; want the vote cast while the removal waited, counted", v)
	}
	log, _, err := s.IntegrityLogPage(ctx, c.ID, nil, 0)
	if err != nil || len(log) != 1 || log[0].VotesRemoved != 1 || len(log[0].Ideas) != 1 || log[0].Ideas[0].IdeaID != a.ID {
		t.Errorf("log %+v %v: want one vote removed, on a", log, err)
	}
}

// waitForALockWaiter returns once a session of the test's database waits
// for a lock, failing the test if write (its result on done) ends first or
// nothing waits within 30 s.
func waitForALockWaiter(t *testing.T, s *Store, done <-chan error) {
	t.Helper()
	waitForLockWaiters(t, s, 1, done)
}

// waitForLockWaiters is waitForALockWaiter for n sessions waiting.
func waitForLockWaiters(t *testing.T, s *Store, n int, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if lockWaiters(t, s) >= n {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("a write did not wait for the idea the other transaction holds: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes never waited for a lock", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Two nodes answering the pair (a, b) and (b, a) at once lock the two
// ideas in id order, whatever plan each node's statements get. Here one
// node's plans go by the ideas' index (the lower id first) and the
// other's scan the table, which meets the higher idea first (the lower's
// live row was written after it). A third transaction holds the lower
// idea while both answers wait; once it commits, an UPDATE of the two in
// plan order would let the first node take the lower idea and want the
// higher, which the second took already: a deadlock (40P01), one batch
// run again. Locked in id order, the second waits for the lower holding
// nothing.
func TestPairChoicesLockIdeasInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := openNodes(t, 1)[0] // the database, migrated
	nodes := []*Store{
		nodeWith(t, "enable_seqscan=off&enable_bitmapscan=off"),
		nodeWith(t, "enable_indexscan=off&enable_bitmapscan=off&enable_indexonlyscan=off&enable_tidscan=off"),
	}
	users, c := fixture(t, s, 2)
	low := addIdea(t, s, c, users[0].ID, "low")
	high := addIdea(t, s, c, users[0].ID, "high")
	if low.ID >= high.ID {
		t.Fatalf("ideas %d and %d: want the first lower", low.ID, high.ID)
	}
	// The lower idea's live row after the higher's in the table.
	if _, err := s.r.Exec(`UPDATE ideas SET comments = comments WHERE id = ?`, low.ID); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int64{low.ID, high.ID} {
		order, err := int64s(nodes[i].r, `SELECT id FROM ideas WHERE id IN (?, ?)`, low.ID, high.ID)
		if err != nil || len(order) != 2 || order[0] != want {
			t.Fatalf("node %d meets the ideas in the order %v (%v); want %d first", i, order, err, want)
		}
	}
	blocker := holdIdea(t, s, low.ID)
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	answers := []struct{ a, b int64 }{{low.ID, high.ID}, {high.ID, low.ID}}
	done := make(chan error, len(answers))
	for i, p := range answers {
		go func() {
			_, err := nodes[i].Compare(ctx, users[i].ID, c.ID, p.a, p.b, p.a, VoteSignals{}, ok)
			done <- err
		}()
		waitForLockWaiters(t, s, i+1, done)
	}
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, len(answers), "the answers, once the lower idea was free")
	for i, node := range nodes {
		if n := node.retried.Load(); n != 0 {
			t.Errorf("node %d ran %d batches again: its answer deadlocked with the other's", i, n)
		}
	}
	for _, id := range []int64{low.ID, high.ID} {
		got, err := s.Idea(ctx, id)
		if err != nil || got.Comparisons != 2 || got.Wins != 1 {
			t.Errorf("idea %d: %d comparisons, %d wins (%v); want 2, 1", id, got.Comparisons, got.Wins, err)
		}
	}
	noViolations(t, s)
}

// nodeWith opens another node on the test's database (openNodes) whose
// connections have the settings params (URL query parameters).
func nodeWith(t *testing.T, params string) *Store {
	t.Helper()
	url := pgtest.DB(t, nodesKey(t))
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	node, err := OpenPostgres(url + sep + params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	return node
}
