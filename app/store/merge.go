package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// MergeCheck decides, inside the merge's transaction, whether the duplicate
// may fold into the original as both stand now, and whether the duplicate
// is a project (domain.CanMerge).
type MergeCheck func(duplicate, original domain.Idea, duplicateProject bool) error

// MergeFollow chooses who follows the original after a merge, given the
// duplicate's followers (domain.MergeFollowers).
type MergeFollow func(duplicate, original domain.Idea, followers []int64) []int64

// MergeTell chooses the notices a merge sends, given the duplicate's
// followers (domain.MergedNotices).
type MergeTell func(duplicate, original domain.Idea, followers []int64) []domain.Outgoing

// MergeIdea folds duplicate into original in one transaction: the
// duplicate's supporters move to the original once each (a fan who supported
// both counts once, and gets the spare vote of their budget back), the
// duplicate becomes merged and points at the original, and both counters
// equal their votes afterwards. Ratings, pair choices and buying intents
// follow the votes (mergeMethodActs); those follow chooses come to follow
// the original (none unfollows the duplicate).
func (s *Store) MergeIdea(ctx context.Context, duplicateID, originalID, actorID int64, reason string, check MergeCheck, follow MergeFollow, tellMerged MergeTell) (domain.Idea, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Every idea the merge recounts is locked before it reads or writes
		// them, all at once in id order (lockIdeas): the two, and the third
		// ideas whose comparisons with the duplicate are dropped.
		dropped, err := droppedComparisons(tx, duplicateID, originalID)
		if err != nil {
			return err
		}
		if err := s.lockIdeas(tx, []int64{duplicateID, originalID}, dropped); err != nil {
			return err
		}
		dup, err := ideaTx(tx, duplicateID)
		if err != nil {
			return err
		}
		orig, err := ideaTx(tx, originalID)
		if err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Code: "unknown_idea", Field: "into", Message: "the original idea does not exist"}
		}
		var project bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM projects WHERE idea_id = ?)`, duplicateID).Scan(&project); err != nil {
			return fmt.Errorf("store: unable to read idea %d's project: %w", duplicateID, err)
		}
		if err := check(dup, orig, project); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age, held)
			SELECT ?, user_id, challenge_id, created_at, net, ua, age, held FROM votes WHERE idea_id = ?
			ON CONFLICT DO NOTHING`, originalID, duplicateID); err != nil {
			return fmt.Errorf("store: unable to move votes: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM votes WHERE idea_id = ?`, duplicateID); err != nil {
			return fmt.Errorf("store: unable to clear merged votes: %w", err)
		}
		if err := s.mergeMethodActs(tx, duplicateID, originalID); err != nil {
			return err
		}
		if err := s.recountVotes(tx, []int64{originalID, duplicateID}); err != nil {
			return err
		}
		followers, err := list(ctx, tx, "the duplicate's followers", scanOne[int64], `SELECT user_id FROM follows WHERE idea_id = ? ORDER BY user_id`, duplicateID)
		if err != nil {
			return err
		}
		for _, id := range follow(dup, orig, followers) {
			if _, err := tx.Exec(`INSERT INTO follows (user_id, idea_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, id, originalID, ms(now)); err != nil {
				return fmt.Errorf("store: unable to carry a follow to idea %d: %w", originalID, err)
			}
		}
		if _, err := tx.Exec(`UPDATE ideas SET state = 'merged', merged_into = ?, updated_at = ? WHERE id = ?`, originalID, ms(now), duplicateID); err != nil {
			return fmt.Errorf("store: unable to mark idea %d merged: %w", duplicateID, err)
		}
		if err := recordEvent(tx, duplicateID, actorID, dup.State, domain.StateMerged, reason, now); err != nil {
			return err
		}
		if err := tell(tx, now, tellMerged(dup, orig, followers)); err != nil {
			return err
		}
		if err := queue(tx, "idea", duplicateID, now); err != nil {
			return err
		}
		return queue(tx, "idea", originalID, now)
	})
	if err != nil {
		return domain.Idea{}, err
	}
	return s.Idea(ctx, duplicateID)
}
