package store

import (
	"context"
	"fmt"

	"cocreate/app/domain"
)

// heldActs is a challenge's held acts besides votes, one row each (a
// choice once per idea it names when bySide, else once): id, kind (1 a
// rating, 2 a choice, 3 an intent). Skips count for neither idea and are
// left out. The partial indexes of migration 069 read only held rows.
func heldActs(bySide bool) string {
	q := `SELECT idea_id AS id, 1 AS kind FROM ratings WHERE challenge_id = ? AND held <> 0
		UNION ALL SELECT low_id, 2 FROM comparisons WHERE challenge_id = ? AND held <> 0 AND winner_id IS NOT NULL`
	if bySide {
		q += `
		UNION ALL SELECT high_id, 2 FROM comparisons WHERE challenge_id = ? AND held <> 0 AND winner_id IS NOT NULL`
	}
	return q + `
		UNION ALL SELECT idea_id, 3 FROM intents WHERE challenge_id = ? AND held <> 0`
}

// HeldActs counts the held ratings, choices and intents about each of
// ideaIDs (ideas of challengeID), in one query.
func (s *Store) HeldActs(ctx context.Context, challengeID int64, ideaIDs []int64) (map[int64]domain.HeldActs, error) {
	out := map[int64]domain.HeldActs{}
	if len(ideaIDs) == 0 {
		return out, nil
	}
	in, args := s.inIDs("id", ideaIDs)
	rows, err := s.r.QueryContext(ctx, `SELECT id, kind, COUNT(*) FROM (`+heldActs(true)+`) x WHERE `+in+` GROUP BY id, kind`,
		append([]any{challengeID, challengeID, challengeID, challengeID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count held acts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, n int
		if err := rows.Scan(&id, &kind, &n); err != nil {
			return nil, fmt.Errorf("store: unable to count held acts: %w", err)
		}
		h := out[id]
		countHeld(&h, kind, n)
		out[id] = h
	}
	return out, rows.Err()
}

// heldTotals counts a challenge's held ratings, choices and intents.
func (s *Store) heldTotals(ctx context.Context, challengeID int64) (domain.HeldActs, error) {
	var h domain.HeldActs
	rows, err := s.r.QueryContext(ctx, `SELECT kind, COUNT(*) FROM (`+heldActs(false)+`) x GROUP BY kind`,
		challengeID, challengeID, challengeID)
	if err != nil {
		return h, fmt.Errorf("store: unable to count held acts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, n int
		if err := rows.Scan(&kind, &n); err != nil {
			return h, fmt.Errorf("store: unable to count held acts: %w", err)
		}
		countHeld(&h, kind, n)
	}
	return h, rows.Err()
}

func countHeld(h *domain.HeldActs, kind, n int) {
	switch kind {
	case 1:
		h.Ratings += n
	case 2:
		h.Comparisons += n
	case 3:
		h.Intents += n
	}
}

// groupActs counts what each group of a challenge's members did in it, by
// kind (held or not), for the integrity page's labels: group id → acts.
func (s *Store) groupActs(ctx context.Context, challengeID int64) (map[int64]ActCounts, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT group_id, SUM(v), SUM(r), SUM(c), SUM(t) FROM (
		SELECT m.group_id,
			(SELECT COUNT(*) FROM votes x WHERE x.user_id = m.user_id AND x.challenge_id = g.challenge_id) AS v,
			(SELECT COUNT(*) FROM ratings x WHERE x.user_id = m.user_id AND x.challenge_id = g.challenge_id) AS r,
			(SELECT COUNT(*) FROM comparisons x WHERE x.user_id = m.user_id AND x.challenge_id = g.challenge_id AND x.winner_id IS NOT NULL) AS c,
			(SELECT COUNT(*) FROM intents x WHERE x.user_id = m.user_id AND x.challenge_id = g.challenge_id) AS t
		FROM integrity_members m JOIN integrity_groups g ON g.id = m.group_id WHERE g.challenge_id = ?) a
		GROUP BY group_id`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count groups' acts: %w", err)
	}
	defer rows.Close()
	out := map[int64]ActCounts{}
	for rows.Next() {
		var id int64
		var a ActCounts
		if err := rows.Scan(&id, &a.Votes, &a.Ratings, &a.Comparisons, &a.Intents); err != nil {
			return nil, fmt.Errorf("store: unable to count groups' acts: %w", err)
		}
		out[id] = a
	}
	return out, rows.Err()
}

// ActCounts is what a group did, by kind.
type ActCounts struct {
	Votes, Ratings, Comparisons, Intents int
}
