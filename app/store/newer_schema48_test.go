package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestKnownMigrations(t *testing.T) {
	embedded := []string{"migrations/001_core.sql", "migrations/002_judging.sql"}
	for _, tc := range []struct {
		name     string
		recorded []string
		unknown  string // "" for none
	}{
		{"none yet", nil, ""},
		{"some applied", []string{"migrations/001_core.sql"}, ""},
		{"all applied", []string{"migrations/001_core.sql", "migrations/002_judging.sql"}, ""},
		{"one newer", []string{"migrations/001_core.sql", "migrations/002_judging.sql", "migrations/003_projects.sql"}, "migrations/003_projects.sql"},
		{"the first of several newer", []string{"migrations/001_core.sql", "migrations/009_b.sql", "migrations/004_a.sql"}, "migrations/004_a.sql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recorded := map[string]bool{}
			for _, n := range tc.recorded {
				recorded[n] = true
			}
			err := knownMigrations(recorded, embedded)
			var newer *NewerSchemaError
			switch {
			case tc.unknown == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.unknown != "" && (!errors.As(err, &newer) || newer.Migration != tc.unknown):
				t.Fatalf("got %v, want a refusal naming %s", err, tc.unknown)
			}
		})
	}
}

// A database a newer cocreate migrated (it records a migration this one
// does not embed) is refused at open, on both engines, saying which
// migration and what to run.
func TestADatabaseFromANewerCocreateIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, "migrations/999_from_the_future.sql", 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = openTest(t, path)
	if err == nil {
		s.Close()
		t.Fatal("a database from a newer cocreate opened")
	}
	var newer *NewerSchemaError
	if !errors.As(err, &newer) || !strings.Contains(err.Error(), "newer cocreate (migration 999_from_the_future); run that version or newer") {
		t.Fatalf("open: %v", err)
	}
}
