package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL engine. The store's SQL is written once, with SQLite's `?`
// placeholders and portable statements (TEAM.md, "Writing store code
// PostgreSQL can run too"); the driver below rewrites each statement's
// placeholders to PostgreSQL's $1, $2... once (the rewrite is cached by
// statement text), so no store method knows which engine runs it.

// IsPostgres reports whether a -db value names a PostgreSQL database.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// rewritten caches placeholder rewrites: the store has a few hundred
// distinct statements (lists of ids take one text whatever their length:
// inIDs). It keeps at most maxRewritten of them, so that statement texts
// built at run time cannot grow it without bound; past that a statement
// is rewritten each time (a linear scan of its text). The bound holds
// give or take the statements rewritten at the same moment.
var (
	rewritten      sync.Map // string → string
	rewrittenCount atomic.Int64
)

// maxRewritten bounds the rewrites kept: ten times the store's statements.
const maxRewritten = 4096

// pgSQL turns `?` placeholders into $1, $2..., leaving string literals,
// quoted identifiers and comments alone.
func pgSQL(q string) string {
	if v, ok := rewritten.Load(q); ok {
		return v.(string)
	}
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(q) {
				j = len(q) - 1
			}
			b.WriteString(q[i : j+1])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i - 1
			}
			b.WriteString(q[i : i+j+1])
			i += j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q) - 1
			if j >= 0 {
				end = i + 2 + j + 1
			}
			b.WriteString(q[i : end+1])
			i = end
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	if rewrittenCount.Load() < maxRewritten {
		if _, had := rewritten.LoadOrStore(q, out); !had {
			rewrittenCount.Add(1)
		}
	}
	return out
}

// pgArgs converts what SQLite takes as an integer but PostgreSQL's integer
// columns refuse: Go booleans, which the store keeps as 0/1.
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if v, ok := a.Value.(bool); ok {
			if v {
				args[i].Value = int64(1)
			} else {
				args[i].Value = int64(0)
			}
		}
	}
	return args
}

// pgConn is a pgx database/sql connection that takes the store's SQL.
// pooled marks a connection through a transaction pooler (PgBouncer in
// transaction mode): its statements are not prepared on the server, where
// they would stay on whichever server connection the pooler lent for the
// moment (see pooledConfig).
type pgConn struct {
	*stdlib.Conn
	pooled bool
}

func (c pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.pooled {
		return pooledStmt{c, query}, nil
	}
	return c.Conn.PrepareContext(ctx, pgSQL(query))
}

// pooledStmt is a statement prepared only on the client: each use sends
// its text (in the address's default_query_exec_mode).
type pooledStmt struct {
	c     pgConn
	query string
}

func (s pooledStmt) Close() error  { return nil }
func (s pooledStmt) NumInput() int { return -1 }

func (s pooledStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, args)
}

func (s pooledStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, args)
}

func (s pooledStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s pooledStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func (c pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, pgSQL(query), pgArgs(args))
}

func (c pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, pgSQL(query), pgArgs(args))
}

// pgConnector makes pgConns.
type pgConnector struct {
	driver.Connector
	pooled bool
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*stdlib.Conn)
	if !ok {
		_ = conn.Close() // not ours to use; the error below says why
		return nil, fmt.Errorf("store: unexpected pgx connection %T", conn)
	}
	return pgConn{sc, c.pooled}, nil
}

// openPG opens a database/sql pool on a PostgreSQL URL that takes the
// store's SQL; pooled says whether the address goes through a transaction
// pooler (pooledConfig).
func openPG(dsn string) (db *sql.DB, pooled bool, err error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, false, fmt.Errorf("store: bad PostgreSQL address: %w", err)
	}
	pooled = pooledConfig(cfg)
	return sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg), pooled}), pooled, nil
}

// pooledConfig says whether an address goes through a transaction pooler,
// which its operator says by choosing a query mode that prepares nothing
// on the server for longer than a statement (pgx's
// default_query_exec_mode=exec, or cache_describe, simple_protocol,
// describe_exec; docs/deploy.md): then the store prepares nothing on the
// server and does not LISTEN.
func pooledConfig(cfg *pgx.ConnConfig) bool {
	return cfg.DefaultQueryExecMode != pgx.QueryExecModeCacheStatement
}

// pgCode is the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// Migrations on PostgreSQL. Each SQLite migration is translated by the rules
// below (pgDDL); a migration they cannot carry (a SQLite table rebuild, say)
// has a hand-written twin under migrations/pg/ with the same file name,
// which is used instead. Both engines record the same names in
// schema_migrations.

var (
	// An INTEGER PRIMARY KEY that is not also a reference is SQLite's rowid
	// alias: an identity column that still accepts explicit ids (migrate-db).
	ddlRowid = regexp.MustCompile(`(?i)\bINTEGER\s+PRIMARY\s+KEY\b`)
	ddlWords = []struct {
		re  *regexp.Regexp
		out string
	}{
		{regexp.MustCompile(`(?i)\bINTEGER\b`), "BIGINT"}, // Unix milliseconds do not fit 32 bits
		{regexp.MustCompile(`(?i)\bREAL\b`), "DOUBLE PRECISION"},
		{regexp.MustCompile(`(?i)\bBLOB\b`), "BYTEA"},
		{regexp.MustCompile(`(?i)\)\s*WITHOUT\s+ROWID`), ")"},
	}
)

// pgDDL translates a SQLite migration to PostgreSQL.
func pgDDL(body string) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		code, comment := l, ""
		if j := strings.Index(l, "--"); j >= 0 {
			code, comment = l[:j], l[j:]
		}
		if !strings.Contains(strings.ToUpper(code), "REFERENCES") {
			code = ddlRowid.ReplaceAllString(code, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
		}
		lines[i] = code + comment
	}
	out := strings.Join(lines, "\n")
	for _, w := range ddlWords {
		out = w.re.ReplaceAllString(out, w.out)
	}
	return out
}

// migrationBody is a migration's SQL for the engine.
func migrationBody(name string, postgres bool) (string, error) {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return "", err
	}
	if !postgres {
		return string(body), nil
	}
	own, err := migrations.ReadFile(strings.Replace(name, "migrations/", "migrations/pg/", 1))
	if err == nil {
		return string(own), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return pgDDL(string(body)), nil
}

// migrationLock is the advisory lock nodes starting together take around
// migrations, so that one applies them and the others then find them done.
func migrationLock() int64 {
	h := fnv.New64a()
	h.Write([]byte("cocreate migrations"))
	return int64(h.Sum64() >> 1)
}

// lockFor takes, on PostgreSQL, a lock named what and id until the
// transaction ends. A write that decides on something no one row holds (a
// challenge's integrity groups; whether an admin exists) takes it first, so
// two nodes' such writes run one after the other, the second reading what
// the first wrote. SQLite's one writer is alone: nothing to take there. Ids
// past 32 bits share their lock with another: they wait for each other, no
// more.
func (s *Store) lockFor(tx *sql.Tx, what string, id int64) error {
	if !s.postgres {
		return nil
	}
	if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))`, lockClass(what), int32(id)); err != nil {
		return fmt.Errorf("store: unable to lock %s %d: %w", what, id, err)
	}
	return nil
}

// lockClass is the first half of lockFor's key: what, hashed.
func lockClass(what string) int32 {
	h := fnv.New32a()
	h.Write([]byte("cocreate " + what))
	return int32(h.Sum32())
}

// RawDB opens a plain database/sql pool on the engine's database, taking
// the store's `?` SQL on both engines: for tools and tests that look under
// the store (migrate-db, fixtures written straight to the tables).
func RawDB(db, path string) (*sql.DB, error) {
	if db != "" {
		raw, _, err := openPG(db)
		return raw, err
	}
	return sql.Open(driverName, "file:"+path+"?_busy_timeout=10000&_foreign_keys=on")
}
