package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// CreatePasswordReset records a reset for the account with email, if there
// is one and allow accepts the times of the resets it got since since, and notifies
// its owner (whose email carries the link) as tellReset chooses, in the
// same transaction. An unknown address or a refusal does nothing and is not
// an error: the caller answers the same either way.
func (s *Store) CreatePasswordReset(ctx context.Context, email string, since, expires time.Time, allow func(recent []time.Time) bool, tellReset func(userID, resetID int64) []domain.Outgoing) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		var userID int64
		err := tx.QueryRow(`SELECT id FROM users WHERE email = ?`, email).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: unable to look up user for reset: %w", err)
		}
		// Nodes asked at once for the same address count one after the
		// other, or each would find room under the cap.
		if err := s.lockFor(tx, "emails asked", userID); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT created_at FROM password_resets WHERE user_id = ? AND created_at >= ?`, userID, ms(since))
		if err != nil {
			return fmt.Errorf("store: unable to read recent resets: %w", err)
		}
		defer rows.Close()
		var recent []time.Time
		for rows.Next() {
			var at int64
			if err := rows.Scan(&at); err != nil {
				return fmt.Errorf("store: unable to read recent resets: %w", err)
			}
			recent = append(recent, fromMS(at))
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: unable to read recent resets: %w", err)
		}
		rows.Close()
		if !allow(recent) {
			return nil
		}
		var id int64
		if err := tx.QueryRow(`INSERT INTO password_resets (user_id, created_at, expires_at) VALUES (?, ?, ?) RETURNING id`,
			userID, ms(now), ms(expires)).Scan(&id); err != nil {
			return fmt.Errorf("store: unable to create reset: %w", err)
		}
		return tell(tx, now, tellReset(userID, id))
	})
}

func scanReset(row scanner) (domain.PasswordReset, error) {
	var r domain.PasswordReset
	var created, expires int64
	var used sql.NullInt64
	if err := row.Scan(&r.ID, &r.UserID, &created, &expires, &used, &r.Invite); err != nil {
		return r, err
	}
	r.CreatedAt, r.ExpiresAt, r.Used = fromMS(created), fromMS(expires), used.Valid
	return r, nil
}

const resetColumns = `id, user_id, created_at, expires_at, used_at, invite`

// PasswordReset loads a reset by id.
func (s *Store) PasswordReset(ctx context.Context, id int64) (domain.PasswordReset, error) {
	r, err := scanReset(s.r.QueryRowContext(ctx, `SELECT `+resetColumns+` FROM password_resets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.NotFound("reset")
	}
	if err != nil {
		return r, fmt.Errorf("store: unable to load reset %d: %w", id, err)
	}
	return r, nil
}

// ResetPassword uses reset id, if check accepts it as read inside the
// transaction: it is marked used, and so is every other reset link of the
// account still open, the password replaced, and every session and token
// of the account ended, all at once. The link also confirms the account's
// address, an invitation's or a reset's: it came to that mailbox, and an
// address changed since voided it (SetEmail), so it proves the address
// the account has. It returns the reset as it was read.
func (s *Store) ResetPassword(ctx context.Context, id int64, passwordHash string, check func(domain.PasswordReset) error) (domain.PasswordReset, error) {
	now := s.Now()
	var used domain.PasswordReset
	var sessions, tokens [][]byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, err := scanReset(tx.QueryRow(`SELECT `+resetColumns+` FROM password_resets WHERE id = ?`, id))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: unable to load reset %d: %w", id, err)
		}
		if err := check(r); err != nil {
			return err
		}
		// The account's row, then the link's, in the order SetEmail and
		// SetPassword take them (the account, then its links): taking
		// the link first, a reset waiting for an email change's account
		// held the link that change was voiding, a deadlock (session 52,
		// TestRaces52AResetTakesTheAccountBeforeItsLink). Nothing to
		// lock on SQLite, whose one writer is alone.
		if s.postgres && r.UserID != 0 {
			if _, err := tx.Exec(`SELECT id FROM users WHERE id = ?`+s.forUpdate, r.UserID); err != nil {
				return fmt.Errorf("store: unable to lock the account of reset %d: %w", id, err)
			}
		}
		// The link is taken on its row: on PostgreSQL an email change
		// committing after the read above (SetEmail voids the links)
		// makes this take nothing, and the link proves no address the
		// account has now; one committing after it waits for this write.
		res, err := tx.Exec(`UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL`, ms(now), id)
		if err != nil {
			return fmt.Errorf("store: unable to use reset %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: unable to use reset %d: %w", id, err)
		} else if n != 1 {
			r.Used = true
			if err := check(r); err != nil {
				return err
			}
			return fmt.Errorf("store: reset %d was used meanwhile", id)
		}
		used = r
		userID := r.UserID
		if err := voidResets(tx, userID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET password_hash = ?, verified = ? WHERE id = ?`, passwordHash, true, userID); err != nil {
			return fmt.Errorf("store: unable to set password: %w", err)
		}
		sessions, tokens, err = endAccess(tx, userID, nil, nil)
		return err
	})
	s.users.forget(used.UserID)
	s.users.forgetAccess(sessions, tokens)
	return used, err
}

// voidResets marks every reset link of userID not used yet as used, in the
// caller's transaction: once the password is changed (by a link or by its
// owner), a link sent before, perhaps to someone who read the mailbox,
// changes nothing.
func voidResets(tx *sql.Tx, userID int64, now time.Time) error {
	if _, err := tx.Exec(`UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, ms(now), userID); err != nil {
		return fmt.Errorf("store: unable to void the reset links: %w", err)
	}
	return nil
}
