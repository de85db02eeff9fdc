package store

import (
	"os"
	"path/filepath"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// A new installation's data directory and database are its owner's alone:
// the database holds password and session hashes. Its WAL and shared
// memory take the database's mode.
func TestANewDatabaseIsItsOwnersAlone(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's files")
	data := filepath.Join(t.TempDir(), "data")
	unlock, err := Lock(data)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	s, err := Open(filepath.Join(data, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateUser(t.Context(), domain.SignUp{Email: "fan@x.cn", Name: "fan"}, "hash", true); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", "cocreate.db", "cocreate.db-wal", "cocreate.db-shm"} {
		fi, err := os.Stat(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%q is %v: others may read it", name, perm)
		}
	}
	// One that exists keeps its mode (its operator chose it).
	s.Close()
	if err := os.Chmod(filepath.Join(data, "cocreate.db"), 0o640); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(filepath.Join(data, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if fi, _ := os.Stat(filepath.Join(data, "cocreate.db")); fi.Mode().Perm() != 0o640 {
		t.Errorf("an existing database's mode changed to %v", fi.Mode().Perm())
	}
}
