package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// notify tells a person something, inside the caller's transaction, so the
// notice exists exactly when the change it reports does.
func notify(tx *sql.Tx, userID int64, kind domain.NoticeKind, url string, now time.Time, args ...string) error {
	if args == nil {
		args = []string{}
	}
	raw, _ := json.Marshal(args)
	var id int64
	err := tx.QueryRow(`INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		userID, string(kind), string(raw), url, ms(now)).Scan(&id)
	if err != nil {
		return fmt.Errorf("store: unable to notify user %d: %w", userID, err)
	}
	// The email goes out from a job written in the same transaction, so a
	// crash can delay it but never lose it.
	return EnqueueMail(tx, id, now)
}

// tell writes the notices the service chose, with their emails.
func tell(tx *sql.Tx, now time.Time, out []domain.Outgoing) error {
	for _, o := range out {
		if err := notify(tx, o.To, o.Kind, o.URL, now, o.Args...); err != nil {
			return err
		}
	}
	return nil
}

// Notifications lists a person's newest notices. Confirmation emails ride
// the notification queue (QueueVerification) but are no news: not listed.
func (s *Store) Notifications(ctx context.Context, userID int64, limit int) ([]domain.Notice, error) {
	return list(ctx, s.r, "notifications", func(rows *sql.Rows) (domain.Notice, error) {
		var n domain.Notice
		var args string
		var created int64
		if err := rows.Scan(&n.ID, &n.Kind, &args, &n.URL, &n.Read, &created); err != nil {
			return n, err
		}
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return n, fmt.Errorf("notice %d is unreadable: %w", n.ID, err)
		}
		n.CreatedAt = fromMS(created)
		return n, nil
	}, `SELECT id, kind, args, url, read_at IS NOT NULL, created_at
		FROM notifications WHERE user_id = ? AND kind <> 'verify_email' ORDER BY id DESC LIMIT ?`, userID, limit)
}

// UnreadCount counts a person's unread notices, for the header badge.
func (s *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks all of a person's notices read.
func (s *Store) MarkRead(ctx context.Context, userID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, ms(s.Now()), userID)
		return err
	})
}
