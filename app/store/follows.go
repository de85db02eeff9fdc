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

// actedInThread reports whether a person had acted in an idea's thread
// before: a comment of theirs on it, or a status they set on it (a board
// post's), leaving out the comment and the status record just written
// (0: none). Two index probes (comments_author_idea, idea_statuses_idea
// over a post's few statuses).
func actedInThread(tx *sql.Tx, userID, ideaID, commentID, statusID int64) (bool, error) {
	var acted bool
	err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM comments WHERE idea_id = ? AND author_id = ? AND id <> ?)
		OR EXISTS (SELECT 1 FROM idea_statuses WHERE idea_id = ? AND actor_id = ? AND id <> ?)`,
		ideaID, userID, commentID, ideaID, userID, statusID).Scan(&acted)
	if err != nil {
		return false, fmt.Errorf("store: unable to read whether %d acted on idea %d: %w", userID, ideaID, err)
	}
	return acted, nil
}

// followTx makes a person follow an idea from now on (if not already).
func followTx(tx *sql.Tx, userID, ideaID int64, now int64) error {
	if _, err := tx.Exec(`INSERT INTO follows (user_id, idea_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, userID, ideaID, now); err != nil {
		return fmt.Errorf("store: unable to follow the idea: %w", err)
	}
	return nil
}
