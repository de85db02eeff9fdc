package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// ReplyWaits lists, for a challenge, every fan's idea and fan's comment with
// the time of the first official reply on the same idea after it (nil while
// unanswered), oldest first. Ideas posted by staff are not waiting for
// anyone; hidden comments count on neither side: a hidden fan's comment
// (spam, abuse) waits for no answer, and a hidden official one answers
// nobody, as neither can be read.
func (s *Store) ReplyWaits(ctx context.Context, challengeID int64) ([]domain.ReplyWait, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT 'idea', i.id, i.id, i.challenge_id, i.title, i.created_at,
			(SELECT MIN(c.created_at) FROM comments c WHERE c.idea_id = i.id AND c.official = 1 AND c.hidden = 0 AND c.deleted_at IS NULL AND c.created_at >= i.created_at)
		FROM ideas i
		WHERE i.challenge_id = ? AND i.`+listed+`
		  AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = i.author_id AND r.role IN ('engineer', 'admin'))
		UNION ALL
		SELECT 'comment', c.id, c.idea_id, i.challenge_id, i.title, c.created_at,
			(SELECT MIN(o.created_at) FROM comments o WHERE o.idea_id = c.idea_id AND o.official = 1 AND o.hidden = 0 AND o.deleted_at IS NULL AND o.id > c.id)
		FROM comments c JOIN ideas i ON i.id = c.idea_id
		WHERE i.challenge_id = ? AND i.`+listed+` AND c.official = 0 AND c.hidden = 0 AND c.deleted_at IS NULL
		ORDER BY 6`, challengeID, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to measure reply times: %w", err)
	}
	defer rows.Close()
	var out []domain.ReplyWait
	for rows.Next() {
		var w domain.ReplyWait
		var posted int64
		var replied sql.NullInt64
		if err := rows.Scan(&w.Kind, &w.ID, &w.IdeaID, &w.ChallengeID, &w.Title, &posted, &replied); err != nil {
			return nil, err
		}
		w.PostedAt, w.RepliedAt = fromMS(posted), timePtr(replied)
		out = append(out, w)
	}
	return out, rows.Err()
}
