package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"cocreate/app/domain"
)

// actingTx asks s.Acting of the account userID as the write's transaction
// reads it: a person's act (an idea, a comment, a vote, a rating, a pair
// answer, a buying intent) checked against a session read before their
// account was deleted or suspended would otherwise land after it. Only
// whether it is deleted or suspended is read (a deleted account's votes in
// an open vote were withdrawn by its deletion; one landing after would
// stand for good).
//
// On PostgreSQL the row is read FOR KEY SHARE, first among the act's
// locks: DeleteAccount and SetSuspended take it FOR UPDATE first, so
// either the act waits and reads the account deleted, or the deletion
// waits for the act's commit and then sees (and withdraws) what it wrote.
// KEY SHARE does not wait for the FOR NO KEY UPDATE a budgeted vote takes
// of its voter, nor for another act of the same person. On SQLite the one
// writer runs writes one after the other: the read sees every commit.
func (s *Store) actingTx(tx *sql.Tx, userID int64) error {
	if s.Acting == nil {
		return nil
	}
	u := domain.User{ID: userID}
	var deleted, suspended int64
	var err error
	if s.postgres {
		err = tx.QueryRow(`SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, suspended FROM users WHERE id = ? FOR KEY SHARE`, userID).
			Scan(&deleted, &suspended)
	} else {
		err = s.onWriterConn(func(w *writerStmts) error {
			row, err := w.row(wsActing, 2, userID)
			if err != nil {
				return err
			}
			return driverInts(row, &deleted, &suspended)
		})
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound("user")
	}
	if err != nil {
		return fmt.Errorf("store: unable to read the acting account %d: %w", userID, err)
	}
	u.Deleted, u.Suspended = deleted != 0, suspended != 0
	return s.Acting(u)
}

// lockAccount takes userID's row FOR UPDATE on PostgreSQL, before a
// deletion or a suspension decides anything: an act holding it (actingTx)
// commits first, and an act that comes after waits for this write and
// reads its outcome. Nothing on SQLite, whose one writer is alone.
func (s *Store) lockAccount(tx *sql.Tx, userID int64) error {
	if !s.postgres {
		return nil
	}
	if _, err := tx.Exec(`SELECT id FROM users WHERE id = ? FOR UPDATE`, userID); err != nil {
		return fmt.Errorf("store: unable to lock account %d: %w", userID, err)
	}
	return nil
}

// keyShareUserTx reads the account userID as the write's transaction
// sees it, holding its row FOR KEY SHARE on PostgreSQL first, as actingTx
// does, for a write that decides on an account other than its actor's
// (SetOrganiser names a member): a suspension or a deletion, which take
// the row FOR UPDATE first (lockAccount), commits before this reads, or
// waits for this write's commit and then reads what it wrote. Not found:
// no such account. On SQLite, whose one writer is alone, it reads the
// account.
func (s *Store) keyShareUserTx(tx *sql.Tx, userID int64) (domain.User, error) {
	if s.postgres {
		if _, err := tx.Exec(`SELECT id FROM users WHERE id = ? FOR KEY SHARE`, userID); err != nil {
			return domain.User{}, fmt.Errorf("store: unable to lock user %d: %w", userID, err)
		}
	}
	return userTx(tx, userID)
}

// lockToChange takes the locks every change of an account's standing
// takes, in the one order they all keep — the admins' lock (the last
// admin), then the locks of the clubs the account organises (lockClubs),
// then the account's row (lockAccount: acts in flight commit first) — and
// reads the account as it now stands. A deletion, a suspension and an
// invitation that finds the address use it; taking it again in the same
// transaction (an invitation detaching a squatter) holds what is held.
func (s *Store) lockToChange(tx *sql.Tx, userID int64) (domain.User, error) {
	return s.lockToWithdraw(tx, userID, nil)
}

// organisedClubs are the clubs userID organises, in id order.
func organisedClubs(tx *sql.Tx, userID int64) ([]int64, error) {
	ids, err := int64s(tx, `SELECT club_id FROM club_members WHERE user_id = ? AND organiser = 1 ORDER BY club_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the clubs account %d organises: %w", userID, err)
	}
	return ids, nil
}

// lockClubs takes the club lock (lockFor "club": Leave's, SetOrganiser's
// and CreateEvent's) of each club of ids, in the order given.
func (s *Store) lockClubs(tx *sql.Tx, ids []int64) error {
	for _, id := range ids {
		if err := s.lockFor(tx, "club", id); err != nil {
			return err
		}
	}
	return nil
}

// withdrawTurns is how many turns lockToWithdraw takes the clubs, the
// account and the ideas, letting all go when an idea is held, before it
// waits for the ideas holding the account (a variable for its test).
var withdrawTurns = 4

// lockToWithdraw is lockToChange for a change that then withdraws the
// account's acts in the challenges withdraws names (withdrawActs: a
// suspension, a deletion), which locks the acts' ideas. On PostgreSQL it
// never waits for an idea while it holds the account, nor for the account
// while it holds an idea:
//
//   - Another write locks an idea and then tells its voters (a threshold
//     settled, a comment's notice: the notice's foreign key takes the
//     voter's row FOR KEY SHARE). Holding the account FOR UPDATE while it
//     waited for that idea, the suspension and the notice waited for each
//     other: a deadlock, one of them run again after deadlock_timeout.
//   - The account's own act takes the account FOR KEY SHARE first
//     (actingTx) and then locks its idea. Holding the idea while it
//     waited for the account, the suspension and the act would wait for
//     each other.
//
// So the order is: the admins' lock; the locks of the clubs the account
// organises, in id order (session 54: a write ending another organiser's
// role in one of them — Leave, SetOrganiser — holds its club's lock, so
// it commits before lastOrganisedTx reads here, or reads after this
// commits: the club's loss is seen by one of the two); the account FOR
// UPDATE (waiting, if need be, holding no row: acts in flight commit
// first); the clubs read again (a naming committed meanwhile: then all is
// let go and taken again, the new club's lock before the account — a
// naming waits for the account, SetOrganiser reading it FOR KEY SHARE, so
// once it is held the clubs stay those); the acts' ideas, read now that
// no act of the account can land, in id order, NOWAIT. When one is held
// by another write, the ideas, the account and the clubs are let go (a
// savepoint rolled back: PostgreSQL lets go a transaction's advisory
// locks taken since, too), the ideas waited for holding no row, let go in
// turn, and the whole taken again. At the fourth turn (writes on those
// ideas without end) it waits for the ideas (or a club) holding the
// account, as before: a circle then is found and one write run again. A
// caller that holds the account already (an invitation detaching a
// squatter) keeps it, and its clubs, through the turns. On SQLite, whose
// one writer is alone, it reads the account.
func (s *Store) lockToWithdraw(tx *sql.Tx, userID int64, withdraws func(domain.Challenge) bool) (domain.User, error) {
	if err := s.lockFor(tx, "admins", 0); err != nil {
		return domain.User{}, err
	}
	if !s.postgres {
		return userTx(tx, userID)
	}
	turns := withdrawTurns
	for turn := 1; ; turn++ {
		if _, err := tx.Exec(`SAVEPOINT lock_to_withdraw`); err != nil {
			return domain.User{}, fmt.Errorf("store: unable to lock account %d: %w", userID, err)
		}
		clubs, err := organisedClubs(tx, userID)
		if err != nil {
			return domain.User{}, err
		}
		if err := s.lockClubs(tx, clubs); err != nil {
			return domain.User{}, err
		}
		if err := s.lockAccount(tx, userID); err != nil {
			return domain.User{}, err
		}
		again, err := organisedClubs(tx, userID)
		if err != nil {
			return domain.User{}, err
		}
		var named []int64 // organised since the clubs were read
		for _, id := range again {
			if !slices.Contains(clubs, id) {
				named = append(named, id)
			}
		}
		if len(named) > 0 {
			if turn < turns {
				for _, q := range []string{`ROLLBACK TO SAVEPOINT lock_to_withdraw`, `RELEASE SAVEPOINT lock_to_withdraw`} {
					if _, err := tx.Exec(q); err != nil {
						return domain.User{}, fmt.Errorf("store: unable to lock the clubs of account %d: %w", userID, err)
					}
				}
				continue
			}
			if err := s.lockClubs(tx, named); err != nil { // holding the account
				return domain.User{}, err
			}
		}
		if withdraws == nil {
			break
		}
		w, err := s.actsToWithdraw(tx, userID, withdraws)
		if err != nil {
			return domain.User{}, err
		}
		ids := slices.Compact(slices.Sorted(slices.Values(w.ideas())))
		if len(ids) == 0 {
			break
		}
		if turn == turns { // the ideas waited for holding the account
			if err := s.lockIdeas(tx, ids); err != nil {
				return domain.User{}, err
			}
			break
		}
		cond, args := s.inIDs("id", ids)
		_, err = tx.Exec(`SELECT id FROM ideas WHERE `+cond+` ORDER BY id`+s.forUpdate+` NOWAIT`, args...)
		if err == nil {
			break
		}
		if pgCode(err) != "55P03" { // lock_not_available
			return domain.User{}, fmt.Errorf("store: unable to lock the ideas of account %d: %w", userID, err)
		}
		for _, q := range []func() error{
			func() error { _, err := tx.Exec(`ROLLBACK TO SAVEPOINT lock_to_withdraw`); return err },
			func() error { return s.lockIdeas(tx, ids) }, // holding no row
			func() error { _, err := tx.Exec(`ROLLBACK TO SAVEPOINT lock_to_withdraw`); return err },
			func() error { _, err := tx.Exec(`RELEASE SAVEPOINT lock_to_withdraw`); return err },
		} {
			if err := q(); err != nil {
				return domain.User{}, fmt.Errorf("store: unable to wait for the ideas of account %d: %w", userID, err)
			}
		}
	}
	// What the last turn took is kept.
	if _, err := tx.Exec(`RELEASE SAVEPOINT lock_to_withdraw`); err != nil {
		return domain.User{}, fmt.Errorf("store: unable to lock account %d: %w", userID, err)
	}
	return userTx(tx, userID)
}

// actingEachTx is actingTx of several accounts at once (PostgreSQL's bulk
// votes: one statement, the rows locked in id order), each account's
// refusal by its id; nil for those s.Acting accepts.
func (s *Store) actingEachTx(tx *sql.Tx, userIDs []int64) (map[int64]error, error) {
	refused := map[int64]error{}
	if s.Acting == nil || len(userIDs) == 0 {
		return refused, nil
	}
	rows, err := tx.Query(`SELECT id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, suspended FROM users
		WHERE id = ANY(?) ORDER BY id FOR KEY SHARE`, userIDs)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the acting accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, deleted, suspended int64
		if err := rows.Scan(&id, &deleted, &suspended); err != nil {
			return nil, fmt.Errorf("store: unable to read the acting accounts: %w", err)
		}
		if err := s.Acting(domain.User{ID: id, Deleted: deleted != 0, Suspended: suspended != 0}); err != nil {
			refused[id] = err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read the acting accounts: %w", err)
	}
	return refused, nil
}
