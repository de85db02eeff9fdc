package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cocreate/app/domain"
)

// CreateUser adds a person with an already-hashed password. With firstAdmin
// the user is created only if nobody exists yet, and is made an admin; the
// check and the insert share one transaction, under a lock on PostgreSQL
// (lockFor), so two setups racing, on one node or two, cannot both win.
func (s *Store) CreateUser(ctx context.Context, in domain.SignUp, passwordHash string, firstAdmin bool) (domain.User, error) {
	var id int64
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if firstAdmin {
			if err := s.lockFor(tx, "setup", 0); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
				return fmt.Errorf("store: unable to count users: %w", err)
			}
			if n > 0 {
				return domain.Conflict("setup_done", "setup is already done")
			}
		}
		// The first admin set the installation up: their address is
		// taken as confirmed (README: "Confirmed accounts").
		err := tx.QueryRow(`INSERT INTO users (email, name, password_hash, created_at, verified, locale) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Email, in.Name, passwordHash, ms(now), firstAdmin, in.Locale).Scan(&id)
		if isUnique(err) {
			return emailTaken()
		}
		if err != nil {
			return fmt.Errorf("store: unable to create user: %w", err)
		}
		if firstAdmin {
			if _, err := tx.Exec(`INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')`, id); err != nil {
				return fmt.Errorf("store: unable to make the first admin: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return domain.User{}, err
	}
	return s.User(ctx, id)
}

// emailTaken is the refusal of an address another account has.
func emailTaken() error {
	return &domain.Error{Kind: domain.KindConflict, Code: "email_taken", Field: "email", Message: "an account with this email exists"}
}

// HasUsers says whether any account exists (none: setup is pending). It is
// asked on every home page, so it looks for one row rather than counting.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var any bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&any); err != nil {
		return false, fmt.Errorf("store: unable to look for users: %w", err)
	}
	return any, nil
}

const userColumns = `u.id, u.email, u.name, u.locale, u.created_at, u.email_notices, u.email_muted,
	u.verified, u.suspended, u.suspended_reason, u.deleted_at IS NOT NULL,
	COALESCE((SELECT string_agg(role, ',') FROM user_roles r WHERE r.user_id = u.id), '')`

func scanUser(row scanner) (domain.User, error) {
	var u domain.User
	var created int64
	var roles, muted string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &created, &u.EmailNotices, &muted,
		&u.Verified, &u.Suspended, &u.SuspendedReason, &u.Deleted, &roles); err != nil {
		return u, err
	}
	u.CreatedAt = fromMS(created)
	u.EmailMuted = mutedFrom(muted)
	u.Roles = rolesFrom(roles)
	return u, nil
}

// mutedFrom reads users.email_muted: the groups, comma-joined.
func mutedFrom(csv string) []string {
	if csv == "" {
		return nil
	}
	return strings.Split(csv, ",")
}

// rolesFrom lists fan first, then granted roles in a fixed order.
func rolesFrom(csv string) []domain.Role {
	have := strings.Split(csv, ",")
	roles := []domain.Role{domain.RoleFan}
	for _, r := range domain.GrantableRoles {
		if slices.Contains(have, string(r)) {
			roles = append(roles, r)
		}
	}
	return roles
}

// User loads a user by id.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	if u, ok := s.users.byID(id); ok {
		return u, nil
	}
	g := s.users.generation()
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if err == nil {
		s.users.put(g, u, nil)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.NotFound("user")
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to load user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail loads a user and their password hash for signing in. A
// deleted account has no address to be found by (its placeholder is no
// address, DeletedEmail): not found, as an address never used.
func (s *Store) UserByEmail(ctx context.Context, email string) (domain.User, string, error) {
	var hash string
	row := s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = ? AND u.deleted_at IS NULL`, email)
	u, err := scanUser(withExtra(row, &hash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", domain.NotFound("user")
	}
	if err != nil {
		return u, "", fmt.Errorf("store: unable to load user by email: %w", err)
	}
	return u, hash, nil
}

// Users lists at most limit accounts matching f, newest first, for the
// users page: f.Text in the name or address (any case, taken literally),
// f.Role granted (or suspended accounts), ids below f.Before when set,
// the account f.ID alone when set.
func (s *Store) Users(ctx context.Context, f domain.UserFilter, limit int) ([]domain.User, error) {
	q, args := `SELECT `+userColumns+` FROM users u WHERE 1 = 1`, []any{}
	if f.Before > 0 {
		q, args = q+` AND u.id < ?`, append(args, f.Before)
	}
	if f.ID > 0 {
		q, args = q+` AND u.id = ?`, append(args, f.ID)
	}
	if f.Text != "" {
		like := "%" + likeEscaper.Replace(strings.ToLower(f.Text)) + "%"
		lower := "cc_lower" // SQLite's LOWER folds ASCII only (store.go)
		if s.postgres {
			lower = "LOWER"
		}
		q, args = q+` AND (`+lower+`(u.name) LIKE ? ESCAPE '\' OR `+lower+`(u.email) LIKE ? ESCAPE '\')`, append(args, like, like)
	}
	switch {
	case f.Role == domain.FilterSuspended:
		q, args = q+` AND u.suspended = ?`, append(args, true)
	case f.Role != "":
		q, args = q+` AND u.id IN (SELECT user_id FROM user_roles WHERE role = ?)`, append(args, f.Role)
	}
	return list(ctx, s.r, "users", func(rows *sql.Rows) (domain.User, error) { return scanUser(rows) },
		q+` ORDER BY u.id DESC LIMIT ?`, append(args, limit)...)
}

// likeEscaper makes typed text literal in a LIKE pattern (ESCAPE '\').
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// UsersWithRole lists every account holding a granted role, oldest first,
// without a cap: the people to pick judges or engineers from, however
// many fans have signed up since.
func (s *Store) UsersWithRole(ctx context.Context, role domain.Role) ([]domain.User, error) {
	return list(ctx, s.r, "users", func(rows *sql.Rows) (domain.User, error) { return scanUser(rows) },
		`SELECT `+userColumns+` FROM users u WHERE u.id IN (SELECT user_id FROM user_roles WHERE role = ?) ORDER BY u.id`, string(role))
}

// SetRoles replaces a user's granted roles (fan is implicit and ignored),
// if check accepts the user as the write reads them (was: their roles
// before it, whether their address is confirmed, whether the account is
// deleted), how many admins who are not suspended the portal has after it
// (workingAdmins) and how many projects the user runs. Two nodes
// taking the role from the last two admins at once would each count the
// other still there, so the change and the count run under one lock
// (lockFor). A change that changes something is recorded (who, whom,
// from which roles to which: role_events) with the notices tellChange
// chooses from the roles before and after, in the same write.
func (s *Store) SetRoles(ctx context.Context, actorID, userID int64, roles []domain.Role, check func(was domain.User, admins, projects int) error, tellChange func(before, after []domain.Role) []domain.Outgoing) (domain.User, error) {
	now := s.Now()
	err := s.writeAdmins(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "admins", 0); err != nil {
			return err
		}
		if err := s.lockFor(tx, "project owner", userID); err != nil { // as ownerTx
			return err
		}
		was, err := userTx(tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM user_roles WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("store: unable to clear roles: %w", err)
		}
		for _, r := range roles {
			if r == domain.RoleFan {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING`, userID, string(r)); err != nil {
				return fmt.Errorf("store: unable to grant %s: %w", r, err)
			}
		}
		admins, err := workingAdmins(tx)
		if err != nil {
			return err
		}
		var projects int
		// A shelved project is not counted: it waits for no one, and an
		// admin who reopens it hands it over then.
		if err := tx.QueryRow(`SELECT COUNT(*) FROM projects WHERE owner_id = ? AND stage <> 'shelved'`, userID).Scan(&projects); err != nil {
			return fmt.Errorf("store: unable to count user %d's projects: %w", userID, err)
		}
		if err := check(was, admins, projects); err != nil {
			return err
		}
		if !domain.RolesChanged(was.Roles, roles) {
			return nil // the same roles saved again: nothing to record or tell
		}
		if err := recordRoles(tx, userID, actorID, "roles", was.Roles, roles, now); err != nil {
			return err
		}
		return tell(tx, now, tellChange(was.Roles, roles))
	})
	s.users.forget(userID)
	if err != nil {
		return domain.User{}, err
	}
	return s.User(ctx, userID)
}

// SetLocale remembers a user's chosen language.
func (s *Store) SetLocale(ctx context.Context, userID int64, locale string) error {
	defer s.users.forget(userID)
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET locale = ? WHERE id = ?`, locale, userID)
		return err
	})
}

// SetEmailNotices turns a person's notification emails on or off
// (SetEmailChoices).
func (s *Store) SetEmailNotices(ctx context.Context, userID int64, on bool) error {
	return s.SetEmailChoices(ctx, userID, &on, nil)
}

// EmailMutes is what a person's choice of email groups makes of the groups
// they have muted (domain.MuteEmails), or why it is refused.
type EmailMutes func(muted []string) ([]string, error)

// SetEmailChoices writes a person's email choices in one write: their
// notification emails on or off, if on is given, and the groups they have
// muted replaced with what change makes of them, if change is given, read
// in the same write so that two choices at once both count. A refusal by
// change writes neither. Off also drops the emails still owed to them (one
// being sent at this moment still goes out); the emails of groups muted
// already owed are not sent (domain.MayBeMailed asks again at the send).
// Notifications stay in the app either way.
func (s *Store) SetEmailChoices(ctx context.Context, userID int64, on *bool, change EmailMutes) error {
	defer s.users.forget(userID)
	return s.write(ctx, func(tx *sql.Tx) error {
		var csv string
		err := tx.QueryRow(`SELECT email_muted FROM users WHERE id = ?`+s.forUpdate, userID).Scan(&csv)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("user")
		}
		if err != nil {
			return fmt.Errorf("store: unable to read email choices: %w", err)
		}
		if on != nil {
			if _, err := tx.Exec(`UPDATE users SET email_notices = ? WHERE id = ?`, *on, userID); err != nil {
				return fmt.Errorf("store: unable to set email notices: %w", err)
			}
			if !*on {
				if _, err := tx.Exec(`DELETE FROM mail_jobs WHERE sent_at IS NULL
					AND notification_id IN (SELECT id FROM notifications WHERE user_id = ? AND kind <> 'verify_email')`, userID); err != nil {
					return fmt.Errorf("store: unable to drop owed emails: %w", err)
				}
			}
		}
		if change == nil {
			return nil
		}
		muted, err := change(mutedFrom(csv))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET email_muted = ? WHERE id = ?`, strings.Join(muted, ","), userID); err != nil {
			return fmt.Errorf("store: unable to set muted emails: %w", err)
		}
		return nil
	})
}

// CreateToken stores the hash of a new personal access token, if proof
// still holds (Proof), and ends the user's oldest tokens past the newest
// keep.
func (s *Store) CreateToken(ctx context.Context, userID int64, hash []byte, name string, keep int, proof Proof) error {
	var ended [][]byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.stands(tx, userID, proof); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO tokens (user_id, hash, name, created_at) VALUES (?, ?, ?, ?)`, userID, hash, name, ms(s.Now())); err != nil {
			return fmt.Errorf("store: unable to create token: %w", err)
		}
		var err error
		ended, err = deleteHashes(tx, "tokens", `DELETE FROM tokens WHERE user_id = ? AND id <= (SELECT id FROM tokens WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`, userID, userID, keep)
		return err
	})
	if err == nil {
		s.users.forgetAccess(nil, ended)
	}
	return err
}

// Tokens lists a user's personal access tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]domain.Token, error) {
	return list(ctx, s.r, "tokens", func(rows *sql.Rows) (domain.Token, error) {
		var t domain.Token
		var created int64
		err := rows.Scan(&t.ID, &t.Name, &created)
		t.CreatedAt = fromMS(created)
		return t, err
	}, `SELECT id, name, created_at FROM tokens WHERE user_id = ? ORDER BY id DESC`, userID)
}

// RevokeToken deletes one of a user's tokens by its id; another user's
// token is not found. From its commit on, the token is refused.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.revokeToken(ctx, userID, `id = ?`, tokenID)
}

// RevokeTokenHash deletes a user's token by its hash: the token that made
// the request, when an app signs out.
func (s *Store) RevokeTokenHash(ctx context.Context, userID int64, hash []byte) error {
	return s.revokeToken(ctx, userID, `hash = ?`, hash)
}

func (s *Store) revokeToken(ctx context.Context, userID int64, match string, arg any) error {
	var hash []byte
	err := s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRow(`DELETE FROM tokens WHERE user_id = ? AND `+match+` RETURNING hash`, userID, arg).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("token")
		}
		if err != nil {
			return fmt.Errorf("store: unable to revoke token: %w", err)
		}
		return nil
	})
	if err == nil {
		// After the commit: a lookup racing the delete either stored the
		// token before this (and it is dropped now) or is refused (gen).
		s.users.forgetToken(hash)
	}
	return err
}

// tokenUser and tokenUserSQLite read a token's owner, by the hash that
// ends it. On SQLite the hash is cast, not bare: SQLite (3.54) looks at a
// bare argument's value while planning this join, which had it compile
// the lookup again at every run (go-sqlite3 clears the arguments before
// each), so that every request with a token not known here, a forged one
// too, paid for it (BenchmarkUnknownToken; see ideaByID). The plan is the
// same. PostgreSQL's hash is a bytea, and its statements are compiled once.
const (
	tokenUserBy     = `SELECT ` + userColumns + ` FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = `
	tokenUser       = tokenUserBy + `?`
	tokenUserSQLite = tokenUserBy + `CAST(? AS BLOB)`
)

// UserByToken finds the owner of a token by its hash.
func (s *Store) UserByToken(ctx context.Context, hash []byte) (domain.User, error) {
	if u, ok := s.users.byToken(hash); ok {
		return u, nil
	}
	g := s.users.generation()
	q := tokenUserSQLite
	if s.postgres {
		q = tokenUser
	}
	u, err := scanUser(s.r.QueryRowContext(ctx, q, hash))
	if err == nil {
		s.users.put(g, u, hash)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.Unauthorized("the token is not valid")
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to look up token: %w", err)
	}
	return u, nil
}
