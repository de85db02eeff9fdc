package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"
)

// OutboxEntry is one searchable change waiting for the indexer.
type OutboxEntry struct {
	ID     int64
	Type   string // "idea", "challenge", "comment"
	DocID  int64
	Queued time.Time
	Pos    IndexPos // where it stands in the log's commit order
}

// IndexPos is a place in the search log's commit order: the writing
// transaction's id (PostgreSQL; 0 on SQLite), then the entry's id. An
// indexer that holds every entry up to a position never sees an entry
// appear before it later.
type IndexPos struct {
	TxID int64
	ID   int64
}

// IndexLogKept is how long PostgreSQL keeps the search log for nodes that
// are down: a node whose cursor is older rebuilds its index instead.
const IndexLogKept = 3 * 24 * time.Hour

// On SQLite the outbox is a queue: one indexer reads the oldest entries and
// deletes them once the index holds them. On PostgreSQL several nodes read
// it, each from its own position (SetIndexed, IndexedUpTo), and nobody
// deletes an entry before IndexLogKept. Entries become readable only once
// every transaction older than theirs has ended, so they come in commit
// order whatever order their ids were taken in. The query also returns the
// first committed entry that is not readable yet (its txid at or past the
// horizon: an older transaction is still open), so that the reader knows
// it is held back and must look again when that transaction ends
// (LogHeld).
const pendingLog = `SELECT id, doc_type, doc_id, created_at, txid, h.xmin FROM search_outbox,
		(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) h
	WHERE (txid > ? OR (txid = ? AND id > ?))
	ORDER BY txid, id LIMIT ?`

// PendingIndex reads the oldest entries the index lacks, up to limit.
func (s *Store) PendingIndex(ctx context.Context, limit int) ([]OutboxEntry, error) {
	q, args := `SELECT id, doc_type, doc_id, created_at, 0, 1 FROM search_outbox ORDER BY id LIMIT ?`, []any{limit}
	if s.postgres {
		at := s.IndexedUpTo()
		q, args = pendingLog, []any{at.TxID, at.TxID, at.ID, limit}
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	held := false
	for rows.Next() {
		var e OutboxEntry
		var q, xmin int64
		if err := rows.Scan(&e.ID, &e.Type, &e.DocID, &q, &e.Pos.TxID, &xmin); err != nil {
			return nil, err
		}
		if s.postgres && e.Pos.TxID >= xmin {
			// Committed, but a transaction older than it is still open:
			// it and what follows wait until that one ends.
			held = true
			break
		}
		e.Queued = fromMS(q)
		e.Pos.ID = e.ID
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.logHeld.Store(held)
	return out, nil
}

// LogHeld reports whether the last PendingIndex found entries it could not
// read yet, because a transaction older than theirs was still open
// (PostgreSQL). Their reader must look again once that transaction ends,
// whichever kind of commit ends it (see listen.go's changed).
func (s *Store) LogHeld() bool { return s.logHeld.Load() }

// ClearIndexed records that the index holds every entry up to and
// including upTo. On SQLite it deletes them (entries queued later have
// larger ids and stay); on PostgreSQL it moves this node's position, and
// now and then drops entries older than IndexLogKept.
func (s *Store) ClearIndexed(ctx context.Context, upTo IndexPos) error {
	if s.postgres {
		s.SetIndexed(upTo)
		return s.pruneLog(ctx)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM search_outbox WHERE id <= ?`, upTo.ID); err != nil {
			return fmt.Errorf("store: unable to clear the outbox: %w", err)
		}
		return nil
	})
}

// SetIndexed sets the position up to which this node's index holds the log
// (read back from the index at start, or the horizon of a rebuild).
func (s *Store) SetIndexed(p IndexPos) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.indexed = p
}

// IndexedUpTo is this node's position in the log.
func (s *Store) IndexedUpTo() IndexPos {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.indexed
}

// IndexHorizon is the position a rebuild that starts now may take as done:
// every entry before it belongs to a transaction that has ended, so the
// records the rebuild reads next include its change. (SQLite: the zero
// position; its outbox keeps what the rebuild may have missed.)
func (s *Store) IndexHorizon(ctx context.Context) (IndexPos, error) {
	if !s.postgres {
		return IndexPos{}, nil
	}
	var xmin int64
	if err := s.r.QueryRowContext(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint`).Scan(&xmin); err != nil {
		return IndexPos{}, fmt.Errorf("store: unable to read the log's horizon: %w", err)
	}
	return IndexPos{TxID: xmin - 1, ID: math.MaxInt64}, nil
}

// identityWarning says once in a process that the cluster's identity is
// out of reach.
var identityWarning sync.Once

// LogIdentity names the search log an index position belongs to, so that
// an index made from one database is not caught up from another's log (on
// PostgreSQL a pg_restore brings back a log whose transaction ids are not
// the ones the index saw). It is the cluster's system identifier, the
// database's and the log table's object ids, which a restore into a new
// cluster, a new database or recreated tables all change. A role that may
// not call pg_control_system() (a hosted PostgreSQL may keep it from
// applications) gets the two object ids alone, prefixed "db", and a
// warning: a restore into a new cluster can then give the same ids, and
// LogNext catches what it can of that (an index ahead of the log). On
// SQLite it is empty: the outbox is a queue in the file itself, and
// `cocreate restore` moves the index aside.
func (s *Store) LogIdentity(ctx context.Context) (string, error) {
	if !s.postgres {
		return "", nil
	}
	const objects = `(SELECT oid FROM pg_database WHERE datname = current_database())::text || '.' ||
		'search_outbox'::regclass::oid::text`
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT system_identifier::text || '.' || `+objects+` FROM pg_control_system()`).Scan(&id)
	if pgCode(err) == "42501" { // insufficient_privilege
		identityWarning.Do(func() {
			slog.Warn("store: this role may not read the cluster's identity (pg_control_system()); after a pg_restore into a new cluster, run `cocreate reindex` on every node, or grant it: GRANT EXECUTE ON FUNCTION pg_control_system() TO this role")
		})
		err = s.r.QueryRowContext(ctx, `SELECT 'db.' || `+objects).Scan(&id)
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read which database the search log belongs to: %w", err)
	}
	return id, nil
}

// LogNext is the transaction id the database gives next (PostgreSQL;
// zero on SQLite): every position in its log is below it, so an index
// whose saved position is not was made from another cluster's log.
func (s *Store) LogNext(ctx context.Context) (int64, error) {
	if !s.postgres {
		return 0, nil
	}
	var next int64
	if err := s.r.QueryRowContext(ctx, `SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint`).Scan(&next); err != nil {
		return 0, fmt.Errorf("store: unable to read the log's end: %w", err)
	}
	return next, nil
}

// IndexPosUsable says whether an index whose position was saved at saved
// can catch up from the log: always on SQLite (whose outbox keeps every
// entry until an index has it); on PostgreSQL while the log still holds
// what came after it.
func (s *Store) IndexPosUsable(saved time.Time) bool {
	return !s.postgres || (!saved.IsZero() && s.Now().Sub(saved) < IndexLogKept-time.Hour)
}

// pruneLog drops log entries older than IndexLogKept, at most once an hour
// per node.
func (s *Store) pruneLog(ctx context.Context) error {
	now := s.Now()
	s.logMu.Lock()
	due := now.Sub(s.pruned) > time.Hour
	if due {
		s.pruned = now
	}
	s.logMu.Unlock()
	if !due {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM search_outbox WHERE created_at < ?`, ms(now.Add(-IndexLogKept))); err != nil {
			return fmt.Errorf("store: unable to prune the search log: %w", err)
		}
		return nil
	})
}

// OutboxLen counts entries this node's index lacks, for `check` and metrics.
func (s *Store) OutboxLen(ctx context.Context) (int, error) {
	var n int
	if s.postgres {
		at := s.IndexedUpTo()
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_outbox WHERE txid > ? OR (txid = ? AND id > ?)`, at.TxID, at.TxID, at.ID).Scan(&n)
		return n, err
	}
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_outbox`).Scan(&n)
	return n, err
}

// SearchRecord is the searchable text of one idea, challenge or comment.
// The indexer turns it into a search document.
type SearchRecord struct {
	Type        string
	ID          int64
	ChallengeID int64
	IdeaID      int64
	ProjectID   int64
	Title       string
	Summary     string
	Body        string
	Tags        []string
	State       string
	CreatedAt   time.Time
}

// SearchRecords loads the records for ids of one type. An id missing from
// the answer no longer exists and should leave the index.
func (s *Store) SearchRecords(ctx context.Context, typ string, ids []int64) ([]SearchRecord, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	switch typ {
	case "idea":
		in, args := s.inIDs("i.id", ids)
		return s.ideaRecords(ctx, in, args...)
	case "comment":
		in, args := s.inIDs("c.id", ids)
		return s.commentRecords(ctx, in, args...)
	case "challenge":
		in, args := s.inIDs("id", ids)
		return s.challengeRecords(ctx, in, args...)
	case "update":
		in, args := s.inIDs("pu.id", ids)
		return s.updateRecords(ctx, in, args...)
	}
	return nil, fmt.Errorf("store: no searchable type %q", typ)
}

// CommentRecordsOf loads the comments of the given ideas: they carry their
// idea's state, so they must be re-indexed when it changes.
func (s *Store) CommentRecordsOf(ctx context.Context, ideaIDs []int64) ([]SearchRecord, error) {
	if len(ideaIDs) == 0 {
		return nil, nil
	}
	in, args := s.inIDs("c.idea_id", ideaIDs)
	return s.commentRecords(ctx, in, args...)
}

// UpdateRecordsOf loads the project updates of the given ideas: like
// comments, they carry their idea's state.
func (s *Store) UpdateRecordsOf(ctx context.Context, ideaIDs []int64) ([]SearchRecord, error) {
	if len(ideaIDs) == 0 {
		return nil, nil
	}
	in, args := s.inIDs("p.idea_id", ideaIDs)
	return s.updateRecords(ctx, in, args...)
}

// EachSearchRecord walks every searchable record in pages of size, for a
// full rebuild: ideas, comments, challenges, then project updates, each in
// id order.
func (s *Store) EachSearchRecord(ctx context.Context, size int, fn func([]SearchRecord) error) error {
	for _, load := range []func(after int64) ([]SearchRecord, error){
		func(after int64) ([]SearchRecord, error) {
			return s.ideaRecords(ctx, `i.id > ? ORDER BY i.id LIMIT ?`, after, size)
		},
		func(after int64) ([]SearchRecord, error) {
			return s.commentRecords(ctx, `c.id > ? ORDER BY c.id LIMIT ?`, after, size)
		},
		func(after int64) ([]SearchRecord, error) {
			return s.challengeRecords(ctx, `id > ? ORDER BY id LIMIT ?`, after, size)
		},
		func(after int64) ([]SearchRecord, error) {
			return s.updateRecords(ctx, `pu.id > ? ORDER BY pu.id LIMIT ?`, after, size)
		},
	} {
		var after int64
		for {
			page, err := load(after)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			if err := fn(page); err != nil {
				return err
			}
			after = page[len(page)-1].ID
		}
	}
	return nil
}

func (s *Store) ideaRecords(ctx context.Context, where string, args ...any) ([]SearchRecord, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT i.id, i.challenge_id, i.title, i.summary, i.body, i.tags, i.state, i.created_at
		FROM ideas i WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load ideas for the index: %w", err)
	}
	defer rows.Close()
	var out []SearchRecord
	for rows.Next() {
		r := SearchRecord{Type: "idea"}
		var tags string
		var created int64
		if err := rows.Scan(&r.ID, &r.ChallengeID, &r.Title, &r.Summary, &r.Body, &tags, &r.State, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(tags), &r.Tags); err != nil {
			return nil, fmt.Errorf("store: the tags of idea %d are unreadable: %w", r.ID, err)
		}
		r.IdeaID, r.CreatedAt = r.ID, fromMS(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) commentRecords(ctx context.Context, where string, args ...any) ([]SearchRecord, error) {
	// A hidden comment is indexed as hidden, like the comments of a hidden
	// idea; a deleted one is no record, so the indexer drops it.
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, i.challenge_id, c.idea_id, i.title, c.body,
		CASE WHEN c.hidden = 1 THEN 'hidden' ELSE i.state END, c.created_at
		FROM comments c JOIN ideas i ON i.id = c.idea_id WHERE c.deleted_at IS NULL AND `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load comments for the index: %w", err)
	}
	defer rows.Close()
	var out []SearchRecord
	for rows.Next() {
		r := SearchRecord{Type: "comment"}
		var created int64
		// A comment's title is its idea's, so a hit reads "comment on …".
		if err := rows.Scan(&r.ID, &r.ChallengeID, &r.IdeaID, &r.Title, &r.Body, &r.State, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = fromMS(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) challengeRecords(ctx context.Context, where string, args ...any) ([]SearchRecord, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+challengeColumns+` FROM challenges WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load challenges for the index: %w", err)
	}
	defer rows.Close()
	var out []SearchRecord
	for rows.Next() {
		c, err := scanChallenge(rows)
		if err != nil {
			return nil, err
		}
		// Drafts are indexed like any challenge: a draft opens by the clock,
		// with no write to re-index it, so search drops drafts when it runs.
		out = append(out, SearchRecord{Type: "challenge", ID: c.ID, ChallengeID: c.ID, Title: c.Title, Body: c.Brief, CreatedAt: c.CreatedAt})
	}
	return out, rows.Err()
}

// SearchRecordCount counts the records a rebuild will index, for its
// progress display.
func (s *Store) SearchRecordCount(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM ideas) + (SELECT COUNT(*) FROM comments) + (SELECT COUNT(*) FROM challenges) + (SELECT COUNT(*) FROM project_updates)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count searchable records: %w", err)
	}
	return n, nil
}

func (s *Store) updateRecords(ctx context.Context, where string, args ...any) ([]SearchRecord, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT pu.id, i.challenge_id, p.idea_id, p.id, i.title, pu.body, i.state, pu.created_at
		FROM project_updates pu JOIN projects p ON p.id = pu.project_id JOIN ideas i ON i.id = p.idea_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load project updates for the index: %w", err)
	}
	defer rows.Close()
	var out []SearchRecord
	for rows.Next() {
		r := SearchRecord{Type: "update"}
		var created int64
		// An update's title is its project's, so a hit reads "update on …";
		// it carries its idea's state, so hiding the idea hides it.
		if err := rows.Scan(&r.ID, &r.ChallengeID, &r.IdeaID, &r.ProjectID, &r.Title, &r.Body, &r.State, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = fromMS(created)
		out = append(out, r)
	}
	return out, rows.Err()
}
