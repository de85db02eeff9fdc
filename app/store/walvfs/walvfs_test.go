//go:build linux && cgo

package walvfs

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// open opens path through the shim (or SQLite's default VFS when vfs is
// empty), as the store's writer does: WAL, synchronous FULL unless extra
// says otherwise, one connection.
func open(t *testing.T, path, vfs, extra string) *sql.DB {
	t.Helper()
	dsn := "file:" + path + "?_journal_mode=WAL&_txlock=immediate" + extra
	if !strings.Contains(extra, "_synchronous=") {
		dsn += "&_synchronous=FULL"
	}
	if vfs != "" {
		dsn += "&vfs=" + vfs
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func register(t *testing.T) string {
	t.Helper()
	name, err := Register()
	if err != nil {
		t.Fatal(err)
	}
	if name != Name {
		t.Fatalf("Register named %q, want %q", name, Name)
	}
	return name
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// copyOut copies the database and its write-ahead log as they are on disk
// now (not the wal-index, which a crash may lose) into a new directory, and
// opens the copy with SQLite's default VFS: what a process that crashed at
// this instant would leave behind, read by plain SQLite.
func copyOut(t *testing.T, path string) *sql.DB {
	t.Helper()
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !(suffix != "" && os.IsNotExist(err)) {
			t.Fatal(err)
		}
		if err == nil {
			if err := os.WriteFile(dst+suffix, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return open(t, dst, "", "")
}

func rows(t *testing.T, db *sql.DB) (n int, sum int64) {
	t.Helper()
	if err := db.QueryRow(`SELECT count(*), coalesce(sum(v), 0) FROM t`).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	return n, sum
}

func integrity(t *testing.T, db *sql.DB) {
	t.Helper()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
}

// Every commit is on disk when it returns: a copy of the files taken right
// after it, read by plain SQLite, holds every row committed so far; and the
// commit was one gathered write and one fdatasync, not a write per frame
// header and page and an fsync.
func TestACommitIsOneWriteAndADataSyncAndOnDisk(t *testing.T) {
	vfs := register(t)
	path := filepath.Join(t.TempDir(), "a.db")
	db := open(t, path, vfs, "")
	exec(t, db, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	exec(t, db, `INSERT INTO t (v, pad) VALUES (0, '')`) // past the log's first sync
	before := Read()
	const commits = 20
	for i := 1; i <= commits; i++ {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 50; j++ {
			if _, err := tx.Exec(`INSERT INTO t (v, pad) VALUES (?, ?)`, i, strings.Repeat("x", 200)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		c := copyOut(t, path)
		n, _ := rows(t, c)
		if want := 1 + 50*i; n != want {
			t.Fatalf("after commit %d a copy of the files holds %d rows, want %d", i, n, want)
		}
		c.Close()
	}
	d := Read()
	writes, flushes, syncs := d.Writes-before.Writes, d.Flushes-before.Flushes, d.DataSyncs-before.DataSyncs
	if writes < 2*commits*3 {
		t.Fatalf("%d writes to the log for %d commits of several pages: the log is not written through the shim", writes, commits)
	}
	if flushes > commits {
		t.Fatalf("%d writes handed to the log for %d commits (%d gathered): want at most one a commit", flushes, commits, writes)
	}
	if syncs < commits {
		t.Fatalf("%d fdatasyncs for %d commits", syncs, commits)
	}
	if d.Unverified != before.Unverified {
		t.Fatalf("%d files opened without a verified descriptor", d.Unverified-before.Unverified)
	}
	integrity(t, db)
}

// A transaction bigger than the page cache spills frames into the log
// before it commits; reading those pages back must see them while they are
// still gathered in the shim, and a rollback must leave no trace.
func TestReadsSeeFramesStillGathered(t *testing.T) {
	vfs := register(t)
	path := filepath.Join(t.TempDir(), "b.db")
	db := open(t, path, vfs, "&_cache_size=10")
	exec(t, db, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	pad := strings.Repeat("y", 1000)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for i := 1; i <= 2000; i++ { // about 500 pages, 50 times the cache
		if _, err := tx.Exec(`INSERT INTO t (v, pad) VALUES (?, ?)`, i, pad); err != nil {
			t.Fatal(err)
		}
		want += int64(i)
	}
	var n int
	var sum int64
	if err := tx.QueryRow(`SELECT count(*), sum(v) FROM t WHERE pad = ?`, pad).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	if n != 2000 || sum != want {
		t.Fatalf("inside the transaction: %d rows summing %d, want 2000 and %d", n, sum, want)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, _ := rows(t, db); n != 0 {
		t.Fatalf("after the rollback %d rows", n)
	}
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2000; i++ {
		if _, err := tx.Exec(`INSERT INTO t (v, pad) VALUES (?, ?)`, i, pad); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n, sum := rows(t, db); n != 2000 || sum != want {
		t.Fatalf("after the commit: %d rows summing %d", n, sum)
	}
	c := copyOut(t, path)
	if n, sum := rows(t, c); n != 2000 || sum != want {
		t.Fatalf("a copy of the files: %d rows summing %d", n, sum)
	}
	integrity(t, c)
	integrity(t, db)
}

// The log starts over after a checkpoint (RESTART: written again from its
// head; TRUNCATE: cut to nothing first; with journal_size_limit, cut after
// a restart), by the writer and by another connection, as the store's
// checkpointer does; every commit stays readable by plain SQLite.
func TestTheLogStartsOverAndIsCut(t *testing.T) {
	vfs := register(t)
	path := filepath.Join(t.TempDir(), "c.db")
	db := open(t, path, vfs, "&_journal_size_limit=65536")
	ck := open(t, path, vfs, "")
	exec(t, db, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	var want int64
	n := 0
	for round := 0; round < 12; round++ {
		for i := 0; i < 30; i++ {
			n++
			want += int64(n)
			exec(t, db, `INSERT INTO t (v, pad) VALUES (?, ?)`, n, strings.Repeat("z", 300+round*50))
		}
		mode := []string{"PASSIVE", "RESTART", "TRUNCATE", "FULL"}[round%4]
		on := db
		if round%3 == 1 {
			on = ck
		}
		var busy, logged, done int
		if err := on.QueryRow(fmt.Sprintf(`PRAGMA wal_checkpoint(%s)`, mode)).Scan(&busy, &logged, &done); err != nil {
			t.Fatal(err)
		}
		if busy != 0 {
			t.Fatalf("round %d: checkpoint %s busy", round, mode)
		}
		if mode == "TRUNCATE" {
			if st, err := os.Stat(path + "-wal"); err != nil || st.Size() != 0 {
				t.Fatalf("round %d: after TRUNCATE the log is %v (%v)", round, st.Size(), err)
			}
		}
		c := copyOut(t, path)
		if got, sum := rows(t, c); got != n || sum != want {
			t.Fatalf("round %d (%s): a copy holds %d rows summing %d, want %d and %d", round, mode, got, sum, n, want)
		}
		integrity(t, c)
		c.Close()
	}
	db.Close()
	ck.Close()
	plain := open(t, path, "", "")
	if got, sum := rows(t, plain); got != n || sum != want {
		t.Fatalf("reopened: %d rows summing %d, want %d and %d", got, sum, n, want)
	}
	integrity(t, plain)
}

// Two connections write the same database in turn, with synchronous
// NORMAL (a commit publishes its frames without a sync). The first spills a
// transaction into the log and rolls it back; the second commits over the
// same place in the log; the first then commits. The second must read the
// first's commit (its frames were written before the wal-index showed
// them), and the rolled-back frames must never be written over the
// second's (the run is written before the write lock is let go).
func TestARolledBackRunNeverLandsOverAnotherWriter(t *testing.T) {
	vfs := register(t)
	path := filepath.Join(t.TempDir(), "d.db")
	x := open(t, path, vfs, "&_cache_size=10&_synchronous=NORMAL")
	y := open(t, path, vfs, "&_synchronous=NORMAL")
	exec(t, x, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	pad := strings.Repeat("r", 1000)
	tx, err := x.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 400; i++ {
		if _, err := tx.Exec(`INSERT INTO t (v, pad) VALUES (?, ?)`, -1, pad); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var want int64
	for i := 1; i <= 300; i++ { // synchronous NORMAL: commits publish frames without a sync
		exec(t, y, `INSERT INTO t (v, pad) VALUES (?, ?)`, i, strings.Repeat("s", 500))
		want += int64(i)
	}
	exec(t, x, `INSERT INTO t (v, pad) VALUES (?, ?)`, 1000, "x")
	want += 1000
	for _, db := range []*sql.DB{x, y, copyOut(t, path)} {
		if n, sum := rows(t, db); n != 301 || sum != want {
			t.Fatalf("%d rows summing %d, want 301 and %d", n, sum, want)
		}
		integrity(t, db)
	}
	if c := Read(); c.BarrierErrors != 0 {
		t.Fatalf("%d runs failed at a barrier", c.BarrierErrors)
	}
}

// A commit whose gathered run fails to write fails, with an I/O error,
// under synchronous NORMAL too (where no sync follows the frames: before,
// the run was written only at the wal-index barrier, which cannot report a
// failure, so the commit succeeded and its frames were published unwritten).
// No connection then reads the lost frames as data, and the next commits
// go on.
func TestAFailedWriteOfTheRunFailsTheCommit(t *testing.T) {
	vfs := register(t)
	path := filepath.Join(t.TempDir(), "e.db")
	w := open(t, path, vfs, "&_synchronous=NORMAL")
	r := open(t, path, "", "&_synchronous=NORMAL")
	exec(t, w, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	for i := 1; i <= 10; i++ {
		exec(t, w, `INSERT INTO t (v, pad) VALUES (?, ?)`, i, strings.Repeat("a", 300))
	}
	failWrites(1)
	t.Cleanup(func() { failWrites(0) })
	_, err := w.Exec(`INSERT INTO t (v, pad) VALUES (?, ?)`, 1000, strings.Repeat("b", 300))
	if err == nil || !strings.Contains(err.Error(), "disk I/O error") {
		t.Fatalf("the commit whose run failed to write answered %v, want a disk I/O error", err)
	}
	for _, db := range []*sql.DB{r, w, copyOut(t, path)} {
		if n, sum := rows(t, db); n != 10 || sum != 55 {
			t.Fatalf("%d rows summing %d after the failed commit, want 10 and 55", n, sum)
		}
		integrity(t, db)
	}
	exec(t, w, `INSERT INTO t (v, pad) VALUES (?, ?)`, 11, strings.Repeat("c", 300))
	for _, db := range []*sql.DB{r, w, copyOut(t, path)} {
		if n, sum := rows(t, db); n != 11 || sum != 66 {
			t.Fatalf("%d rows summing %d after the next commit, want 11 and 66", n, sum)
		}
		integrity(t, db)
	}
}

// The shim refuses an SQLite older than 3.32.0 (no
// sqlite3_database_file_object), so that the store opens with SQLite's own
// VFS instead of calling a function that is not there; the SQLite linked
// here is new enough and has every function the shim calls (its weak
// references resolved).
func TestAnSQLiteTooOldIsRefused(t *testing.T) {
	if err := check(3031999); err == nil || !strings.Contains(err.Error(), "3.32.0") {
		t.Fatalf("SQLite 3.31.99 answered %v, want a refusal naming 3.32.0", err)
	}
	if err := check(3032000); err != nil {
		t.Fatalf("SQLite 3.32.0: %v", err)
	}
	if err := check(-1); err != nil {
		t.Fatalf("the linked SQLite: %v", err)
	}
	db := open(t, filepath.Join(t.TempDir(), "f.db"), register(t), "")
	exec(t, db, `CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)`)
	exec(t, db, `INSERT INTO t (v, pad) VALUES (1, '')`)
	if c := Read(); c.WALsOpened == 0 {
		t.Fatal("no log was opened through the shim")
	}
}

// Log.Sync runs fdatasync on a log that a connection has open through the
// shim, found by its inode: it counts, it answers a failed fdatasync as an
// error (EIO injected), and once no connection has the log open it says so
// instead of syncing some other file.
func TestALogIsSyncedThroughTheShim(t *testing.T) {
	name := register(t)
	path := filepath.Join(t.TempDir(), "sync.db")
	if _, err := LogAt(path + "-wal"); err == nil {
		t.Fatal("LogAt found a log that does not exist")
	}
	db := open(t, path, name, "&_synchronous=NORMAL")
	exec(t, db, `CREATE TABLE t (x INTEGER)`)
	exec(t, db, `INSERT INTO t VALUES (1)`)
	log, err := LogAt(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	before := Read()
	if err := log.Sync(); err != nil {
		t.Fatal(err)
	}
	after := Read()
	if after.LogSyncsBegun != before.LogSyncsBegun+1 || after.LogSyncsEnded != before.LogSyncsEnded+1 || after.LogSyncErrors != before.LogSyncErrors {
		t.Fatalf("one Sync counted as %+v then %+v", before, after)
	}
	failSyncs(1)
	if err := log.Sync(); err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("a failed fdatasync answered %v", err)
	}
	if got := Read(); got.LogSyncsBegun != after.LogSyncsBegun+1 || got.LogSyncsEnded != after.LogSyncsEnded+1 || got.LogSyncErrors != after.LogSyncErrors+1 {
		t.Fatalf("a failed sync counted as %+v then %+v", after, got)
	}
	if err := log.Sync(); err != nil {
		t.Fatalf("the sync after an injected failure: %v", err)
	}
	// A log opened by SQLite's own VFS is not the shim's to sync.
	plainPath := filepath.Join(t.TempDir(), "plain.db")
	plain := open(t, plainPath, "", "")
	exec(t, plain, `CREATE TABLE t (x INTEGER)`)
	if _, err := LogAt(plainPath + "-wal"); err == nil {
		t.Fatal("LogAt took a log opened by SQLite's own VFS")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := log.Sync(); err != errNotOpen {
		t.Fatalf("Sync of a log no connection has open: %v, want %v", err, errNotOpen)
	}
}

// SQLite keeps no memory statistics in this process (walvfs_memstatus_off
// at the package's initialisation): with them on, the connection open here
// holds allocations SQLite counts.
func TestSQLiteKeepsNoMemoryStatistics(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "m.db"), "", "")
	if _, err := db.Exec(`CREATE TABLE t (x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if n := mallocCount(); n != 0 {
		t.Errorf("SQLite counts %d outstanding allocations, want 0: its memory statistics are on", n)
	}
}
