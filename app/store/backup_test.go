package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"cocreate/app/pgtest"
)

// Restoring is tested with the whole archive, in app/backup.
func TestBackupWhileWriting(t *testing.T) {
	pgtest.SQLiteOnly(t, "a copy of the database file (PostgreSQL: pg_dump)")
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	users, c := fixture(t, s, 20)
	idea := addIdea(t, s, c, users[0].ID, "backup me")
	// Votes keep landing while the backup is taken.
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func(id int64) {
			defer wg.Done()
			s.Vote(context.Background(), id, idea.ID, allow)
		}(u.ID)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := Backup(s.Path, backup); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := Backup(s.Path, backup); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	// The copy is consistent: its tallies equal its votes.
	b, err := Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := b.Check(context.Background()); err != nil || len(v) > 0 {
		t.Fatalf("backup is inconsistent: %v %v", v, err)
	}
	b.Close()
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	// flock is per open file description, so a second open in the same
	// process conflicts just as another process would.
	if _, err := Lock(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	unlock()
	again, err := Lock(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
}
