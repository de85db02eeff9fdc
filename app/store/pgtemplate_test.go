package store

import (
	"database/sql"
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
		if err := db.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'`).Scan(&n); err != nil || n == 0 {
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
	if got := migrations(pgtest.DB(t, pgtest.Key(t)+"/a")); got != len(names) {
		t.Errorf("a test's database arrived with %d migrations recorded, want all %d", got, len(names))
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
