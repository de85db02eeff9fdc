// Package store keeps cocreate's data in SQLite, the source of truth. Writes go
// through one writer connection and one goroutine that groups concurrent
// writes into a single fsync'd transaction (group commit), so every write is
// durable when its caller is answered and hundreds of fans voting at once
// share one fsync. Reads use a separate read-only pool.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store/walvfs"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3 with the settings no DSN parameter reaches, run
// on every new connection (so, like the DSN's pragmas, they cannot miss a
// pooled connection). temp_store=MEMORY keeps the savepoint sub-journals
// that group commit writes for every write in memory instead of temporary
// files: measured here, it is most of the cost of a vote.
const driverName = "sqlite3_cocreate"

// The writer's connection (writerPragmas, writerConnector) is driverName's
// that also turns off SQLite's automatic checkpoint, which the writer would
// run inside the commit of every write that crosses 1,000 pages of WAL,
// while every write queued behind it waits (see checkpointer).

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// SQLite's LOWER folds ASCII only: the users search folds
			// every script's case, as PostgreSQL's LOWER does.
			if err := c.RegisterFunc("cc_lower", strings.ToLower, true); err != nil {
				return err
			}
			_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
			return err
		},
	})
}

// writerPragmas are the writer connection's settings (see writerConnector,
// which also hooks the connection for the rank index).
func writerPragmas(c *sqlite3.SQLiteConn) error {
	if _, err := c.Exec("PRAGMA temp_store = MEMORY", nil); err != nil {
		return err
	}
	if _, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil); err != nil {
		return err
	}
	// A WAL that grew during a storm is cut back when it starts over.
	_, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", walSizeLimit), nil)
	return err
}

//go:embed migrations
var migrations embed.FS

// ErrClosed is returned for writes attempted after Close.
var ErrClosed = errors.New("store: closed")

// maxBatch caps how many writes share one transaction.
const maxBatch = 1024

// writerCacheKiB is the writer connection's page cache, in KiB (SQLite's
// default is 2,000): the most it adds to the server's memory.
const writerCacheKiB = 16 << 10

// Store is the SQLite database. Its zero value is not usable; call Open.
type Store struct {
	Path string
	// Now is the clock; tests replace it to move through phases.
	Now func() time.Time
	// Acting judges the account of a person's act (an idea, a comment, a
	// vote, a rating, a pair answer, a buying intent) as the act's write
	// reads it (actingTx); the service sets it to domain.Active. nil
	// judges nothing.
	Acting UserCheck
	// Honours chooses the notices of honour new points earn a fan
	// (recordReputation); the service sets it to people.HonourNotices.
	// nil tells none.
	Honours HonourTell

	w *sql.DB // the one writer connection
	r *sql.DB // read-only pool
	// wc is w's connection while the writer runs a batch on it (SQLite;
	// nil on PostgreSQL), and ws the vote's statements prepared on it
	// (writerconn.go). Only the writer goroutine touches them.
	wc *sql.Conn
	ws writerStmts
	// savepoint, release and rollbackTo are the statements commit runs
	// around every write, prepared once on the writer connection: parsing
	// them for every write was a third of the writer's CPU per vote.
	savepoint, release, rollbackTo *sql.Stmt

	writes  chan *writeReq
	closing chan struct{}
	// life is cancelled with closing (shut): the context of the store's own
	// background reads and the listener.
	life    context.Context
	endLife context.CancelFunc
	stopped chan struct{}
	once    sync.Once

	// ck is the checkpointer's connection (SQLite only; see checkpointer),
	// woken through ckWake after commits; ckStopped closes when it ends.
	ck        *sql.DB
	ckWake    chan struct{}
	ckStopped chan struct{}
	ckFrames  atomic.Int64  // the WAL's length when it asks for the writer's checkpoint, else 0
	ckAsk     chan struct{} // the checkpointer's ask, to a writer waiting for writes (awaitWrite)
	ckRun     sync.Mutex    // held by whichever checkpoint runs: the checkpointer's or the writer's
	// ckFile is the database file, for the checkpointer's own syncs of it
	// (syncCopied), or nil. It is closed only once every connection is:
	// closing a descriptor of a file drops every POSIX lock this process
	// holds on it, SQLite's too.
	ckFile *os.File
	stops  stopLog // the writer's own checkpoints (writer goroutine only)
	// cycle is the writer goroutine's phases, ckPhases the checkpointer's
	// (see phaseLog); Close reports them with the syncer's.
	cycle, ckPhases phaseLog
	// logs syncs the log after the writer's commits and answers their
	// writers (SQLite through the WAL shim; nil: commits sync themselves,
	// synchronous=FULL, and the writer answers). See logSyncer.
	logs *logSyncer
	// hooks are the tests' (nil in the server): see testHooks.
	hooks atomic.Pointer[testHooks]
	idle  *time.Timer // awaitWrite's (writer goroutine only)

	// Committed receives a signal (never blocking) after each commit that
	// may have queued something for the search index (not one of only votes
	// or pair answers, see commit), so the indexer can drain the outbox
	// without polling. Heard does the
	// same when this node hears of another node's commit that may have
	// made search log entries readable (PostgreSQL; listen.go).
	Committed, Heard chan struct{}

	// challenges is the writer goroutine's own map of challenges (see
	// challengeTx); nothing else may touch it.
	challenges map[int64]domain.Challenge

	users *userCache

	// version counts commits; see Version. content counts the commits
	// that held any write other than a tally's; see ContentVersion. shape
	// counts those that held any write other than a tally's or a pair
	// answer's; see ShapeVersion.
	version, content, shape atomic.Uint64

	// challengeReads caches Challenge's answers (see newChallengeCache),
	// allChallenges Challenges', rankReads IdeaRanks' (see newRankCache).
	challengeReads *versionCache[int64, domain.Challenge]
	allChallenges  *versionCache[struct{}, []domain.Challenge]
	// demandReads caches IntentGroups per ContentVersion (an intent moves it).
	demandReads *versionCache[int64, []domain.IntentGroup]
	rankReads   *versionCache[rankKey, rankPage]
	// ranks keeps the lists' order in memory (SQLite; see rankIndex).
	ranks *rankIndex
	// memo is what votes read of ideas, for the writer (SQLite; nil on
	// PostgreSQL): see voteMemo.
	memo *voteMemo

	// postgres: the engine is PostgreSQL, possibly shared with other nodes.
	postgres bool
	// node tells this store's commit messages from other nodes' (a random
	// id; see changed). Never "": a message without an id is another node's.
	node string
	// heardUntil (Unix ns): until then this node has surely heard of every
	// other node's commit (listen.go), so its read caches may serve.
	heardUntil atomic.Int64
	// bulkVotes counts the votes run in bulk (voteBulk), for tests;
	// retried the batches run again after a deadlock or a serialisation
	// failure.
	bulkVotes, retried atomic.Int64
	// logHeld: the last read of the search log met entries not readable
	// yet (PendingIndex).
	logHeld atomic.Bool
	// deaf is closed when the listener has stopped (PostgreSQL).
	deaf chan struct{}
	// forUpdate ends a SELECT of a row that the write then changes from
	// what it read: " FOR NO KEY UPDATE" on PostgreSQL, where other nodes
	// write concurrently; "" on SQLite, whose one writer is alone.
	forUpdate string

	// logMu guards this node's position in the search log (PostgreSQL)
	// and when it last pruned the log.
	logMu   sync.Mutex
	indexed IndexPos
	pruned  time.Time
}

type writeReq struct {
	fn   func(*sql.Tx) error
	done chan error
	// tally marks a write that changes only ideas' tallies (see
	// writeVote): it moves Version, not ContentVersion.
	tally bool
	// content, set by a tally write's fn as it runs (writeTallyUnless),
	// says it changed more than tallies this time: the batch moves
	// ContentVersion after all.
	content bool
	// pairs marks a write that changes only pair answers and what follows
	// from them (comparisons, ideas' comparisons and wins, fitted pairwise
	// scores): it moves Version and ContentVersion, not ShapeVersion.
	pairs bool
	// atomic marks a write that refuses (a *domain.Error) only before it
	// has written anything (writeVote): it runs without a savepoint of its
	// own, saving two of a vote's round trips to PostgreSQL, or two of its
	// statements and the savepoint's sub-journal on SQLite.
	atomic bool
	// vote, when set, is the write as a vote for voteBulk (PostgreSQL);
	// fn does the same alone.
	vote *voteOp
	// queued is when it was queued (enqueue), for phaseLog's oldest_write.
	queued time.Time
	// admins marks a write that takes the admins' lock (writeAdmins): on
	// PostgreSQL its batch takes that lock before any of its writes runs.
	admins bool
}

// Open opens (creating if needed) the SQLite database file at path, applies
// migrations and starts the writer.
func Open(path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: unable to create %s: %w", dir, err)
		}
	}
	// The database holds password and session hashes: a new one is its
	// owner's alone (SQLite gives its WAL and shared-memory files the same
	// mode), as the keys beside it are. One that exists keeps its mode.
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err == nil {
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("store: unable to create %s: %w", path, err)
		}
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("store: unable to create %s: %w", path, err)
	}
	// Every pragma is in the DSN so that each pooled connection gets it.
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", "128") // the same few statements, prepared once
	// The writer and the checkpointer write and sync: through the WAL shim,
	// a commit is one write of the log and an fdatasync (README, Decisions).
	// Readers never write; they keep SQLite's own VFS.
	shim := false
	if name, err := walvfs.Register(); err == nil {
		q.Set("vfs", name)
		shim = true
	} else {
		slog.Warn("store: SQLite's own VFS for the writer", "err", err)
	}
	ranks, memo := newRankIndex(), newVoteMemo()
	w, logs, err := openWriter(path, q, ranks, memo, shim)
	if err != nil {
		return nil, err
	}

	rq := url.Values{}
	rq.Set("mode", "ro")
	rq.Set("_foreign_keys", "on")
	rq.Set("_busy_timeout", "10000")
	rq.Set("_stmt_cache_size", "128")
	r, err := sql.Open(driverName, "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: unable to open readers for %s: %w", path, err)
	}
	n := 4 * runtime.NumCPU()
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	// The checkpointer's own connection, read-write like the writer's and
	// as durable: a checkpoint syncs the database file before the WAL may
	// start over.
	ck, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("store: unable to open the checkpointer for %s: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	s, err := newStore(w, r)
	if err != nil {
		ck.Close()
		return nil, err
	}
	s.Path = path
	s.ck = ck
	s.ckFile = openToSync(path)
	s.ranks = ranks
	s.memo = memo
	s.logs = logs
	if logs != nil {
		go logs.run(&s.hooks)
	}
	ranks.commits.Store(&s.version)
	s.ckWake = make(chan struct{}, 1)
	s.ckAsk = make(chan struct{}, 1)
	go s.checkpointer()
	go s.drainRanks()
	go s.writer()
	return s, nil
}

// openWriter opens the writer's connection and applies the migrations.
// Through the WAL shim (shim) its commits do not sync (synchronous=NORMAL)
// and logs, a syncer of its log, makes them durable before their writers
// are answered (see logSyncer); without the shim, or if the log is not
// open through it, logs is nil and every commit syncs (FULL).
func openWriter(path string, q url.Values, ranks *rankIndex, memo *voteMemo, shim bool) (w *sql.DB, logs *logSyncer, err error) {
	// The writer's page cache holds what a storm of votes rewrites (the
	// ideas' rows, the votes' and their indexes' leaves, the voters' rows
	// its foreign keys look up): with SQLite's default 2 MiB it read back
	// from the WAL or the file, one pread each, pages it had written a
	// moment before. The readers and the checkpointer keep the default.
	wq := maps.Clone(q)
	wq.Set("_cache_size", strconv.Itoa(-writerCacheKiB))
	if shim {
		wq.Set("_synchronous", "NORMAL")
	}
	w = sql.OpenDB(writerConnector("file:"+path+"?"+wq.Encode(), ranks, memo))
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := migrate(w, false); err != nil {
		w.Close()
		return nil, nil, err
	}
	if !shim {
		return w, nil, nil
	}
	// The writer's connection has the log open (migrate read through it).
	log, err := walvfs.LogAt(path + "-wal")
	if err == nil {
		err = log.Sync() // the migrations, committed without a sync
	}
	if err != nil {
		slog.Warn("store: the writer's commits sync themselves", "err", err)
		if err := w.Close(); err != nil {
			return nil, nil, err
		}
		return openWriter(path, q, ranks, memo, false)
	}
	return w, newLogSyncer(log), nil
}

// OpenPostgres opens the PostgreSQL database at dsn (postgres://...),
// applies migrations (one node at a time, under an advisory lock) and starts
// the writer. Several processes may open the same database: nothing this
// store caches outlives a request there (see Version and userCache).
func OpenPostgres(dsn string) (*Store, error) {
	w, err := migratedPG(dsn)
	if err != nil {
		return nil, err
	}
	r, pooled, err := openPG(dsn)
	if err != nil {
		w.Close()
		return nil, err
	}
	n := 4 * runtime.NumCPU()
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s, err := newStore(w, r)
	if err != nil {
		return nil, err
	}
	s.postgres = true
	s.node = newNodeID()
	s.forUpdate = " FOR NO KEY UPDATE"
	s.users.off = true
	if pooled {
		// A transaction pooler lends a server connection for a
		// transaction at a time: LISTEN would hear nothing after it.
		slog.Warn("store: connected through a transaction pooler (default_query_exec_mode is not cache_statement): not listening for other nodes' changes; read caches off, the search index polls the log every 0.5 s")
	} else {
		s.deaf = make(chan struct{})
		go s.listen(dsn)
	}
	go s.writer()
	return s, nil
}

// MigratePostgres applies the migrations the PostgreSQL database at dsn has
// not had (one process at a time, as OpenPostgres does), then lets it go.
// The tests' template database is made this way (pgtest.Template).
func MigratePostgres(dsn string) error {
	w, err := migratedPG(dsn)
	if err != nil {
		return err
	}
	return w.Close()
}

// migratedPG is the writer's connection to dsn, the migrations applied.
func migratedPG(dsn string) (*sql.DB, error) {
	w, _, err := openPG(dsn)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if err := migrate(w, true); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// OpenEngine opens PostgreSQL when db names it, else SQLite at path.
func OpenEngine(db, path string) (*Store, error) {
	if db != "" {
		if !IsPostgres(db) {
			return nil, fmt.Errorf("store: -db must be a postgres:// address (empty: SQLite under -data)")
		}
		return OpenPostgres(db)
	}
	return Open(path)
}

// newStore is a store over its writer and readers, with the statements
// commit runs prepared; it closes both if it cannot.
func newStore(w, r *sql.DB) (*Store, error) {
	var stmts [3]*sql.Stmt
	for i, q := range []string{`SAVEPOINT w`, `RELEASE w`, `ROLLBACK TO w`} {
		var err error
		if stmts[i], err = w.Prepare(q); err != nil {
			w.Close()
			r.Close()
			return nil, fmt.Errorf("store: unable to prepare %s: %w", q, err)
		}
	}
	life, endLife := context.WithCancel(context.Background())
	return &Store{
		Now:  time.Now,
		life: life, endLife: endLife,
		w: w,
		r: r,

		savepoint: stmts[0], release: stmts[1], rollbackTo: stmts[2],
		writes:    make(chan *writeReq, maxBatch),
		closing:   make(chan struct{}),
		stopped:   make(chan struct{}),
		ckStopped: make(chan struct{}),
		Committed: make(chan struct{}, 1),
		Heard:     make(chan struct{}, 1),

		challenges: map[int64]domain.Challenge{},
		users:      newUserCache(),

		challengeReads: newChallengeCache(),
		allChallenges:  &versionCache[struct{}, []domain.Challenge]{max: 1},
		rankReads:      newRankCache(),
		demandReads:    &versionCache[int64, []domain.IntentGroup]{max: 256},
	}, nil
}

// Postgres says whether the store runs on PostgreSQL (for the commands that
// work on files: backup, restore, check's file tests).
func (s *Store) Postgres() bool { return s.postgres }

// shut closes closing and cancels life, once.
func (s *Store) shut() {
	s.once.Do(func() {
		s.endLife()
		close(s.closing)
	})
}

// Close stops the writer after the writes already queued, then closes the database.
func (s *Store) Close() error {
	s.shut()
	<-s.stopped
	if s.logs != nil {
		<-s.logs.stopped // every commit synced and answered (or failed)
	}
	s.stops.report(&s.cycle.took[phStop], s.cycle.total[phStop]) // the writer's alone
	if s.deaf != nil {
		<-s.deaf
	}
	var ckErr error
	if s.ck != nil {
		<-s.ckStopped
		ckErr = s.ck.Close()
	}
	// The writer, the syncer and the checkpointer have ended.
	s.cycle.merge(&s.ckPhases)
	if s.logs != nil {
		s.cycle.merge(&s.logs.phases)
	}
	s.cycle.report(slog.Default())
	if s.ranks != nil {
		<-s.ranks.drained // it reads through s.r, and so does a load
		s.ranks.settled()
	}
	// The writer's connection, the last to close, checkpoints what is left.
	err := errors.Join(s.savepoint.Close(), s.release.Close(), s.rollbackTo.Close(), s.closeWriterStmts(), s.r.Close(), ckErr, s.w.Close())
	if s.ckFile != nil {
		err = errors.Join(err, s.ckFile.Close()) // after every connection (ckFile)
	}
	return err
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in file-name order. On PostgreSQL each of those
// transactions first takes an advisory lock and looks again whether the
// migration is recorded, so nodes starting together apply each migration
// once. The lock is a transaction's, not a session's: through a
// transaction pooler (PgBouncer in transaction mode) a session's lock
// would stay on whichever server connection took it.
func migrate(db *sql.DB, postgres bool) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to connect: %w", err)
	}
	defer func() { _ = conn.Close() }() // back to the pool; a broken one is dropped
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`
	if postgres {
		err = migrationTx(conn, func(tx *sql.Tx) error { _, err := tx.Exec(create); return err })
	} else {
		_, err = conn.ExecContext(ctx, create)
	}
	if err != nil {
		return fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	recorded, err := recordedMigrations(ctx, conn)
	if err != nil {
		return err
	}
	if err := knownMigrations(recorded, names); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	for _, name := range names {
		if recorded[name] {
			continue
		}
		body, err := migrationBody(name, postgres)
		if err != nil {
			return err
		}
		if err := applyMigration(conn, name, body, postgres); err != nil {
			return err
		}
	}
	return nil
}

// goSteps are what a migration does that its SQL cannot say (a rule of
// Go's applied to the rows), by the migration's name: run in its
// transaction after its SQL and before it is recorded, on both engines,
// so once, and with it or not at all.
var goSteps = map[string]func(ctx context.Context, tx *sql.Tx) error{
	"migrations/103_city_keys_once.sql": backfillCityKeys,
}

// NewerSchemaError refuses a database that records a migration this
// program does not embed: a newer cocreate migrated it, and this one would
// read and write tables and constraints it does not know (a column it
// never fills, a state it cannot show), or a later downgrade would undo
// nothing it needs. Refused before anything is applied.
type NewerSchemaError struct {
	Migration string // the first unknown one, as recorded
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("this database was migrated by a newer cocreate (migration %s); run that version or newer",
		strings.TrimSuffix(path.Base(e.Migration), ".sql"))
}

// knownMigrations is a *NewerSchemaError when recorded holds a migration
// that is not among embedded; nil otherwise.
func knownMigrations(recorded map[string]bool, embedded []string) error {
	known := make(map[string]bool, len(embedded))
	for _, n := range embedded {
		known[n] = true
	}
	var unknown []string
	for n := range recorded {
		if !known[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return &NewerSchemaError{Migration: unknown[0]}
}

// queryer is a connection, a transaction or a pool.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// recordedMigrations reads the migrations schema_migrations records, in one
// query.
func recordedMigrations(ctx context.Context, q queryer) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read schema_migrations: %w", err)
	}
	defer rows.Close()
	recorded := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: unable to read schema_migrations: %w", err)
		}
		recorded[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read schema_migrations: %w", err)
	}
	return recorded, nil
}

// KnownSchema refuses (a *NewerSchemaError) a database, open as db, that a
// newer cocreate migrated, as opening it does: for a copy about to be
// restored, which is not opened as a store first.
func KnownSchema(ctx context.Context, db *sql.DB) error {
	recorded, err := recordedMigrations(ctx, db)
	if err != nil {
		return err
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	return knownMigrations(recorded, names)
}

// queryRower is a connection or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// migrated says whether the migration name is recorded.
func migrated(q queryRower, name string) (bool, error) {
	var n int
	if err := q.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("store: unable to read schema_migrations: %w", err)
	}
	return n > 0, nil
}

// migrationTx runs fn in a transaction holding the migration lock
// (PostgreSQL).
func migrationTx(conn *sql.Conn, fn func(*sql.Tx) error) error {
	tx, err := conn.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, migrationLock()); err != nil {
		return fmt.Errorf("store: unable to take the migration lock: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeysOff marks a migration that rebuilds a table others refer to
// (SQLite's way to change a CHECK constraint): it runs with foreign keys off,
// as SQLite's documented procedure asks, and every reference is proved with
// foreign_key_check before it commits. (On PostgreSQL such a migration has
// a twin under migrations/pg that alters the table in place.)
const foreignKeysOff = "-- cocreate:foreign_keys=off"

// applyMigration runs one migration and records it, in one transaction on
// conn (the foreign-keys pragma is per connection and cannot change inside
// a transaction).
func applyMigration(conn *sql.Conn, name, body string, postgres bool) (err error) {
	ctx := context.Background()
	rebuild := !postgres && strings.HasPrefix(body, foreignKeysOff)
	if rebuild {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		defer func() {
			if _, onErr := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); onErr != nil && err == nil {
				err = fmt.Errorf("store: migration %s: %w", name, onErr)
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin migration %s: %w", name, err)
	}
	defer tx.Rollback()
	if postgres {
		// Another node may have applied it while this one waited.
		if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, migrationLock()); err != nil {
			return fmt.Errorf("store: unable to take the migration lock: %w", err)
		}
		if done, err := migrated(tx, name); err != nil || done {
			return err
		}
	}
	if _, err := tx.Exec(body); err != nil {
		if postgres {
			return fmt.Errorf("store: migration %s failed on PostgreSQL (a migration its translation cannot carry needs a hand-written %s): %w",
				name, strings.Replace(name, "migrations/", "migrations/pg/", 1), err)
		}
		return fmt.Errorf("store: migration %s failed: %w", name, err)
	}
	if rebuild {
		rows, err := tx.Query(`PRAGMA foreign_key_check`)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		broken := rows.Next()
		rows.Close()
		if broken {
			return fmt.Errorf("store: migration %s would break a foreign key; nothing was changed", name)
		}
	}
	if step := goSteps[name]; step != nil {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("store: unable to record migration %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit migration %s: %w", name, err)
	}
	return nil
}

// migrationNames are the embedded migrations, in the order they apply.
func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(names)
	return names, err
}

// write runs fn in a transaction on the writer and returns once the
// transaction is durably committed (or fn's error, with fn's changes undone).
// fn may share its transaction with other callers' writes, each isolated in a
// savepoint, so fn must only touch the database: no side effects it cannot
// take back. fn sees the writes queued before it.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.enqueue(ctx, &writeReq{fn: fn, done: make(chan error, 1)})
}

// writeAdmins is write for a write that takes the admins' lock (a change
// of an account's standing: SetRoles, SetSuspended, DeleteAccount,
// InviteUser). Every transaction that takes that lock takes it first:
// alone, such a write takes it before anything else; in a batch, the
// batch takes it before its first write (attempt), as a write before it
// (a Leave holding a club's lock) would otherwise hold a lock the
// admins' holders wait for while it waits for theirs.
func (s *Store) writeAdmins(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.enqueue(ctx, &writeReq{fn: fn, done: make(chan error, 1), admins: true})
}

// writeTallyUnless is write for a write that may change only ideas'
// tallies: fn sets *content when, this time, it changed more (each run
// of fn starts with it false, as a batch may run again). A write that
// leaves it false moves Version and not ContentVersion, so the caches kept
// per ContentVersion (the ideas' texts, the list pages) outlive it.
func (s *Store) writeTallyUnless(ctx context.Context, fn func(tx *sql.Tx, content *bool) error) error {
	req := &writeReq{done: make(chan error, 1), tally: true}
	req.fn = func(tx *sql.Tx) error {
		req.content = false
		return fn(tx, &req.content)
	}
	return s.enqueue(ctx, req)
}

func (s *Store) enqueue(ctx context.Context, req *writeReq) error {
	// A request already ended is refused before the queue is tried: the
	// select below, between a free queue and a done context, would pick
	// either at random, so such a write landed half the time. A write
	// that must outlive its request says so (context.WithoutCancel: the
	// service's uploadsSaved), and a test of one sees it every time
	// (TestUploads55EveryWriteWithSavedUploadsOutlivesItsRequest).
	if err := ctx.Err(); err != nil {
		return err
	}
	// A closed store refuses at once: the select below, between the
	// queue's free room and closing, would pick either at random, and a
	// write left in the queue after the writer's last drain waited
	// forever (TestClose59AWriteAfterCloseIsRefused).
	select {
	case <-s.closing:
		return ErrClosed
	default:
	}
	req.queued = time.Now()
	select {
	case s.writes <- req:
	case <-s.closing:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the write may commit, so wait for the verdict even if the
	// caller has gone: answering early could report a lost write that landed.
	select {
	case err := <-req.done:
		return err
	case <-s.stopped:
	}
	// The writer has stopped (Close, under way at the send): what it took
	// is answered, by the log's syncer last; what it never took never
	// will be, and did not happen.
	if s.logs != nil {
		<-s.logs.stopped
	}
	select {
	case err := <-req.done:
		return err
	default:
		return ErrClosed
	}
}

func (s *Store) writer() {
	defer close(s.stopped)
	if s.logs != nil {
		defer s.logs.stop() // after the last batch is handed to it
	}
	batch := make([]*writeReq, 0, maxBatch)
	for {
		s.writerCheckpoint(false)
		first := s.awaitWrite()
		if first == nil {
			// Finish what was queued before Close.
			for {
				select {
				case req := <-s.writes:
					s.commit([]*writeReq{req})
				default:
					return
				}
			}
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < maxBatch {
			select {
			case req := <-s.writes:
				batch = append(batch, req)
			default:
				break fill
			}
		}
		s.commit(batch)
	}
}

// commit runs a batch of writes in one transaction, each in its own savepoint
// so a failing write undoes only itself, then commits once for all.
func (s *Store) commit(batch []*writeReq) {
	if s.logs != nil {
		if err := s.logs.err(); err != nil {
			// A sync of the log failed: nothing is written any more.
			for _, req := range batch {
				req.done <- err
			}
			return
		}
	}
	var errs []error
	var err error
	safe := false // every write in a savepoint of its own, atomic ones too
	for attempt := 1; ; attempt++ {
		var retry, spoilt bool
		batch, errs, retry, spoilt, err = s.attempt(batch, safe)
		if spoilt && !safe {
			// An atomic write failed without its savepoint: the batch
			// runs again, each write in its savepoint, so only it fails.
			safe = true
			continue
		}
		if !retry || attempt == maxAttempts {
			break
		}
		// Another node's transaction deadlocked with this one or made it
		// unserialisable (PostgreSQL): the whole batch runs again, as its
		// writes touch nothing but the database.
		s.retried.Add(1)
		time.Sleep(time.Duration(attempt*attempt) * time.Millisecond)
	}
	if err != nil {
		s.forgetReads() // the whole transaction is gone, and what it read
		for _, req := range batch {
			req.done <- err
		}
		return
	}
	// Before anyone is answered: whoever has seen their write acknowledged
	// must see the version change too.
	kind := changedBy(batch)
	switch kind {
	case changedContent:
		s.shape.Add(1)
		s.content.Add(1)
	case changedPairs:
		s.content.Add(1)
	}
	s.version.Add(1)
	// The indexer is woken only by a commit that may have queued something
	// for it: a batch of votes and pair answers writes nothing searchable,
	// and woken after each, it read the empty outbox some 150 times a
	// second during a storm of votes. The exception is listen.go's (changed):
	// while the log is held back (PostgreSQL), any commit may be the one
	// whose end lets its entries be read.
	if kind == changedContent || s.logHeld.Load() {
		select {
		case s.Committed <- struct{}{}:
		default:
		}
	}
	select {
	case s.ckWake <- struct{}{}:
	default:
	}
	if h := s.hooks.Load(); h != nil && h.committed != nil {
		h.committed(batch)
	}
	if s.logs != nil {
		// Answered once a sync of the log that began after this COMMIT
		// has returned; the writer goes on to the next batch meanwhile.
		s.logs.add(batch, errs)
		return
	}
	s.cycle.add(phAnswered, batch[0].queued)
	if len(batch) < answerApart {
		answerAll(batch, errs)
		return
	}
	// A batch's writers are answered by a goroutine of their own, so that
	// the writer starts on the next batch at once: waking a hundred waiting
	// handlers took it 4 to 8 µs each, about 5% of its time during a storm
	// of votes, with the next batch waiting. No send blocks (each done has
	// room for one).
	go answerAll(slices.Clone(batch), errs)
}

// answerApart is the smallest batch answered by a goroutine of its own
// (commit); a few writes are answered at once by the writer.
const answerApart = 8

// answerAll sends each write of a committed batch its outcome.
func answerAll(batch []*writeReq, errs []error) {
	for i, req := range batch {
		req.done <- errs[i]
	}
}

// maxAttempts bounds how often a batch runs again after a deadlock or a
// serialisation failure (SQLSTATE 40P01, 40001).
const maxAttempts = 5

// retryable reports a deadlock or serialisation failure: the transaction
// did nothing and may simply run again.
func retryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// attempt runs a batch in one transaction, each write in a savepoint of
// its own unless it is atomic and safe is false. It returns each write's
// error once committed, or retry when the batch must run again, or spoilt
// when an atomic write without a savepoint failed other than by refusing
// (the batch must run again with safe set), or err when the whole
// transaction failed.
func (s *Store) attempt(batch []*writeReq, safe bool) (_ []*writeReq, errs []error, retry, spoilt bool, err error) {
	began := time.Now()
	errs = make([]error, len(batch))
	tx, end, err := s.begin()
	if err != nil {
		return batch, nil, false, false, fmt.Errorf("store: unable to begin: %w", err)
	}
	defer end()
	savepoint, release, rollbackTo := tx.Stmt(s.savepoint), tx.Stmt(s.release), tx.Stmt(s.rollbackTo)
	abort := func(what string, err error) ([]*writeReq, []error, bool, bool, error) {
		tx.Rollback()
		s.forgetReads()
		return batch, nil, retryable(err), false, fmt.Errorf("store: unable to %s: %w", what, err)
	}
	done := make([]bool, len(batch))
	var waited time.Duration // for writes to come while the batch before syncs
	if s.postgres && slices.ContainsFunc(batch, func(r *writeReq) bool { return r.admins }) {
		if err := s.lockFor(tx, "admins", 0); err != nil { // first: writeAdmins
			return abort("lock the admins", err)
		}
	}
	if !safe && s.postgres {
		if spoilt, err := s.votesInBulk(tx, batch, errs, done); err != nil {
			tx.Rollback()
			return batch, nil, retryable(err), spoilt, err
		}
	}
	for i := 0; ; i++ {
		if i == len(batch) {
			// Every write of the batch has run. While the batch before is
			// still being synced, the writes queued meanwhile run in this
			// transaction too, instead of waiting for the next one.
			req := s.whileSyncing(len(batch), &waited)
			if req == nil {
				break
			}
			batch, errs, done = append(batch, req), append(errs, nil), append(done, false)
		}
		req := batch[i]
		if done[i] {
			continue
		}
		if req.atomic && !safe {
			errs[i] = run(req.fn, tx)
			if errs[i] != nil && domain.AsError(errs[i]) == nil {
				_, _, retry, _, err := abort("write", errs[i])
				return batch, nil, retry, !retry, err
			}
			continue
		}
		if _, err := savepoint.Exec(); err != nil {
			return abort("open savepoint", err)
		}
		errs[i] = run(req.fn, tx)
		if errs[i] != nil {
			if retryable(errs[i]) {
				return abort("write", errs[i])
			}
			if _, err := rollbackTo.Exec(); err != nil {
				return abort("roll back a failed write", err)
			}
			s.memo.forget()
		}
		if _, err := release.Exec(); err != nil {
			return abort("release savepoint", err)
		}
	}
	if s.postgres {
		// Every node listening empties its read caches once this commits.
		if _, err := tx.Exec(`SELECT pg_notify(?, ?)`, changesChannel, s.payload(changedBy(batch))); err != nil {
			return abort("notify the other nodes", err)
		}
	}
	// The writes' own time; the writer's wait for more is the sync's.
	now := time.Now()
	s.cycle.addDur(phStatements, began, now.Sub(began)-waited)
	began = now
	if s.logs != nil {
		s.logs.await() // the batch before is synced: one commit unsynced at a time
		now = time.Now()
		s.cycle.addDur(phSyncWait, began, now.Sub(began)+waited)
		began = now
	}
	err = tx.Commit()
	s.cycle.add(phCommit, began)
	if err != nil {
		// The maps may hold what this transaction read or changed.
		s.forgetReads()
		return batch, nil, retryable(err), false, fmt.Errorf("store: unable to commit: %w", err)
	}
	return batch, errs, false, false, nil
}

// whileSyncing is the next write to run in the batch of n writes (nil for
// none: it is to be committed), while the batch before it is still being
// synced (one commit unsynced at a time, logSyncer.await). Writes queued
// during that sync used to wait for the next batch, one sync later, while
// the writer sat idle; run now, they commit with this one, and the batch's
// shared pages (an idea's row, the lists' indexes) are written once for
// more writes. Without the syncer (PostgreSQL, or SQLite syncing its own
// commit) there is nothing to wait for. The time it waits for a write to
// come is added to *waited.
func (s *Store) whileSyncing(n int, waited *time.Duration) *writeReq {
	if s.logs == nil || n >= maxBatch {
		return nil
	}
	for s.logs.syncing() {
		select {
		case req := <-s.writes:
			return req // already queued: nothing waited
		default:
		}
		began := time.Now()
		select {
		case req := <-s.writes:
			*waited += time.Since(began)
			return req
		case <-s.logs.drained: // perhaps an earlier sync's: syncing says
			*waited += time.Since(began)
		}
	}
	return nil
}

// forgetReads empties what the writer keeps of what it read, once a
// transaction was rolled back.
func (s *Store) forgetReads() {
	clear(s.challenges)
	s.memo.forget()
}

// begin starts a batch's transaction on the writer's one connection. On
// SQLite it holds the connection as wc meanwhile, for onWriterConn; end,
// once the transaction is over, lets it go.
func (s *Store) begin() (tx *sql.Tx, end func(), err error) {
	if s.postgres {
		tx, err = s.w.Begin()
		return tx, func() {}, err
	}
	ctx := context.Background()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if tx, err = conn.BeginTx(ctx, nil); err != nil {
		_ = conn.Close() // back to the pool
		return nil, nil, err
	}
	s.wc = conn
	return tx, func() {
		s.wc = nil
		_ = conn.Close() // back to the pool; a broken one is dropped
	}, nil
}

// votesInBulk runs the batch's votes together (voteBulk) when there are
// several, setting their errs and marking them done; those it leaves to run
// alone stay not done. An error spoils the transaction (spoilt unless it
// is worth a retry as it is).
func (s *Store) votesInBulk(tx *sql.Tx, batch []*writeReq, errs []error, done []bool) (spoilt bool, err error) {
	var ops []*voteOp
	var at []int
	for i, req := range batch {
		if req.vote != nil {
			ops = append(ops, req.vote)
			at = append(at, i)
		}
	}
	if len(ops) < 2 {
		return false, nil
	}
	opErrs, alone, err := s.voteBulk(tx, ops)
	if err != nil {
		return !retryable(err), err
	}
	for j, i := range at {
		errs[i], done[i] = opErrs[j], true
	}
	for _, j := range alone {
		done[at[j]] = false
	}
	s.bulkVotes.Add(int64(len(ops) - len(alone)))
	return false, nil
}

// Version changes after every committed write, before the writers are
// answered. Whatever was read from the database while Version returned v,
// read after that call, is still what the database holds as long as Version
// returns v: a cache of read results keyed by it is never stale. (Only
// writes through this Store count; the data directory is locked against
// other writers.)
//
// On PostgreSQL other nodes write too: their commits move it when this
// node hears of them (listen.go), within milliseconds; while this node
// cannot be sure it hears, Version changes at every call, so nothing is
// cached on it.
func (s *Store) Version() uint64 {
	if s.postgres && !s.hearing() {
		return s.version.Add(1)
	}
	return s.version.Load()
}

// ContentVersion is Version for everything but ideas' tallies: it changes
// after every committed write except those that change only tallies
// (votes, votes_under_review, hot; the votes table), before the writers
// are answered. Whatever was read while ContentVersion returned v, read
// after that call, is still what the database holds, tallies apart, as long
// as ContentVersion returns v. So a cache of an idea's text keyed by it
// outlives a storm of votes, while its tally must be read live.
//
// Like Version, on PostgreSQL it also moves when this node hears of
// another node's commit (other than a tally's), and changes at every call
// while this node cannot be sure it hears.
func (s *Store) ContentVersion() uint64 {
	if s.postgres && !s.hearing() {
		return s.content.Add(1)
	}
	return s.content.Load()
}

// run calls fn, turning a panic into an error so one bad write cannot stop
// the writer that every other write depends on.
func run(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: write panicked: %v", p)
		}
	}()
	return fn(tx)
}

// ms converts a time to the stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds back to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// nullMS stores an optional time.
func nullMS(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// timePtr reads an optional time.
func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// isUnique reports whether err is a UNIQUE constraint failure.
func isUnique(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed") || pgCode(err) == "23505")
}

// queue records a searchable change for the indexer, in the caller's transaction.
func queue(tx *sql.Tx, docType string, id int64, now time.Time) error {
	if _, err := tx.Exec(`INSERT INTO search_outbox (doc_type, doc_id, created_at) VALUES (?, ?, ?)`, docType, id, ms(now)); err != nil {
		return fmt.Errorf("store: unable to queue %s %d for the index: %w", docType, id, err)
	}
	return nil
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanOne reads a row of one column: list's scan for a list of ids or names.
func scanOne[T any](rows *sql.Rows) (T, error) {
	var v T
	err := rows.Scan(&v) // before v is read: a return's order is not the spec's
	return v, err
}

// list runs a read query and scans each row with scan: the one loop behind
// every list the store returns. what names the rows in errors.
func list[T any](ctx context.Context, db querier, what string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list %s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
