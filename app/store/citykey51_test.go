package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// Keys written before a city's suffix was left off (上海市 was a city of
// its own) are written again when a database older than migration 103
// opens: the club and the fans' asks meet under 上海, and a fan who asked
// under both names asks once.
func TestCity51KeysWithASuffixAreWrittenAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := fixture(t, s, 3)
	err = s.write(ctx, func(tx *sql.Tx) error {
		// As the older rule keyed them.
		if _, err := tx.Exec(`INSERT INTO clubs (city, name, created_by, created_at, city_key) VALUES ('上海市', '上海同城会', ?, ?, '上海市')`, users[0].ID, ms(s.Now())); err != nil {
			return err
		}
		for _, a := range []struct {
			user      int64
			city, key string
		}{{users[1].ID, "上海市", "上海市"}, {users[2].ID, "上海", "上海"}, {users[2].ID, "上海市", "上海市"}, {users[1].ID, "沙市", "沙市"}} {
			if _, err := tx.Exec(`INSERT INTO club_requests (user_id, city_key, city, created_at) VALUES (?, ?, ?, ?)`, a.user, a.key, a.city, ms(s.Now())); err != nil {
				return err
			}
		}
		return before103(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = openTest(t, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var clubKey string
	if err := s.r.QueryRowContext(ctx, `SELECT city_key FROM clubs WHERE city = '上海市'`).Scan(&clubKey); err != nil || clubKey != "上海" {
		t.Errorf("the club's key: %q %v", clubKey, err)
	}
	for _, c := range []struct {
		key  string
		want int
	}{{"上海", 2}, {"上海市", 0}, {"沙市", 1}} {
		if n, err := s.ClubRequestCount(ctx, c.key); err != nil || n != c.want {
			t.Errorf("asks under %q: %d %v, want %d", c.key, n, err, c.want)
		}
	}
	var rows int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM club_requests`).Scan(&rows); err != nil || rows != 3 {
		t.Errorf("%d asks kept, want 3 (the fan who asked twice, once)", rows)
	}
}
