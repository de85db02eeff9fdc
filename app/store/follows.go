package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SetFollow starts or stops a person following an idea; doing it twice
// changes nothing.
func (s *Store) SetFollow(ctx context.Context, userID, ideaID int64, follow bool, check CommentCheck) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		idea, err := ideaTx(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(idea); err != nil {
			return err
		}
		if follow {
			_, err = tx.Exec(`INSERT INTO follows (user_id, idea_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, userID, ideaID, ms(s.Now()))
		} else {
			_, err = tx.Exec(`DELETE FROM follows WHERE user_id = ? AND idea_id = ?`, userID, ideaID)
		}
		if err != nil {
			return fmt.Errorf("store: unable to change follow: %w", err)
		}
		return nil
	})
}

// Following reports whether a person follows an idea.
func (s *Store) Following(ctx context.Context, userID, ideaID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM follows WHERE user_id = ? AND idea_id = ?`, userID, ideaID).Scan(&n)
	return n > 0, err
}
