// Package migratedb moves a SQLite installation into an empty PostgreSQL
// database (`cocreate migrate-db -data DIR -to postgres://…`): every table
// row for row with its ids, the uploads and the session and mail keys, in
// one transaction, so a failure leaves the target as empty as it was.
package migratedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"cocreate/app/images"
	"cocreate/app/store"
)

// Options says what to move where.
type Options struct {
	Data     string    // the SQLite installation's data directory
	To       string    // postgres://…, an empty database
	Progress io.Writer // a line per table; nil for none
}

// Report counts what was moved.
type Report struct {
	Rows  map[string]int // per table
	Files int            // uploads
	Keys  int
}

// skipped tables: the bookkeeping each engine keeps for itself, and the
// search outbox (each node's index is rebuilt from the records).
var skipped = map[string]bool{"schema_migrations": true, "search_outbox": true}

// batch is how many rows go in one INSERT.
const batch = 200

// Run moves the installation. The data directory must not be in use (the
// caller holds its lock).
func Run(ctx context.Context, o Options) (Report, error) {
	rep := Report{Rows: map[string]int{}}
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	path := filepath.Join(o.Data, "cocreate.db")
	if _, err := os.Stat(path); err != nil {
		return rep, fmt.Errorf("migrate-db: no database at %s", path)
	}
	if !store.IsPostgres(o.To) {
		return rep, errors.New("migrate-db: -to must be a postgres:// address")
	}
	// Both schemas up to date, by the same migrations.
	for _, open := range []func() (*store.Store, error){
		func() (*store.Store, error) { return store.Open(path) },
		func() (*store.Store, error) { return store.OpenPostgres(o.To) },
	} {
		st, err := open()
		if err != nil {
			return rep, err
		}
		if err := st.Close(); err != nil {
			return rep, err
		}
	}
	src, err := store.RawDB("", path)
	if err != nil {
		return rep, err
	}
	defer src.Close()
	dst, err := store.RawDB(o.To, "")
	if err != nil {
		return rep, err
	}
	defer dst.Close()

	tables, err := strings1(ctx, src, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return rep, err
	}
	var copied []string
	for _, t := range tables {
		if !skipped[t] {
			copied = append(copied, t)
		}
	}
	order, selfRefs, err := dependencyOrder(ctx, src, copied)
	if err != nil {
		return rep, err
	}
	tx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return rep, err
	}
	defer tx.Rollback()
	for _, t := range append(order, "files", "shared_keys") {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return rep, fmt.Errorf("migrate-db: the target lacks table %s: %w", t, err)
		}
		if n > 0 {
			return rep, fmt.Errorf("migrate-db: the target database is not empty (%s has %d rows); give an empty one", t, n)
		}
	}
	start := time.Now()
	for _, t := range order {
		n, err := copyTable(ctx, src, tx, t, selfRefs[t])
		if err != nil {
			return rep, fmt.Errorf("migrate-db: %s: %w", t, err)
		}
		rep.Rows[t] = n
		progress("%-24s %8d rows  (%s)", t, n, time.Since(start).Round(time.Millisecond))
	}
	if err := resetIdentities(ctx, tx); err != nil {
		return rep, err
	}
	if rep.Files, err = copyUploads(ctx, tx, filepath.Join(o.Data, "uploads")); err != nil {
		return rep, err
	}
	progress("%-24s %8d files", "uploads", rep.Files)
	if rep.Keys, err = copyKeys(ctx, tx, o.Data); err != nil {
		return rep, err
	}
	progress("%-24s %8d keys", "keys", rep.Keys)
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("migrate-db: unable to commit: %w", err)
	}
	if err := MarkMoved(o.Data, o.To); err != nil {
		return rep, fmt.Errorf("migrate-db: the database was moved, and %w", err)
	}
	return rep, nil
}

// MarkerName is the file migrate-db leaves in the data directory once the
// move is committed. The SQLite file stays for the operator, but it is no
// longer the installation: a command that would open it (serve, check,
// backup, restore, reindex without -db) refuses, rather than serve or back
// up data that stopped changing at the move.
const MarkerName = "moved-to-postgres"

// ErrMoved says the data directory's SQLite database was moved away.
var ErrMoved = errors.New("the database of this data directory was moved to PostgreSQL")

// MarkMoved writes the marker: when, and where to (without a password).
func MarkMoved(data, to string) error {
	text := fmt.Sprintf("cocreate migrate-db moved this installation's database to PostgreSQL on %s:\n\n    %s\n\n"+
		"cocreate.db beside this file is kept as it was at the move, and is no longer the installation: "+
		"every command that opens the database refuses this data directory without -db (or COCREATE_DB). "+
		"Remove this file only to go back to that SQLite database.\n",
		time.Now().UTC().Format(time.RFC3339), Redact(to))
	p := filepath.Join(data, MarkerName)
	tmp := p + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("unable to write %s: %w", p, err)
	}
	_, err = f.WriteString(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("unable to write %s: %w", p, err)
	}
	if d, err := os.Open(data); err == nil {
		_ = d.Sync() // best effort: the file itself is synced
		d.Close()
	}
	return nil
}

// Moved returns an error wrapping ErrMoved when migrate-db moved the
// database of the data directory data to PostgreSQL; nil otherwise.
func Moved(data string) error {
	p := filepath.Join(data, MarkerName)
	raw, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	where := ""
	if err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			if l := strings.TrimSpace(line); store.IsPostgres(l) {
				where = " (" + l + ")"
				break
			}
		}
	}
	return fmt.Errorf("%w%s, as %s says: pass -db (or set COCREATE_DB) to use it; %s is kept as it was at the move, and is opened again only once %s is removed",
		ErrMoved, where, p, filepath.Join(data, "cocreate.db"), p)
}

// Redact is a postgres:// address without its password.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(an address that does not parse)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func strings1(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// dependencyOrder orders tables so that each comes after those it refers
// to, and names each table's columns that refer to the table itself (filled
// in after all its rows are in).
func dependencyOrder(ctx context.Context, db *sql.DB, tables []string) ([]string, map[string][]string, error) {
	deps := map[string][]string{}
	self := map[string][]string{}
	for _, t := range tables {
		rows, err := db.QueryContext(ctx, `SELECT "table", "from" FROM pragma_foreign_key_list(?)`, t)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var ref, col string
			if err := rows.Scan(&ref, &col); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if ref == t {
				self[t] = append(self[t], col)
			} else {
				deps[t] = append(deps[t], ref)
			}
		}
		rows.Close()
	}
	var order []string
	done := map[string]bool{}
	var visit func(t string, path map[string]bool) error
	visit = func(t string, path map[string]bool) error {
		if done[t] {
			return nil
		}
		if path[t] {
			return fmt.Errorf("migrate-db: tables refer to each other in a cycle through %s", t)
		}
		path[t] = true
		d := deps[t]
		sort.Strings(d)
		for _, r := range d {
			if err := visit(r, path); err != nil {
				return err
			}
		}
		delete(path, t)
		done[t] = true
		order = append(order, t)
		return nil
	}
	for _, t := range tables {
		if err := visit(t, map[string]bool{}); err != nil {
			return nil, nil, err
		}
	}
	return order, self, nil
}

// copyTable copies every row of t, with the columns both sides have.
// Columns that refer to t itself are written after all rows are in.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, t string, selfRefs []string) (int, error) {
	types := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`, t)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var c, typ string
		if err := rows.Scan(&c, &typ); err != nil {
			rows.Close()
			return 0, err
		}
		types[c] = typ
	}
	rows.Close()
	srcCols, err := strings1(ctx, src, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, t)
	if err != nil {
		return 0, err
	}
	var cols []string
	for _, c := range srcCols {
		if _, ok := types[c]; !ok {
			return 0, fmt.Errorf("column %s is not in the target (are both at the same migration?)", c)
		}
		cols = append(cols, c)
	}
	isSelf := map[string]bool{}
	for _, c := range selfRefs {
		isSelf[c] = true
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	in, err := src.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+t+`"`)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	var pending [][]any
	var later [][]any // id, then each self-referring column's value
	n := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		q := `INSERT INTO "` + t + `" (` + strings.Join(quoted, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", len(pending)), ", ")
		args := make([]any, 0, len(pending)*len(cols))
		for _, r := range pending {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		pending = pending[:0]
		return nil
	}
	for in.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := in.Scan(ptrs...); err != nil {
			return n, err
		}
		var deferred []any
		for i, c := range cols {
			vals[i] = convert(vals[i], types[c])
			if isSelf[c] {
				deferred = append(deferred, vals[i])
				vals[i] = nil
			}
		}
		if len(selfRefs) > 0 {
			later = append(later, append([]any{vals[indexOf(cols, "id")]}, deferred...))
		}
		pending = append(pending, vals)
		n++
		if len(pending) == batch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := in.Err(); err != nil {
		return n, err
	}
	if err := flush(); err != nil {
		return n, err
	}
	for _, l := range later {
		for i, c := range selfRefs {
			if l[i+1] == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE "`+t+`" SET "`+c+`" = ? WHERE id = ?`, l[i+1], l[0]); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func indexOf(cols []string, c string) int {
	for i, x := range cols {
		if x == c {
			return i
		}
	}
	return -1
}

// convert turns a SQLite value into what the PostgreSQL column takes.
func convert(v any, pgType string) any {
	switch x := v.(type) {
	case []byte:
		if pgType == "text" {
			return string(x)
		}
	case string:
		if pgType == "bytea" {
			return []byte(x)
		}
	case float64:
		if pgType == "bigint" {
			return int64(x)
		}
	case int64:
		if pgType == "double precision" {
			return float64(x)
		}
	}
	return v
}

// resetIdentities moves every identity column's sequence past the copied ids.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	var pairs [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, [2]string{t, c})
	}
	rows.Close()
	for _, p := range pairs {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX("`+p[1]+`") FROM "`+p[0]+`"), 0) + 1, false)`, p[0], p[1]); err != nil {
			return fmt.Errorf("migrate-db: unable to move the ids of %s past the copied ones: %w", p[0], err)
		}
	}
	return nil
}

// copyUploads keeps every stored image (and smaller copy) in the database,
// where every node finds it.
func copyUploads(ctx context.Context, tx *sql.Tx, dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	now := time.Now().UnixMilli()
	for _, e := range entries {
		if e.IsDir() || !images.ValidName(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return n, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (name, data, created_at) VALUES (?, ?, ?)`, e.Name(), data, now); err != nil {
			return n, fmt.Errorf("migrate-db: upload %s: %w", e.Name(), err)
		}
		n++
	}
	return n, nil
}

// copyKeys keeps the installation's session and mail keys, so that its
// sessions and the links in emails already sent stay valid.
func copyKeys(ctx context.Context, tx *sql.Tx, data string) (int, error) {
	n := 0
	for name, path := range map[string]string{
		"session": filepath.Join(data, "session.key"),
		"mail":    filepath.Join(data, "mail", "secret"),
	} {
		key, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return n, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shared_keys (name, value, created_at) VALUES (?, ?, ?)`, name, key, time.Now().UnixMilli()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
