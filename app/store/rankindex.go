package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/domain"

	"github.com/google/btree"
	"github.com/mattn/go-sqlite3"
)

// rankIndex keeps the order and counters of the idea lists of the
// challenges being read (IdeaRanks) in memory, on SQLite, so that a list
// page during a storm of votes costs no SQL: before, every page read its
// order again after every commit (one indexed scan per page and commit),
// and in a storm nearly every page came after a commit.
//
// It is never stale. SQLite tells the writer's connection of every row it
// changes in ideas (sqlite3_update_hook: any INSERT, UPDATE or DELETE, by
// any write, rolled back or not); the hook notes the idea's id, tagged with
// the Version its commit will make (the writer moves Version once per
// commit, after the commit and before anyone is answered). A reader that
// has read Version v first reads again, by id, the rows of every idea
// noted with a tag up to v, so the index holds at least every commit up to
// v: whatever a request began after. Rows noted with a later tag are read
// again at a later Version, as their commit may not have been seen yet. A
// note for a change that was rolled back costs a read and changes nothing.
//
// Only this process writes the file (the data directory is locked), so the
// notes are complete. PostgreSQL, where other nodes write, keeps reading
// the order per page (newRankCache), and so does a challenge too big for
// the index.
type rankIndex struct {
	// commits is the store's commit counter (Version), set once the store
	// exists; before that (migrations), nothing is indexed yet.
	commits atomic.Pointer[atomic.Uint64]

	nmu      sync.Mutex
	notes    []rankNote
	overflow uint64 // >0: notes were dropped, up to this tag; reindex
	// wake asks drainRanks to read the notes again before they overflow
	// (a storm with nobody reading lists); drained closes when it stops.
	wake    chan struct{}
	drained chan struct{}

	mu         sync.Mutex
	at         uint64 // the index holds every commit up to this Version
	challenges map[int64]*rankChallenge
	rows       int // ideas held, over all challenges
	maxRows    int
	maxNotes   int
	// skip holds the challenges read from the database, not indexed, until
	// the time given: too big for the index, or it is full of challenges
	// read within rankIdle.
	skip map[int64]time.Time
	// loading is the challenge being read into the index, if any, in the
	// background (see startLoad): nobody waits for it, and the lists of
	// every challenge not held yet, this one too, are read from the
	// database meanwhile, as for one too big (a challenge of 100,000 ideas
	// takes about a second). One at a time.
	loading *rankLoad
	// loaded, when set (tests), runs once a load has read its rows, before
	// it is installed.
	loaded func(challengeID int64)
}

// rankLoad is a challenge being read into the index. missed holds the ids
// of every idea read again while it loads (catchUp), whose new rows may
// postdate what the load read; they are read again once it is installed.
// stale says the index was emptied meanwhile: the load is dropped.
type rankLoad struct {
	challenge int64
	missed    []int64
	stale     bool
	done      chan struct{} // closed once it is installed or dropped
}

// rankNote is an idea whose row changed in the commit that makes Version tag.
type rankNote struct {
	id  int64
	tag uint64
}

// The bounds: notes kept between two list reads (beyond them the index is
// read again whole when next asked), and ideas held (about 150 bytes each).
const (
	maxRankNotes = 1 << 14
	maxRankRows  = 1 << 20
	// rankIdle: a challenge none of whose pages was read for this long
	// leaves the index when another needs its room; a challenge that
	// finds no room is read from the database for as long.
	rankIdle = time.Minute
)

// rankChallenge is one challenge's listed ideas, and its lists in the
// sorts asked for so far.
type rankChallenge struct {
	rows  map[int64]rankRow
	lists map[domain.Sort]*btree.BTreeG[rankItem]
	read  time.Time // when a page of it was last served
}

// rankRow is what IdeaRanks reads of an idea.
type rankRow struct {
	votes, underReview, comments int32
	hot, rank                    float64
}

// rankItem is an idea's place in a list: by key, then id, both descending.
// (Its row stays in the challenge's map: 16 bytes an idea and list instead
// of 56, for a few nanoseconds per idea on a page.)
type rankItem struct {
	key float64
	id  int64
}

// before orders a list: the item first in the list is the lesser.
func before(a, b rankItem) bool {
	return a.key > b.key || (a.key == b.key && a.id > b.id)
}

// keyIn is the key an idea is ordered by in a list sorted by s, as
// listQueryOf orders it.
func (r rankRow) keyIn(s domain.Sort) float64 {
	switch s {
	case domain.SortTop:
		return float64(r.votes)
	case domain.SortHot:
		return r.hot
	case domain.SortScore:
		return r.rank
	}
	return 0 // new: by id alone
}

func newRankIndex() *rankIndex {
	return &rankIndex{challenges: map[int64]*rankChallenge{}, maxRows: maxRankRows, maxNotes: maxRankNotes, skip: map[int64]time.Time{},
		wake: make(chan struct{}, 1), drained: make(chan struct{})}
}

// touched is the writer connection's update hook.
func (x *rankIndex) touched(_ int, _, table string, id int64) {
	if table != "ideas" {
		return
	}
	commits := x.commits.Load()
	if commits == nil {
		return // the store does not exist yet: nothing is indexed
	}
	tag := commits.Load() + 1
	x.nmu.Lock()
	if len(x.notes) < x.maxNotes {
		x.notes = append(x.notes, rankNote{id, tag})
		if len(x.notes) == x.maxNotes/2 {
			select {
			case x.wake <- struct{}{}:
			default:
			}
		}
	} else {
		x.overflow = max(x.overflow, tag)
	}
	x.nmu.Unlock()
}

// drainRanks reads the noted rows again whenever half the notes the index
// keeps are taken, as a reader would, so that a long storm with no list
// read (the index would otherwise overflow and read whole challenges again
// under its lock, stalling the next readers) costs a read by id now and
// then instead. It stops at Close.
func (s *Store) drainRanks() {
	x := s.ranks
	defer close(x.drained)
	for {
		select {
		case <-x.wake:
		case <-s.closing:
			return
		}
		x.mu.Lock()
		if v := s.version.Load(); v > x.at {
			_ = x.catchUp(context.Background(), s, v) // on failure it starts afresh
		}
		x.mu.Unlock()
	}
}

// take removes and returns the notes of commits up to v; reindex is set
// when notes were dropped that the index would need.
func (x *rankIndex) take(v uint64) (ids []int64, reindex bool) {
	x.nmu.Lock()
	defer x.nmu.Unlock()
	kept := x.notes[:0]
	for _, n := range x.notes {
		if n.tag <= v {
			ids = append(ids, n.id)
		} else {
			kept = append(kept, n)
		}
	}
	clear(x.notes[len(kept):])
	x.notes = kept
	if x.overflow > 0 {
		reindex = true
		if x.overflow <= v {
			// Every dropped note's commit is in what is read from now on.
			x.overflow = 0
		}
	}
	return ids, reindex
}

// writerConnector opens the writer's connection as writerDriver does, with
// x's and m's hook on it: every connection the pool ever opens has it.
func writerConnector(dsn string, x *rankIndex, m *voteMemo) driver.Connector {
	return &hookedConnector{dsn: dsn, drv: &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := writerPragmas(c); err != nil {
			return err
		}
		c.RegisterUpdateHook(func(op int, db, table string, id int64) {
			m.touched(table, id)
			x.touched(op, db, table, id)
		})
		return nil
	}}}
}

type hookedConnector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func (c *hookedConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c *hookedConnector) Driver() driver.Driver                        { return c.drv }

// page is IdeaRanks from the index, for a reader that read Version v
// before anything else; ok is false when the challenge is not indexed
// (too big), and the caller reads the database instead.
func (x *rankIndex) page(ctx context.Context, s *Store, v uint64, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) (ranks []domain.IdeaRank, next *domain.Cursor, ok bool, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	// The index is every reader's: a request that goes away must not
	// abandon a catch-up half done (a failed catch-up empties the index),
	// so it runs to its end whoever asked.
	ctx = context.WithoutCancel(ctx)
	if v > x.at {
		if err := x.catchUp(ctx, s, v); err != nil {
			return nil, nil, false, err
		}
	}
	ch := x.challenges[challengeID]
	if ch == nil {
		x.startLoad(s, challengeID)
		return nil, nil, false, nil
	}
	ch.read = time.Now()
	list := ch.list(sort)
	ranks = make([]domain.IdeaRank, 0, limit)
	var last rankRow
	visit := func(it rankItem) bool {
		if len(ranks) == limit { // the item past the page: there is a next one
			prev := ranks[limit-1].ID
			c := domain.CursorFor(sort, domain.Idea{ID: prev, Votes: int(last.votes), RankScore: last.rank})
			if sort == domain.SortHot {
				c.Key = last.hot // the stored score, exactly as the list orders it
			}
			next = &c
			return false
		}
		last = ch.rows[it.id]
		ranks = append(ranks, domain.IdeaRank{ID: it.id, Votes: int(last.votes), VotesUnderReview: int(last.underReview), Comments: int(last.comments)})
		return true
	}
	if after == nil {
		list.Ascend(visit)
	} else {
		pivot := rankItem{key: after.Key, id: after.ID}
		switch sort {
		case domain.SortTop:
			pivot.key = float64(int64(after.Key)) // as the SQL compares it with an integer
		case domain.SortHot, domain.SortScore:
		default:
			pivot.key = 0
		}
		list.AscendGreaterOrEqual(pivot, func(it rankItem) bool {
			return (it.key == pivot.key && it.id == pivot.id) || visit(it) // strictly after the cursor
		})
	}
	return ranks, next, true, nil
}

// catchUp reads again the rows noted up to v.
func (x *rankIndex) catchUp(ctx context.Context, s *Store, v uint64) error {
	ids, reindex := x.take(v)
	if l := x.loading; l != nil && !reindex {
		if len(l.missed)+len(ids) > x.maxNotes {
			l.stale = true // as a note overflow: read it again later
		} else {
			l.missed = append(l.missed, ids...)
		}
	}
	if reindex {
		x.empty()
	} else if err := x.rereadAll(ctx, s, ids); err != nil {
		return err
	}
	x.at = v
	return nil
}

// rereadAll reads the ideas ids again, in batches; on failure the index
// starts afresh, since what was not read again is not known.
func (x *rankIndex) rereadAll(ctx context.Context, s *Store, ids []int64) error {
	if len(x.challenges) == 0 || len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for len(ids) > 0 {
		n := min(len(ids), 512)
		if err := x.reread(ctx, s, ids[:n]); err != nil {
			x.empty()
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// empty drops every challenge held, and the one loading.
func (x *rankIndex) empty() {
	clear(x.challenges)
	x.rows = 0
	if x.loading != nil {
		x.loading.stale = true
	}
}

// rankColumns are the columns a row of the index is read from.
const rankColumns = `i.id, i.votes, i.votes_under_review, i.comments, i.hot, i.rank_score`

func scanRankRow(rows *sql.Rows, id *int64, row *rankRow, extra ...any) error {
	return rows.Scan(append([]any{id, &row.votes, &row.underReview, &row.comments, &row.hot, &row.rank}, extra...)...)
}

// reread reads the ideas ids again and puts each where it now belongs:
// in its challenge's lists if that challenge is indexed and it is listed,
// nowhere else.
func (x *rankIndex) reread(ctx context.Context, s *Store, ids []int64) error {
	in, args := s.inIDs("i.id", ids)
	rows, err := s.r.QueryContext(ctx, `SELECT `+rankColumns+`, i.challenge_id, CASE WHEN i.`+listed+` THEN 1 ELSE 0 END
		FROM ideas i WHERE `+in, args...)
	if err != nil {
		return fmt.Errorf("store: unable to read ideas' ranks: %w", err)
	}
	defer rows.Close()
	found := make(map[int64]bool, len(ids))
	for rows.Next() {
		var id, challengeID int64
		var row rankRow
		var isListed int
		if err := scanRankRow(rows, &id, &row, &challengeID, &isListed); err != nil {
			return fmt.Errorf("store: unable to read idea's rank: %w", err)
		}
		found[id] = true
		x.remove(id, challengeID)
		if ch := x.challenges[challengeID]; ch != nil && isListed == 1 {
			ch.put(id, row)
			x.rows++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read ideas' ranks: %w", err)
	}
	for _, id := range ids {
		if !found[id] { // deleted
			x.remove(id, 0)
		}
	}
	return nil
}

// remove takes idea id out of whichever indexed challenge holds it,
// looking first in challenge hint, where it now is (it is somewhere else
// only when it moved between challenges, or was deleted: hint 0).
func (x *rankIndex) remove(id, hint int64) {
	if ch := x.challenges[hint]; ch != nil && ch.drop(id) {
		x.rows--
		return
	}
	for _, ch := range x.challenges {
		if ch.drop(id) {
			x.rows--
			return
		}
	}
}

// drop takes idea id out of the challenge; false when it does not hold it.
func (ch *rankChallenge) drop(id int64) bool {
	row, ok := ch.rows[id]
	if !ok {
		return false
	}
	for s, list := range ch.lists {
		list.Delete(rankItem{key: row.keyIn(s), id: id})
	}
	delete(ch.rows, id)
	return true
}

// startLoad starts reading a challenge's listed ideas into the index in
// the background, with x.mu held, unless it is not to be held (too many
// or no room, lately), another load is under way, or the store is
// closing. The first reader of a challenge (about a second at 100,000
// ideas) no longer waits for it: it and every reader after it read the
// database until it is installed.
func (x *rankIndex) startLoad(s *Store, challengeID int64) {
	now := time.Now()
	if until, ok := x.skip[challengeID]; ok {
		if now.Before(until) {
			return
		}
		delete(x.skip, challengeID)
	}
	if x.loading != nil {
		return
	}
	select {
	case <-s.closing: // Close waits for the load under way, not for new ones
		return
	default:
	}
	l := &rankLoad{challenge: challengeID, done: make(chan struct{})}
	x.loading = l
	maxRows := x.maxRows
	go func() {
		defer close(l.done)
		ctx := s.life // cancelled at Close
		ch, err := readRankChallenge(ctx, s.r, challengeID, maxRows)
		if ch != nil && x.loaded != nil {
			x.loaded(challengeID)
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		x.install(ctx, s, l, ch, err, now)
	}()
}

// install puts a challenge that load l read (ch, or nil when it has too
// many ideas) into the index, with x.mu held, unless the index was emptied
// meanwhile or there is no room.
//
// It stays exact: the read saw at least every commit up to x.at when the
// load began; the ideas of every later commit are noted, and either read
// again meanwhile by catchUp (which keeps their ids in the load's missed,
// read again here once the challenge is in place) or still noted, for the
// next catchUp.
func (x *rankIndex) install(ctx context.Context, s *Store, l *rankLoad, ch *rankChallenge, err error, began time.Time) {
	x.loading = nil
	switch {
	case err != nil || l.stale:
		return // the next reader starts a load again
	case ch == nil: // too many
		x.skip[l.challenge] = began.Add(rankIdle)
		return
	}
	now := time.Now()
	n := len(ch.rows)
	if x.rows+n > x.maxRows {
		for id, held := range x.challenges { // the idle ones make room
			if now.Sub(held.read) >= rankIdle {
				x.rows -= len(held.rows)
				delete(x.challenges, id)
			}
		}
	}
	if x.rows+n > x.maxRows {
		x.skip[l.challenge] = now.Add(rankIdle)
		return
	}
	ch.read = now
	x.challenges[l.challenge] = ch
	x.rows += n
	_ = x.rereadAll(context.WithoutCancel(ctx), s, l.missed) // on failure the index starts afresh
}

// settled waits for the load under way, if any, to be installed or
// dropped (Close, and tests).
func (x *rankIndex) settled() {
	x.mu.Lock()
	l := x.loading
	x.mu.Unlock()
	if l != nil {
		<-l.done
	}
}

// readRankChallenge reads a challenge's listed ideas, and its top and hot
// lists (the others are made when first asked for); nil when they are
// more than maxRows.
func readRankChallenge(ctx context.Context, r *sql.DB, challengeID int64, maxRows int) (*rankChallenge, error) {
	var n int
	if err := r.QueryRowContext(ctx, `SELECT COUNT(*) FROM ideas i WHERE i.challenge_id = ? AND i.`+listed, challengeID).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: unable to count ideas of challenge %d: %w", challengeID, err)
	}
	if n > maxRows {
		return nil, nil
	}
	rows, err := r.QueryContext(ctx, `SELECT `+rankColumns+` FROM ideas i WHERE i.challenge_id = ? AND i.`+listed, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read ideas of challenge %d: %w", challengeID, err)
	}
	defer rows.Close()
	ch := &rankChallenge{rows: make(map[int64]rankRow, n), lists: map[domain.Sort]*btree.BTreeG[rankItem]{}}
	for rows.Next() {
		var id int64
		var row rankRow
		if err := scanRankRow(rows, &id, &row); err != nil {
			return nil, fmt.Errorf("store: unable to read idea's rank: %w", err)
		}
		ch.rows[id] = row
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read ideas of challenge %d: %w", challengeID, err)
	}
	if len(ch.rows) > maxRows { // ideas added since the count
		return nil, nil
	}
	ch.list(domain.SortTop)
	ch.list(domain.SortHot)
	return ch, nil
}

// list is the challenge's list in sort s, made from its rows when first
// asked for.
func (ch *rankChallenge) list(s domain.Sort) *btree.BTreeG[rankItem] {
	if list := ch.lists[s]; list != nil {
		return list
	}
	list := btree.NewG(32, before)
	for id, row := range ch.rows {
		list.ReplaceOrInsert(rankItem{key: row.keyIn(s), id: id})
	}
	ch.lists[s] = list
	return list
}

// put adds an idea (not held) to the challenge and its lists.
func (ch *rankChallenge) put(id int64, row rankRow) {
	ch.rows[id] = row
	for s, list := range ch.lists {
		list.ReplaceOrInsert(rankItem{key: row.keyIn(s), id: id})
	}
}

// indexed says whether the challenge's lists are held, once the load
// under way is settled (for tests).
func (x *rankIndex) indexed(challengeID int64) bool {
	x.settled()
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.challenges[challengeID] != nil
}
