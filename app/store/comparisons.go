package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"cocreate/app/domain"
)

// CompareCheck decides, inside the answer's transaction, whether a fan may
// answer a pair of ideas of a challenge.
type CompareCheck func(c domain.Challenge, a, b domain.Idea) error

// Compare records a fan's answer to the pair (a, b) of a challenge: winner
// is a or b, or 0 for a skip. A fan answers a pair once: a second answer
// (the same token or another token for the pair) is refused with
// pair_answered. The ideas' comparisons and wins change in the same
// transaction; counted says they did (not a skip, not held as cast).
func (s *Store) Compare(ctx context.Context, userID, challengeID, a, b, winner int64, sig VoteSignals, check CompareCheck) (counted bool, err error) {
	now := s.Now()
	low, high := min(a, b), max(a, b)
	err = s.writePairs(ctx, func(tx *sql.Tx) error {
		counted = false // the batch may run again
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		if err := s.shareQuarantineOf(tx, sig, a, userID); err != nil {
			return err
		}
		ia, ib, err := s.pairIdeas(tx, a, b)
		if err != nil {
			return err
		}
		if err := check(c, ia, ib); err != nil {
			return err
		}
		var id int64
		var held bool // a quarantined account's answer is held as it is cast (heldIf)
		err = tx.QueryRow(`INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at, net, ua, age, held)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, `+heldIf(sig)+`)
			ON CONFLICT (user_id, challenge_id, low_id, high_id) DO NOTHING RETURNING id, held`,
			append([]any{challengeID, userID, low, high, nullable(winner), ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age)},
				heldArgs(sig, challengeID, userID)...)...).Scan(&id, &held)
		if errors.Is(err, sql.ErrNoRows) {
			return &domain.Error{Kind: domain.KindConflict, Code: "pair_answered", Field: "pair_token",
				Message: "you have already answered this pair"}
		}
		if err != nil {
			return fmt.Errorf("store: unable to record a comparison: %w", err)
		}
		if winner == 0 || held {
			return nil
		}
		if _, err := tx.Exec(`UPDATE ideas SET comparisons = comparisons + 1, wins = wins + (CASE WHEN id = ? THEN 1 ELSE 0 END)
			WHERE id IN (?, ?)`, winner, low, high); err != nil {
			return fmt.Errorf("store: unable to count a comparison: %w", err)
		}
		counted = true
		return nil
	})
	return counted && err == nil, err
}

// writePairs is write for a write that changes only pair answers and what
// follows from them: comparisons, the ideas' comparisons and wins, their
// fitted scores (Compare, SaveScores). It moves ContentVersion but not
// ShapeVersion.
func (s *Store) writePairs(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.enqueue(ctx, &writeReq{fn: fn, done: make(chan error, 1), pairs: true})
}

// ShapeVersion is ContentVersion but for pair answers: it changes after
// every committed write except those that change only ideas' tallies (see
// ContentVersion) or only pair answers and what follows from them (the
// comparisons table, the ideas' comparisons and wins; a refit's score,
// score_sd and rank_score). Whatever was read while ShapeVersion returned
// v, read after that call, is still what the database holds, apart from
// those, as long as ShapeVersion returns v: which ideas of a challenge are
// listed, their text, images and authors. So a pairwise challenge's ideas
// can be kept by it while fans answer pairs, their counts and scores read
// apart. On PostgreSQL it moves as ContentVersion does (listen.go), and at
// every call while this node cannot be sure it hears.
func (s *Store) ShapeVersion() uint64 {
	if s.postgres && !s.hearing() {
		return s.shape.Add(1)
	}
	return s.shape.Load()
}

// pairIdeas reads the two ideas of a pair in one statement. On PostgreSQL
// it locks them too, in increasing id order as lockIdeas does, before
// anything is decided: the counters' UPDATE after it then waits for no
// one. Left to that UPDATE, the two rows were locked in whatever order its
// plan met them (the index's, or the table's where a node scans it), and
// two nodes answering (a, b) and (b, a) at once could each hold one and
// want the other (TestPairChoicesLockIdeasInIDOrder: 40P01 before).
func (s *Store) pairIdeas(tx *sql.Tx, a, b int64) (domain.Idea, domain.Idea, error) {
	cond, args := s.inIDs("id", []int64{min(a, b), max(a, b)})
	rows, err := tx.Query(`SELECT id, challenge_id, author_id, state FROM ideas WHERE `+cond+` ORDER BY id`+s.forUpdate, args...)
	if err != nil {
		return domain.Idea{}, domain.Idea{}, fmt.Errorf("store: unable to load ideas %d and %d: %w", a, b, err)
	}
	defer rows.Close()
	var ia, ib domain.Idea
	for rows.Next() {
		var idea domain.Idea
		if err := rows.Scan(&idea.ID, &idea.ChallengeID, &idea.Author.ID, &idea.State); err != nil {
			return ia, ib, fmt.Errorf("store: unable to load ideas %d and %d: %w", a, b, err)
		}
		if idea.ID == a {
			ia = idea
		}
		if idea.ID == b {
			ib = idea
		}
	}
	if err := rows.Err(); err != nil {
		return ia, ib, fmt.Errorf("store: unable to load ideas %d and %d: %w", a, b, err)
	}
	if ia.ID == 0 || ib.ID == 0 {
		return ia, ib, domain.NotFound("idea")
	}
	return ia, ib, nil
}

// JudgedPairs lists the pairs (lower id first) a fan has answered or
// skipped in a challenge.
func (s *Store) JudgedPairs(ctx context.Context, userID, challengeID int64) ([][2]int64, error) {
	return list(ctx, s.r, "judged pairs", func(rows *sql.Rows) ([2]int64, error) {
		var p [2]int64
		err := rows.Scan(&p[0], &p[1])
		return p, err
	}, `SELECT low_id, high_id FROM comparisons WHERE user_id = ? AND challenge_id = ?`, userID, challengeID)
}

// JudgedCount is how many pairs of a challenge a fan judged (answered or
// skipped), over the index JudgedPairs reads.
func (s *Store) JudgedCount(ctx context.Context, userID, challengeID int64) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM comparisons WHERE user_id = ? AND challenge_id = ?`, userID, challengeID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count judged pairs: %w", err)
	}
	return n, nil
}

// PairCandidate is a listed idea of a pairwise challenge with its last
// fitted score (ScoreSD 0: never fitted) and its counted comparisons (live:
// they move with each answer).
type PairCandidate struct {
	ID             int64
	Score, ScoreSD float64
	Comparisons    int
}

// PairCandidates lists a challenge's listed ideas with their scores.
func (s *Store) PairCandidates(ctx context.Context, challengeID int64) ([]PairCandidate, error) {
	return list(ctx, s.r, "pair candidates", func(rows *sql.Rows) (PairCandidate, error) {
		var p PairCandidate
		err := rows.Scan(&p.ID, &p.Score, &p.ScoreSD, &p.Comparisons)
		return p, err
	}, `SELECT id, score, score_sd, comparisons FROM ideas WHERE challenge_id = ? AND `+listed+` ORDER BY id`, challengeID)
}

// Counters are an idea's counts and scores as stored: those that move
// without ShapeVersion (votes, votes under review, pair answers, a refit's
// scores) and every other an idea shows, for an idea kept while
// ShapeVersion stands but shown with live numbers (a pair question).
type Counters struct {
	ID                      int64
	Votes, VotesUnderReview int
	Comments                int
	Buyers, Units           int
	QualifiedAt             *time.Time
	Ratings, RatingSum      int
	Comparisons, Wins       int
	Score, ScoreSD          float64
	RankScore               float64
}

// Apply sets idea's counts and scores to c's.
func (c Counters) Apply(idea *domain.Idea) {
	idea.Votes, idea.VotesUnderReview, idea.Comments = c.Votes, c.VotesUnderReview, c.Comments
	idea.Buyers, idea.Units, idea.QualifiedAt = c.Buyers, c.Units, c.QualifiedAt
	idea.Ratings, idea.RatingSum, idea.Comparisons, idea.Wins = c.Ratings, c.RatingSum, c.Comparisons, c.Wins
	idea.Score, idea.ScoreSD, idea.RankScore = c.Score, c.ScoreSD, c.RankScore
}

// IdeaCounters reads the counts and scores of the ideas with the given ids
// (those that exist), in no order: one read of their rows by primary key,
// nothing joined.
func (s *Store) IdeaCounters(ctx context.Context, ids ...int64) ([]Counters, error) {
	in, args := s.inIDs("id", ids)
	return list(ctx, s.r, "idea counters", func(rows *sql.Rows) (Counters, error) {
		var c Counters
		var qualified sql.NullInt64
		err := rows.Scan(&c.ID, &c.Votes, &c.VotesUnderReview, &c.Comments, &c.Buyers, &c.Units, &qualified,
			&c.Ratings, &c.RatingSum, &c.Comparisons, &c.Wins, &c.Score, &c.ScoreSD, &c.RankScore)
		c.QualifiedAt = timePtr(qualified)
		return c, err
	}, `SELECT id, votes, votes_under_review, comments, buyers, units, qualified_at,
		ratings, rating_sum, comparisons, wins, score, score_sd, rank_score FROM ideas WHERE `+in, args...)
}

// Outcome is one answered comparison: its winner and loser.
type Outcome struct{ Winner, Loser int64 }

// Outcomes reads every answered comparison of a challenge that counts (not
// skipped, not held for review), and the newest comparison's id.
func (s *Store) Outcomes(ctx context.Context, challengeID int64) ([]Outcome, int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, low_id, high_id, winner_id FROM comparisons
		WHERE challenge_id = ? AND winner_id IS NOT NULL AND held = 0`, challengeID)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to read comparisons: %w", err)
	}
	defer rows.Close()
	var out []Outcome
	var newest int64
	for rows.Next() {
		var id, low, high, winner int64
		if err := rows.Scan(&id, &low, &high, &winner); err != nil {
			return nil, 0, fmt.Errorf("store: unable to read a comparison: %w", err)
		}
		newest = max(newest, id)
		if winner == low {
			out = append(out, Outcome{low, high})
		} else {
			out = append(out, Outcome{high, low})
		}
	}
	return out, newest, rows.Err()
}

// NewestComparisons is, for every challenge with comparisons, the id of
// its newest one: the refit's sign that something changed.
func (s *Store) NewestComparisons(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT challenge_id, MAX(id) FROM comparisons GROUP BY challenge_id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read comparisons: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var c, id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, err
		}
		out[c] = id
	}
	return out, rows.Err()
}

// Scored is an idea's fitted pairwise score.
type Scored struct {
	ID             int64
	Score, ScoreSD float64
}

// SaveScores writes a refit's scores (and rank_score, which follows them)
// in one transaction.
func (s *Store) SaveScores(ctx context.Context, challengeID int64, scores []Scored) error {
	if len(scores) == 0 {
		return nil
	}
	// In id order: on PostgreSQL each row stays locked to the commit, and
	// every transaction that locks several ideas takes them going up
	// (lockIdeas), so none waits for another in a circle.
	scores = slices.SortedFunc(slices.Values(scores), func(a, b Scored) int { return cmp.Compare(a.ID, b.ID) })
	return s.writePairs(ctx, func(tx *sql.Tx) error {
		for _, sc := range scores {
			if _, err := tx.Exec(`UPDATE ideas SET score = ?, score_sd = ?, rank_score = ? WHERE id = ? AND challenge_id = ?`,
				sc.Score, sc.ScoreSD, sc.Score, sc.ID, challengeID); err != nil {
				return fmt.Errorf("store: unable to save the score of idea %d: %w", sc.ID, err)
			}
		}
		return nil
	})
}
