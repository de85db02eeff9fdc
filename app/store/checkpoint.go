package store

import (
	"context"
	"fmt"
	"log/slog"
	"math/bits"
	"os"
	"time"
)

// checkpointEvery is the shortest time between two checkpoints.
var checkpointEvery = 200 * time.Millisecond // a variable for the tests

// restartFrames is the WAL's length (in pages) past which the writer runs
// a checkpoint of its own between two batches once it has had nothing to
// write for writerIdle; at stormFrames it runs it whatever is queued, so
// the WAL cannot grow without end (see checkpointer and writerCheckpoint).
var restartFrames int64 = 4096 // a variable for the tests

// stormFrames is the WAL's length past which the writer checkpoints
// between two batches even with writes queued: stormRatio times
// restartFrames.
func stormFrames() int64 { return stormRatio * restartFrames }

const stormRatio = 4

// writerIdle is how long the writer must have had nothing to write before
// it runs a checkpoint the WAL's length asks for: during a storm writes
// arrive every few hundred microseconds, so it waits for stormFrames.
const writerIdle = 10 * time.Millisecond

// walSizeLimit is the WAL file's size SQLite cuts it back to when it
// starts over (journal_size_limit): above the longest WAL a storm makes
// (stormFrames and what a checkpointer's interval adds, in 4 KiB pages
// and their frame headers), so that a storm does not grow the file again
// in every round.
const walSizeLimit = 128 << 20

// checkpointer copies the WAL back into the database file, on its own
// connection, at most every checkpointEvery and only after a commit.
//
// SQLite's automatic checkpoint (after a commit that leaves 1,000 pages or
// more in the WAL) runs inside the committing write: with group commit,
// that stalls every write queued behind it while the pages are copied and
// the database file is synced. Measured on the vote path (BENCHMARKS.md,
// "Votes at half the ceiling"), running it here instead took a sixth of a
// vote's CPU away (a page a storm of votes rewrites a hundred times between
// two checkpoints is copied once) and raised the writer's throughput.
//
// Durability: a commit is acknowledged once its WAL frames are synced
// (synchronous=FULL, or, through the WAL shim, the syncer's fdatasync of the
// log: logSyncer); a checkpoint (PASSIVE: it never blocks the
// writer or a reader, and copies what no reader still needs) syncs the
// database file before the WAL may start over. A kill at any moment leaves
// a WAL that the next open replays.
func (s *Store) checkpointer() {
	defer close(s.ckStopped)
	var syncDB func() error
	if s.ckFile != nil {
		syncDB = s.ckFile.Sync
	}
	var synced int64 // the frames copied when the database file was last synced here
	rounds := 0      // passive runs back to back before the writer's stop
	var held pin     // where the runs stopped copying, and since when
	for {
		if rounds == 0 {
			select {
			case <-s.ckWake:
			case <-s.closing:
				return
			}
		}
		var busy, frames, copied int64
		s.ckRun.Lock()
		began := time.Now()
		err := s.ck.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
		took := time.Since(began)
		s.ckPhases.addDur(phCheckpoint, began, took)
		s.ckRun.Unlock()
		if err != nil {
			// The WAL only grows meanwhile; the next commit tries again.
			slog.Warn("store: checkpoint failed", "err", err)
		} else {
			var did bool
			var err error
			if synced, did, err = syncCopied(syncDB, frames, copied, synced); err != nil {
				slog.Warn("store: unable to sync the database file after a checkpoint; SQLite's own syncs go on", "err", err)
				syncDB = nil // said once
			}
			took = time.Since(began) // what the writer's stop would wait for the same pages
			if h := s.hooks.Load(); h != nil && h.checkpointed != nil {
				h.checkpointed(rounds, did)
			}
			var pinned bool
			held, pinned = held.next(frames, copied, began)
			if frames >= restartFrames && !pinned {
				if again(frames, took, rounds) {
					rounds++
					continue
				}
				s.ckFrames.Store(frames)
				// A writer waiting for writes arms its idle timer now, not
				// at the next write: after a storm the WAL starts over in the
				// quiet moment that follows, not in the next one.
				select {
				case s.ckAsk <- struct{}{}:
				default:
				}
			}
		}
		rounds = 0
		select {
		case <-time.After(checkpointEvery):
		case <-s.closing:
			return
		}
	}
}

// A long reader (an integrity scan reads every act of a challenge in one
// transaction, a second or more at scale) pins the WAL: no checkpoint
// copies past the snapshot it reads, and the writer's restart waits
// restartWait for it and gives up, with every write queued behind it.
// During a scan of a storm's challenge that was a stop of 20-30 ms every
// checkpointEvery (BENCHMARKS, session 17). So while the checkpointer's
// runs stop copying at the same frame for longReader or more, it does not
// ask for the writer's checkpoint: the WAL grows while the reader reads,
// as it did, and the first run after the reader has gone copies it and
// asks.
const longReader = 200 * time.Millisecond

// pin is where the checkpointer's runs stopped copying (short of the
// WAL's end), and when the first of them did.
type pin struct {
	copied int64
	since  time.Time
}

// next is the pin after a run at now that copied up to frame copied of
// frames, and whether a reader pins the WAL: the runs have stopped at the
// same frame for longReader or more. A list or a search holds a snapshot
// for a few milliseconds, and the next run copies past it.
func (p pin) next(frames, copied int64, now time.Time) (pin, bool) {
	switch {
	case copied >= frames:
		return pin{}, false // the whole WAL copied: nothing pins it
	case p.since.IsZero() || copied != p.copied:
		return pin{copied: copied, since: now}, false
	}
	return p, now.Sub(p.since) >= longReader
}

// openToSync opens the database file for the checkpointer's own syncs of
// it (syncCopied), or returns nil (then only SQLite syncs it). Never
// closed before every connection to the file is (Store.ckFile).
func openToSync(path string) *os.File {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		slog.Warn("store: the checkpointer cannot sync the database file itself", "err", err)
		return nil
	}
	return f
}

// syncCopied syncs the database file (sync; nil: it cannot) after a
// checkpoint that copied pages into it without syncing them. It returns
// the copied frames now synced (synced: those of the last sync here),
// whether it synced, and the sync's failure (then the pages stay
// unsynced).
//
// SQLite syncs the file only when a checkpoint has copied the whole WAL
// (copied = frames). During a storm the writer commits while the
// checkpointer copies, so its runs seldom end on the whole WAL, and the
// pages they copied waited in the kernel for the writer's stop, whose
// sync of the file then wrote them all, scattered over the file: 30-90
// ms of stop with every write queued behind it (BENCHMARKS, session 16).
// Synced here, after each run and off the writer's path, that stop writes
// only what it copies itself. A sync more than SQLite asks for changes
// nothing but when the pages reach the disk.
func syncCopied(sync func() error, frames, copied, synced int64) (now int64, did bool, err error) {
	if sync == nil || copied == synced || copied >= frames {
		// Nothing new copied, or the whole WAL: SQLite synced it.
		return copied, false, nil
	}
	if err := sync(); err != nil {
		return synced, false, err
	}
	return copied, true, nil
}

// The writer's stop during a storm (writerCheckpoint) copies what was
// committed since the checkpointer's last run, and syncs it: after a run
// of 20-80 ms, the pages a storm of votes wrote meanwhile, 36-77 ms of
// stop on this machine with every vote queued behind it (BENCHMARKS,
// session 16). So before it asks for that stop, the checkpointer copies
// again at once while its run was longer than precopyShort, up to
// precopyRounds more times: each run copies what the one before left,
// the stop copies what the last, short one left.
var precopyShort = 5 * time.Millisecond // a variable for the tests

const precopyRounds = 4

// again says whether the checkpointer runs again at once before asking
// for the writer's stop: the WAL is past stormFrames (the writer stops
// with writes queued), the run that left frames took longer than
// precopyShort, and it has made fewer than precopyRounds such runs.
func again(frames int64, took time.Duration, rounds int) bool {
	return frames >= stormFrames() && took > precopyShort && rounds < precopyRounds
}

// writerCheckpoint runs, between two batches, the checkpoint the
// checkpointer asked for, on the writer's connection: with no write under
// way it can copy the whole WAL and start it over.
//
// That checkpoint is a stop of every write queued behind it: a sync of
// the WAL and one of the database file, which writes every page copied
// since the file was last synced (the checkpointer syncs what it copied,
// syncCopied, and copies again first while its runs are long, again). So
// the writer runs it when it is idle (no write for writerIdle, see
// awaitWrite) once the WAL is restartFrames long, and with writes queued
// only once it is stormFrames long: a storm stops the writer a quarter as
// often, and the WAL is still bounded.
//
// It is a RESTART checkpoint (restartWAL): a PASSIVE one copies only the
// frames no reader still reads, and the WAL starts over only if the next
// write begins once all of it is copied and no reader reads any of it, so
// with readers reading all along it often did not (more than half of the
// stops in TestCheckpointsKeepTheWALShortDuringAStorm's storm with two
// readers): the stop was spent for nothing and the WAL grew on until the
// checkpointer's next run, and so on, at worst for a whole storm. If the
// checkpointer is copying (its run would make this one busy), the writer
// asks again after its next batch.
func (s *Store) writerCheckpoint(idle bool) {
	if s.ck == nil {
		return
	}
	frames := s.ckFrames.Load()
	if frames == 0 || (!idle && frames < stormFrames()) || !s.ckRun.TryLock() {
		return
	}
	defer s.ckRun.Unlock()
	if !s.ckFrames.CompareAndSwap(frames, 0) {
		return
	}
	began := time.Now()
	busy, frames, err := s.restartWAL()
	if err != nil {
		slog.Warn("store: checkpoint failed", "err", err)
	}
	s.cycle.add(phStop, began)
	s.stops.add(frames, busy != 0 || err != nil)
}

// restartWait is the longest the writer's restart checkpoint waits for
// readers that still read the WAL (a list or a search takes a few
// milliseconds): past it the WAL does not start over this time, and the
// writer goes on (the checkpointer asks again at its next run).
const restartWait = 20 * time.Millisecond

// restartWAL runs wal_checkpoint(RESTART) on the writer's connection with
// a busy timeout of restartWait: it copies the whole WAL once every reader
// is on its last frame, syncs the database file, waits for the readers
// still reading the WAL to finish and starts it over itself, whatever
// readers begin meanwhile (they read the database file). busy is 1 when it
// could not, within restartWait.
func (s *Store) restartWAL() (busy, frames int64, err error) {
	ctx := context.Background()
	c, err := s.w.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = c.Close() }() // back to the pool
	var was int64
	if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&was); err != nil {
		return 0, 0, err
	}
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, restartWait.Milliseconds())); err != nil {
		return 0, 0, err
	}
	var copied int64
	err = c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &frames, &copied)
	if _, e := c.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, was)); err == nil {
		err = e
	}
	return busy, frames, err
}

// awaitWrite waits for the next write, or for Close (nil). While the WAL
// asks for the writer's checkpoint, it runs it once no write has come for
// writerIdle; an ask that comes while it waits (ckAsk) starts that wait.
func (s *Store) awaitWrite() *writeReq {
	for {
		var idle <-chan time.Time
		if s.ck != nil && s.ckFrames.Load() != 0 {
			if s.idle == nil {
				s.idle = time.NewTimer(writerIdle)
			} else {
				s.idle.Reset(writerIdle)
			}
			idle = s.idle.C
		}
		select {
		case req := <-s.writes:
			return req
		case <-idle:
			s.writerCheckpoint(true)
		case <-s.ckAsk:
		case <-s.closing:
			return nil
		}
	}
}

// stopLog is what the writer's own checkpoints cost it beside their
// durations: each is a stop of every write queued behind it. Only the
// writer goroutine adds to it; Close reports it once the writer has
// stopped. The durations themselves are the write path's phStop
// (phaseLog, a histogram: a fixed size however long the server runs),
// kept once.
type stopLog struct {
	missed int   // stops after which the WAL did not start over
	frames int64 // the WAL's pages at each stop, summed
}

func (l *stopLog) add(frames int64, missed bool) {
	if missed {
		l.missed++
	}
	l.frames += frames
}

// report logs the writer's stops, whose durations took holds (total in
// all): how many, how long in all, the median (its histogram bucket's
// upper edge, less than 25% above it) and the longest, for the operator
// (and cocreate bench's server log).
func (l *stopLog) report(took *durHist, total time.Duration) {
	n := took.n
	if n == 0 {
		return
	}
	_, p50 := took.median()
	slog.Info("store: the writer's checkpoints", "stops", n, "missed", l.missed, "total", total.Round(time.Millisecond),
		"p50", p50.Round(100*time.Microsecond), "max", took.max.Round(100*time.Microsecond),
		"wal_pages_each", l.frames/int64(n))
}

// durHist counts durations in log-scale buckets, four a doubling: bucket
// b < 4 holds b nanoseconds; above, a duration's highest bit e and the two
// bits after it name bucket 4(e-1)+those two bits, [lo, lo+2^(e-2)) with
// lo = (4+bits)<<(e-2). So a bucket's upper edge is at most 5/4 of its
// lower one, and 248 buckets cover every time.Duration.
type durHist struct {
	counts [durBuckets]uint32
	n      int
	max    time.Duration
}

const durBuckets = 4 * 62 // a time.Duration's highest bit is at most 62

// durBucket is the bucket of d (0 for d <= 0).
func durBucket(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	v := uint64(d)
	if v < 4 {
		return int(v)
	}
	e := bits.Len64(v) - 1
	return 4*(e-1) + int(v>>(e-2)&3)
}

// durBucketLow is bucket b's lower edge (the shortest duration in it).
func durBucketLow(b int) time.Duration {
	if b < 4 {
		return time.Duration(b)
	}
	e := b/4 + 1
	return time.Duration(uint64(4+b%4) << (e - 2))
}

func (h *durHist) add(d time.Duration) {
	h.counts[durBucket(d)]++
	h.n++
	h.max = max(h.max, d)
}

// median is the range [lo, hi] that holds the middle duration (the
// (n/2)-th shortest, counting from 0): quantile(0.5).
func (h *durHist) median() (lo, hi time.Duration) { return h.quantile(0.5) }

// quantile is the range [lo, hi] that holds the duration at q (0 to 1) of
// the way from the shortest to the longest: the (q·n)-th shortest,
// counting from 0 (the longest at q = 1). Its bucket's edges, hi no more
// than the longest duration seen.
func (h *durHist) quantile(q float64) (lo, hi time.Duration) {
	left := min(int(q*float64(h.n)), h.n-1)
	for b, c := range h.counts {
		if left < int(c) {
			hi = h.max
			if b+1 < durBuckets {
				hi = min(hi, durBucketLow(b+1)-1)
			}
			return durBucketLow(b), hi
		}
		left -= int(c)
	}
	return 0, 0
}

// merge adds o's durations to h's.
func (h *durHist) merge(o *durHist) {
	for b, c := range o.counts {
		h.counts[b] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}
