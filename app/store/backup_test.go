package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestBackupWhileWritingThenRestore(t *testing.T) {
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
	// Add something after the backup, then restore: it is gone again.
	addIdea(t, s, c, users[0].ID, "after the backup")
	s.Close()
	if err := Restore(backup, filepath.Join(dir, "cocreate.db")); err != nil {
		t.Fatal(err)
	}
	s, err = Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, _, err := s.Ideas(context.Background(), c.ID, "new", nil, 10)
	if err != nil || len(list) != 1 || list[0].Title != "backup me" {
		t.Fatalf("after restore: %+v %v", list, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cocreate.db.before-restore")); err != nil {
		t.Error("the replaced database was not kept")
	}
}

func TestRestoreRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all"), 0o644)
	if err := Restore(junk, filepath.Join(dir, "cocreate.db")); err == nil {
		t.Fatal("restored from a file that is not a database")
	}
	if _, err := os.Stat(filepath.Join(dir, "cocreate.db")); err == nil {
		t.Fatal("a refused restore left a database behind")
	}
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
