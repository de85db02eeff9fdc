package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"cocreate/app/pgtest"
	"cocreate/app/store/walvfs"
)

// The writer commits through the WAL shim (walvfs): its log writes are
// gathered into one write a commit and synced with fdatasync; and every
// vote acknowledged is in the files on disk, read by plain SQLite from a
// copy of the database and its log taken while the store is still open
// (what a crash at that instant leaves; the wal-index is not copied).
func TestTheWriterCommitsThroughTheWALShim(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's VFS")
	s := mustOpen(t)
	users, c := fixture(t, s, 16)
	var ideas []int64
	for range 10 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	before := walvfs.Read()
	voteAllAtOnce(t, s, users, ideas)
	after := walvfs.Read()
	// The writer's log is synced apart (logSyncer, Log.Sync), the
	// checkpoints' syncs are SQLite's (DataSyncs).
	writes, flushes := after.Writes-before.Writes, after.Flushes-before.Flushes
	syncs := after.DataSyncs + after.LogSyncsEnded - before.DataSyncs - before.LogSyncsEnded
	t.Logf("%d votes: %d log writes gathered into %d, %d fdatasyncs (%d of the log apart)", len(users)*len(ideas), writes, flushes, syncs, after.LogSyncsEnded-before.LogSyncsEnded)
	if writes == 0 || syncs == 0 {
		t.Fatalf("the writer's commits did not go through the shim: %+v then %+v", before, after)
	}
	if flushes*3 > writes {
		t.Errorf("%d log writes handed to the file as %d: not gathered", writes, flushes)
	}
	if after.Unverified != 0 {
		t.Errorf("%d files opened through the shim without a verified descriptor", after.Unverified)
	}

	dir := t.TempDir()
	cp := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(s.Path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cp+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	plain, err := sql.Open("sqlite3", "file:"+cp)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var votes, tallied int
	var ok string
	if err := plain.QueryRow(`SELECT COUNT(*), (SELECT SUM(votes) FROM ideas) FROM votes`).Scan(&votes, &tallied); err != nil {
		t.Fatal(err)
	}
	if want := len(users) * len(ideas); votes != want || tallied != want {
		t.Fatalf("a copy of the files holds %d votes, %d tallied; want %d acknowledged", votes, tallied, want)
	}
	if err := plain.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check of the copy: %q, %v", ok, err)
	}
}
