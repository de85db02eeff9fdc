package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// MergeIdea folds duplicate into original in one transaction: the
// duplicate's supporters move to the original once each (a fan who supported
// both counts once, and gets the spare vote of their budget back), the
// duplicate becomes merged and points at the original, and both counters
// equal their votes afterwards.
func (s *Store) MergeIdea(ctx context.Context, duplicateID, originalID, actorID int64, reason string) (domain.Idea, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		dup, err := ideaTx(tx, duplicateID)
		if err != nil {
			return err
		}
		orig, err := ideaTx(tx, originalID)
		if err != nil {
			return &domain.Error{Kind: domain.KindInvalid, Code: "unknown_idea", Field: "into", Message: "the original idea does not exist"}
		}
		if dup.ChallengeID != orig.ChallengeID {
			return domain.Invalid("into", "other_challenge", "ideas can be merged only within one challenge")
		}
		if !dup.State.Listed() || !orig.State.Listed() {
			return domain.Conflict("idea_not_mergeable", "only listed ideas can be merged")
		}
		if _, err := tx.Exec(`INSERT OR IGNORE INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age, held)
			SELECT ?, user_id, challenge_id, created_at, net, ua, age, held FROM votes WHERE idea_id = ?`, originalID, duplicateID); err != nil {
			return fmt.Errorf("store: unable to move votes: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM votes WHERE idea_id = ?`, duplicateID); err != nil {
			return fmt.Errorf("store: unable to clear merged votes: %w", err)
		}
		if err := recount(tx, orig); err != nil {
			return err
		}
		if err := recount(tx, dup); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE ideas SET state = 'merged', merged_into = ?, updated_at = ? WHERE id = ?`, originalID, ms(now), duplicateID); err != nil {
			return fmt.Errorf("store: unable to mark idea %d merged: %w", duplicateID, err)
		}
		if err := recordEvent(tx, duplicateID, actorID, dup.State, domain.StateMerged, reason, now); err != nil {
			return err
		}
		if err := notify(tx, dup.Author.ID, domain.NoticeMerged, domain.IdeaLink(originalID), now, dup.Title); err != nil {
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
