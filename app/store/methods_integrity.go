package store

import (
	"database/sql"
	"fmt"
)

// Vote integrity sees ratings, pair choices and buying intents (#16) as it
// sees votes: a quarantined group's ratings, comparisons and intents in the
// challenge are held out of the counters (and the demand report) with its
// votes (holdActs), cleared with them, and removed with them.

// removeMethodActs deletes the ratings, comparisons and intents of a group's
// members in a challenge and recounts the ideas they touched.
func removeMethodActs(tx *sql.Tx, challengeID, groupID int64) error {
	rated, err := int64s(tx, `SELECT DISTINCT r.idea_id FROM ratings r JOIN integrity_members m ON m.user_id = r.user_id
		WHERE m.group_id = ? AND r.challenge_id = ?`, groupID, challengeID)
	if err != nil {
		return err
	}
	compared, err := int64s(tx, `SELECT c.low_id FROM comparisons c JOIN integrity_members m ON m.user_id = c.user_id
		WHERE m.group_id = ? AND c.challenge_id = ?
		UNION SELECT c.high_id FROM comparisons c JOIN integrity_members m ON m.user_id = c.user_id
		WHERE m.group_id = ? AND c.challenge_id = ?`, groupID, challengeID, groupID, challengeID)
	if err != nil {
		return err
	}
	bought, err := int64s(tx, `SELECT DISTINCT t.idea_id FROM intents t JOIN integrity_members m ON m.user_id = t.user_id
		WHERE m.group_id = ? AND t.challenge_id = ?`, groupID, challengeID)
	if err != nil {
		return err
	}
	for _, table := range []string{"ratings", "comparisons", "intents"} {
		if _, err := tx.Exec(`DELETE FROM `+table+` WHERE challenge_id = ?
			AND user_id IN (SELECT user_id FROM integrity_members WHERE group_id = ?)`, challengeID, groupID); err != nil {
			return fmt.Errorf("store: unable to remove a group's %s: %w", table, err)
		}
	}
	if err := recountIntents(tx, bought); err != nil {
		return err
	}
	return recountMethods(tx, rated, compared)
}

// recountMethods sets the rating counters of the rated ideas and the
// comparison counters of the compared ones from their rows not held.
func recountMethods(tx *sql.Tx, rated, compared []int64) error {
	for _, id := range rated {
		var t StarTally
		if err := tx.QueryRow(`SELECT COUNT(*), COALESCE(SUM(stars), 0) FROM ratings WHERE idea_id = ? AND held = 0`, id).
			Scan(&t.Ratings, &t.Sum); err != nil {
			return fmt.Errorf("store: unable to count ratings of idea %d: %w", id, err)
		}
		if err := setRatings(tx, id, t); err != nil {
			return err
		}
	}
	for _, id := range compared {
		// Each side by its own index (comparisons_low, comparisons_high): an
		// idea is never on both sides of one comparison.
		if _, err := tx.Exec(`UPDATE ideas SET
			comparisons = (SELECT COUNT(*) FROM comparisons c WHERE c.low_id = ideas.id AND c.held = 0 AND c.winner_id IS NOT NULL)
				+ (SELECT COUNT(*) FROM comparisons c WHERE c.high_id = ideas.id AND c.held = 0 AND c.winner_id IS NOT NULL),
			wins = (SELECT COUNT(*) FROM comparisons c WHERE c.low_id = ideas.id AND c.held = 0 AND c.winner_id = ideas.id)
				+ (SELECT COUNT(*) FROM comparisons c WHERE c.high_id = ideas.id AND c.held = 0 AND c.winner_id = ideas.id)
			WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: unable to count comparisons of idea %d: %w", id, err)
		}
	}
	return nil
}
