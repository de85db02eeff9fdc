package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// before103 makes the database one migration 103 has not run on (as a
// database of session 51 or older), in the caller's transaction: the store
// opened on it next writes the city keys again (backfillCityKeys).
func before103(tx *sql.Tx) error {
	if _, err := tx.Exec(`DELETE FROM schema_migrations WHERE name = ?`, "migrations/103_city_keys_once.sql"); err != nil {
		return fmt.Errorf("forget migration 103: %w", err)
	}
	return nil
}

// The city keys are written again once, by migration 103, not at every
// opening: keys of the older rule written after it (which nothing writes
// any more) stay as they are when the store opens again, and a database
// older than it gets them written when it opens, once, with the migration
// recorded in the same transaction.
func TestCity52KeysAreWrittenAgainOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := fixture(t, s, 2)
	oldKeys := func(forget bool) {
		t.Helper()
		err := s.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`DELETE FROM club_requests`); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO club_requests (user_id, city_key, city, created_at) VALUES (?, '上海市', '上海市', ?)`, users[1].ID, ms(s.Now())); err != nil {
				return err
			}
			if forget {
				return before103(tx)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	reopen := func() {
		t.Helper()
		s.Close()
		if s, err = openTest(t, path); err != nil {
			t.Fatal(err)
		}
	}
	key := func() string {
		t.Helper()
		var k string
		if err := s.r.QueryRowContext(ctx, `SELECT city_key FROM club_requests WHERE user_id = ?`, users[1].ID).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	recorded := func() int {
		t.Helper()
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, "migrations/103_city_keys_once.sql").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	oldKeys(false)
	reopen()
	if k := key(); k != "上海市" {
		t.Errorf("an opening after migration 103 wrote the key again: %q; want it run once", k)
	}
	oldKeys(true)
	reopen()
	defer func() { s.Close() }()
	if k := key(); k != "上海" {
		t.Errorf("the first opening of a database older than migration 103: key %q, want 上海", k)
	}
	if n := recorded(); n != 1 {
		t.Errorf("migration 103 recorded %d times, want once", n)
	}
}
