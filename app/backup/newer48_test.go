package backup

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/store"
)

// An archive whose database a newer cocreate migrated is refused by Verify
// and Restore (the archive's format is the same), and the restore changes
// nothing: restored, the database would be refused at start with what was
// there already moved aside.
func TestADatabaseFromANewerCocreateIsNotRestored(t *testing.T) {
	src := installation(t)
	db, err := sql.Open("sqlite3", filepath.Join(src, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('migrations/999_from_the_future.sql', 1)`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "newer.tar.gz")
	if _, err := Create(src, file, Options{}); err != nil {
		t.Fatalf("backup (a copy is only bytes, whichever cocreate made them): %v", err)
	}
	var newer *store.NewerSchemaError
	if _, err := Verify(file, nil); !errors.As(err, &newer) || !strings.Contains(err.Error(), "migration 999_from_the_future") {
		t.Fatalf("verify: %v", err)
	}
	dst := installation(t)
	before := tree(t, dst)
	if _, err := Restore(dst, file, Options{}); !errors.As(err, &newer) || !strings.Contains(err.Error(), "run that version or newer") {
		t.Fatalf("restore: %v", err)
	}
	if !equal(before, tree(t, dst)) {
		t.Error("a refused restore changed the data directory")
	}
}
