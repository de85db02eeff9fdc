package store

import (
	"context"
	"fmt"
)

// Violation is one broken invariant found by Check.
type Violation struct {
	What string
	ID   int64
	Want int
	Got  int
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %d: counter says %d, rows say %d", v.What, v.ID, v.Got, v.Want)
}

// Check verifies the invariants that counters promise: every idea's vote
// counter equals its counted stored votes, votes plus votes_under_review
// equals all its stored votes, its buyers and units its intents (#16),
// its comment counter its comments, and its ratings (count and sum of
// stars) and comparisons (answered, and won) the rows not held for
// review. It
// reads one consistent snapshot.
func (s *Store) Check(ctx context.Context) ([]Violation, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: unable to begin check: %w", err)
	}
	defer tx.Rollback()
	var out []Violation
	for _, q := range []struct{ what, sql string }{
		// votes plus votes_under_review is every stored vote; the held
		// ones are votes_under_review (so votes is the counted ones).
		{"idea votes", `SELECT id, got, n FROM (SELECT i.id, i.votes + i.votes_under_review AS got, (SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id) AS n FROM ideas i) x WHERE got != n`},
		{"idea votes under review", `SELECT id, got, n FROM (SELECT i.id, i.votes_under_review AS got, (SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id AND v.held != 0) AS n FROM ideas i) x WHERE got != n`},
		{"idea buyers", `SELECT id, got, n FROM (SELECT i.id, i.buyers AS got, (SELECT COUNT(*) FROM intents t WHERE t.idea_id = i.id AND t.held = 0) AS n FROM ideas i) x WHERE got != n`},
		{"idea units", `SELECT id, got, n FROM (SELECT i.id, i.units AS got, (SELECT COALESCE(SUM(t.quantity), 0) FROM intents t WHERE t.idea_id = i.id AND t.held = 0) AS n FROM ideas i) x WHERE got != n`},
		{"idea comments", `SELECT id, got, n FROM (SELECT i.id, i.comments AS got, (SELECT COUNT(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden = 0 AND c.deleted_at IS NULL) AS n FROM ideas i) x WHERE got != n`},
		// Stars and pairwise (#16): the counters count the ratings and the
		// answered comparisons not held for review.
		{"idea ratings", `SELECT id, got, n FROM (SELECT i.id, i.ratings AS got, (SELECT COUNT(*) FROM ratings r WHERE r.idea_id = i.id AND r.held = 0) AS n FROM ideas i) x WHERE got != n`},
		{"idea rating sum", `SELECT id, got, n FROM (SELECT i.id, i.rating_sum AS got, (SELECT COALESCE(SUM(r.stars), 0) FROM ratings r WHERE r.idea_id = i.id AND r.held = 0) AS n FROM ideas i) x WHERE got != n`},
		{"idea comparisons", `WITH sides AS (SELECT low_id AS id FROM comparisons WHERE winner_id IS NOT NULL AND held = 0
				UNION ALL SELECT high_id FROM comparisons WHERE winner_id IS NOT NULL AND held = 0),
			n AS (SELECT id, COUNT(*) AS c FROM sides GROUP BY id)
			SELECT i.id, i.comparisons, COALESCE(n.c, 0) FROM ideas i LEFT JOIN n ON n.id = i.id WHERE i.comparisons != COALESCE(n.c, 0)`},
		{"idea wins", `WITH n AS (SELECT winner_id AS id, COUNT(*) AS c FROM comparisons WHERE winner_id IS NOT NULL AND held = 0 GROUP BY winner_id)
			SELECT i.id, i.wins, COALESCE(n.c, 0) FROM ideas i LEFT JOIN n ON n.id = i.id WHERE i.wins != COALESCE(n.c, 0)`},
	} {
		rows, err := tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("store: unable to check %s: %w", q.what, err)
		}
		for rows.Next() {
			v := Violation{What: q.what}
			if err := rows.Scan(&v.ID, &v.Got, &v.Want); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: unable to read %s: %w", q.what, err)
			}
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to read %s: %w", q.what, err)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
