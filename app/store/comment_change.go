package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cocreate/app/domain"
)

// CommentChangeCheck decides, inside the write, whether a comment as
// stored may be changed, given its idea (domain.CanChangeComment).
type CommentChangeCheck func(idea domain.Idea, c domain.Comment) error

// commentToChange reads comment id and its idea for a write that changes
// the comment from what it read: on PostgreSQL its row is locked, so that
// a moderator's hide (which locks it too) and a helpful mark wait for the
// change, or the change for them, and each then reads what the other
// wrote.
func (s *Store) commentToChange(tx *sql.Tx, id int64) (domain.Idea, domain.Comment, error) {
	var c domain.Comment
	var created int64
	var edited, deleted sql.NullInt64
	err := tx.QueryRow(`SELECT id, idea_id, COALESCE(update_id, 0), author_id, body, official, hidden, helpful_at IS NOT NULL, created_at, edited_at, deleted_at
		FROM comments WHERE id = ?`+s.forUpdate, id).
		Scan(&c.ID, &c.IdeaID, &c.UpdateID, &c.Author.ID, &c.Body, &c.Official, &c.Hidden, &c.Helpful, &created, &edited, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Idea{}, c, domain.NotFound("comment")
	}
	if err != nil {
		return domain.Idea{}, c, fmt.Errorf("store: unable to load comment %d: %w", id, err)
	}
	c.CreatedAt, c.EditedAt, c.Deleted = fromMS(created), timePtr(edited), deleted.Valid
	if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM moderation_items WHERE item_type = 'comment' AND item_id = ? AND open = 1 AND reports > 0)`, id).Scan(&c.Reported); err != nil {
		return domain.Idea{}, c, fmt.Errorf("store: unable to read the reports of comment %d: %w", id, err)
	}
	idea, err := ideaTx(tx, c.IdeaID)
	return idea, c, err
}

// EditComment replaces the words of comment id with body and marks when,
// after check, and queues the comment for the search index, in one
// transaction. Notices already sent stand: they name the idea, not the
// words.
func (s *Store) EditComment(ctx context.Context, id int64, body string, check CommentChangeCheck) (domain.Comment, error) {
	now := s.Now()
	var c domain.Comment
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, read, err := s.commentToChange(tx, id)
		if err != nil {
			return err
		}
		if err := check(idea, read); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE comments SET body = ?, edited_at = ? WHERE id = ?`, body, ms(now), id); err != nil {
			return fmt.Errorf("store: unable to edit comment %d: %w", id, err)
		}
		c = read
		c.Body = body
		at := now.UTC().Truncate(1e6)
		c.EditedAt = &at
		return queue(tx, "comment", id, now)
	})
	return c, err
}

// DeleteComment deletes comment id after check, in one transaction: its
// words are erased (its row stays, a placeholder in the thread), its idea
// counts it no more (a hidden one was counted out already), a helpful
// mark and the points it earned go, the reports waiting on it are closed
// (there is nothing left to judge), and the search index is told to drop
// it. The notices that named it leave their readers' lists
// (noticeItemScan: a deleted comment is gone).
func (s *Store) DeleteComment(ctx context.Context, id int64, check CommentChangeCheck) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.commentToChange(tx, id)
		if err != nil {
			return err
		}
		if err := check(idea, c); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE comments SET body = '', deleted_at = ?, helpful_by = NULL, helpful_at = NULL WHERE id = ?`, ms(now), id); err != nil {
			return fmt.Errorf("store: unable to delete comment %d: %w", id, err)
		}
		if !c.Hidden {
			if _, err := tx.Exec(`UPDATE ideas SET comments = comments - 1 WHERE id = ?`, c.IdeaID); err != nil {
				return fmt.Errorf("store: unable to count comments of idea %d: %w", c.IdeaID, err)
			}
		}
		if _, err := tx.Exec(`DELETE FROM reputation_events WHERE kind = 'comment_helpful' AND ref_id = ?`, id); err != nil {
			return fmt.Errorf("store: unable to take back the points of comment %d: %w", id, err)
		}
		if _, err := tx.Exec(`UPDATE moderation_items SET open = 0, reports = 0, vouched = 0, auto_hidden = 0, review_requested = 0,
				since = (SELECT COALESCE(MAX(id), 0) FROM reports), updated_at = ? WHERE item_type = 'comment' AND item_id = ?`, ms(now), id); err != nil {
			return fmt.Errorf("store: unable to close the reports of comment %d: %w", id, err)
		}
		return queue(tx, "comment", id, now)
	})
}
