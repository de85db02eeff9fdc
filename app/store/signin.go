package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SignInCheck judges one more password check of an account from the
// checks counted since its last success and the latest one's time (zero
// when there is none): the count with this check, or a refusal.
type SignInCheck func(attempts int, last time.Time) (int, error)

// ClaimSignInAttempt counts a password check of userID made at at, if
// check accepts it; a refusal is returned and counts nothing. The count is
// read and written in one transaction with the user's row locked
// (PostgreSQL), so checks claimed at once on several nodes are counted one
// after the other and no more pass than check allows. A refusal is found
// first on a plain read, so a throttled guess costs no write. An unknown
// user (deleted meanwhile) is counted nowhere.
func (s *Store) ClaimSignInAttempt(ctx context.Context, userID int64, at time.Time, check SignInCheck) error {
	attempts, last, err := signInAttempts(ctx, s.r, userID)
	if err != nil {
		return err
	}
	if _, err := check(attempts, last); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRow(`SELECT id FROM users WHERE id = ?`+s.forUpdate, userID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: unable to lock user %d for a sign-in: %w", userID, err)
		}
		// Not the caller's context: a write shares its transaction with
		// others', which a request that ends must not break.
		attempts, last, err := signInAttempts(context.Background(), tx, userID)
		if err != nil {
			return err
		}
		n, err := check(attempts, last)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO signin_attempts (user_id, attempts, last_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET attempts = excluded.attempts, last_at = excluded.last_at`, userID, n, ms(at)); err != nil {
			return fmt.Errorf("store: unable to count a sign-in of user %d: %w", userID, err)
		}
		return nil
	})
}

// signInAttempts reads userID's password checks since its last success
// and the latest one's time: 0 and the zero time when there are none.
func signInAttempts(ctx context.Context, q queryRower, userID int64) (int, time.Time, error) {
	var attempts int
	var last int64
	err := q.QueryRowContext(ctx, `SELECT attempts, last_at FROM signin_attempts WHERE user_id = ?`, userID).Scan(&attempts, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: unable to read the sign-ins of user %d: %w", userID, err)
	}
	return attempts, fromMS(last), nil
}

// ClearSignInAttempts forgets userID's password checks: its password was
// right.
func (s *Store) ClearSignInAttempts(ctx context.Context, userID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM signin_attempts WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("store: unable to clear the sign-ins of user %d: %w", userID, err)
		}
		return nil
	})
}
