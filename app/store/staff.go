package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cocreate/app/domain"
)

// InviteUser opens the account an admin (actorID) invites: in one write,
// the account (unconfirmed, with passwordHash, a password nobody knows),
// its roles, the invitation's record among role events, a reset link
// living until expires marked as an invitation (its use confirms the
// address: ResetPassword), and the notices tellInvite chooses for the new
// account and its reset, read already: their email is what counts.
//
// An address an unconfirmed account has is taken over in the same write
// (session 50's review: anyone can sign up with an address they cannot
// read, before the admin invites it): its password becomes passwordHash,
// its sessions and tokens end, its reset links are voided, its name,
// language, city and bio become the invitation's (what its signer-up
// wrote goes), and the invited roles are added to any it had; only the
// mailbox's owner, through the invitation's link, gets in. An address a
// confirmed account has, or the actor's own, is refused (email_taken,
// field email) and nothing is written.
//
// An unconfirmed account that has acted (hasActed: an idea, a comment, a
// vote, a club joined...) is not taken over but detached (session 51):
// deleted in the same write as by detach (deleteAccountTx: what it posted
// stays under the deleted-user label, its votes in open votes are
// withdrawn), its address freed, and a fresh account made for the
// invitee, with the roles an admin had given the squatted one: their
// words must not become the invitee's.
func (s *Store) InviteUser(ctx context.Context, actorID int64, email, name, locale, passwordHash string, roles []domain.Role, expires time.Time, tellInvite func(userID, resetID int64) []domain.Outgoing, detach Deletion) (domain.User, error) {
	now := s.Now()
	var id, detached int64
	var sessions, tokens [][]byte
	err := s.writeAdmins(ctx, func(tx *sql.Tx) error {
		// Looked up first, not found by a refused INSERT: PostgreSQL
		// aborts a transaction at its first failed statement.
		var before []domain.Role
		err := tx.QueryRow(`SELECT id FROM users WHERE email = ?`, email).Scan(&id)
		switch {
		case err == nil:
			// Locked as a deletion locks it (deleteAccountTx takes the
			// locks again, held already): an act of the squatter in flight
			// (actingTx holds the account FOR KEY SHARE on PostgreSQL)
			// commits before hasActed reads, so it is counted, and the
			// account detached, not taken over.
			was, err := s.lockToChange(tx, id)
			if err != nil {
				return err
			}
			if was.Verified || id == actorID {
				return emailTaken()
			}
			before = grantedOf(was.Roles)
			acted, err := hasActed(tx, id)
			if err != nil {
				return err
			}
			if !acted {
				if sessions, tokens, err = takeOver(tx, id, name, locale, passwordHash, now); err != nil {
					return err
				}
				break
			}
			detached = id
			if sessions, tokens, err = s.deleteAccountTx(ctx, tx, id, domain.DeletedEmail(id), detach); err != nil {
				return err
			}
			if id, err = insertInvited(tx, email, name, locale, passwordHash, now); err != nil {
				return err
			}
			for _, r := range before { // the admin gave them to the address
				if _, err := tx.Exec(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, string(r)); err != nil {
					return fmt.Errorf("store: unable to carry %s to the invited user: %w", r, err)
				}
			}
		case errors.Is(err, sql.ErrNoRows):
			if id, err = insertInvited(tx, email, name, locale, passwordHash, now); err != nil {
				return err
			}
		default:
			return fmt.Errorf("store: unable to look up the invited address: %w", err)
		}
		var seen int64 // the account's notices before the invitation's
		if err := tx.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM notifications WHERE user_id = ?`, id).Scan(&seen); err != nil {
			return fmt.Errorf("store: unable to read the invited account's notices: %w", err)
		}
		for _, r := range roles {
			if r == domain.RoleFan {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, string(r)); err != nil {
				return fmt.Errorf("store: unable to grant %s to the invited user: %w", r, err)
			}
		}
		if err := recordRoles(tx, id, actorID, "invite", before, append(append([]domain.Role{}, before...), roles...), now); err != nil {
			return err
		}
		var resetID int64
		if err := tx.QueryRow(`INSERT INTO password_resets (user_id, created_at, expires_at, invite) VALUES (?, ?, ?, ?) RETURNING id`,
			id, ms(now), ms(expires), true).Scan(&resetID); err != nil {
			return fmt.Errorf("store: unable to create the invitation's link: %w", err)
		}
		if err := tell(tx, now, tellInvite(id, resetID)); err != nil {
			return err
		}
		// The invitation is no news on the site (as a confirmation email
		// is not: QueueVerification): its person reads it to come in.
		if _, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND id > ?`, ms(now), id, seen); err != nil {
			return fmt.Errorf("store: unable to file the invitation: %w", err)
		}
		return nil
	})
	for _, u := range []int64{id, detached} {
		if u != 0 {
			s.users.forget(u)
		}
	}
	s.users.forgetAccess(sessions, tokens)
	if err != nil {
		return domain.User{}, err
	}
	return s.User(ctx, id)
}

// insertInvited makes the invited account, unconfirmed, and returns its id.
func insertInvited(tx *sql.Tx, email, name, locale, passwordHash string, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(`INSERT INTO users (email, name, password_hash, created_at, verified, locale) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		email, name, passwordHash, ms(now), false, locale).Scan(&id)
	if isUnique(err) {
		return 0, emailTaken()
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to create the invited user: %w", err)
	}
	return id, nil
}

// hasActed says whether userID did anything others see or that counts:
// posted an idea, a comment, a project update or a tester's report, voted,
// rated, answered a pair, said they would buy, reported, joined a club or
// asked for one, answered a meetup, applied to test, earned points, or
// runs a project or a challenge. An invitation detaches such an account
// rather than take it over (InviteUser).
func hasActed(tx *sql.Tx, userID int64) (bool, error) {
	var acted bool
	err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM ideas WHERE author_id = ?)
		OR EXISTS (SELECT 1 FROM comments WHERE author_id = ?)
		OR EXISTS (SELECT 1 FROM project_updates WHERE author_id = ?)
		OR EXISTS (SELECT 1 FROM tester_feedback WHERE tester_id = ?)
		OR EXISTS (SELECT 1 FROM votes WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM ratings WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM comparisons WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM intents WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM reports WHERE reporter_id = ?)
		OR EXISTS (SELECT 1 FROM club_members WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM club_requests WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM event_rsvps WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM tester_applications WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM reputation_events WHERE user_id = ?)
		OR EXISTS (SELECT 1 FROM projects WHERE owner_id = ?)
		OR EXISTS (SELECT 1 FROM challenges WHERE organiser_id = ?)`,
		userID, userID, userID, userID, userID, userID, userID, userID,
		userID, userID, userID, userID, userID, userID, userID, userID).Scan(&acted)
	if err != nil {
		return false, fmt.Errorf("store: unable to read what account %d did: %w", userID, err)
	}
	return acted, nil
}

// takeOver readies the unconfirmed account userID for its invitation, in
// the caller's transaction: whoever signed it up (and knows its password)
// is out, and nothing they wrote on the account itself stays. It returns
// the hashes of the sessions and tokens it ended.
func takeOver(tx *sql.Tx, userID int64, name, locale, passwordHash string, now time.Time) (sessions, tokens [][]byte, err error) {
	if _, err := tx.Exec(`UPDATE users SET password_hash = ?, name = ?, locale = ?, city = '', bio = '' WHERE id = ?`,
		passwordHash, name, locale, userID); err != nil {
		return nil, nil, fmt.Errorf("store: unable to take over account %d for its invitation: %w", userID, err)
	}
	if err := voidResets(tx, userID, now); err != nil {
		return nil, nil, err
	}
	return endAccess(tx, userID, nil, nil)
}

// grantedOf is roles without the fan every account is.
func grantedOf(roles []domain.Role) []domain.Role {
	var out []domain.Role
	for _, r := range roles {
		if r != domain.RoleFan {
			out = append(out, r)
		}
	}
	return out
}

// recordRoles writes one role event in the caller's transaction: actorID
// gave userID the roles after in place of before (action "invite" or
// "roles").
func recordRoles(tx *sql.Tx, userID, actorID int64, action string, before, after []domain.Role, now time.Time) error {
	if _, err := tx.Exec(`INSERT INTO role_events (user_id, actor_id, action, roles_before, roles_after, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		userID, actorID, action, rolesCSV(before), rolesCSV(after), ms(now)); err != nil {
		return fmt.Errorf("store: unable to record the roles of user %d: %w", userID, err)
	}
	return nil
}

// rolesCSV is the granted roles among roles, comma-joined in
// domain.GrantableRoles' order.
func rolesCSV(roles []domain.Role) string {
	var out []string
	for _, r := range domain.SortRoles(roles) {
		out = append(out, string(r))
	}
	return strings.Join(out, ",")
}

// RoleEvent is one change of a person's roles, or their invitation.
type RoleEvent struct {
	UserID    int64
	Actor     domain.Author
	Action    string        // "invite" or "roles"
	Before    []domain.Role // granted roles before (none for an invitation)
	After     []domain.Role // granted roles after
	CreatedAt time.Time
}

// RoleEvents lists, for each of userIDs, their newest role events, at
// most perUser each, newest first: the short history on the users page.
func (s *Store) RoleEvents(ctx context.Context, userIDs []int64, perUser int) (map[int64][]RoleEvent, error) {
	in, args := s.inIDs("r.user_id", userIDs)
	events, err := list(ctx, s.r, "role events", func(rows *sql.Rows) (RoleEvent, error) {
		var e RoleEvent
		var before, after string
		var created int64
		err := rows.Scan(&e.UserID, &e.Actor.ID, &e.Actor.Name, &e.Action, &before, &after, &created)
		e.Before, e.After, e.CreatedAt = grantedFrom(before), grantedFrom(after), fromMS(created)
		return e, err
	}, `SELECT e.user_id, e.actor_id, a.name, e.action, e.roles_before, e.roles_after, e.created_at
		FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.user_id ORDER BY r.id DESC) AS nth
			FROM role_events r WHERE `+in+`) e
		JOIN users a ON a.id = e.actor_id
		WHERE e.nth <= ? ORDER BY e.id DESC`, append(args, perUser)...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]RoleEvent{}
	for _, e := range events {
		out[e.UserID] = append(out[e.UserID], e)
	}
	return out, nil
}

// grantedFrom reads role_events' roles: the granted ones, comma-joined.
func grantedFrom(csv string) []domain.Role {
	return rolesFrom(csv)[1:] // without the fan every account is
}
