// Package indexer keeps the Bleve index in step with SQLite, the source of
// truth. Every searchable write leaves a row in the outbox in its own
// transaction; one goroutine here drains the outbox in batches, hands them to
// the index, and deletes the rows only once the index holds them. A crash
// can delay the index, never lose an update: at start the indexer catches
// up. A missing or unreadable index is rebuilt from the database, in the
// background, while the pages keep serving.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/search"
	"cocreate/app/store"
)

// batchSize is how many outbox entries go into one index batch: Bleve
// fsyncs once per batch, so small batches cost throughput and large ones
// delay freshness.
const batchSize = 500

// finalDrain bounds the drain at a clean stop.
const finalDrain = 10 * time.Second

// ErrUnavailable is returned by Index while the index is being rebuilt.
var ErrUnavailable = errors.New("indexer: the search index is being rebuilt")

// Indexer owns the index and the goroutine that feeds it.
type Indexer struct {
	store *store.Store
	dir   string
	log   *slog.Logger
	ix    atomic.Pointer[search.Index]
	// Rebuilding is true while a rebuild runs; Done counts its documents.
	rebuilding atomic.Bool
	done       atomic.Uint64
	// wakes and applied count drains and their entries by cause (Wakes).
	wakes, applied [3]atomic.Uint64
	// log is the search log the index follows (store.LogIdentity), saved
	// with its position.
	logID string
	// pos and posAt are the position last saved or read back and when it
	// was saved (refreshPos).
	posMu sync.Mutex
	pos   store.IndexPos
	posAt time.Time
}

// New prepares an indexer for the index in dir; Start opens it.
func New(st *store.Store, dir string, log *slog.Logger) *Indexer {
	return &Indexer{store: st, dir: dir, log: log}
}

// Index is the open index, or ErrUnavailable during a rebuild.
func (x *Indexer) Index() (*search.Index, error) {
	if ix := x.ix.Load(); ix != nil {
		return ix, nil
	}
	return nil, ErrUnavailable
}

// Open opens the index if it is there and readable. It reports whether a
// rebuild is needed (missing or unreadable index) instead of failing, and
// fails only when the index is locked by another process.
func (x *Indexer) Open() (needRebuild bool, err error) {
	if _, err := os.Stat(x.dir); errors.Is(err, os.ErrNotExist) {
		// A fresh install has nothing to rebuild: create the index now so
		// that search works from the first request.
		n, err := x.store.SearchRecordCount(context.Background())
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	fresh := false
	if _, err := os.Stat(x.dir); errors.Is(err, os.ErrNotExist) {
		fresh = true
	}
	// A fresh index starts at the log's horizon: it holds nothing, and
	// nothing yet exists before it.
	horizon, err := x.store.IndexHorizon(context.Background())
	if err != nil {
		return false, err
	}
	if x.logID, err = x.store.LogIdentity(context.Background()); err != nil {
		return false, err
	}
	ix, err := search.Open(x.dir)
	if search.NeedsRebuild(err) {
		x.log.Warn("the search index is unreadable; rebuilding it from the database", "dir", x.dir, "err", err)
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if fresh {
		if err := x.savePos(horizon); err != nil {
			ix.Close()
			return false, err
		}
	}
	pos, saved, logID := x.loadPos()
	ok, err := x.follows(logID, pos)
	if err != nil {
		ix.Close()
		return false, err
	}
	if !ok {
		// The database was restored or replaced under the index (a
		// pg_restore): its position means nothing in this log.
		x.log.Warn("the search index was made from another database; rebuilding it from this one", "dir", x.dir)
		ix.Close()
		return true, nil
	}
	if !x.store.IndexPosUsable(saved) {
		// Where the index stands in the log is unknown, or the log no
		// longer reaches back to it (PostgreSQL: a node down for days).
		x.log.Warn("the search index cannot catch up from the log; rebuilding it from the database", "dir", x.dir)
		ix.Close()
		return true, nil
	}
	x.store.SetIndexed(pos)
	x.posMu.Lock()
	x.pos, x.posAt = pos, saved
	x.posMu.Unlock()
	x.ix.Store(ix)
	return false, nil
}

// follows says whether an index that saved pos in logID follows this
// database's search log. A position saved before identities were (no
// logID) is taken as this log's; a position at or past the log's next
// transaction is not (a restore into a new cluster, where the identity
// could not tell: store.LogIdentity without pg_control_system()).
func (x *Indexer) follows(logID string, pos store.IndexPos) (bool, error) {
	if logID != "" && logID != x.logID {
		return false, nil
	}
	next, err := x.store.LogNext(context.Background())
	return err == nil && (next == 0 || pos.TxID < next), err
}

// UsePosition tells the store where the index in dir stands in the search
// log, without opening it (for `check`, which compares it with the
// database while a server may hold it). It reports false when the index
// was made from another database (see Open), whose position means nothing
// here.
func UsePosition(st *store.Store, dir string) (bool, error) {
	x := &Indexer{store: st, dir: dir}
	var err error
	if x.logID, err = st.LogIdentity(context.Background()); err != nil {
		return false, err
	}
	pos, _, logID := x.loadPos()
	if ok, err := x.follows(logID, pos); !ok {
		return false, err
	}
	st.SetIndexed(pos)
	return true, nil
}

// posFile keeps where the index stands in the search log, inside the
// index's directory (it belongs to that index: a rebuilt index starts
// without it, and backups leave it out with the index): "TXID ID UNIXMS
// LOG" (see store.IndexPos; LOG is store.LogIdentity, empty on SQLite).
// Bleve ignores it.
func (x *Indexer) posFile() string { return filepath.Join(x.dir, "cocreate.pos") }

// loadPos reads the index's position, when it was saved and in which log
// (zero when there is none).
func (x *Indexer) loadPos() (store.IndexPos, time.Time, string) {
	var p store.IndexPos
	var at int64
	b, err := os.ReadFile(x.posFile())
	if err != nil {
		return p, time.Time{}, ""
	}
	f := strings.Fields(string(b))
	if _, err := fmt.Sscan(string(b), &p.TxID, &p.ID, &at); err != nil {
		return store.IndexPos{}, time.Time{}, ""
	}
	logID := ""
	if len(f) > 3 {
		logID = f[3]
	}
	return p, time.UnixMilli(at), logID
}

// savePos records the index's position, replacing the file whole. A crash
// that loses it only makes the index read entries again (applying one
// twice is harmless) or, on PostgreSQL, rebuild.
func (x *Indexer) savePos(p store.IndexPos) error {
	x.posMu.Lock()
	defer x.posMu.Unlock()
	now := x.store.Now()
	tmp := x.posFile() + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.TrimSpace(fmt.Sprintf("%d %d %d %s", p.TxID, p.ID, now.UnixMilli(), x.logID))+"\n"), 0o644); err != nil {
		return fmt.Errorf("indexer: unable to save the index's position: %w", err)
	}
	if err := os.Rename(tmp, x.posFile()); err != nil {
		return err
	}
	x.pos, x.posAt = p, now
	return nil
}

// posRefresh is how often a drain that finds nothing saves the position
// again, with the time: well inside the hours store.IndexPosUsable allows.
const posRefresh = time.Hour

// refreshPos saves the position again, unchanged, with the time, when it
// was last saved posRefresh ago or more. The time says when the index held
// every entry then readable: on PostgreSQL a position older than
// store.IndexPosUsable (the log is pruned after store.IndexLogKept) makes
// the next start rebuild the whole index, and a node that was up but
// applied nothing for three days (votes are not in the search log) would
// rebuild at restart though it missed nothing. A drain that found the log
// empty past the position knows exactly that, as a drain that applied
// entries does; the hour's margin IndexPosUsable keeps for transactions
// still open (whose entries may be older than the time saved) is the same.
// While the log is held back by an open transaction (store.LogHeld) it
// keeps the older time: that transaction's entries are the ones at stake.
func (x *Indexer) refreshPos() error {
	x.posMu.Lock()
	p, due := x.pos, x.store.Now().Sub(x.posAt) >= posRefresh
	x.posMu.Unlock()
	if !due || x.store.LogHeld() {
		return nil
	}
	return x.savePos(p)
}

// Run keeps the index in step until ctx ends: it rebuilds first if needed,
// catches up with the outbox, then drains it after every commit of this
// node and, on PostgreSQL, every commit of another node it hears of
// (store.Heard), polling only as a safety net (pollEvery). When ctx ends it drains once more,
// for up to finalDrain, so that a clean stop (which cancels ctx after the
// last request was answered) leaves the outbox empty and `check` in step.
func (x *Indexer) Run(ctx context.Context, needRebuild bool) {
	defer func() {
		last, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalDrain)
		defer cancel()
		if _, err := x.Drain(last); err != nil {
			x.log.Warn("the last changes stay in the outbox for the next start", "err", err)
		}
	}()
	if needRebuild {
		if err := x.Rebuild(ctx); err != nil {
			x.log.Error("search index rebuild failed; search stays unavailable", "err", err)
			return
		}
	}
	poll := time.NewTimer(x.pollEvery())
	defer poll.Stop()
	cause := Polled
	for {
		n, err := x.Drain(ctx)
		if err != nil && ctx.Err() == nil {
			x.log.Error("indexing failed; will retry", "err", err)
		}
		x.wakes[cause].Add(1)
		x.applied[cause].Add(uint64(n))
		poll.Reset(x.pollEvery())
		select {
		case <-ctx.Done():
			return
		case <-x.store.Committed:
			cause = Committed
		case <-x.store.Heard:
			cause = Heard
		case <-poll.C:
			cause = Polled
		}
	}
}

// Why the indexer drained the log (Wakes, Applied).
const (
	Committed = iota // this node's commit
	Heard            // another node's commit, heard through PostgreSQL's LISTEN
	Polled           // the timer: a safety net, or no one tells this node
)

// Poll intervals: while every commit that may add to the log wakes the
// indexer (SQLite; PostgreSQL while it listens), the timer is only a
// safety net; otherwise, and while the log is held back by an open
// transaction that may end without a message (a migration, a tool),
// it is how other nodes' changes arrive.
const (
	slowPoll = 5 * time.Second
	fastPoll = 500 * time.Millisecond
)

func (x *Indexer) pollEvery() time.Duration {
	if x.store.HearsEveryCommit() && !x.store.LogHeld() {
		return slowPoll
	}
	return fastPoll
}

// Wakes counts the drains of the log by cause (Committed, Heard, Polled)
// since Run started; Applied the entries they applied.
func (x *Indexer) Wakes(cause int) uint64 { return x.wakes[cause].Load() }

// Applied counts the entries applied by drains of a cause (see Wakes).
func (x *Indexer) Applied(cause int) uint64 { return x.applied[cause].Load() }

// Close closes the index.
func (x *Indexer) Close() error {
	if ix := x.ix.Swap(nil); ix != nil {
		return ix.Close()
	}
	return nil
}

// Drain indexes the outbox until it is empty and returns how many entries
// it applied.
func (x *Indexer) Drain(ctx context.Context) (int, error) {
	ix, err := x.Index()
	if err != nil {
		return 0, nil // a rebuild will catch everything up
	}
	total := 0
	for ctx.Err() == nil {
		entries, err := x.store.PendingIndex(ctx, batchSize)
		if err != nil {
			return total, err
		}
		if len(entries) == 0 {
			return total, x.refreshPos()
		}
		put, del, err := x.documents(ctx, entries)
		if err != nil {
			return total, err
		}
		if err := ix.Apply(put, del); err != nil {
			return total, fmt.Errorf("indexer: unable to apply a batch: %w", err)
		}
		// Once the index holds a batch, saying so is not abandoned
		// halfway: a stop now would only apply the batch again at start.
		last := entries[len(entries)-1].Pos
		if err := x.store.ClearIndexed(context.WithoutCancel(ctx), last); err != nil {
			return total, err
		}
		if err := x.savePos(last); err != nil {
			return total, err
		}
		total += len(entries)
	}
	return total, ctx.Err()
}

// documents turns outbox entries into the index's puts and deletes.
func (x *Indexer) documents(ctx context.Context, entries []store.OutboxEntry) ([]search.Doc, []search.Key, error) {
	byType := map[string][]int64{}
	seen := map[search.Key]bool{}
	for _, e := range entries {
		k := search.Key{Type: e.Type, ID: e.DocID}
		if !seen[k] {
			seen[k] = true
			byType[e.Type] = append(byType[e.Type], e.DocID)
		}
	}
	var put []search.Doc
	var del []search.Key
	for typ, ids := range byType {
		records, err := x.store.SearchRecords(ctx, typ, ids)
		if err != nil {
			return nil, nil, err
		}
		found := map[int64]bool{}
		for _, r := range records {
			found[r.ID] = true
			put = append(put, Doc(r))
		}
		for _, id := range ids {
			if !found[id] {
				del = append(del, search.Key{Type: typ, ID: id})
			}
		}
		if typ == "idea" {
			// Comments and project updates carry their idea's state: hiding
			// an idea hides them.
			comments, err := x.store.CommentRecordsOf(ctx, ids)
			if err != nil {
				return nil, nil, err
			}
			for _, r := range comments {
				put = append(put, Doc(r))
			}
			updates, err := x.store.UpdateRecordsOf(ctx, ids)
			if err != nil {
				return nil, nil, err
			}
			for _, r := range updates {
				put = append(put, Doc(r))
			}
		}
	}
	return put, del, nil
}

// Doc converts a stored record to a search document.
func Doc(r store.SearchRecord) search.Doc {
	return search.Doc{
		Type: r.Type, ID: r.ID, ChallengeID: r.ChallengeID, IdeaID: r.IdeaID, ProjectID: r.ProjectID,
		Title: r.Title, Summary: r.Summary, Body: r.Body, Tags: r.Tags, State: r.State, CreatedAt: r.CreatedAt,
	}
}

// Rebuild builds a fresh index from the database and swaps it in. Search is
// unavailable meanwhile; pages keep serving. Outbox entries queued during the
// rebuild are applied afterwards (applying twice is harmless).
func (x *Indexer) Rebuild(ctx context.Context) error {
	x.rebuilding.Store(true)
	defer x.rebuilding.Store(false)
	x.done.Store(0)
	if old := x.ix.Swap(nil); old != nil {
		_ = old.Close() // a fresh index replaces it; nothing to keep
	}
	// Every change before the horizon is in the records read below; the
	// log is read from there afterwards.
	horizon, err := x.store.IndexHorizon(ctx)
	if err != nil {
		return err
	}
	if x.logID, err = x.store.LogIdentity(ctx); err != nil {
		return err
	}
	start := time.Now()
	err = search.Rebuild(x.dir, func(emit func([]search.Doc) error) error {
		return x.store.EachSearchRecord(ctx, 1000, func(records []store.SearchRecord) error {
			docs := make([]search.Doc, len(records))
			for i, r := range records {
				docs[i] = Doc(r)
			}
			return emit(docs)
		})
	}, func(done uint64) { x.done.Store(done) })
	if err != nil {
		return err
	}
	ix, err := search.Open(x.dir)
	if err != nil {
		return err
	}
	if err := x.savePos(horizon); err != nil {
		ix.Close()
		return err
	}
	x.store.SetIndexed(horizon)
	x.ix.Store(ix)
	x.log.Info("search index rebuilt", "documents", x.done.Load(), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Progress reports whether a rebuild runs and how many documents it has done.
func (x *Indexer) Progress() (rebuilding bool, done uint64) {
	return x.rebuilding.Load(), x.done.Load()
}
