package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cocreate/app/domain"
)

// MailLease is how long a claimed job belongs to the worker that claimed it.
// A claim older than this was abandoned (its worker died or hung), so the job
// may be claimed again; senders must give up well within it.
const MailLease = 5 * time.Minute

// MaxMailAttempts is how many failed sends a job gets before it is given up.
// It must equal the 10 in the mail_jobs_due index of 004_mail.sql.
const MaxMailAttempts = 10

// The first retry waits mailBackoffBase, each further one twice as long, up
// to mailBackoffMax: ten attempts span about five hours, long enough to ride
// out a mail server's restart or a short outage without hammering it.
const (
	mailBackoffBase = 30 * time.Second
	mailBackoffMax  = time.Hour
)

// pendingMail is the condition of the mail_jobs_due partial index, repeated
// verbatim so that SQLite uses it.
const pendingMail = `sent_at IS NULL AND attempts < 10`

// dueMail is the condition that a job j is due (args: now, now minus the
// lease): unsent with attempts left, its next_at come, and no live claim
// on it.
const dueMail = `j.` + pendingMail + ` AND j.next_at <= ?
		AND (j.claimed_at IS NULL OR j.claimed_at <= ?)`

// anyDueMailSQL says whether a job is due (args: dueMail's).
const anyDueMailSQL = `SELECT EXISTS (SELECT 1 FROM mail_jobs j WHERE ` + dueMail + `)`

// claimMailSQL finds due jobs (args: dueMail's, then the limit) with what
// their messages need, and what the worker asks before sending: who the
// recipient is now (roles, suspension) and what the notice is about.
const claimMailSQL = `SELECT ` + userColumns + `, j.id, j.notification_id, j.attempts, j.created_at,
		n.kind, n.args, n.url, ` + noticeItemCols + `
	FROM mail_jobs j
	JOIN notifications n ON n.id = j.notification_id
	JOIN users u ON u.id = n.user_id` + noticeItemJoins + `
	WHERE ` + dueMail + `
	ORDER BY j.next_at, j.id LIMIT ?`

// MailJob is a claimed job with everything its email needs: the recipient,
// their language, and the notification to put into words.
type MailJob struct {
	ID             int64
	NotificationID int64
	Attempts       int       // failed sends before this one
	CreatedAt      time.Time // when the notification was queued; stable across retries
	UserID         int64     // the recipient, for the link that stops these emails
	Email          string
	Name           string
	Locale         string // the user's chosen language, "" when they never chose
	Kind           domain.NoticeKind
	Args           []string
	URL            string // site-relative, like the notification's
	// Recipient is the person as they are at the claim, and Item what the
	// notice is about (domain.MayBeMailed asks both before sending).
	Recipient domain.User
	Item      domain.NoticeItem
}

// EnqueueMail queues the email for a notification, in the caller's
// transaction, so the email is owed exactly when the notification exists;
// if its person takes emails of its kind (domain.MailsFor: a password
// reset's email goes regardless, being the only way to the link).
// Queueing the same notification twice keeps the first job.
func EnqueueMail(tx *sql.Tx, notificationID int64, now time.Time) error {
	var kind domain.NoticeKind
	var on bool
	var muted string
	if err := tx.QueryRow(`SELECT n.kind, u.email_notices, u.email_muted
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = ?`, notificationID).Scan(&kind, &on, &muted); err != nil {
		return fmt.Errorf("store: unable to read notification %d to mail: %w", notificationID, err)
	}
	if !domain.MailsFor(kind, on, mutedFrom(muted)) {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO mail_jobs (notification_id, next_at, created_at) VALUES (?, ?, ?)
		ON CONFLICT (notification_id) DO NOTHING`, notificationID, ms(now), ms(now)); err != nil {
		return fmt.Errorf("store: unable to queue mail for notification %d: %w", notificationID, err)
	}
	return nil
}

// ClaimMail claims up to limit due jobs, oldest due first, and returns them
// ready to send. A job is due when it is unsent, has attempts left, its
// next_at has come and nobody holds a live claim on it.
func (s *Store) ClaimMail(ctx context.Context, limit int) ([]MailJob, error) {
	now := s.Now()
	// Most polls find nothing due: then nothing is written, since every
	// write moves ContentVersion and ShapeVersion, and so empties the
	// caches kept by them (a pairwise challenge's shown ideas, the lists'
	// texts) once a poll.
	var due bool
	if err := s.r.QueryRowContext(ctx, anyDueMailSQL, ms(now), ms(now.Add(-MailLease))).Scan(&due); err != nil {
		return nil, fmt.Errorf("store: unable to look for due mail: %w", err)
	}
	if !due {
		return nil, nil
	}
	var jobs []MailJob
	err := s.write(ctx, func(tx *sql.Tx) error {
		jobs = jobs[:0]
		q := claimMailSQL
		if s.postgres {
			// Other nodes claim too: a job another node's transaction has
			// locked is skipped, not waited for and then claimed again.
			q += ` FOR UPDATE OF j SKIP LOCKED`
		}
		rows, err := tx.Query(q, ms(now), ms(now.Add(-MailLease)), limit)
		if err != nil {
			return fmt.Errorf("store: unable to find due mail: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var j MailJob
			var created int64
			var args string
			var x noticeItemScan
			u, err := scanUser(withExtra(rows, append([]any{&j.ID, &j.NotificationID, &j.Attempts, &created,
				&j.Kind, &args, &j.URL}, x.dest()...)...))
			if err != nil {
				return fmt.Errorf("store: unable to read due mail: %w", err)
			}
			j.Recipient, j.Item = u, x.item()
			j.UserID, j.Email, j.Name, j.Locale = u.ID, u.Email, u.Name, u.Locale
			j.CreatedAt = fromMS(created)
			if err := json.Unmarshal([]byte(args), &j.Args); err != nil {
				return fmt.Errorf("store: unable to read the arguments of notification %d: %w", j.NotificationID, err)
			}
			jobs = append(jobs, j)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: unable to read due mail: %w", err)
		}
		rows.Close()
		for _, j := range jobs {
			if _, err := tx.Exec(`UPDATE mail_jobs SET claimed_at = ? WHERE id = ?`, ms(now), j.ID); err != nil {
				return fmt.Errorf("store: unable to claim mail job %d: %w", j.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobs, nil
}

// MarkMailSent records that a job's email went out; it is never sent again.
func (s *Store) MarkMailSent(ctx context.Context, id int64) error {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE mail_jobs SET sent_at = ?, claimed_at = NULL WHERE id = ? AND sent_at IS NULL`, ms(now), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to mark mail job %d sent: %w", id, err)
	}
	return nil
}

// MarkMailFailed records a failed send and schedules the retry with
// exponential backoff. After MaxMailAttempts failures, or at once when final
// (the failure cannot heal, such as an address the server rejects), the job
// is given up: it keeps its last error and is no longer due. gaveUp says so.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, cause string, final bool) (gaveUp bool, err error) {
	now := s.Now()
	// A server's whole reply can be long; the start says what went wrong.
	if len(cause) > 1000 {
		cause = strings.ToValidUTF8(cause[:1000], "")
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var attempts int
		err := tx.QueryRow(`SELECT attempts FROM mail_jobs WHERE id = ? AND sent_at IS NULL`, id).Scan(&attempts)
		if err == sql.ErrNoRows {
			return nil // sent meanwhile, by a worker that reclaimed it
		}
		if err != nil {
			return err
		}
		attempts++
		// A final failure uses up the attempts left, which is what takes a
		// job out of the due index; the schema has no other dead-letter mark.
		gaveUp = final || attempts >= MaxMailAttempts
		if gaveUp && attempts < MaxMailAttempts {
			attempts = MaxMailAttempts
		}
		_, err = tx.Exec(`UPDATE mail_jobs SET attempts = ?, next_at = ?, claimed_at = NULL, last_error = ? WHERE id = ?`,
			attempts, ms(now.Add(MailBackoff(attempts))), cause, id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to record the failure of mail job %d: %w", id, err)
	}
	return gaveUp, nil
}

// MailBackoff is the wait before the next try of a job that failed attempts
// times: 30 s, 1 min, 2 min, … doubling up to an hour.
func MailBackoff(attempts int) time.Duration {
	if attempts < 1 {
		return 0
	}
	d := mailBackoffBase
	for i := 1; i < attempts && d < mailBackoffMax; i++ {
		d *= 2
	}
	return min(d, mailBackoffMax)
}

// ReleaseMailClaims drops every claim on unsent jobs, so that jobs a dead
// process was sending are due again at once instead of after MailLease. Only
// the worker's start may call it: the data-directory lock (Lock) guarantees
// no other process is sending from this database at that moment. On
// PostgreSQL other nodes may be sending, so nothing is released there: a
// dead node's claims come due again when their lease ends.
func (s *Store) ReleaseMailClaims(ctx context.Context) (int, error) {
	if s.postgres {
		return 0, nil
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE mail_jobs SET claimed_at = NULL WHERE claimed_at IS NOT NULL AND sent_at IS NULL`)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to release mail claims: %w", err)
	}
	return int(n), nil
}

// PendingMail counts the emails still owed: unsent jobs with attempts left,
// due or waiting for a retry.
func (s *Store) PendingMail(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_jobs WHERE `+pendingMail).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count pending mail: %w", err)
	}
	return n, nil
}
