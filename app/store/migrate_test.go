package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// rowCounts counts the rows of every table in the database.
func rowCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	counts := map[string]int{}
	for _, n := range names {
		var c int
		if err := db.QueryRow(`SELECT COUNT(*) FROM "` + n + `"`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		counts[n] = c
	}
	return counts
}

// migrateUpTo applies the migrations named before stop, as a database
// made by an older cocreate has them.
func migrateUpTo(t *testing.T, db *sql.DB, stop string) {
	t.Helper()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	for _, name := range names {
		if name >= "migrations/"+stop {
			break
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := applyMigrationDB(db, name, string(body)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRebuildingIdeasAndChallengesKeepsEveryRow upgrades a database as
// cocreate left it before migration 024 (which rebuilds the two tables every
// other table refers to), holding votes (which cascade when an idea is
// deleted), comments, follows, images and a merged idea, and checks nothing
// is lost or cascaded away, the references still hold, foreign keys are
// back on, and the widened constraints take a board and an expired idea but
// still refuse nonsense.
func TestRebuildingIdeasAndChallengesKeepsEveryRow(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's table rebuild; PostgreSQL's twin is TestPostgresMigration024")
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	migrateUpTo(t, db, "024")
	for _, q := range []string{
		`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (1, 'a@x.cn', '林', 'x', 1), (2, 'b@x.cn', 'b', 'x', 1), (3, 'c@x.cn', 'c', 'x', 1)`,
		`INSERT INTO challenges (id, title, kind, organiser_id, created_at, updated_at, voters) VALUES (1, '洗衣机', 'open_call', 1, 1, 1, 'verified')`,
		`INSERT INTO ideas (id, challenge_id, author_id, title, votes, comments, hot, created_at, updated_at) VALUES
			(1, 1, 2, '免清洗内筒', 3, 1, 1.5, 1, 1), (2, 1, 3, 'second', 0, 0, 0, 1, 1)`,
		`UPDATE ideas SET state = 'merged', merged_into = 1 WHERE id = 2`,
		`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age) VALUES (1, 1, 1, 1, 7, 8, 9), (1, 2, 1, 1, 7, 8, 9), (1, 3, 1, 1, 0, 0, 0)`,
		`INSERT INTO comments (idea_id, author_id, body, created_at) VALUES (1, 3, '好', 1)`,
		`INSERT INTO follows (user_id, idea_id, created_at) VALUES (3, 1, 1)`,
		`INSERT INTO idea_images (idea_id, file, width, height, position) VALUES (1, 'a.jpg', 10, 10, 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	before := rowCounts(t, db)
	if err := migrate(db, false); err != nil {
		t.Fatal(err)
	}
	after := rowCounts(t, db)
	for table, n := range before {
		if table != "schema_migrations" && after[table] != n {
			t.Errorf("%s: %d rows before the rebuild, %d after", table, n, after[table])
		}
	}
	var fk int
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after the migration = %d, %v; want on", fk, err)
	}
	var voters, state string
	var merged, votes int
	if err := db.QueryRow(`SELECT voters FROM challenges WHERE id = 1`).Scan(&voters); err != nil || voters != "verified" {
		t.Errorf("the challenge's voters setting: %q, %v", voters, err)
	}
	if err := db.QueryRow(`SELECT state, merged_into FROM ideas WHERE id = 2`).Scan(&state, &merged); err != nil || state != "merged" || merged != 1 {
		t.Errorf("the merged idea: %s into %d, %v", state, merged, err)
	}
	if err := db.QueryRow(`SELECT votes FROM ideas WHERE id = 1`).Scan(&votes); err != nil || votes != 3 {
		t.Errorf("the idea's tally: %d, %v", votes, err)
	}
	if _, err := db.Exec(`UPDATE challenges SET kind = 'board' WHERE id = 1`); err != nil {
		t.Errorf("a board is refused: %v", err)
	}
	if _, err := db.Exec(`UPDATE ideas SET state = 'expired' WHERE id = 1`); err != nil {
		t.Errorf("an expired idea is refused: %v", err)
	}
	if _, err := db.Exec(`UPDATE challenges SET kind = 'raffle' WHERE id = 1`); err == nil {
		t.Error("a kind outside the list was accepted")
	}
	if _, err := db.Exec(`UPDATE ideas SET state = 'sold' WHERE id = 1`); err == nil {
		t.Error("a state outside the list was accepted")
	}
	if _, err := db.Exec(`DELETE FROM users WHERE id = 2`); err == nil {
		t.Error("deleting an author with ideas was accepted: foreign keys are not enforced after the rebuild")
	}
	db.Close()

	// The store opens it and agrees with every tally.
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.Check(context.Background()); err != nil || len(v) != 0 {
		t.Fatalf("check after the rebuild: %v, %v", v, err)
	}
}

// TestMigrationThatWouldBreakAReferenceChangesNothing: with foreign keys off
// for a rebuild, a migration that leaves a dangling reference is refused
// before it commits, and the database is as it was.
func TestMigrationThatWouldBreakAReferenceChangesNothing(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's table rebuild; PostgreSQL's twin is TestPostgresMigration024")
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	users, c := fixture(t, s, 2)
	addIdea(t, s, c, users[1].ID, "x")
	s.Close()
	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	before := rowCounts(t, db)
	err = applyMigrationDB(db, "999_bad.sql", foreignKeysOff+"\nDELETE FROM users;")
	if err == nil || !strings.Contains(err.Error(), "foreign key") {
		t.Fatalf("applyMigration = %v, want a refusal naming the foreign key", err)
	}
	after := rowCounts(t, db)
	if after["users"] != before["users"] || after["schema_migrations"] != before["schema_migrations"] {
		t.Fatalf("a refused migration changed the database: %v → %v", before, after)
	}
	var fk int
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after a refused migration = %d, %v; want on", fk, err)
	}
}

// applyMigrationDB is applyMigration on one connection of a SQLite db.
func applyMigrationDB(db *sql.DB, name, body string) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return applyMigration(conn, name, body, false)
}

// TestPostgresMigration024: PostgreSQL's twin of 024 widens the same two
// constraints in place, keeping every row.
func TestPostgresMigration024(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("PostgreSQL's twin of 024 (SQLite's is TestRebuildingIdeasAndChallengesKeepsEveryRow)")
	}
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	a := addIdea(t, s, c, users[1].ID, "免清洗内筒")
	for _, q := range []struct {
		sql string
		arg int64
		ok  bool
	}{
		{`UPDATE challenges SET kind = 'board' WHERE id = ?`, c.ID, true},
		{`UPDATE ideas SET state = 'expired' WHERE id = ?`, a.ID, true},
		{`UPDATE challenges SET kind = 'raffle' WHERE id = ?`, c.ID, false},
		{`UPDATE ideas SET state = 'sold' WHERE id = ?`, a.ID, false},
	} {
		if _, err := s.w.Exec(q.sql, q.arg); (err == nil) != q.ok {
			t.Errorf("%s: %v", q.sql, err)
		}
	}
}
