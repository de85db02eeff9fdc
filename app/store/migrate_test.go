package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
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

// TestRebuildingIdeasAndChallengesKeepsEveryRow replays migration 024 (which
// rebuilds the two tables every other table refers to) over a database with
// votes, comments and follows, and checks nothing is lost or cascaded away,
// the references still hold, foreign keys are back on, and the widened
// constraints take a board and an expired idea but still refuse nonsense.
func TestRebuildingIdeasAndChallengesKeepsEveryRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[1].ID, "免清洗内筒")
	b := addIdea(t, s, c, users[2].ID, "second")
	for _, u := range users {
		if _, err := s.Vote(ctx, u.ID, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Vote(ctx, users[0].ID, b.ID, allow); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	before := rowCounts(t, db)
	if before["votes"] != 4 || before["ideas"] != 2 {
		t.Fatalf("fixture: %v", before)
	}
	if _, err := db.Exec(`DELETE FROM schema_migrations WHERE name LIKE '%024_second_round_states%'`); err != nil {
		t.Fatal(err)
	}
	// Replaying 024 over a newer database drops the columns that later
	// migrations add to the two tables (a real database never runs 024
	// after them): those migrations run again, too.
	if err := forgetLaterAlters(db, "024"); err != nil {
		t.Fatal(err)
	}
	if err := migrate(db); err != nil {
		t.Fatal(err)
	}
	after := rowCounts(t, db)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows before the rebuild, %d after", table, n, after[table])
		}
	}
	var fk int
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after the migration = %d, %v; want on", fk, err)
	}
	if _, err := db.Exec(`UPDATE challenges SET kind = 'board' WHERE id = ?`, c.ID); err != nil {
		t.Errorf("a board is refused: %v", err)
	}
	if _, err := db.Exec(`UPDATE ideas SET state = 'expired' WHERE id = ?`, b.ID); err != nil {
		t.Errorf("an expired idea is refused: %v", err)
	}
	if _, err := db.Exec(`UPDATE challenges SET kind = 'raffle' WHERE id = ?`, c.ID); err == nil {
		t.Error("a kind outside the list was accepted")
	}
	if _, err := db.Exec(`UPDATE ideas SET state = 'sold' WHERE id = ?`, a.ID); err == nil {
		t.Error("a state outside the list was accepted")
	}
	if _, err := db.Exec(`DELETE FROM users WHERE id = ?`, users[1].ID); err == nil {
		t.Error("deleting an author with ideas was accepted: foreign keys are not enforced after the rebuild")
	}
	db.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Idea(ctx, a.ID)
	if err != nil || got.Votes != 3 || got.Title != "免清洗内筒" {
		t.Fatalf("after the rebuild: %+v, %v", got, err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) != 0 {
		t.Fatalf("check after the rebuild: %v, %v", v, err)
	}
}

// TestMigrationThatWouldBreakAReferenceChangesNothing: with foreign keys off
// for a rebuild, a migration that leaves a dangling reference is refused
// before it commits, and the database is as it was.
func TestMigrationThatWouldBreakAReferenceChangesNothing(t *testing.T) {
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
	err = applyMigration(db, "999_bad.sql", foreignKeysOff+"\nDELETE FROM users;")
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

// forgetLaterAlters unrecords the migrations after the one numbered after
// that add columns to ideas or challenges, so that migrate runs them again.
func forgetLaterAlters(db *sql.DB, after string) error {
	entries, err := migrations.ReadDir("migrations")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() <= after+"_~" {
			continue
		}
		raw, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return err
		}
		if text := string(raw); strings.Contains(text, "ALTER TABLE ideas ADD") || strings.Contains(text, "ALTER TABLE challenges ADD") {
			if _, err := db.Exec(`DELETE FROM schema_migrations WHERE name = ? OR name = ?`, e.Name(), "migrations/"+e.Name()); err != nil {
				return err
			}
		}
	}
	return nil
}
