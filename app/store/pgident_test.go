package store

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// A hosted PostgreSQL may keep pg_control_system() from the application's
// role: the store still opens and names its search log, by the database's
// and the log table's object ids, the same each time it is asked.
func TestLogIdentityWithoutTheClusterIdentity(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("SQLite's log has no identity")
	}
	owner := pgtest.DB(t, pgtest.Key(t))
	st, err := OpenPostgres(owner)
	if err != nil {
		t.Fatal(err)
	}
	full, err := st.LogIdentity(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", owner)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{
		`DO $$ BEGIN CREATE ROLE cocreate_app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
		`GRANT USAGE, CREATE ON SCHEMA public TO cocreate_app`,
		`GRANT ALL ON ALL TABLES IN SCHEMA public TO cocreate_app`,
		`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO cocreate_app`,
		`REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC`, // in this database only
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u, err := url.Parse(owner)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User("cocreate_app")
	app, err := OpenPostgres(u.String())
	if err != nil {
		t.Fatalf("the store does not open as a role without pg_control_system(): %v", err)
	}
	defer app.Close()
	if _, err := app.r.Exec(`SELECT * FROM pg_control_system()`); err == nil {
		t.Fatal("the role may still call pg_control_system(): the test tests nothing")
	}
	id, err := app.LogIdentity(context.Background())
	if err != nil {
		t.Fatalf("no identity without pg_control_system(): %v", err)
	}
	again, err := app.LogIdentity(context.Background())
	if err != nil || again != id {
		t.Fatalf("the identity changed between two calls: %q, %q (%v)", id, again, err)
	}
	// The same database and log table as the owner's identity names.
	if want := "db." + full[strings.Index(full, ".")+1:]; id != want {
		t.Fatalf("identity %q, want %q (the owner's: %q)", id, want, full)
	}
}
