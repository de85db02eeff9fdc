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

// CommentCheck decides, inside the transaction, whether a comment may be
// added to idea.
type CommentCheck func(idea domain.Idea) error

// CommentTell chooses who hears of a new comment (domain.CommentNotices),
// given the author of the project update it answers (0: none), the
// engineer of the idea's project (0: none), the idea's followers and those
// of them (or its author, the update's, the engineer) who already have an
// unread notice of comments on it.
type CommentTell func(idea domain.Idea, c domain.Comment, updateAuthor, engineer int64, followers []int64, waiting map[int64]bool) []domain.Outgoing

// CreateComment adds a comment, bumps the idea's comment counter and writes
// the notices tellNew chooses (with tellNew, its author's unread notices of
// the kinds domain.CommenterReads about the idea are read), in the same
// transaction; when follows says
// so of the idea and whether this is the author's first act in its thread
// (no earlier comment of theirs, nor a status they set: actedInThread;
// nil: never), its author follows the idea from then on (if not
// already). updateID is the
// project update it answers (0: none), which the caller has checked is
// one of the idea's project's (UpdateOf).
func (s *Store) CreateComment(ctx context.Context, ideaID, updateID int64, author domain.Author, body string, official bool, follows func(idea domain.Idea, first bool) bool, check CommentCheck, tellNew CommentTell) (domain.Comment, error) {
	now := s.Now()
	cm := domain.Comment{IdeaID: ideaID, UpdateID: updateID, Author: author, Body: body, Official: official, CreatedAt: now.UTC().Truncate(1e6)}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, author.ID); err != nil {
			return err
		}
		idea, err := ideaTx(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(idea); err != nil {
			return err
		}
		err = tx.QueryRow(`INSERT INTO comments (idea_id, update_id, author_id, body, official, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			ideaID, sql.NullInt64{Int64: updateID, Valid: updateID != 0}, author.ID, body, official, ms(now)).Scan(&cm.ID)
		if err != nil {
			return fmt.Errorf("store: unable to add comment: %w", err)
		}
		if _, err := tx.Exec(`UPDATE ideas SET comments = comments + 1 WHERE id = ?`, ideaID); err != nil {
			return fmt.Errorf("store: unable to count comment: %w", err)
		}
		if follows != nil {
			earlier, err := actedInThread(tx, author.ID, ideaID, cm.ID, 0)
			if err != nil {
				return err
			}
			if follows(idea, !earlier) {
				if err := followTx(tx, author.ID, ideaID, ms(now)); err != nil {
					return err
				}
			}
		}
		if tellNew != nil {
			// Its author has read the thread they answer (domain.CommenterReads).
			kinds := []any{ms(now), author.ID, ideaID}
			for _, k := range domain.CommenterReads {
				kinds = append(kinds, string(k))
			}
			if _, err := tx.Exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND idea_id = ? AND kind IN (`+marks(len(domain.CommenterReads))+`)`, kinds...); err != nil {
				return fmt.Errorf("store: unable to mark the commenter's notices read: %w", err)
			}
			var updateAuthor int64
			if updateID != 0 {
				if err := tx.QueryRow(`SELECT author_id FROM project_updates WHERE id = ?`, updateID).Scan(&updateAuthor); err != nil {
					return fmt.Errorf("store: unable to read the update: %w", err)
				}
			}
			var engineer int64
			if err := tx.QueryRow(`SELECT owner_id FROM projects WHERE idea_id = ?`, ideaID).Scan(&engineer); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: unable to read the idea's project: %w", err)
			}
			followers, waiting, err := commentAudience(ctx, tx, idea, updateAuthor, engineer)
			if err != nil {
				return err
			}
			if err := tell(tx, now, tellNew(idea, cm, updateAuthor, engineer, followers, waiting)); err != nil {
				return err
			}
		}
		return queue(tx, "comment", cm.ID, now)
	})
	return cm, err
}

// Comments lists up to limit of an idea's comments after the one with id
// after (0: from the first), oldest first, hidden and deleted ones
// included (marked): the service decides who sees them.
func (s *Store) Comments(ctx context.Context, ideaID, after int64, limit int) ([]domain.Comment, error) {
	return list(ctx, s.r, "comments", func(rows *sql.Rows) (domain.Comment, error) {
		var c domain.Comment
		var created int64
		var edited, deleted sql.NullInt64
		err := rows.Scan(&c.ID, &c.IdeaID, &c.UpdateID, &c.Author.ID, &c.Author.Name, &c.Body, &c.Official, &c.Hidden, &c.Helpful, &created, &edited, &deleted)
		c.CreatedAt, c.EditedAt, c.Deleted = fromMS(created), timePtr(edited), deleted.Valid
		return c, err
	}, `SELECT c.id, c.idea_id, COALESCE(c.update_id, 0), c.author_id, u.name, c.body, c.official, c.hidden, c.helpful_at IS NOT NULL, c.created_at, c.edited_at, c.deleted_at
		FROM comments c JOIN users u ON u.id = c.author_id WHERE c.idea_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`, ideaID, after, limit)
}

// UpdateOf is the idea whose project posted update updateID (a progress
// post or a stage move), and that project; 0s when there is no such update.
func (s *Store) UpdateOf(ctx context.Context, updateID int64) (ideaID, projectID int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT p.idea_id, p.id FROM project_updates pu JOIN projects p ON p.id = pu.project_id WHERE pu.id = ?`,
		updateID).Scan(&ideaID, &projectID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: unable to read update: %w", err)
	}
	return ideaID, projectID, nil
}

// updateCountsQuery counts, for each of a project's updates, the comments
// answering it that no one hid or deleted: over the comments_update index
// (update, hidden, id; deleted ones left out) alone, never reading a
// comment.
const updateCountsQuery = `SELECT pu.id, (SELECT COUNT(*) FROM comments c WHERE c.update_id = pu.id AND c.hidden = 0 AND c.deleted_at IS NULL)
	FROM project_updates pu WHERE pu.project_id = ?`

// updateCommentsQuery is one update's newest comments that no one hid or
// deleted, from the comments_update index's end.
const updateCommentsQuery = `SELECT c.id, c.idea_id, c.update_id, c.author_id, u.name, c.body, c.official, c.helpful_at IS NOT NULL, c.created_at, c.edited_at
	FROM comments c JOIN users u ON u.id = c.author_id
	WHERE c.update_id = ? AND c.hidden = 0 AND c.deleted_at IS NULL ORDER BY c.id DESC LIMIT ?`

// UpdateCommentCounts is how many comments no one hid answer each of
// project projectID's updates, by update (those with none left out).
func (s *Store) UpdateCommentCounts(ctx context.Context, projectID int64) (map[int64]int, error) {
	type count struct {
		update int64
		n      int
	}
	counted, err := list(ctx, s.r, "update comment counts", func(rows *sql.Rows) (count, error) {
		var c count
		err := rows.Scan(&c.update, &c.n)
		return c, err
	}, updateCountsQuery, projectID)
	if err != nil {
		return nil, err
	}
	counts := map[int64]int{}
	for _, c := range counted {
		if c.n > 0 {
			counts[c.update] = c.n
		}
	}
	return counts, nil
}

// UpdateComments lists the newest perUpdate comments no one hid of each
// of the updates updateIDs, oldest first, by update: one read an update,
// each from the index's end, so a page costs perUpdate rows an update
// whatever the number of comments (a single query joining the updates to
// their comments is planned by PostgreSQL as a scan of every comment).
func (s *Store) UpdateComments(ctx context.Context, updateIDs []int64, perUpdate int) (map[int64][]domain.Comment, error) {
	byUpdate := map[int64][]domain.Comment{}
	for _, id := range updateIDs {
		newest, err := list(ctx, s.r, "update comments", func(rows *sql.Rows) (domain.Comment, error) {
			var c domain.Comment
			var created int64
			var edited sql.NullInt64
			err := rows.Scan(&c.ID, &c.IdeaID, &c.UpdateID, &c.Author.ID, &c.Author.Name, &c.Body, &c.Official, &c.Helpful, &created, &edited)
			c.CreatedAt, c.EditedAt = fromMS(created), timePtr(edited)
			return c, err
		}, updateCommentsQuery, id, perUpdate)
		if err != nil {
			return nil, err
		}
		if len(newest) > 0 {
			slices.Reverse(newest)
			byUpdate[id] = newest
		}
	}
	return byUpdate, nil
}

// CommentPlace is where comment commentID of idea ideaID stands in the
// idea's comments paged by pageSize (Comments after the cursor, hidden ones
// included): the cursor of the page that holds it (0: the first page), and
// the comment's author and hidden mark; found false when the idea has no
// such comment. Two reads on the comments_idea index: how many comments
// come before it (a count walks the index without numbering each row, a
// seventh of a window function's cost: ~2 ms at 50,000 comments), then
// the last of the pages before its own.
func (s *Store) CommentPlace(ctx context.Context, ideaID, commentID int64, pageSize int) (after, authorID int64, hidden, found bool, err error) {
	var before int64
	err = s.r.QueryRowContext(ctx, `SELECT t.author_id, t.hidden, (SELECT COUNT(*) FROM comments WHERE idea_id = ? AND id < ?)
		FROM comments t WHERE t.id = ? AND t.idea_id = ?`, ideaID, commentID, commentID, ideaID).Scan(&authorID, &hidden, &before)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, false, nil
	}
	if err != nil {
		return 0, 0, false, false, fmt.Errorf("comment place: %w", err)
	}
	if shown := before / int64(pageSize) * int64(pageSize); shown > 0 {
		err = s.r.QueryRowContext(ctx, `SELECT id FROM comments WHERE idea_id = ? AND id < ? ORDER BY id LIMIT 1 OFFSET ?`,
			ideaID, commentID, shown-1).Scan(&after)
		if errors.Is(err, sql.ErrNoRows) {
			// Comments keep their rows when deleted; were one gone, the first page.
			return 0, authorID, hidden, true, nil
		}
		if err != nil {
			return 0, 0, false, false, fmt.Errorf("comment place: %w", err)
		}
	}
	return after, authorID, hidden, true, nil
}

// commentAudience loads an idea's followers, and which of them (and its
// author, updateAuthor: the author of the project update a comment
// answers, and engineer: its project's, 0 for none) have an unread notice
// of a comment on it still shown: one query, walking the idea's follows
// and each follower's unread notices by index.
func commentAudience(ctx context.Context, tx *sql.Tx, idea domain.Idea, updateAuthor, engineer int64) ([]int64, map[int64]bool, error) {
	ids := scanOne[int64]
	followers, err := list(ctx, tx, "followers", ids, `SELECT user_id FROM follows WHERE idea_id = ? ORDER BY user_id`, idea.ID)
	if err != nil {
		return nil, nil, err
	}
	about, atComment := domain.IdeaLink(idea.ID)+"#%", domain.IdeaLink(idea.ID)+"?comment=%"
	// Each branch's kinds and addresses: every kind of plain comment.
	kinds := strings.TrimSuffix(strings.Repeat("?, ", len(domain.CommentNoticeKinds)), ", ")
	unread := func(lead ...any) []any {
		for _, k := range domain.CommentNoticeKinds {
			lead = append(lead, string(k))
		}
		return append(lead, about, atComment)
	}
	// A notice about a comment hidden or deleted since waits for nobody:
	// the reader's list and badge no longer show it (domain.MaySeeNotice),
	// so it would never be read and every later comment would reach nobody.
	shown := ` AND NOT EXISTS (SELECT 1 FROM comments cm WHERE cm.id = n.comment_id AND (cm.hidden <> 0 OR cm.deleted_at IS NOT NULL))`
	waitingIDs, err := list(ctx, tx, "waiting readers", ids, `SELECT f.user_id FROM follows f
		WHERE f.idea_id = ? AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = f.user_id AND n.read_at IS NULL AND n.kind IN (`+kinds+`) AND (n.url LIKE ? OR n.url LIKE ?)`+shown+`)
		UNION SELECT n.user_id FROM notifications n WHERE n.user_id IN (?, ?, ?) AND n.read_at IS NULL AND n.kind IN (`+kinds+`) AND (n.url LIKE ? OR n.url LIKE ?)`+shown,
		append(unread(idea.ID), unread(idea.Author.ID, updateAuthor, engineer)...)...)
	if err != nil {
		return nil, nil, err
	}
	waiting := map[int64]bool{}
	for _, u := range waitingIDs {
		waiting[u] = true
	}
	return followers, waiting, nil
}
