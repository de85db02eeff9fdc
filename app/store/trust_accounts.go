package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// VerificationCheck decides, inside the transaction that would queue a
// confirmation email, whether it may go: given the account, when the last
// one went and how many went in the past day.
type VerificationCheck func(u domain.User, last time.Time, lastDay int) error

// QueueVerification queues a confirmation email for userID whose link is
// url(u), made from the account as the transaction reads it. The email rides
// the notification mail queue as a notice of kind verify_email, already
// read (it is no news on the site) and owed whatever the person's email
// preference, since they asked for it.
func (s *Store) QueueVerification(ctx context.Context, userID int64, check VerificationCheck, url func(domain.User) string) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		// Nodes asked at once count one after the other (CreatePasswordReset).
		if err := s.lockFor(tx, "emails asked", userID); err != nil {
			return err
		}
		u, err := scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`, userID))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("user")
		}
		if err != nil {
			return fmt.Errorf("store: unable to load user %d: %w", userID, err)
		}
		var last sql.NullInt64
		var lastDay int
		if err := tx.QueryRow(`SELECT MAX(created_at), COUNT(*) FROM notifications
			WHERE user_id = ? AND kind = ? AND created_at > ?`,
			userID, string(domain.NoticeVerifyEmail), ms(now.Add(-24*time.Hour))).Scan(&last, &lastDay); err != nil {
			return fmt.Errorf("store: unable to read confirmation emails: %w", err)
		}
		var lastAt time.Time
		if last.Valid {
			lastAt = fromMS(last.Int64)
		}
		if err := check(u, lastAt, lastDay); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(`INSERT INTO notifications (user_id, kind, args, url, created_at, read_at)
			VALUES (?, ?, '[]', ?, ?, ?) RETURNING id`,
			userID, string(domain.NoticeVerifyEmail), url(u), ms(now), ms(now)).Scan(&id); err != nil {
			return fmt.Errorf("store: unable to queue a confirmation email: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO mail_jobs (notification_id, next_at, created_at) VALUES (?, ?, ?)`,
			id, ms(now), ms(now)); err != nil {
			return fmt.Errorf("store: unable to queue a confirmation email: %w", err)
		}
		return nil
	})
}

// UserCheck decides, inside a write, whether a change to u may go ahead.
type UserCheck func(u domain.User) error

// Verify marks userID's address confirmed, if check accepts the account as
// the transaction reads it (the token is checked against that address).
func (s *Store) Verify(ctx context.Context, userID int64, check UserCheck) (domain.User, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		u, err := userTx(tx, userID)
		if err != nil {
			return err
		}
		if err := check(u); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE users SET verified = 1 WHERE id = ?`, userID)
		return err
	})
	s.users.forget(userID)
	if err != nil {
		return domain.User{}, err
	}
	return s.User(ctx, userID)
}

// SetVerified sets an account's confirmation directly: the demo's accounts.
func (s *Store) SetVerified(ctx context.Context, userID int64, verified bool) error {
	defer s.users.forget(userID)
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET verified = ? WHERE id = ?`, verified, userID)
		return err
	})
}

func userTx(tx *sql.Tx, id int64) (domain.User, error) {
	u, err := scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.NotFound("user")
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to load user %d: %w", id, err)
	}
	return u, nil
}

// Release says which of an account's answers to meetups a suspension takes
// back: those to meetups starting after StartsAfter. Their places go to
// the waiting list as a cancelled answer's do (Promote says how many move
// up, TellPromoted what they are told): a suspended person would not be
// let in, and would hold a place a fan waiting could take. A suspension
// also withdraws the account's votes, ratings, pair answers and buying
// intents in the challenges Withdraws names (nil: none), as a deletion
// does (withdrawActs): a tally must not count an account its moderators
// stopped.
type Release struct {
	StartsAfter  time.Time
	Promote      Promote
	TellPromoted TellPromoted
	Withdraws    func(c domain.Challenge) bool
	// TellOrphaned chooses the notices for the clubs the account was the
	// last organiser of who could act (the zero value: nobody is told).
	TellOrphaned TellOrphaned
}

// SetSuspended suspends or reinstates userID, if check accepts the account
// as the transaction reads it and keeps accepts how many admins who are
// not suspended the portal has after it, and records who did it, when and
// why, with the notices tellSuspended chooses from the account as it was.
// release, when not nil, takes back the answers it names, in the same
// transaction. While suspended, the account's sessions and tokens are refused
// (401 suspended, with the reason); reinstating ends every one of them: the
// person signs in again, and whoever held a copy of a cookie or token does
// not come back with them. The change and the count of admins run
// under the lock SetRoles takes, so two admins suspending each other at
// once cannot both succeed. The user cache forgets the account and its
// ended sessions and tokens after the commit, and a lookup racing it
// cannot store what it read (usercache.go).
func (s *Store) SetSuspended(ctx context.Context, actorID, userID int64, suspended bool, reason string, check UserCheck, keeps func(admins int) error, tellSuspended func(u domain.User) []domain.Outgoing, release *Release) (domain.User, error) {
	now := s.Now()
	var sessions, tokens [][]byte
	err := s.writeAdmins(ctx, func(tx *sql.Tx) error {
		var withdraws func(domain.Challenge) bool
		if release != nil {
			withdraws = release.Withdraws
		}
		u, err := s.lockToWithdraw(tx, userID, withdraws)
		if err != nil {
			return err
		}
		if err := check(u); err != nil {
			return err
		}
		if !suspended && !u.Suspended {
			// Reinstating an account that is not suspended changes
			// nothing: no one is signed out (an admin tool that sends the
			// flag again would sign the person out everywhere), nothing is
			// recorded or told.
			return nil
		}
		keep := reason
		if !suspended {
			keep = ""
		}
		var orphaned []int64
		if suspended && !u.Suspended && release != nil {
			if orphaned, err = lastOrganisedTx(ctx, tx, userID, 0, release.TellOrphaned.Orphans); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE users SET suspended = ?, suspended_reason = ? WHERE id = ?`, suspended, keep, userID); err != nil {
			return fmt.Errorf("store: unable to suspend user %d: %w", userID, err)
		}
		if release != nil && release.Withdraws != nil {
			if err := s.withdrawActs(tx, userID, release.Withdraws); err != nil {
				return err
			}
		}
		if release != nil {
			ids, err := list(ctx, tx, "answers", scanOne[int64], `SELECT r.event_id FROM event_rsvps r JOIN club_events e ON e.id = r.event_id
				WHERE r.user_id = ? AND e.starts_at > ? AND e.cancelled_at IS NULL ORDER BY r.event_id`, userID, ms(release.StartsAfter))
			if err != nil {
				return err
			}
			if err := s.cancelEachTx(ctx, tx, ids, userID, now, release.Promote, release.TellPromoted); err != nil {
				return err
			}
		}
		action := "suspend"
		if !suspended {
			action = "reinstate"
			if sessions, tokens, err = endAccess(tx, userID, nil, nil); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO account_events (user_id, actor_id, action, reason, created_at) VALUES (?, ?, ?, ?, ?)`,
			userID, actorID, action, reason, ms(now)); err != nil {
			return fmt.Errorf("store: unable to record the suspension of user %d: %w", userID, err)
		}
		admins, err := workingAdmins(tx)
		if err != nil {
			return err
		}
		if err := keeps(admins); err != nil {
			return err
		}
		if release != nil {
			if err := tellOrphanedTx(ctx, tx, now, orphaned, release.TellOrphaned); err != nil {
				return err
			}
		}
		return tell(tx, now, tellSuspended(u))
	})
	s.users.forget(userID)
	if err != nil {
		return domain.User{}, err
	}
	s.users.forgetAccess(sessions, tokens)
	return s.User(ctx, userID)
}

// workingAdmins counts the admins who are not suspended (nor deleted: an
// admin role given to a deleted account, which no one can sign in to,
// keeps no one at the helm).
func workingAdmins(tx *sql.Tx) (int, error) {
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role = 'admin' AND u.suspended = ? AND u.deleted_at IS NULL`, false).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count admins: %w", err)
	}
	return n, nil
}

// AccountEvent is one suspension or reinstatement.
type AccountEvent struct {
	UserID    int64
	UserName  string
	Actor     domain.Author
	Action    string
	Reason    string
	CreatedAt time.Time
}

// AccountEvents lists the newest suspensions and reinstatements, for the
// users page: every moderator sees what the others decided.
func (s *Store) AccountEvents(ctx context.Context, limit int) ([]AccountEvent, error) {
	return list(ctx, s.r, "account events", func(rows *sql.Rows) (AccountEvent, error) {
		var e AccountEvent
		var created int64
		err := rows.Scan(&e.UserID, &e.UserName, &e.Actor.ID, &e.Actor.Name, &e.Action, &e.Reason, &created)
		e.CreatedAt = fromMS(created)
		return e, err
	}, `SELECT e.user_id, u.name, e.actor_id, a.name, e.action, e.reason, e.created_at
		FROM account_events e JOIN users u ON u.id = e.user_id JOIN users a ON a.id = e.actor_id
		ORDER BY e.id DESC LIMIT ?`, limit)
}
