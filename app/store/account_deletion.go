package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// Deletion says what deleting an account decides outside the store: check
// accepts the account as the write reads it, keeps the count of admins
// not suspended after its roles are gone (never a portal without one),
// withdraws the challenges whose acts of the person are taken back (the
// others keep them as cast), and Release the answers to meetups not yet
// started that are taken back, their places going to the waiting list.
type Deletion struct {
	Check     UserCheck
	Keeps     func(admins int) error
	Withdraws func(c domain.Challenge) bool
	Release   Release
	// Runs accepts, or refuses, the deletion of one who runs so many
	// projects (not shelved).
	Runs func(projects int) error
	// By is the admin who deletes the account on its owner's request (0
	// when the owner deletes it), kept with Reason in account_events.
	By     int64
	Reason string
}

// DeleteAccount erases userID's personal data in one write, so that a
// crash leaves the account whole or deleted, never half: the address
// becomes email (a placeholder that is no address), the name empty, the
// password, language, city, bio, email choices and confirmation cleared;
// the roles, badges, sessions, tokens, reset links, sign-in count, city
// requests, follows, notices and their emails, club memberships and
// undecided tester applications deleted; its answers to meetups not yet
// started taken back as CancelRSVP does (the first waiting move up, and
// are told). Its votes, ratings, pair answers and buying intents in the
// challenges d.Withdraws names are deleted and their ideas counted again
// from their rows, as a removed integrity group's are. What others built
// on stays, with the account as its author: ideas, comments, project
// credits, updates, test reports, scorecards, reports made, past meetups'
// answers and check-ins, points. It runs under the lock SetRoles and
// SetSuspended take, so the last two admins cannot delete themselves at
// once. The user cache forgets the account and its ended sessions and
// tokens after the commit.
func (s *Store) DeleteAccount(ctx context.Context, userID int64, email string, d Deletion) error {
	var sessions, tokens [][]byte
	err := s.writeAdmins(ctx, func(tx *sql.Tx) (err error) {
		sessions, tokens, err = s.deleteAccountTx(ctx, tx, userID, email, d)
		return err
	})
	s.users.forget(userID)
	if err != nil {
		return err
	}
	s.users.forgetAccess(sessions, tokens)
	return nil
}

// deleteAccountTx is DeleteAccount in the caller's transaction (an
// invitation detaches a squatter's account so: InviteUser), returning the
// hashes of the sessions and tokens it ended; the caller forgets the
// account and them from the user cache after the commit.
func (s *Store) deleteAccountTx(ctx context.Context, tx *sql.Tx, userID int64, email string, d Deletion) (sessions, tokens [][]byte, err error) {
	now := s.Now()
	u, err := s.lockToWithdraw(tx, userID, d.Withdraws)
	if err != nil {
		return nil, nil, err
	}
	if err := d.Check(u); err != nil {
		return nil, nil, err
	}
	if err := s.withdrawActs(tx, userID, d.Withdraws); err != nil {
		return nil, nil, err
	}
	answers, err := list(ctx, tx, "answers", scanOne[int64], `SELECT r.event_id FROM event_rsvps r JOIN club_events e ON e.id = r.event_id
		WHERE r.user_id = ? AND e.starts_at > ? AND e.cancelled_at IS NULL ORDER BY r.event_id`, userID, ms(d.Release.StartsAfter))
	if err != nil {
		return nil, nil, err
	}
	if err := s.cancelEachTx(ctx, tx, answers, userID, now, d.Release.Promote, d.Release.TellPromoted); err != nil {
		return nil, nil, err
	}
	if sessions, tokens, err = endAccess(tx, userID, nil, nil); err != nil {
		return nil, nil, err
	}
	orphaned, err := lastOrganisedTx(ctx, tx, userID, 0, d.Release.TellOrphaned.Orphans)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range []string{
		`DELETE FROM mail_jobs WHERE notification_id IN (SELECT id FROM notifications WHERE user_id = ?)`,
		`DELETE FROM notifications WHERE user_id = ?`,
		`DELETE FROM user_roles WHERE user_id = ?`,
		`DELETE FROM user_badges WHERE user_id = ?`,
		`DELETE FROM password_resets WHERE user_id = ?`,
		`DELETE FROM signin_attempts WHERE user_id = ?`,
		`DELETE FROM club_requests WHERE user_id = ?`,
		`DELETE FROM club_members WHERE user_id = ?`,
		`DELETE FROM follows WHERE user_id = ?`,
		`DELETE FROM tester_applications WHERE user_id = ? AND decided_at IS NULL`,
	} {
		if _, err := tx.Exec(q, userID); err != nil {
			return nil, nil, fmt.Errorf("store: unable to delete account %d (%s): %w", userID, q, err)
		}
	}
	if _, err := tx.Exec(`UPDATE users SET email = ?, name = '', password_hash = '', locale = '',
		email_notices = ?, email_muted = '', verified = ?, city = '', bio = '', deleted_at = ? WHERE id = ?`,
		email, false, false, ms(now), userID); err != nil {
		return nil, nil, fmt.Errorf("store: unable to erase account %d: %w", userID, err)
	}
	if d.By != 0 {
		if _, err := tx.Exec(`INSERT INTO account_events (user_id, actor_id, action, reason, created_at) VALUES (?, ?, 'delete', ?, ?)`,
			userID, d.By, d.Reason, ms(now)); err != nil {
			return nil, nil, fmt.Errorf("store: unable to record the deletion of account %d: %w", userID, err)
		}
	}
	admins, err := workingAdmins(tx)
	if err != nil {
		return nil, nil, err
	}
	if err := d.Keeps(admins); err != nil {
		return nil, nil, err
	}
	if err := tellOrphanedTx(ctx, tx, now, orphaned, d.Release.TellOrphaned); err != nil {
		return nil, nil, err
	}
	var projects int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM projects WHERE owner_id = ? AND stage <> 'shelved'`, userID).Scan(&projects); err != nil {
		return nil, nil, fmt.Errorf("store: unable to count user %d's projects: %w", userID, err)
	}
	return sessions, tokens, d.Runs(projects)
}

// withdrawal is what withdrawActs takes back: the account's acts in the
// challenges it names (in: their condition on challenge_id), by idea.
type withdrawal struct {
	in                             string
	inArgs                         []any
	voted, rated, compared, bought []int64
}

// ideas are every idea a withdrawal touches, in any order, repeated.
func (w withdrawal) ideas() []int64 {
	return append(append(append(append([]int64{}, w.voted...), w.rated...), w.compared...), w.bought...)
}

// actsToWithdraw reads userID's votes, ratings, pair answers and buying
// intents in the challenges withdraws names (none: the zero withdrawal).
func (s *Store) actsToWithdraw(tx *sql.Tx, userID int64, withdraws func(domain.Challenge) bool) (withdrawal, error) {
	var w withdrawal
	challenges, err := int64s(tx, `SELECT challenge_id FROM votes WHERE user_id = ?
		UNION SELECT challenge_id FROM ratings WHERE user_id = ?
		UNION SELECT challenge_id FROM comparisons WHERE user_id = ?
		UNION SELECT challenge_id FROM intents WHERE user_id = ? ORDER BY 1`, userID, userID, userID, userID)
	if err != nil {
		return w, fmt.Errorf("store: unable to read the challenges of account %d: %w", userID, err)
	}
	var open []int64
	for _, id := range challenges {
		c, err := s.challengeTx(tx, id)
		if err != nil {
			return w, err
		}
		if withdraws(c) {
			open = append(open, id)
		}
	}
	if len(open) == 0 {
		return w, nil
	}
	w.in, w.inArgs = s.inIDs("challenge_id", open)
	acts := func(col, table string) ([]int64, error) {
		return int64s(tx, `SELECT DISTINCT `+col+` FROM `+table+` WHERE user_id = ? AND `+w.in, append([]any{userID}, w.inArgs...)...)
	}
	var low, high []int64
	for _, r := range []struct {
		col, table string
		into       *[]int64
	}{{"idea_id", "votes", &w.voted}, {"idea_id", "ratings", &w.rated}, {"low_id", "comparisons", &low},
		{"high_id", "comparisons", &high}, {"idea_id", "intents", &w.bought}} {
		if *r.into, err = acts(r.col, r.table); err != nil {
			return w, fmt.Errorf("store: unable to read the %s of account %d: %w", r.table, userID, err)
		}
	}
	w.compared = append(append([]int64{}, low...), high...)
	return w, nil
}

// withdrawActs deletes userID's votes, ratings, pair answers and buying
// intents in the challenges withdraws names, and counts their ideas again
// from the rows left (recountVotes, recountMethods, recountIntents: the
// paths a removed integrity group's acts take). On PostgreSQL the ideas
// are locked first and the deletes keep to them, as removeGroupVotes';
// lockToWithdraw took them already, before it took the account, unless
// an act changed meanwhile (then they are waited for here).
func (s *Store) withdrawActs(tx *sql.Tx, userID int64, withdraws func(domain.Challenge) bool) error {
	w, err := s.actsToWithdraw(tx, userID, withdraws)
	if err != nil || w.in == "" {
		return err
	}
	voted, rated, compared, bought := w.voted, w.rated, w.compared, w.bought
	in, inArgs := w.in, w.inArgs
	if err := s.lockIdeas(tx, voted, rated, compared, bought); err != nil {
		return err
	}
	for _, del := range []struct {
		table string
		cols  []string
		ideas []int64
	}{{"votes", []string{"idea_id"}, voted}, {"ratings", []string{"idea_id"}, rated},
		{"comparisons", []string{"low_id", "high_id"}, compared}, {"intents", []string{"idea_id"}, bought}} {
		q, args := `DELETE FROM `+del.table+` WHERE user_id = ? AND `+in, append([]any{userID}, inArgs...)
		for _, col := range del.cols {
			cond, a := s.inIDs(col, del.ideas)
			q, args = q+` AND `+cond, append(args, a...)
		}
		if _, err := tx.Exec(q, args...); err != nil {
			return fmt.Errorf("store: unable to withdraw the %s of account %d: %w", del.table, userID, err)
		}
	}
	if err := s.recountVotes(tx, voted); err != nil {
		return err
	}
	if err := s.recountIntents(tx, bought); err != nil {
		return err
	}
	return s.recountMethods(tx, rated, compared)
}
