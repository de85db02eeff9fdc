package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cocreate/app/domain"
)

// RateCheck decides, inside the rating's transaction, whether the idea may
// be rated (or its rating withdrawn) in its challenge.
type RateCheck func(c domain.Challenge, idea domain.Idea) error

// StarTally is a stars idea's counters after a rating: how many rated it, the
// sum of their stars, and the rater's own rating (0: none).
type StarTally struct {
	Ratings, Sum, Mine int
}

// Rate records user's rating of an idea (stars already checked 1-5), or
// changes it, and keeps the idea's ratings, rating_sum and rank_score in
// the same transaction. A rating held for review is changed but stays out
// of the counters until it is cleared. A change takes the integrity
// signals of its own request, as an intent's does: the scan reads a rating
// at its last change.
func (s *Store) Rate(ctx context.Context, userID, ideaID int64, stars int, sig VoteSignals, check RateCheck) (StarTally, error) {
	now := s.Now()
	var t StarTally
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		if err := s.shareQuarantineOf(tx, sig, ideaID, userID); err != nil {
			return err
		}
		idea, err := s.rateTarget(tx, ideaID, check)
		if err != nil {
			return err
		}
		old, _, err := myRating(tx, ideaID, userID)
		if err != nil {
			return err
		}
		// held: the row's, or for a new rating of a quarantined account
		// (heldIf) 1, held as it is cast.
		var held bool
		if err := tx.QueryRow(`INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at, net, ua, age, held)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, `+heldIf(sig)+`)
			ON CONFLICT (idea_id, user_id) DO UPDATE SET stars = excluded.stars, updated_at = excluded.updated_at,
				net = excluded.net, ua = excluded.ua, age = excluded.age RETURNING held`,
			append([]any{ideaID, userID, idea.ChallengeID, stars, ms(now), ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age)},
				heldArgs(sig, idea.ChallengeID, userID)...)...).Scan(&held); err != nil {
			return fmt.Errorf("store: unable to rate idea %d: %w", ideaID, err)
		}
		t = StarTally{Ratings: idea.Ratings, Sum: idea.RatingSum, Mine: stars}
		if held {
			return nil
		}
		if old == 0 {
			t.Ratings++
		}
		t.Sum += stars - old
		return setRatings(tx, ideaID, t)
	})
	return t, err
}

// Unrate withdraws user's rating of an idea, if any.
func (s *Store) Unrate(ctx context.Context, userID, ideaID int64, check RateCheck) (StarTally, error) {
	var t StarTally
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.rateTarget(tx, ideaID, check)
		if err != nil {
			return err
		}
		t = StarTally{Ratings: idea.Ratings, Sum: idea.RatingSum}
		var old, held int
		err = tx.QueryRow(`DELETE FROM ratings WHERE idea_id = ? AND user_id = ? RETURNING stars, held`, ideaID, userID).Scan(&old, &held)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return fmt.Errorf("store: unable to withdraw rating: %w", err)
		case held != 0:
			return nil
		}
		t.Ratings--
		t.Sum -= old
		return setRatings(tx, ideaID, t)
	})
	return t, err
}

func myRating(tx *sql.Tx, ideaID, userID int64) (stars int, held bool, err error) {
	err = tx.QueryRow(`SELECT stars, held FROM ratings WHERE idea_id = ? AND user_id = ?`, ideaID, userID).Scan(&stars, &held)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: unable to read rating: %w", err)
	}
	return stars, held, nil
}

// rateTarget reads what a rating is checked against (the idea's state and
// counters, and its challenge from the writer's map) and checks it. The
// counters are read to be written back (setRatings): on PostgreSQL the row
// is locked, so another node's rating waits for this one rather than both
// adding to the same old count.
func (s *Store) rateTarget(tx *sql.Tx, ideaID int64, check RateCheck) (domain.Idea, error) {
	var idea domain.Idea
	err := tx.QueryRow(`SELECT id, challenge_id, author_id, state, ratings, rating_sum FROM ideas WHERE id = ?`+s.forUpdate, ideaID).
		Scan(&idea.ID, &idea.ChallengeID, &idea.Author.ID, &idea.State, &idea.Ratings, &idea.RatingSum)
	if errors.Is(err, sql.ErrNoRows) {
		return idea, domain.NotFound("idea")
	}
	if err != nil {
		return idea, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	c, err := s.challengeTx(tx, idea.ChallengeID)
	if err != nil {
		return idea, err
	}
	return idea, check(c, idea)
}

func setRatings(tx *sql.Tx, ideaID int64, t StarTally) error {
	if _, err := tx.Exec(`UPDATE ideas SET ratings = ?, rating_sum = ?, rank_score = ? WHERE id = ?`,
		t.Ratings, t.Sum, domain.BayesianStars(t.Sum, t.Ratings), ideaID); err != nil {
		return fmt.Errorf("store: unable to update ratings of idea %d: %w", ideaID, err)
	}
	return nil
}

// MyRatings reads user's ratings of the given ideas of challenge
// challengeID (0: of any challenge), idea id → stars, to show the stars
// they gave on a page.
func (s *Store) MyRatings(ctx context.Context, userID, challengeID int64, ideaIDs []int64) (map[int64]int, error) {
	return s.userIdeaValues(ctx, "ratings", `SELECT idea_id, stars FROM ratings`, userID, challengeID, ideaIDs)
}

// userIdeaValues runs query (SELECT idea_id, an integer FROM a table with
// user_id, challenge_id and idea_id) for user's rows about the given ideas
// of challengeID (0: any): idea id → value, for the ideas user has a row
// for.
func (s *Store) userIdeaValues(ctx context.Context, what, query string, userID, challengeID int64, ideaIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if userID == 0 || len(ideaIDs) == 0 {
		return out, nil
	}
	in, args := s.inIDs("idea_id", ideaIDs)
	args = append([]any{userID}, args...)
	where := ` WHERE user_id = ? AND ` + in
	if challengeID != 0 {
		where += ` AND challenge_id = ?`
		args = append(args, challengeID)
	}
	rows, err := s.r.QueryContext(ctx, query+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}
