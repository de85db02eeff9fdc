package store

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/pgtest"
	"cocreate/app/store/walvfs"
)

// Through the WAL shim the writer's commits do not sync themselves
// (synchronous=NORMAL): no write is answered before an fdatasync of the log
// that began after its batch's COMMIT returned has returned. The shim counts
// the syncs begun and done; at each COMMIT the test notes how many had
// begun, and at each answer a later one must be done. The writer does not
// wait for the sync: it may commit the next batch meanwhile (logged).
func TestNoWriteIsAnsweredBeforeItsLogSync(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's log and the WAL shim")
	s := mustOpen(t)
	if s.logs == nil {
		t.Fatal("the writer's log is not synced apart (the WAL shim is not in use)")
	}
	var mode int
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil || mode != 1 {
		t.Fatalf("the writer's synchronous = %d (%v), want 1 (NORMAL)", mode, err)
	}
	users, c := fixture(t, s, 32)
	var ideas []int64
	for range 20 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}

	var mu sync.Mutex
	begunAt := map[*writeReq]uint64{}
	var batches, early, overlapped int
	s.hooks.Store(&testHooks{
		committed: func(batch []*writeReq) {
			n := walvfs.Read()
			mu.Lock()
			defer mu.Unlock()
			begunAt[batch[0]] = n.LogSyncsBegun
			if n.LogSyncsBegun > n.LogSyncsEnded {
				overlapped++ // committed while a sync ran
			}
		},
		answered: func(batch []*writeReq) {
			done := walvfs.Read().LogSyncsEnded
			mu.Lock()
			defer mu.Unlock()
			begun, ok := begunAt[batch[0]]
			if !ok {
				t.Errorf("a batch of %d is answered but was never committed", len(batch))
				return
			}
			delete(begunAt, batch[0])
			batches++
			if done <= begun {
				early++
				t.Errorf("a batch of %d is answered with %d syncs ended, and %d had begun at its COMMIT: no sync that began after it has ended", len(batch), done, begun)
			}
		},
	})
	var wg sync.WaitGroup
	var next, answered atomic.Int64
	total := int64(len(users) * len(ideas))
	for range 48 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
				u, idea := users[i%int64(len(users))], ideas[i/int64(len(users))]
				if _, err := s.Vote(context.Background(), u.ID, idea, allow); err != nil {
					t.Error(err)
					return
				}
				answered.Add(1)
			}
		}()
	}
	wg.Wait()
	s.hooks.Store(nil)
	mu.Lock()
	t.Logf("%d votes answered in %d batches, %d of them committed while the sync of an earlier one ran", answered.Load(), batches, overlapped)
	if batches == 0 || early != 0 || len(begunAt) != 0 {
		t.Errorf("%d batches answered, %d before their sync, %d committed and not answered", batches, early, len(begunAt))
	}
	mu.Unlock()
	var votes int64
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&votes); err != nil || votes != total {
		t.Fatalf("%d votes stored (%v), want %d", votes, err, total)
	}
}

// stormChildEnv names the data directory of TestAKilledWriterLosesNoAnsweredVote's
// child process (the test binary run again), which votes until it is killed.
const stormChildEnv = "COCREATE_TEST_STORM_CHILD"

// A process killed (SIGKILL) in the middle of a storm of votes loses none
// that it answered: the test binary runs again as a child that votes from
// 64 goroutines and prints each vote once it is answered; the parent kills
// it after 1,500, opens the database again (SQLite recovers the log), and
// finds every printed vote, and tallies that agree with the votes stored
// (Check). The kernel keeps what a killed process wrote: this is the
// answers' order against COMMIT, not the sync's durability (a power loss,
// which no test here makes).
func TestAKilledWriterLosesNoAnsweredVote(t *testing.T) {
	if dir := os.Getenv(stormChildEnv); dir != "" {
		stormChild(t, dir)
		return
	}
	pgtest.SQLiteOnly(t, "a SQLite file and a killed process")
	dir := t.TempDir()
	path := filepath.Join(dir, "storm.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	users, c := fixture(t, s, 64)
	for range 100 {
		addIdea(t, s, c, users[0].ID, "idea")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestAKilledWriterLosesNoAnsweredVote$", "-test.count=1")
	cmd.Env = append(os.Environ(), stormChildEnv+"="+dir, "COCREATE_TEST_PG=off")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type pair struct{ user, idea int64 }
	var answered []pair
	killed := false
	lines := bufio.NewScanner(out)
	timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	for lines.Scan() {
		var p pair
		if _, err := fmt.Sscanf(lines.Text(), "answered %d %d", &p.user, &p.idea); err != nil {
			continue // the test framework's own lines
		}
		answered = append(answered, p)
		if len(answered) == 1500 && !killed {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			killed = true
		}
	}
	werr := cmd.Wait()
	if !killed {
		t.Fatalf("the child ended after %d answered votes without being killed: %v", len(answered), werr)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stored int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after %d answered votes (%d read before the pipe closed); %d stored", 1500, len(answered), stored)
	for _, p := range answered {
		var n int
		if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes WHERE user_id = ? AND idea_id = ?`, p.user, p.idea).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("the answered vote of user %d for idea %d is not stored after the kill", p.user, p.idea)
		}
	}
	bad, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 0 {
		t.Fatalf("after the kill the counters disagree with the rows: %v", bad)
	}
}

// stormChild votes every fan for every idea of the database in dir, from 64
// goroutines, printing each vote once answered, until killed.
func stormChild(t *testing.T, dir string) {
	s, err := Open(filepath.Join(dir, "storm.db"))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(q string) []int64 {
		out, err := list(context.Background(), s.r, "ids", func(rows *sql.Rows) (id int64, err error) {
			return id, rows.Scan(&id)
		}, q)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	users, ideas := ids(`SELECT id FROM users`), ids(`SELECT id FROM ideas`)
	var next atomic.Int64
	total := int64(len(users) * len(ideas))
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
				u, idea := users[i%int64(len(users))], ideas[i/int64(len(users))]
				if _, err := s.Vote(context.Background(), u, idea, allow); err != nil {
					fmt.Fprintf(os.Stderr, "vote: %v\n", err)
					continue
				}
				// One write(2) a line: whole lines reach the parent.
				if _, err := os.Stdout.WriteString(fmt.Sprintf("answered %d %d\n", u, idea)); err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	t.Fatal("the storm ended before the parent killed it")
}

// A failed fdatasync of the log (EIO, injected in the shim) fails every
// write its batches held, and the store takes no write after it, though
// the next sync would succeed: the kernel may have dropped the pages it
// could not write. Reads go on, and Close does not hang.
func TestAFailedLogSyncStopsTheWrites(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's log and the WAL shim")
	if !failSyncs(0) {
		t.Skip("needs -tags cocreate_seams (walvfs.FailSyncs)")
	}
	s := mustOpen(t)
	if s.logs == nil {
		t.Fatal("the writer's log is not synced apart (the WAL shim is not in use)")
	}
	users, c := fixture(t, s, 16)
	idea := addIdea(t, s, c, users[0].ID, "idea").ID
	if _, err := s.Vote(context.Background(), users[1].ID, idea, allow); err != nil {
		t.Fatal(err)
	}
	failSyncs(1)
	var wg sync.WaitGroup
	errs := make([]error, len(users))
	for i, u := range users[2:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.Vote(context.Background(), u.ID, idea, allow)
		}()
	}
	wg.Wait()
	for i, err := range errs[:len(users)-2] {
		if err == nil || !strings.Contains(err.Error(), "unable to sync the log") {
			t.Errorf("vote %d after the failed sync answered %v, want the sync's failure", i, err)
		}
	}
	if _, err := s.Vote(context.Background(), users[0].ID, idea, allow); err == nil || !strings.Contains(err.Error(), "unable to sync the log") {
		t.Errorf("a vote after the store stopped writing answered %v", err)
	}
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&n); err != nil || n < 1 {
		t.Fatalf("reads after the failure: %d votes, %v", n, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// Without the WAL shim (an SQLite it refuses, SQLite's own VFS) the
// writer's commits sync themselves: synchronous=FULL and no syncer, so
// nothing is answered before its commit is on disk.
func TestWithoutTheShimTheWriterSyncsItsCommits(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's synchronous setting")
	path := filepath.Join(t.TempDir(), "test.db")
	q := url.Values{"_journal_mode": {"WAL"}, "_synchronous": {"FULL"}, "_foreign_keys": {"on"}}
	w, logs, err := openWriter(path, q, newRankIndex(), newVoteMemo(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if logs != nil {
		t.Error("a syncer of the log without the shim")
	}
	var mode int
	if err := w.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil || mode != 2 {
		t.Errorf("the writer's synchronous = %d (%v), want 2 (FULL)", mode, err)
	}
}

// A write queued while the batch before is being synced runs at once, in
// the batch that waits for that sync, and commits with it (whileSyncing):
// it used to wait, with the writer idle, for the batch after, one sync
// later. Nothing is answered before its own sync has ended.
func TestAWriteQueuedDuringASyncJoinsTheWaitingBatch(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's log and the WAL shim")
	s := mustOpen(t)
	if s.logs == nil {
		t.Fatal("the writer's log is not synced apart (the WAL shim is not in use)")
	}
	users, _ := fixture(t, s, 3)
	held := make(chan struct{}) // closed: the syncs go on
	release := sync.OnceFunc(func() { close(held) })
	defer release() // before Close (a cleanup), which waits for the syncs
	begun := make(chan struct{}, 1)
	var mu sync.Mutex
	var sizes []int
	s.hooks.Store(&testHooks{
		syncing: func() {
			select {
			case begun <- struct{}{}:
			default:
			}
			<-held
		},
		committed: func(batch []*writeReq) {
			mu.Lock()
			defer mu.Unlock()
			sizes = append(sizes, len(batch))
		},
	})
	ran := make(chan int, 3)
	// Write i renames fan i, saying when it runs.
	write := func(i int) <-chan error {
		answer := make(chan error, 1)
		go func() {
			answer <- s.write(context.Background(), func(tx *sql.Tx) error {
				ran <- i
				_, err := tx.Exec(`UPDATE users SET name = ? WHERE id = ?`, fmt.Sprintf("renamed %d", i), users[i].ID)
				return err
			})
		}()
		return answer
	}
	answers := []<-chan error{write(0)}
	<-ran
	<-begun // the first batch is committed; its sync waits for held
	answers = append(answers, write(1))
	<-ran // the second batch has run it and waits for the first's sync
	answers = append(answers, write(2))
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("a write queued while the batch before was being synced did not run until that sync ended")
	}
	for i, a := range answers {
		select {
		case err := <-a:
			t.Fatalf("write %d answered (%v) before any sync ended", i, err)
		default:
		}
	}
	time.Sleep(heldFor) // the second batch's writer waits for more meanwhile
	release()
	for i, a := range answers {
		if err := <-a; err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	mu.Lock()
	if len(sizes) != 2 || sizes[0] != 1 || sizes[1] != 2 {
		t.Errorf("batches of %v committed, want [1 2]: the write queued during the first sync commits with the second", sizes)
	}
	mu.Unlock()
	// The write path's phases (logged at Close): the writer's wait during
	// the held sync is the sync's, not its statements'.
	if d := longestPhase(s, phStatements); d >= heldFor/2 {
		t.Errorf("a batch's statements took %v, with the held sync's %v in them", d, heldFor)
	}
	if d := longestPhase(s, phSyncWait); d < heldFor {
		t.Errorf("the longest wait for a sync was %v, with a sync held for %v", d, heldFor)
	}
	for i, u := range users {
		var name string
		if err := s.r.QueryRow(`SELECT name FROM users WHERE id = ?`, u.ID).Scan(&name); err != nil || name != fmt.Sprintf("renamed %d", i) {
			t.Errorf("fan %d is named %q (%v), want %q", i, name, err, fmt.Sprintf("renamed %d", i))
		}
	}
}

// heldFor is how long TestAWriteQueuedDuringASyncJoinsTheWaitingBatch holds
// a sync once its writes have run.
const heldFor = 200 * time.Millisecond

// longestPhase is the longest of the writer's phase ph so far (read once
// its writes are answered: the writer logged it before their COMMIT).
func longestPhase(s *Store, ph phase) time.Duration {
	var d time.Duration
	for _, t := range s.cycle.longest[ph] {
		d = max(d, t.d)
	}
	return d
}
