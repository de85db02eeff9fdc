package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cocreate/app/domain"
)

// OpenNotice marks one of a person's notices read (opening it reads it)
// and gives where its link points. Only the person's own notices: another's,
// a confirmation email's (never listed) or none at all is not found, the
// same answer for each. A notice already read is not written again.
func (s *Store) OpenNotice(ctx context.Context, userID, noticeID int64) (url string, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		var read sql.NullInt64
		err := tx.QueryRow(`SELECT url, read_at FROM notifications WHERE id = ? AND user_id = ? AND kind <> 'verify_email'`,
			noticeID, userID).Scan(&url, &read)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("notification")
		}
		if err != nil {
			return fmt.Errorf("store: unable to read notice %d: %w", noticeID, err)
		}
		if read.Valid {
			return nil
		}
		if _, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL`, ms(s.Now()), noticeID); err != nil {
			return fmt.Errorf("store: unable to mark notice %d read: %w", noticeID, err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return url, nil
}
