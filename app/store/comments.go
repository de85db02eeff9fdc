package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// CommentCheck decides, inside the transaction, whether a comment may be
// added to idea.
type CommentCheck func(idea domain.Idea) error

// CreateComment adds a comment and bumps the idea's comment counter in the
// same transaction.
func (s *Store) CreateComment(ctx context.Context, ideaID int64, author domain.Author, body string, official bool, check CommentCheck) (domain.Comment, error) {
	now := s.Now()
	cm := domain.Comment{IdeaID: ideaID, Author: author, Body: body, Official: official, CreatedAt: now.UTC().Truncate(1e6)}
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, err := ideaTx(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(idea); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO comments (idea_id, author_id, body, official, created_at) VALUES (?, ?, ?, ?, ?)`,
			ideaID, author.ID, body, official, ms(now))
		if err != nil {
			return fmt.Errorf("store: unable to add comment: %w", err)
		}
		cm.ID, _ = res.LastInsertId()
		if _, err := tx.Exec(`UPDATE ideas SET comments = comments + 1 WHERE id = ?`, ideaID); err != nil {
			return fmt.Errorf("store: unable to count comment: %w", err)
		}
		if official && idea.Author.ID != author.ID {
			url := domain.CommentLink(ideaID, cm.ID)
			if err := notify(tx, idea.Author.ID, domain.NoticeOfficial, url, now, idea.Title); err != nil {
				return err
			}
		}
		return queue(tx, "comment", cm.ID, now)
	})
	return cm, err
}

// Comments lists up to limit of an idea's comments after the one with id
// after (0: from the first), oldest first, hidden ones included (marked):
// the service decides who sees them.
func (s *Store) Comments(ctx context.Context, ideaID, after int64, limit int) ([]domain.Comment, error) {
	return list(ctx, s.r, "comments", func(rows *sql.Rows) (domain.Comment, error) {
		var c domain.Comment
		var created int64
		err := rows.Scan(&c.ID, &c.IdeaID, &c.Author.ID, &c.Author.Name, &c.Body, &c.Official, &c.Hidden, &c.Helpful, &created)
		c.CreatedAt = fromMS(created)
		return c, err
	}, `SELECT c.id, c.idea_id, c.author_id, u.name, c.body, c.official, c.hidden, c.helpful_at IS NOT NULL, c.created_at
		FROM comments c JOIN users u ON u.id = c.author_id WHERE c.idea_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`, ideaID, after, limit)
}
