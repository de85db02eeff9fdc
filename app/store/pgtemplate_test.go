package store

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// On PostgreSQL a test's database arrives migrated, as a copy of the
// template the migrations ran on once (TestMain: pgtest.Template), and one
// asked for empty arrives empty, for the tests of nodes migrating it.
func TestPostgresTestDatabasesArriveMigratedOrEmpty(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("the PostgreSQL pass's databases")
	}
	migrations := func(url string) int {
		db, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'`).Scan(&n); err != nil {
			t.Fatal(err) // not "never migrated": a database not reached is no empty one
		}
		if n == 0 {
			return -1 // no table: never migrated
		}
		if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	names, err := migrationNames()
	if err != nil {
		t.Fatal(err)
	}
	copied := pgtest.Key(t) + "/a"
	if got := migrations(pgtest.DB(t, copied)); got != len(names) {
		t.Errorf("a test's database arrived with %d migrations recorded, want all %d", got, len(names))
	}
	// Asked for empty after it was copied from the template, it is
	// refused: the test would run on a migrated database unawares.
	rec := &fatalRecorder{TB: t}
	if url := pgtest.EmptyDB(rec, copied); url != "" || !strings.Contains(rec.msg, "made from the template") {
		t.Errorf("EmptyDB after DB on one key gave %q and failed with %q, want a refusal", url, rec.msg)
	}
	empty := pgtest.Key(t) + "/b"
	if got := migrations(pgtest.EmptyDB(t, empty)); got != -1 {
		t.Errorf("an empty database arrived with %d migrations recorded", got)
	}
	// The same key finds the same database, as the test left it.
	if got := migrations(pgtest.DB(t, empty)); got != -1 {
		t.Errorf("DB after EmptyDB found another database: %d migrations", got)
	}
}

// fatalRecorder is a test whose Fatalf is recorded, not ended: for a
// helper's refusal.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
}
