package store

import (
	"context"
	"database/sql"
	"time"
)

// ActRow is one fan's vote or rating in a challenge, as its export lists
// it: Stars is a rating's (0 for a vote); Held says it is held for the
// vote-integrity review.
type ActRow struct {
	IdeaID, UserID int64
	Stars          int
	At             time.Time
	Held           bool
}

// ChallengeVotes lists a page of a challenge's votes, oldest first, after
// the row after (its At, IdeaID and UserID; the zero row for the first),
// at most limit: its index (challenge_id, created_at) is walked, a page at
// a time.
func (s *Store) ChallengeVotes(ctx context.Context, challengeID int64, after ActRow, limit int) ([]ActRow, error) {
	return s.actRows(ctx, "votes", `SELECT idea_id, user_id, 0, created_at, held FROM votes
		WHERE challenge_id = ? AND (created_at, idea_id, user_id) > (?, ?, ?)
		ORDER BY created_at, idea_id, user_id LIMIT ?`, challengeID, after, limit)
}

// ChallengeRatings is ChallengeVotes for a stars challenge's ratings, each
// at when it was first given, with its stars now.
func (s *Store) ChallengeRatings(ctx context.Context, challengeID int64, after ActRow, limit int) ([]ActRow, error) {
	return s.actRows(ctx, "ratings", `SELECT idea_id, user_id, stars, created_at, held FROM ratings
		WHERE challenge_id = ? AND (created_at, idea_id, user_id) > (?, ?, ?)
		ORDER BY created_at, idea_id, user_id LIMIT ?`, challengeID, after, limit)
}

func (s *Store) actRows(ctx context.Context, what, query string, challengeID int64, after ActRow, limit int) ([]ActRow, error) {
	return list(ctx, s.r, what, func(rows *sql.Rows) (ActRow, error) {
		var r ActRow
		var at, held int64
		err := rows.Scan(&r.IdeaID, &r.UserID, &r.Stars, &at, &held)
		r.At, r.Held = fromMS(at), held != 0
		return r, err
	}, query, challengeID, ms(after.At), after.IdeaID, after.UserID, limit)
}
