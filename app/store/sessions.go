package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// Proof is what a new session or token stands on: the password hash a
// sign-in was checked against, or the session or token a signed-in request
// came with. The session or token is created only if, in its transaction, the
// proof still holds: the password unchanged, the session not ended. A
// sign-in with the old password racing a password change (on another node,
// or between the check and the write on this one) is refused rather than
// leaving a session that outlives the change. An empty Proof holds for
// nothing.
type Proof struct {
	PasswordHash string
	Session      []byte
	Token        []byte
}

// stands checks p for userID inside a write. On PostgreSQL it locks the
// row it read (the user's, or the session's) until the commit, so a
// password change or an ending of access on another node either comes
// first, and the proof fails, or waits and then also ends what this write
// made (its UPDATE of the user comes before its DELETE of the sessions and
// tokens, which then sees them).
func (s *Store) stands(tx *sql.Tx, userID int64, p Proof) error {
	var err error
	var one int
	switch {
	case p.PasswordHash != "":
		err = tx.QueryRow(`SELECT 1 FROM users WHERE id = ? AND password_hash = ?`+s.forUpdate, userID, p.PasswordHash).Scan(&one)
	case p.Session != nil:
		err = tx.QueryRow(`SELECT 1 FROM sessions WHERE user_id = ? AND hash = ?`+s.forUpdate, userID, p.Session).Scan(&one)
	case p.Token != nil:
		err = tx.QueryRow(`SELECT 1 FROM tokens WHERE user_id = ? AND hash = ?`+s.forUpdate, userID, p.Token).Scan(&one)
	default:
		err = sql.ErrNoRows
	}
	if errors.Is(err, sql.ErrNoRows) {
		e := domain.Unauthorized("the password was changed or the session has ended; sign in again")
		e.Code = "access_changed"
		return e
	}
	if err != nil {
		return fmt.Errorf("store: unable to check user %d's access: %w", userID, err)
	}
	return nil
}

// CreateSession stores a new browser session of a user by its secret's hash,
// if proof still holds (Proof). The user's sessions last seen before expired
// are deleted on the way.
func (s *Store) CreateSession(ctx context.Context, userID int64, hash []byte, expired time.Time, proof Proof) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.stands(tx, userID, proof); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM sessions WHERE user_id = ? AND seen_at < ?`, userID, ms(expired)); err != nil {
			return fmt.Errorf("store: unable to clear old sessions: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO sessions (user_id, hash, created_at, seen_at) VALUES (?, ?, ?, ?)`,
			userID, hash, ms(now), ms(now)); err != nil {
			return fmt.Errorf("store: unable to create session: %w", err)
		}
		return nil
	})
}

// Session finds a session by its secret's hash; an ended one is not found.
// It is asked on every request with a cookie, so it is cached exactly: every
// method that ends sessions forgets them after its commit.
func (s *Store) Session(ctx context.Context, hash []byte) (domain.Session, error) {
	if sess, ok := s.users.bySession(hash); ok {
		return sess, nil
	}
	g := s.users.generation()
	var sess domain.Session
	var created, seen int64
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, created_at, seen_at FROM sessions WHERE hash = ?`, hash).
		Scan(&sess.ID, &sess.UserID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, domain.Unauthorized("the session has ended")
	}
	if err != nil {
		return sess, fmt.Errorf("store: unable to look up session: %w", err)
	}
	sess.CreatedAt, sess.SeenAt = fromMS(created), fromMS(seen)
	s.users.putSession(g, hash, sess)
	return sess, nil
}

// TouchSession writes that a session was seen at now.
func (s *Store) TouchSession(ctx context.Context, hash []byte, now time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE sessions SET seen_at = ? WHERE hash = ?`, ms(now), hash); err != nil {
			return fmt.Errorf("store: unable to touch session: %w", err)
		}
		return nil
	})
	if err == nil {
		s.users.touched(hash, now)
	}
	return err
}

// EndSession deletes one session (signing out); from its commit on, the
// cookie is refused. Ending a session already gone is not an error.
func (s *Store) EndSession(ctx context.Context, hash []byte) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
			return fmt.Errorf("store: unable to end session: %w", err)
		}
		return nil
	})
	s.users.forgetAccess([][]byte{hash}, nil)
	return err
}

// EndAccess ends every session and every token of a user except the
// session keepSession and the token keepToken (either may be nil: none
// kept). From its commit on, what it ended is refused.
func (s *Store) EndAccess(ctx context.Context, userID int64, keepSession, keepToken []byte) error {
	var sessions, tokens [][]byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		sessions, tokens, err = endAccess(tx, userID, keepSession, keepToken)
		return err
	})
	s.users.forgetAccess(sessions, tokens)
	return err
}

// SetPassword replaces a user's password hash and, in the same transaction,
// ends every other session and token (see EndAccess), voids every reset
// link of the account still open and writes the notices tellNew.
func (s *Store) SetPassword(ctx context.Context, userID int64, passwordHash string, keepSession, keepToken []byte, tellNew []domain.Outgoing) error {
	var sessions, tokens [][]byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)
		if err != nil {
			return fmt.Errorf("store: unable to set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("user")
		}
		if err := voidResets(tx, userID, s.Now()); err != nil {
			return err
		}
		if sessions, tokens, err = endAccess(tx, userID, keepSession, keepToken); err != nil {
			return err
		}
		return tell(tx, s.Now(), tellNew)
	})
	s.users.forgetAccess(sessions, tokens)
	return err
}

// RehashPassword replaces a user's password hash from with to, the same
// password hashed anew (in the form hashes take today), and nothing else:
// no session ends, no link is voided, nobody is told, the password being
// the one it was. It reports whether it did: not when the stored hash is
// no longer from (changed since it was read, by its owner, a reset or
// another sign-in rehashing it).
func (s *Store) RehashPassword(ctx context.Context, userID int64, from, to string) (bool, error) {
	var done bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?`, to, userID, from)
		if err != nil {
			return fmt.Errorf("store: unable to rehash the password of user %d: %w", userID, err)
		}
		n, _ := res.RowsAffected()
		done = n == 1
		return nil
	})
	return done, err
}

// endAccess deletes a user's sessions and tokens but the ones kept, and
// returns the hashes it deleted, for the cache to forget after the commit.
func endAccess(tx *sql.Tx, userID int64, keepSession, keepToken []byte) (sessions, tokens [][]byte, err error) {
	del := func(table string, keep []byte) ([][]byte, error) {
		q, args := `DELETE FROM `+table+` WHERE user_id = ?`, []any{userID}
		if keep != nil {
			q, args = q+` AND hash != ?`, append(args, keep)
		}
		return deleteHashes(tx, table, q, args...)
	}
	if sessions, err = del("sessions", keepSession); err != nil {
		return nil, nil, err
	}
	if tokens, err = del("tokens", keepToken); err != nil {
		return nil, nil, err
	}
	return sessions, tokens, nil
}

// deleteHashes runs q, a DELETE of sessions or tokens (what), and returns
// the hashes it deleted.
func deleteHashes(tx *sql.Tx, what, q string, args ...any) ([][]byte, error) {
	rows, err := tx.Query(q+` RETURNING hash`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to end %s: %w", what, err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: unable to read ended %s: %w", what, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// PasswordHash is a user's stored password hash, to check the current
// password before a change.
func (s *Store) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := s.r.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.NotFound("user")
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read password of user %d: %w", userID, err)
	}
	return hash, nil
}

// SetEmail moves an account to a new address, unconfirmed until its link
// is opened, and writes the notices tellNew with it; an address another
// account has is refused (email_taken). Every reset link still open is
// voided in the same write: one sent to the address left behind must
// not open the account after it moved (people move from a mailbox they
// lost or no longer trust).
func (s *Store) SetEmail(ctx context.Context, userID int64, email string, tellNew []domain.Outgoing) (domain.User, error) {
	return s.updateUserThen(ctx, userID, "email", tellNew, func(tx *sql.Tx) error {
		return voidResets(tx, userID, s.Now())
	}, `UPDATE users SET email = ?, verified = ? WHERE id = ?`, email, false, userID)
}

// SetName changes the name a user is shown by.
func (s *Store) SetName(ctx context.Context, userID int64, name string) (domain.User, error) {
	return s.updateUser(ctx, userID, "name", `UPDATE users SET name = ? WHERE id = ?`, name, userID)
}

// updateUser writes one change to a user's row (what names it in errors)
// and reads the user back, forgetting the cached one. The only unique
// column a change can collide on is the email (emailTaken).
func (s *Store) updateUser(ctx context.Context, userID int64, what, query string, args ...any) (domain.User, error) {
	return s.updateUserThen(ctx, userID, what, nil, nil, query, args...)
}

// updateUserThen is updateUser writing the notices tellNew and running
// then (when not nil) in the same transaction, after the change.
func (s *Store) updateUserThen(ctx context.Context, userID int64, what string, tellNew []domain.Outgoing, then func(*sql.Tx) error, query string, args ...any) (domain.User, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(query, args...)
		if isUnique(err) {
			return emailTaken()
		}
		if err != nil {
			return fmt.Errorf("store: unable to set %s: %w", what, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("user")
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		return tell(tx, s.Now(), tellNew)
	})
	s.users.forget(userID)
	if err != nil {
		return domain.User{}, err
	}
	return s.User(ctx, userID)
}
