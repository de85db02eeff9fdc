package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"cocreate/app/domain"
)

// CityRequests is a city fans asked a club for: the city as its first
// asker typed it, its key (people.CityKey), how many fans asked (accounts
// not suspended), and, in a fan's own list, when they asked.
type CityRequests struct {
	City     string
	Key      string
	Count    int
	AskedAt  time.Time
	FirstAt  time.Time
	Mine     bool
	HasClub  bool
	ClubID   int64
	ClubName string
}

// cityLock is the lock (lockFor) a city's club and its requests are
// written under, so that a request and the city's club founded at once on
// two nodes do not leave a request for a city that has its club.
func cityLock(key string) int64 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int64(int32(h.Sum32()))
}

// ClubByCity finds the club of a city key; found false when it has none.
func (s *Store) ClubByCity(ctx context.Context, key string) (c Club, found bool, err error) {
	return clubByCity(ctx, s.r, key)
}

func clubByCity(ctx context.Context, q queryRower, key string) (Club, bool, error) {
	c, err := scanClub(q.QueryRowContext(ctx, `SELECT `+clubColumns+` FROM clubs c WHERE c.city_key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Club{}, false, nil
	}
	if err != nil {
		return Club{}, false, fmt.Errorf("store: unable to find the club of a city: %w", err)
	}
	return c, true, nil
}

// AskCheck decides, inside the transaction, whether a fan may ask for a
// club in the city (club: the city's, when found; open: the fan's
// requests for other cities), read under the fan's and the city's locks.
type AskCheck func(club Club, found bool, open int) error

// AskForClub records a fan's request for a club in a city (key: its
// people.CityKey); asking again for a city asked already changes nothing
// and says so (already). The club found for the city, if any, comes back
// with check's refusal. The cost is bounded: the fan's open requests are
// counted (a handful: check caps them) and one row is written.
func (s *Store) AskForClub(ctx context.Context, userID int64, city, key string, check AskCheck) (already bool, club Club, err error) {
	now := s.Now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "club request fan", userID); err != nil {
			return err
		}
		if err := s.lockFor(tx, "club city", cityLock(key)); err != nil {
			return err
		}
		var found bool
		var err error
		if club, found, err = clubByCity(ctx, tx, key); err != nil {
			return err
		}
		var mine, open int
		if err := tx.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN city_key = ? THEN 1 ELSE 0 END), 0) FROM club_requests WHERE user_id = ?`,
			key, userID).Scan(&open, &mine); err != nil {
			return fmt.Errorf("store: unable to count a fan's club requests: %w", err)
		}
		if err := check(club, found, open-mine); err != nil {
			return err
		}
		if mine > 0 {
			already = true
			return nil
		}
		if _, err := tx.Exec(`INSERT INTO club_requests (user_id, city_key, city, created_at) VALUES (?, ?, ?, ?)`, userID, key, city, ms(now)); err != nil {
			return fmt.Errorf("store: unable to record a club request: %w", err)
		}
		return nil
	})
	return already, club, err
}

// WithdrawClubRequest takes a fan's request for a city back; withdrawn
// false when there was none (nothing changes).
func (s *Store) WithdrawClubRequest(ctx context.Context, userID int64, key string) (withdrawn bool, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`DELETE FROM club_requests WHERE user_id = ? AND city_key = ?`, userID, key)
		if err != nil {
			return fmt.Errorf("store: unable to take a club request back: %w", err)
		}
		n, _ := res.RowsAffected()
		withdrawn = n > 0
		return nil
	})
	return withdrawn, err
}

// askersOf counts the fans (not suspended) who asked for a city.
const askersOf = `(SELECT COUNT(*) FROM club_requests a JOIN users u ON u.id = a.user_id WHERE a.city_key = r.city_key AND u.suspended = 0)`

// ClubRequestsOf lists a fan's own requests (MaxClubRequests at most), the
// oldest first, each with how many fans asked for the city; a city whose
// club opened since says so (HasClub, and the club).
func (s *Store) ClubRequestsOf(ctx context.Context, userID int64) ([]CityRequests, error) {
	return list(ctx, s.r, "club requests", func(rows *sql.Rows) (CityRequests, error) {
		var c CityRequests
		var at int64
		var clubID sql.NullInt64
		var clubName sql.NullString
		err := rows.Scan(&c.City, &c.Key, &at, &c.Count, &clubID, &clubName)
		c.AskedAt, c.Mine = fromMS(at), true
		c.HasClub, c.ClubID, c.ClubName = clubID.Valid, clubID.Int64, clubName.String
		return c, err
	}, `SELECT r.city, r.city_key, r.created_at, `+askersOf+`, c.id, c.name
		FROM club_requests r LEFT JOIN clubs c ON c.city_key = r.city_key
		WHERE r.user_id = ? ORDER BY r.created_at, r.city_key LIMIT 20`, userID)
}

// ClubRequestCount is how many fans (not suspended) asked for a city.
func (s *Store) ClubRequestCount(ctx context.Context, key string) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM club_requests a JOIN users u ON u.id = a.user_id WHERE a.city_key = ? AND u.suspended = 0`, key).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count a city's club requests: %w", err)
	}
	return n, nil
}

// RequestedCities lists up to limit cities fans asked a club for that has
// none, most asked first (then the longest waiting), each named as its
// first asker not suspended typed it; askers suspended are not counted.
func (s *Store) RequestedCities(ctx context.Context, limit int) ([]CityRequests, error) {
	return list(ctx, s.r, "requested cities", func(rows *sql.Rows) (CityRequests, error) {
		var c CityRequests
		var first int64
		err := rows.Scan(&c.Key, &c.Count, &first, &c.City)
		c.FirstAt = fromMS(first)
		return c, err
	}, `SELECT r.city_key, COUNT(*) AS n, MIN(r.created_at) AS first,
		(SELECT f.city FROM club_requests f JOIN users fu ON fu.id = f.user_id
			WHERE f.city_key = r.city_key AND fu.suspended = 0 ORDER BY f.created_at, f.user_id LIMIT 1)
		FROM club_requests r JOIN users u ON u.id = r.user_id
		WHERE u.suspended = 0 AND NOT EXISTS (SELECT 1 FROM clubs c WHERE c.city_key = r.city_key)
		GROUP BY r.city_key ORDER BY n DESC, first, r.city_key LIMIT ?`, limit)
}

// TellOpened chooses the notices for the fans who asked for a club's city
// (ids, in the order they asked), written with the club.
type TellOpened func(c Club, askers []int64) []domain.Outgoing

// openCity clears the requests for a club's city, in the transaction that
// founds it, and writes the notices tell chooses for those who asked and
// are not suspended (tellOpened nil: none).
func openCity(ctx context.Context, tx *sql.Tx, c Club, key string, now time.Time, tellOpened TellOpened) error {
	askers, err := list(ctx, tx, "a city's askers", scanOne[int64], `SELECT r.user_id FROM club_requests r JOIN users u ON u.id = r.user_id
		WHERE r.city_key = ? AND u.suspended = 0 ORDER BY r.created_at, r.user_id`, key)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM club_requests WHERE city_key = ?`, key); err != nil {
		return fmt.Errorf("store: unable to clear a city's club requests: %w", err)
	}
	if tellOpened == nil || len(askers) == 0 {
		return nil
	}
	return tell(tx, now, tellOpened(c, askers))
}
