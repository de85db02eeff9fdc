package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// The writer never checkpoints inside a commit; the checkpointer copies
// the WAL back into the database file, and a WAL that grows during a storm
// of writes (with readers reading all along) starts over instead of growing
// with every write. How long the WAL grows depends on how the readers and
// the checkpointer are scheduled, so the storm runs twice, the same way,
// and the WAL with the writer's checkpoint must stay well under the WAL
// without it (a fixed bound failed under CI's load: 16 MiB against 14).
func TestCheckpointsKeepTheWALShortDuringAStorm(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved, every := restartFrames, checkpointEvery
	t.Cleanup(func() { restartFrames, checkpointEvery = saved, every })
	// Checkpoints as often as the checkpointer can: the WAL with the
	// writer's checkpoint then holds what a few milliseconds write, however
	// the machine schedules the storm; without it, the storm's pages.
	checkpointEvery = 10 * time.Millisecond

	restartFrames = 1 << 40 // the writer never restarts the WAL
	without := walStorm(t, false)
	// With writes queued the writer restarts the WAL at stormFrames: 128
	// pages, half a MiB, so that a short storm shows it.
	restartFrames = 128 / stormRatio
	with := walStorm(t, true)
	t.Logf("the WAL's largest size: %d KiB with the writer's checkpoint, %d KiB without", with>>10, without>>10)
	if with*2 > without {
		t.Errorf("the WAL grew to %d KiB during the storm, and to %d KiB without the writer's checkpoint: want it to start over near %d pages",
			with>>10, without>>10, stormFrames())
	}
}

// walStorm votes 12,800 times from 32 goroutines while two readers read,
// on a store of its own, and returns the WAL's largest size meanwhile.
// With final, it also checks that the checkpointer copied the WAL.
func walStorm(t *testing.T, final bool) int64 {
	t.Helper()
	s, err := openTest(t, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close() // before the caller changes restartFrames, which the checkpointer reads

	var auto int
	if err := s.w.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("the writer's wal_autocheckpoint = %d (%v), want 0: it would checkpoint inside commits", auto, err)
	}

	users, c := fixture(t, s, 64)
	var ideas []int64
	for range 200 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	wal := s.Path + "-wal"
	var biggest atomic.Int64
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() { // readers that keep reading, as a live campaign's do
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int
				if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&n); err != nil {
					t.Error(err)
					return
				}
				if fi, err := os.Stat(wal); err == nil && fi.Size() > biggest.Load() {
					biggest.Store(fi.Size())
				}
			}
		}()
	}
	var voters sync.WaitGroup
	var next atomic.Int64
	total := int64(len(users) * len(ideas))
	for range 32 {
		voters.Add(1)
		go func() {
			defer voters.Done()
			for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
				u, idea := users[i%int64(len(users))], ideas[i/int64(len(users))]
				if _, err := s.Vote(context.Background(), u.ID, idea, allow); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	voters.Wait()
	close(stop)
	readers.Wait()

	// Every vote is there, and the tallies agree (through the readers).
	var votes, tallied int64
	if err := s.r.QueryRow(`SELECT COUNT(*), (SELECT SUM(votes) FROM ideas) FROM votes`).Scan(&votes, &tallied); err != nil {
		t.Fatal(err)
	}
	if votes != total || tallied != total {
		t.Fatalf("%d votes stored, %d tallied, want %d", votes, tallied, total)
	}
	if final {
		// The checkpointer copied the WAL into the database file: once the
		// writes stop, what is left in the WAL is what came after the last
		// checkpoint, and a checkpoint now finds everything already copied
		// or copies the rest. It holds ckRun, as the checkpointer does: the
		// writer's idle checkpoint may run now, and SQLite's checkpoint lock
		// would make this one busy.
		var busy, frames, copied int
		s.ckRun.Lock()
		err := s.ck.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
		s.ckRun.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if busy != 0 || copied != frames {
			t.Errorf("checkpoint: busy %d, %d of %d frames copied", busy, copied, frames)
		}
	}
	s.Close() // the writer has stopped: its stops are read
	if final {
		t.Logf("the writer's restart checkpoints: %d, %d of them without a restart", s.cycle.took[phStop].n, s.stops.missed)
	}
	return biggest.Load()
}

// walIndex is what the wal-index (the -shm file SQLite maps) says of the
// WAL: its last valid frame, its salt (new each time the WAL starts over)
// and how many frames are copied into the database file. The header's
// first copy is the current one; the fields are in the machine's order.
type walIndex struct {
	mxFrame, salt, nBackfill uint32
}

func readWALIndex(t *testing.T, s *Store) walIndex {
	t.Helper()
	f, err := os.Open(s.Path + "-shm")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b [136]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		t.Fatal(err)
	}
	u32 := func(off int) uint32 { return binary.NativeEndian.Uint32(b[off:]) }
	return walIndex{mxFrame: u32(16), salt: u32(32), nBackfill: u32(96)}
}

// The WAL starts over in a quiet moment once it is restartFrames long,
// though a reader kept the checkpointer from copying it: when the
// checkpointer asks, the writer, waiting for writes, runs its own
// checkpoint once writerIdle has passed without one (awaitWrite), which
// waits for readers (RESTART), so the next write starts the WAL over.
// Without that idle checkpoint the WAL stays as long until the checkpointer
// runs again after a later write, and the next write goes on after its
// frames.
func TestTheWriterRestartsTheWALWhenIdle(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved, every := restartFrames, checkpointEvery
	t.Cleanup(func() { restartFrames, checkpointEvery = saved, every })
	restartFrames = 64 // stormFrames, 256, is never reached: no stop of the storm's kind
	checkpointEvery = 300 * time.Millisecond
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 60)
	var ideas []int64
	for range 4 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	next := 0
	vote := func() {
		t.Helper()
		if next == len(users)*len(ideas) {
			t.Fatal("out of votes")
		}
		u, idea := users[next%len(users)], ideas[next/len(users)]
		next++
		if _, err := s.Vote(ctx, u.ID, idea, allow); err != nil {
			t.Fatal(err)
		}
	}
	for round := 1; round <= 5; round++ {
		// A reader keeps a snapshot from before the votes: the
		// checkpointer's PASSIVE copies none of what they write.
		rd := holdSnapshot(t, s)
		vote()
		for readWALIndex(t, s).mxFrame < uint32(restartFrames) {
			vote()
		}
		if h := readWALIndex(t, s); h.mxFrame >= uint32(stormFrames()) {
			t.Fatalf("the WAL is %d frames long, past stormFrames (%d): the test means the writer to be idle", h.mxFrame, stormFrames())
		}
		// The checkpointer, woken by the votes, finds the WAL long and asks.
		for deadline := time.Now().Add(10 * time.Second); s.ckFrames.Load() == 0; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the checkpointer never asked for the writer's checkpoint")
			}
		}
		// It runs again only after another commit: the WAL is left to the
		// writer. The reader goes.
		select {
		case <-s.ckWake:
		default:
		}
		before := readWALIndex(t, s)
		if before.nBackfill == before.mxFrame {
			t.Fatalf("the WAL was copied whole (%+v) though a reader held it", before)
		}
		if err := rd.Rollback(); err != nil {
			t.Fatal(err)
		}
		copied := false
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if h := readWALIndex(t, s); h.nBackfill == h.mxFrame {
				copied = true
				break
			}
		}
		if !copied {
			if s.ckFrames.Load() != 0 {
				t.Fatalf("2 s after the checkpointer asked, with no write meanwhile, the writer has not checkpointed: %+v", readWALIndex(t, s))
			}
			// The writer's checkpoint ran while the reader was still
			// there (a loaded machine): another round.
			t.Logf("round %d: the writer's checkpoint met the reader", round)
			continue
		}
		vote()
		after := readWALIndex(t, s)
		if after.salt == before.salt || after.mxFrame >= before.mxFrame {
			t.Fatalf("the write after the writer's idle checkpoint did not start the WAL over: %+v before it, %+v after", before, after)
		}
		t.Logf("round %d: the WAL started over: %d frames, then %d", round, before.mxFrame, after.mxFrame)
		return
	}
	t.Fatal("in 5 rounds the writer's checkpoint always met the reader")
}

// The stop log's histogram gives the middle duration's bucket, no more
// than a quarter wide and never past the longest, and the longest exactly.
func TestDurHistMedian(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		took []time.Duration
		want time.Duration // the (n/2)-th shortest, as slices.Sort would put it
	}{
		{"one", []time.Duration{3 * ms}, 3 * ms},
		{"two", []time.Duration{40 * ms, 2 * ms}, 40 * ms},
		{"odd", []time.Duration{5 * ms, 1 * ms, 30 * ms, 2 * ms, 900 * time.Microsecond}, 2 * ms},
		{"same", []time.Duration{7 * ms, 7 * ms, 7 * ms, 7 * ms}, 7 * ms},
		{"tiny", []time.Duration{0, 1, 2, 3, 5}, 2},
		{"a bucket's lower edge", []time.Duration{4, 8, 16, 1 << 20, 5 << 30}, 16},
		{"seconds", []time.Duration{20 * time.Second, 3 * time.Second, 90 * time.Second}, 20 * time.Second},
		{"skewed", append(slices.Repeat([]time.Duration{ms}, 9), slices.Repeat([]time.Duration{time.Second}, 10)...), time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h durHist
			for _, d := range tc.took {
				h.add(d)
			}
			lo, hi := h.median()
			if h.n != len(tc.took) || h.max != slices.Max(tc.took) {
				t.Errorf("n %d max %v, want %d and %v", h.n, h.max, len(tc.took), slices.Max(tc.took))
			}
			if tc.want < lo || tc.want > hi || hi > h.max {
				t.Errorf("median in [%v, %v], want it to hold %v, and no more than the longest %v", lo, hi, tc.want, h.max)
			}
			if lo >= 4 && float64(hi) > 1.25*float64(lo) {
				t.Errorf("median in [%v, %v]: wider than a quarter", lo, hi)
			}
		})
	}
	// Every bucket's edges: each starts where the one before ends, and
	// every duration falls in the bucket whose range holds it.
	for b := 1; b < durBuckets; b++ {
		lo := durBucketLow(b)
		if lo <= durBucketLow(b-1) || durBucket(lo) != b || durBucket(lo-1) != b-1 {
			t.Fatalf("bucket %d starts at %v (bucket of it %d, of one less %d), the one before at %v", b, lo, durBucket(lo), durBucket(lo-1), durBucketLow(b-1))
		}
	}
	if got := durBucket(time.Duration(math.MaxInt64)); got != durBuckets-1 {
		t.Errorf("the longest duration is in bucket %d, want the last, %d", got, durBuckets-1)
	}
}

// The writer's checkpoints line reports the stops' durations from the
// write path's stop phase (kept once) beside stopLog's own counts.
func TestStopLogReportsTheStopPhase(t *testing.T) {
	var buf bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	var cycle phaseLog
	var stops stopLog
	at := time.Now()
	for i, d := range []time.Duration{10 * time.Millisecond, 30 * time.Millisecond} {
		cycle.addDur(phStop, at, d)
		stops.add(int64(100+200*i), i == 1)
	}
	stops.report(&cycle.took[phStop], cycle.total[phStop])
	want := `msg="store: the writer's checkpoints" stops=2 missed=1 total=40ms p50=`
	if out := buf.String(); !strings.Contains(out, want) || !strings.Contains(out, " max=30ms wal_pages_each=200") {
		t.Errorf("the line %q; want %q … max=30ms wal_pages_each=200", out, want)
	}
	buf.Reset()
	(&stopLog{}).report(&durHist{}, 0)
	if buf.Len() != 0 {
		t.Errorf("no stops, yet a line: %q", buf.String())
	}
}

// Before the writer's stop in a storm, the checkpointer copies again at
// once while its runs are long, a bounded number of times; outside a
// storm (the writer stops when idle) it never does.
func TestTheCheckpointerCopiesAgainBeforeAStormStop(t *testing.T) {
	storm := stormFrames()
	for _, c := range []struct {
		frames int64
		took   time.Duration
		rounds int
		want   bool
	}{
		{storm, precopyShort + time.Millisecond, 0, true},
		{storm + 1000, 40 * time.Millisecond, precopyRounds - 1, true},
		{storm, 40 * time.Millisecond, precopyRounds, false}, // enough rounds
		{storm, precopyShort, 0, false},                      // short: the stop copies what is left
		{storm, time.Millisecond, 2, false},
		{storm - 1, 40 * time.Millisecond, 0, false}, // no storm: the writer stops when idle
		{restartFrames, 40 * time.Millisecond, 0, false},
	} {
		if got := again(c.frames, c.took, c.rounds); got != c.want {
			t.Errorf("again(%d frames, %v, %d rounds) = %v, want %v", c.frames, c.took, c.rounds, got, c.want)
		}
	}
}

// The checkpointer syncs the database file after a run that copied pages
// but not the whole WAL (SQLite synced none of them), once for those
// pages, and says which copied frames are synced.
func TestTheCheckpointerSyncsWhatItCopiedUnsynced(t *testing.T) {
	failed := errors.New("disk gone")
	for _, c := range []struct {
		name                   string
		frames, copied, synced int64
		err                    error
		syncs                  int
		want                   int64
	}{
		{"part of the WAL copied", 20000, 15000, 9000, nil, 1, 15000},
		{"the first run", 20000, 15000, 0, nil, 1, 15000},
		{"the whole WAL: SQLite synced it", 20000, 20000, 9000, nil, 0, 20000},
		{"nothing new copied", 20000, 15000, 15000, nil, 0, 15000},
		{"after the WAL started over", 300, 200, 15000, nil, 1, 200},
		{"a failed sync", 20000, 15000, 9000, failed, 1, 9000},
	} {
		syncs := 0
		sync := func() error { syncs++; return c.err }
		got, did, err := syncCopied(sync, c.frames, c.copied, c.synced)
		wantDid := c.syncs == 1 && c.err == nil
		if got != c.want || syncs != c.syncs || did != wantDid || err != c.err {
			t.Errorf("%s: synced %d times, returned %d, %v, %v; want %d, %d, %v, %v", c.name, syncs, got, did, err, c.syncs, c.want, wantDid, c.err)
		}
	}
	if got, did, err := syncCopied(nil, 20000, 15000, 9000); got != 15000 || did || err != nil {
		t.Errorf("without the file: returned %d, %v, %v; want 15000, false, nil", got, did, err)
	}
}

// The checkpointer does both in a store: with a reader holding a snapshot
// from the middle of a burst of votes, its next run copies up to that
// snapshot and not the whole WAL, so it syncs the database file itself;
// and past stormFrames it runs again at once before asking for the
// writer's stop. It fails if the checkpointer never calls syncCopied or
// again.
func TestTheCheckpointerSyncsAndCopiesAgainInAStore(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved, every, short := restartFrames, checkpointEvery, precopyShort
	t.Cleanup(func() { restartFrames, checkpointEvery, precopyShort = saved, every, short })
	restartFrames = 4 // stormFrames 16: a few votes make a storm
	checkpointEvery = 300 * time.Millisecond
	precopyShort = 0 // every run is long enough to run again
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 40)
	idea := addIdea(t, s, c, users[0].ID, "idea").ID

	var mu sync.Mutex
	var syncs, rounds int
	s.hooks.Store(&testHooks{checkpointed: func(round int, synced bool) {
		mu.Lock()
		defer mu.Unlock()
		if synced {
			syncs++
		}
		rounds = max(rounds, round)
	}})
	t.Cleanup(func() { s.hooks.Store(nil) })

	vote := func(u domain.User) {
		t.Helper()
		if _, err := s.Vote(ctx, u.ID, idea, allow); err != nil {
			t.Fatal(err)
		}
	}
	// The first vote wakes the checkpointer, which then waits
	// checkpointEvery: the rest of the burst and the reader come meanwhile.
	vote(users[0])
	for _, u := range users[1:20] {
		vote(u)
	}
	rd := holdSnapshot(t, s)
	defer rd.Rollback()
	for _, u := range users[20:] {
		vote(u)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		done := syncs > 0 && rounds > 0
		mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the burst: %d syncs of the database file by the checkpointer and at most %d runs straight before a stop; want both above 0", syncs, rounds)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A reader pins the WAL once the checkpointer's runs have stopped at the
// same frame for longReader; a run that copies the whole WAL, or stops
// elsewhere, frees it.
func TestALongReaderPinsTheWAL(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	var p pin
	steps := []struct {
		name           string
		frames, copied int64
		at             time.Duration
		pinned         bool
	}{
		{"the first run stops short", 20000, 9000, 0, false},
		{"the same frame, soon after", 21000, 9000, longReader - time.Millisecond, false},
		{"the same frame, longReader after the first", 22000, 9000, longReader, true},
		{"and later still", 30000, 9000, 3 * longReader, true},
		{"the reader went: the run copied the whole WAL", 30000, 30000, 3*longReader + time.Millisecond, false},
		{"a short stop after it", 31000, 30500, 4 * longReader, false},
		{"another frame: a newer reader", 32000, 31000, 5 * longReader, false},
		{"that one for longReader", 33000, 31000, 6 * longReader, true},
		{"it goes on past the next frame", 34000, 31500, 6*longReader + time.Millisecond, false},
	}
	for _, s := range steps {
		var got bool
		p, got = p.next(s.frames, s.copied, t0.Add(s.at))
		if got != s.pinned {
			t.Errorf("%s (%d of %d frames copied at +%v): pinned %v, want %v", s.name, s.copied, s.frames, s.at, got, s.pinned)
		}
	}
}

// While a reader holds a snapshot for a long time (a scan), the writer is
// not asked to restart the WAL at every checkpointer run, each a wait of
// restartWait with the writes queued behind it that ends busy; once the
// reader has gone, the WAL starts over. It fails if the checkpointer asks
// regardless of the pin.
func TestALongReaderDoesNotStopTheWriter(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved, every := restartFrames, checkpointEvery
	t.Cleanup(func() { restartFrames, checkpointEvery = saved, every })
	restartFrames = 4 // stormFrames 16: a few votes make a storm
	checkpointEvery = longReader / 2
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 1000)
	idea := addIdea(t, s, c, users[0].ID, "idea").ID
	next := 0
	vote := func() {
		t.Helper()
		if next == len(users) {
			t.Fatal("out of voters")
		}
		if _, err := s.Vote(ctx, users[next].ID, idea, allow); err != nil {
			t.Fatal(err)
		}
		next++
	}
	vote()
	rd := holdSnapshot(t, s)
	// A storm for a second (10 checkpointer runs) under the reader.
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(3 * time.Millisecond) {
		vote()
	}
	if err := rd.Rollback(); err != nil {
		t.Fatal(err)
	}
	held := readWALIndex(t, s)
	for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end); time.Sleep(3 * time.Millisecond) {
		vote()
	}
	after := readWALIndex(t, s)
	s.Close() // the writer has stopped: its stops are read
	// The first runs under the reader may ask (the pin is not yet
	// longReader old): a few stops busy, not one a run.
	if s.stops.missed > 3 {
		t.Errorf("%d of the writer's %d restarts met the reader and gave up; want at most 3", s.stops.missed, s.cycle.took[phStop].n)
	}
	if after.salt == held.salt {
		t.Errorf("the WAL did not start over after the reader went: %+v under the reader, %+v after", held, after)
	}
	t.Logf("%d votes; the writer's restarts: %d, %d of them busy; WAL %d frames under the reader", next, s.cycle.took[phStop].n, s.stops.missed, held.mxFrame)
}

// holdSnapshot begins a read that holds its snapshot of the database (it
// has read from it) until it is rolled back.
func holdSnapshot(t *testing.T, s *Store) *sql.Tx {
	t.Helper()
	rd, err := s.r.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rd.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return rd
}
