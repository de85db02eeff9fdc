package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"cocreate/app/domain"
)

// Vote integrity sees ratings, pair choices and buying intents (#16) as it
// sees votes: a quarantined group's ratings, comparisons and intents in the
// challenge are held out of the counters (and the demand report) with its
// votes (holdActs), cleared with them, and removed with them.

// removeMethodActs deletes the ratings, comparisons and intents of a
// group's members in a challenge, on the ideas its removal locked (acts),
// and recounts the ideas they touched.
func (s *Store) removeMethodActs(tx *sql.Tx, acts lockedActs) error {
	from, args := acts.of("ratings", "idea_id")
	rated, err := int64s(tx, `SELECT DISTINCT a.idea_id`+from, args...)
	if err != nil {
		return err
	}
	from, args = acts.of("comparisons", "low_id", "high_id")
	compared, err := int64s(tx, `SELECT a.low_id`+from+` UNION SELECT a.high_id`+from, concat(args, args)...)
	if err != nil {
		return err
	}
	from, args = acts.of("intents", "idea_id")
	bought, err := int64s(tx, `SELECT DISTINCT a.idea_id`+from, args...)
	if err != nil {
		return err
	}
	for _, del := range []struct {
		table string
		cols  []string
	}{{"ratings", []string{"idea_id"}}, {"comparisons", []string{"low_id", "high_id"}}, {"intents", []string{"idea_id"}}} {
		cond, args := acts.delete(del.cols...)
		if _, err := tx.Exec(`DELETE FROM `+del.table+` WHERE `+cond, args...); err != nil {
			return fmt.Errorf("store: unable to remove a group's %s: %w", del.table, err)
		}
	}
	if err := s.recountIntents(tx, bought); err != nil {
		return err
	}
	return s.recountMethods(tx, rated, compared)
}

// memberActs is the FROM and WHERE of the acts (rows of table, as a) of a
// group's members (m) in a challenge: its arguments are the group and the
// challenge.
func memberActs(table string) string {
	return ` FROM ` + table + ` a JOIN integrity_members m ON m.user_id = a.user_id WHERE m.group_id = ? AND a.challenge_id = ?`
}

// lockedActs are a group's members' acts in a challenge on the ideas its
// removal locked first (lockIdeas). On PostgreSQL every read and delete of
// the removal keeps to those ideas: another node may commit a member's act
// on some other idea at any moment, and the removal must neither delete
// it nor lock that idea after the others. On SQLite the one writer is
// alone: nothing changes between the removal's read and its writes, and
// no condition is added.
type lockedActs struct {
	s                *Store
	group, challenge int64
	ideas            []int64
}

func (s *Store) lockedActs(groupID, challengeID int64, ideas []int64) lockedActs {
	return lockedActs{s: s, group: groupID, challenge: challengeID, ideas: ideas}
}

// on is the condition that each of cols (columns of the act) is a locked
// idea, " AND …" with its arguments; empty on SQLite. (A hold, markHeld,
// keeps to the ideas it locked with it too.)
func (l lockedActs) on(prefix string, cols []string) (string, []any) {
	if !l.s.postgres {
		return "", nil
	}
	var b strings.Builder
	var args []any
	for _, col := range cols {
		cond, a := l.s.inIDs(prefix+col, l.ideas)
		b.WriteString(" AND " + cond)
		args = append(args, a...)
	}
	return b.String(), args
}

// of is memberActs of table kept to the locked ideas (cols of the act):
// the FROM and WHERE, with every argument.
func (l lockedActs) of(table string, cols ...string) (string, []any) {
	cond, args := l.on("a.", cols)
	return memberActs(table) + cond, append([]any{l.group, l.challenge}, args...)
}

// delete is the WHERE of a DELETE of the acts (cols: their idea columns).
func (l lockedActs) delete(cols ...string) (string, []any) {
	cond, args := l.on("", cols)
	return `challenge_id = ? AND user_id IN (SELECT user_id FROM integrity_members WHERE group_id = ?)` + cond,
		append([]any{l.challenge, l.group}, args...)
}

// concat is the arguments of several parts of a statement, in order.
func concat(parts ...[]any) []any {
	var out []any
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// recountChunk is how many ideas one recount statement sets: on SQLite
// setIdeaFloats takes three variables an idea.
const recountChunk = 256

// chunks runs recount on ideas (sorted, without repeats) recountChunk at a
// time, each chunk's condition on ideas.id with its arguments. It locks
// nothing: on PostgreSQL the caller has locked the ideas first, every set
// of its transaction at once (lockIdeas).
func (s *Store) chunks(ideas []int64, recount func(cond string, args []any) error) error {
	ideas = slices.Compact(slices.Sorted(slices.Values(ideas)))
	for len(ideas) > 0 {
		n := min(len(ideas), recountChunk)
		cond, args := s.inIDs("id", ideas[:n])
		ideas = ideas[n:]
		if err := recount(cond, args); err != nil {
			return err
		}
	}
	return nil
}

// lockIdeas locks, on PostgreSQL, the ideas of every set (their union,
// once each) in increasing id order, in one statement: another node's act,
// which locks its idea too, lands either before a recount or after its
// write, and two transactions that each lock several ideas this way wait
// for one another in a line, never in a circle. A transaction that
// recounts several sets locks them all here before the first recount (a
// lock taken per set would go up within a set but down from one set to
// the next). SQLite's one writer is alone anyway.
func (s *Store) lockIdeas(tx *sql.Tx, sets ...[]int64) error {
	if !s.postgres {
		return nil
	}
	var ids []int64
	for _, set := range sets {
		ids = append(ids, set...)
	}
	if len(ids) == 0 {
		return nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	cond, args := s.inIDs("id", ids)
	if _, err := tx.Exec(`SELECT id FROM ideas WHERE `+cond+` ORDER BY id`+s.forUpdate, args...); err != nil {
		return fmt.Errorf("store: unable to lock ideas: %w", err)
	}
	return nil
}

// recountIntents sets the buyers and units of the ideas from their intents
// not held for review, a statement for any number of ideas.
func (s *Store) recountIntents(tx *sql.Tx, ideas []int64) error {
	return s.chunks(ideas, func(cond string, args []any) error {
		if _, err := tx.Exec(`UPDATE ideas SET
			buyers = (SELECT COUNT(*) FROM intents t WHERE t.idea_id = ideas.id AND t.held = 0),
			units = (SELECT COALESCE(SUM(t.quantity), 0) FROM intents t WHERE t.idea_id = ideas.id AND t.held = 0)
			WHERE `+cond, args...); err != nil {
			return fmt.Errorf("store: unable to count the intents of ideas: %w", err)
		}
		return nil
	})
}

// recountMethods sets the rating counters (and the stars rank score) of
// the rated ideas and the comparison counters of the compared ones from
// their rows not held: a few statements for any number of ideas.
func (s *Store) recountMethods(tx *sql.Tx, rated, compared []int64) error {
	err := s.recountScored(tx, rated, "ratings", `UPDATE ideas SET
			ratings = (SELECT COUNT(*) FROM ratings r WHERE r.idea_id = ideas.id AND r.held = 0),
			rating_sum = (SELECT COALESCE(SUM(r.stars), 0) FROM ratings r WHERE r.idea_id = ideas.id AND r.held = 0)
			WHERE %s RETURNING id, ratings, rating_sum`, "rank_score",
		func(n, sum int64) float64 { return domain.BayesianStars(int(sum), int(n)) })
	if err != nil {
		return err
	}
	return s.chunks(compared, func(cond string, args []any) error {
		// Each side by its own index (comparisons_low, comparisons_high): an
		// idea is never on both sides of one comparison.
		if _, err := tx.Exec(`UPDATE ideas SET
			comparisons = (SELECT COUNT(*) FROM comparisons c WHERE c.low_id = ideas.id AND c.held = 0 AND c.winner_id IS NOT NULL)
				+ (SELECT COUNT(*) FROM comparisons c WHERE c.high_id = ideas.id AND c.held = 0 AND c.winner_id IS NOT NULL),
			wins = (SELECT COUNT(*) FROM comparisons c WHERE c.low_id = ideas.id AND c.held = 0 AND c.winner_id = ideas.id)
				+ (SELECT COUNT(*) FROM comparisons c WHERE c.high_id = ideas.id AND c.held = 0 AND c.winner_id = ideas.id)
			WHERE `+cond, args...); err != nil {
			return fmt.Errorf("store: unable to count comparisons: %w", err)
		}
		return nil
	})
}
