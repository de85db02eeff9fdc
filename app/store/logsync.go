package store

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/store/walvfs"
)

// logSyncer makes the writer's commits durable after the writer has gone on
// (SQLite through the WAL shim; README, Decisions, "The sync of a commit
// overlaps the next batch"). The writer's connection runs with
// synchronous=NORMAL: its COMMIT returns once the batch's frames are
// written to the log (the shim writes them at the commit frame), without a
// sync. The writer then hands the batch here and starts the next one; this
// goroutine runs one fdatasync of the log (walvfs.Log.Sync, on the file
// SQLite has open) covering every batch handed to it before that sync
// began, and only then answers their writers.
//
// A failed sync fails every batch it covered and every batch after it: the
// kernel may have dropped the pages it could not write and report the
// failure once, so a later sync that succeeds proves nothing about them.
// The store then refuses writes (failed) until it is opened again, when
// SQLite reads back what the log on disk holds.
type logSyncer struct {
	log walvfs.Log

	mu       sync.Mutex
	queued   []syncBatch // committed, not yet covered by a sync
	stopping bool        // the writer has stopped: no batch comes after queued
	unsynced int         // batches added whose sync has not ended
	synced   *sync.Cond  // (on mu) unsynced fell to 0
	// drained has a value once a sync has left no batch unsynced: it wakes
	// the writer running more writes into its batch while it waits
	// (Store.whileSyncing). A value may be stale; syncing says.
	drained chan struct{}

	wake    chan struct{} // 1: queued or stopping changed
	stopped chan struct{} // closed once it has answered everything and ended
	failed  atomic.Pointer[error]
	phases  phaseLog // the syncs, and the oldest write of each batch (this goroutine's)
}

// syncBatch is a committed batch and each of its writes' outcomes, waiting
// for the sync that makes it durable.
type syncBatch struct {
	batch []*writeReq
	errs  []error
}

func newLogSyncer(log walvfs.Log) *logSyncer {
	l := &logSyncer{log: log, wake: make(chan struct{}, 1), stopped: make(chan struct{}), drained: make(chan struct{}, 1)}
	l.synced = sync.NewCond(&l.mu)
	return l
}

// await waits until every batch added has been synced (or failed): the
// writer calls it before its next COMMIT, so that it overlaps a batch's
// statements with the sync of the one before, and batches stay as large
// as when each commit synced itself. Before it, the writer runs the writes
// that arrive during that sync into the batch (Store.whileSyncing), so
// await finds the sync over or all but over.
func (l *logSyncer) await() {
	l.mu.Lock()
	for l.unsynced > 0 {
		l.synced.Wait()
	}
	l.mu.Unlock()
}

// syncing says whether a batch added is still waiting for its sync to end.
func (l *logSyncer) syncing() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.unsynced > 0
}

// add hands a committed batch (the caller's slice is not kept) to the
// syncer.
func (l *logSyncer) add(batch []*writeReq, errs []error) {
	b := syncBatch{batch: make([]*writeReq, len(batch)), errs: errs}
	copy(b.batch, batch)
	l.mu.Lock()
	l.queued = append(l.queued, b)
	l.unsynced++
	l.mu.Unlock()
	l.signal()
}

// stop tells the syncer that no batch comes after those added: it answers
// them and ends (stopped).
func (l *logSyncer) stop() {
	l.mu.Lock()
	l.stopping = true
	l.mu.Unlock()
	l.signal()
}

func (l *logSyncer) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// err is the failure that stopped the store's writes, or nil.
func (l *logSyncer) err() error {
	if e := l.failed.Load(); e != nil {
		return *e
	}
	return nil
}

// run syncs and answers until stop, then ends. hooks holds the tests'
// calls, if any.
func (l *logSyncer) run(hooks *atomic.Pointer[testHooks]) {
	defer close(l.stopped)
	for {
		<-l.wake
		l.mu.Lock()
		group, stopping := l.queued, l.stopping
		l.queued = nil // group is this goroutine's now (no reuse: add appends meanwhile)
		l.mu.Unlock()
		if len(group) > 0 {
			err := l.err()
			if err == nil {
				if h := hooks.Load(); h != nil && h.syncing != nil {
					h.syncing()
				}
				began := time.Now()
				e := l.log.Sync()
				l.phases.add(phLogSync, began)
				if e != nil {
					err = fmt.Errorf("store: unable to sync the log, so writes committed since the last sync may not be on disk; the store takes no more writes until it is opened again: %w", e)
					l.failed.Store(&err)
					slog.Error("store: the log could not be synced: writes stopped", "err", e)
				}
			}
			l.mu.Lock()
			l.unsynced -= len(group)
			if l.unsynced == 0 {
				select {
				case l.drained <- struct{}{}:
				default:
				}
			}
			l.synced.Broadcast()
			l.mu.Unlock()
			n := 0
			h := hooks.Load()
			for _, b := range group {
				if h != nil && h.answered != nil {
					h.answered(b.batch)
				}
				if err != nil {
					for i := range b.errs {
						b.errs[i] = err
					}
				}
				n += len(b.batch)
			}
			for _, b := range group {
				l.phases.add(phAnswered, b.batch[0].queued)
			}
			if n < answerApart {
				answerGroup(group)
			} else {
				// As commit does: the next sync need not wait for a
				// hundred handlers to be woken.
				go answerGroup(group)
			}
		}
		if stopping {
			return
		}
	}
}

func answerGroup(group []syncBatch) {
	for _, b := range group {
		answerAll(b.batch, b.errs)
	}
}

// testHooks are the calls a test hears from the writer and the syncer
// (nil in the server): committed right after a batch's COMMIT returned
// (the writer), answered right before its writers are answered; betweenHolds
// before each write of a hold but the first (FinishHolds: the group, and
// how many of its writes have committed), which ends the hold with the
// error it returns.
type testHooks struct {
	committed, answered func(batch []*writeReq)
	// syncing comes right before each sync of the log (the syncer), which
	// waits for it.
	syncing      func()
	betweenHolds func(group int64, done int) error
	// checkpointed follows each checkpointer run that did not fail: how
	// many runs came straight before it ahead of a storm stop (again),
	// and whether it synced the database file itself (syncCopied).
	checkpointed func(round int, synced bool)
}
