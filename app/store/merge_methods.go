package store

import (
	"database/sql"
	"fmt"
)

// mergeMethodActs moves a merged duplicate's ratings, pair choices and
// buying intents (#16) to the original, inside the merge's transaction, as
// MergeIdea moves its votes: a fan who acted on both ideas keeps what they
// said about the original (their rating, their comparison, their intent),
// the duplicate's is dropped. A comparison of the duplicate with the
// original itself is dropped (an idea is not compared with itself); one of
// the duplicate with another idea becomes one of the original with it, the
// duplicate's win the original's. Every idea whose counters the move
// touches is recounted from its rows not held, so `cocreate check` holds.
func (s *Store) mergeMethodActs(tx *sql.Tx, duplicateID, originalID int64) error {
	var rated, bought int
	if err := tx.QueryRow(`SELECT (SELECT COUNT(*) FROM ratings WHERE idea_id = ?), (SELECT COUNT(*) FROM intents WHERE idea_id = ?)`,
		duplicateID, duplicateID).Scan(&rated, &bought); err != nil {
		return fmt.Errorf("store: unable to read the duplicate's ratings and intents: %w", err)
	}
	if rated > 0 {
		if _, err := tx.Exec(`INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at, net, ua, age, held)
			SELECT ?, user_id, challenge_id, stars, created_at, updated_at, net, ua, age, held FROM ratings WHERE idea_id = ?
			ON CONFLICT DO NOTHING`, originalID, duplicateID); err != nil {
			return fmt.Errorf("store: unable to move ratings: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM ratings WHERE idea_id = ?`, duplicateID); err != nil {
			return fmt.Errorf("store: unable to clear merged ratings: %w", err)
		}
	}
	if bought > 0 {
		if _, err := tx.Exec(`INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, max_price, created_at, updated_at, net, ua, age, held)
			SELECT ?, user_id, challenge_id, quantity, options, max_price, created_at, updated_at, net, ua, age, held FROM intents WHERE idea_id = ?
			ON CONFLICT DO NOTHING`, originalID, duplicateID); err != nil {
			return fmt.Errorf("store: unable to move intents: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM intents WHERE idea_id = ?`, duplicateID); err != nil {
			return fmt.Errorf("store: unable to clear merged intents: %w", err)
		}
		if err := s.recountIntents(tx, []int64{originalID, duplicateID}); err != nil {
			return err
		}
	}
	var compared int
	if err := tx.QueryRow(`SELECT (SELECT COUNT(*) FROM comparisons WHERE low_id = ?) + (SELECT COUNT(*) FROM comparisons WHERE high_id = ?)`,
		duplicateID, duplicateID).Scan(&compared); err != nil {
		return fmt.Errorf("store: unable to read the duplicate's comparisons: %w", err)
	}
	var recounted []int64
	if compared > 0 {
		// A third idea's counters change only where its comparison with the
		// duplicate is dropped because the fan compared it with the original
		// too (a moved one still names it once, won or lost as before): only
		// those are recounted, with the two merged ideas.
		dropped, err := droppedComparisons(tx, duplicateID, originalID)
		if err != nil {
			return err
		}
		// MergeIdea locked the ideas dropped when it began (in id order,
		// with the two). One dropped only by a comparison that landed
		// between its read and its lock is locked now: late, out of order,
		// but before its recount.
		if err := s.lockIdeas(tx, dropped); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at, net, ua, age, held)
			SELECT challenge_id, user_id, CASE WHEN other < ? THEN other ELSE ? END, CASE WHEN other < ? THEN ? ELSE other END,
				CASE WHEN winner_id = ? THEN ? ELSE winner_id END, created_at, net, ua, age, held
			FROM (SELECT challenge_id, user_id, winner_id, created_at, net, ua, age, held,
				CASE WHEN low_id = ? THEN high_id ELSE low_id END AS other
				FROM comparisons WHERE low_id = ? OR high_id = ?) x
			WHERE other != ?
			ORDER BY created_at
			ON CONFLICT DO NOTHING`,
			originalID, originalID, originalID, originalID, duplicateID, originalID,
			duplicateID, duplicateID, duplicateID, originalID); err != nil {
			return fmt.Errorf("store: unable to move comparisons: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM comparisons WHERE low_id = ? OR high_id = ?`, duplicateID, duplicateID); err != nil {
			return fmt.Errorf("store: unable to clear merged comparisons: %w", err)
		}
		recounted = append(dropped, originalID, duplicateID)
	}
	var ratedIDs []int64
	if rated > 0 {
		ratedIDs = []int64{originalID, duplicateID}
	}
	return s.recountMethods(tx, ratedIDs, recounted)
}

// droppedComparisons are the third ideas whose comparison with the
// duplicate a merge into original drops because the same fan compared
// them with the original too.
func droppedComparisons(tx *sql.Tx, duplicateID, originalID int64) ([]int64, error) {
	dropped, err := int64s(tx, `SELECT DISTINCT x.other FROM (SELECT user_id, challenge_id,
			CASE WHEN low_id = ? THEN high_id ELSE low_id END AS other FROM comparisons WHERE low_id = ? OR high_id = ?) x
		WHERE x.other != ? AND EXISTS (SELECT 1 FROM comparisons c WHERE c.user_id = x.user_id AND c.challenge_id = x.challenge_id
			AND c.low_id = CASE WHEN x.other < ? THEN x.other ELSE ? END AND c.high_id = CASE WHEN x.other < ? THEN ? ELSE x.other END)`,
		duplicateID, duplicateID, duplicateID, originalID, originalID, originalID, originalID, originalID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the duplicate's comparisons: %w", err)
	}
	return dropped, nil
}
