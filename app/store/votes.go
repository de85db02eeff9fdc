package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"cocreate/app/domain"
)

// VoteCheck decides, inside the vote's transaction, whether the vote may be
// cast or withdrawn. used is the voter's votes already held in the challenge
// (-1 when withdrawing, where the budget does not apply).
type VoteCheck func(c domain.Challenge, idea domain.Idea, used int) error

// Vote records user's support for an idea and returns the idea's tally. A vote
// already there changes nothing: the primary key decides, not a Go check.
// The counter and the hot score change in the same transaction as the row.
// This is the hottest write in the product, so it does the least it can: one
// read, the insert, the counter, and the budget count only when there is a
// budget. A refusal after the insert is undone by the write's savepoint.
func (s *Store) Vote(ctx context.Context, userID, ideaID int64, check VoteCheck) (int, error) {
	return s.VoteWith(ctx, userID, ideaID, VoteSignals{}, check)
}

// VoteSignals are what a vote keeps for judging it later (DESIGN §8): keyed
// hashes of the client's network prefix and user agent, and the account's
// age in seconds when it voted. Zero means unknown and is stored as NULL.
type VoteSignals struct {
	Net, UA int64
	Age     int64
}

func nullable(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// VoteWith is Vote keeping the vote's signals in the same INSERT, so they
// cost the hot path no statement of their own.
func (s *Store) VoteWith(ctx context.Context, userID, ideaID int64, sig VoteSignals, check VoteCheck) (int, error) {
	now := s.Now()
	var votes int
	err := s.writeTally(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.voteTarget(tx, ideaID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`,
			ideaID, userID, c.ID, ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age))
		if err != nil {
			return fmt.Errorf("store: unable to cast vote: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Repeating a vote is not an error, but it still needs an open
			// vote: the answer must not claim a vote outside the phase.
			votes = idea.Votes
			return check(c, idea, -1)
		}
		used := 0
		if c.VoteBudget > 0 {
			// One person's votes on two nodes at once are counted one
			// after the other, so the budget holds across nodes.
			if s.forUpdate != "" {
				if _, err := tx.Exec(`SELECT id FROM users WHERE id = ?`+s.forUpdate, userID); err != nil {
					return fmt.Errorf("store: unable to lock voter: %w", err)
				}
			}
			if err := tx.QueryRow(`SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?`, userID, c.ID).Scan(&used); err != nil {
				return fmt.Errorf("store: unable to count votes: %w", err)
			}
			used-- // not counting the vote just inserted
		}
		if err := check(c, idea, used); err != nil {
			return err
		}
		votes = idea.Votes + 1
		return setVotes(tx, idea, votes)
	})
	return votes, err
}

// Unvote withdraws user's vote, if any, and returns the idea's tally.
func (s *Store) Unvote(ctx context.Context, userID, ideaID int64, check VoteCheck) (int, error) {
	var votes int
	err := s.writeTally(ctx, func(tx *sql.Tx) error {
		idea, c, err := s.voteTarget(tx, ideaID)
		if err != nil {
			return err
		}
		if err := check(c, idea, -1); err != nil {
			return err
		}
		// A vote held for review leaves votes_under_review, not the tally.
		var held int
		err = tx.QueryRow(`DELETE FROM votes WHERE idea_id = ? AND user_id = ? RETURNING held`, ideaID, userID).Scan(&held)
		votes = idea.Votes
		switch {
		case err == sql.ErrNoRows:
			return nil
		case err != nil:
			return fmt.Errorf("store: unable to withdraw vote: %w", err)
		case held != 0:
			_, err := tx.Exec(`UPDATE ideas SET votes_under_review = votes_under_review - 1 WHERE id = ?`, ideaID)
			return err
		}
		votes--
		return setVotes(tx, idea, votes)
	})
	return votes, err
}

// voteTarget reads what a vote is checked against: the idea's row, and its
// challenge from the writer's map.
func (s *Store) voteTarget(tx *sql.Tx, ideaID int64) (domain.Idea, domain.Challenge, error) {
	var idea domain.Idea
	var created int64
	// The tally is read to be written back: other nodes (PostgreSQL) must
	// wait for this write rather than both add to the same old count.
	err := tx.QueryRow(`SELECT id, challenge_id, state, votes, created_at FROM ideas WHERE id = ?`+s.forUpdate, ideaID).
		Scan(&idea.ID, &idea.ChallengeID, &idea.State, &idea.Votes, &created)
	if err == sql.ErrNoRows {
		return idea, domain.Challenge{}, domain.NotFound("idea")
	}
	if err != nil {
		return idea, domain.Challenge{}, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	idea.CreatedAt = fromMS(created)
	c, err := s.challengeTx(tx, idea.ChallengeID)
	return idea, c, err
}

func setVotes(tx *sql.Tx, idea domain.Idea, votes int) error {
	if _, err := tx.Exec(`UPDATE ideas SET votes = ?, hot = ? WHERE id = ?`,
		votes, domain.HotScore(votes, idea.CreatedAt), idea.ID); err != nil {
		return fmt.Errorf("store: unable to update tally of idea %d: %w", idea.ID, err)
	}
	return nil
}

// recount sets an idea's counters from its stored votes: those held for
// review in votes_under_review, the rest in votes (and the hot score).
func recount(tx *sql.Tx, idea domain.Idea) error {
	var votes, held int
	// The row is locked before counting (on PostgreSQL a write locks it;
	// SQLite's one writer is alone anyway): another node's vote, which
	// locks it too (voteTarget), lands either before the count or after
	// this write.
	if _, err := tx.Exec(`UPDATE ideas SET votes = votes WHERE id = ?`, idea.ID); err != nil {
		return fmt.Errorf("store: unable to lock idea %d: %w", idea.ID, err)
	}
	if err := tx.QueryRow(`SELECT COUNT(*) - COALESCE(SUM(held), 0), COALESCE(SUM(held), 0) FROM votes WHERE idea_id = ?`, idea.ID).
		Scan(&votes, &held); err != nil {
		return fmt.Errorf("store: unable to count votes of idea %d: %w", idea.ID, err)
	}
	if _, err := tx.Exec(`UPDATE ideas SET votes = ?, votes_under_review = ?, hot = ? WHERE id = ?`,
		votes, held, domain.HotScore(votes, idea.CreatedAt), idea.ID); err != nil {
		return fmt.Errorf("store: unable to update tally of idea %d: %w", idea.ID, err)
	}
	return nil
}

// Voted says which of the given ideas user has voted for, to show the
// buttons' state on a page.
func (s *Store) Voted(ctx context.Context, userID int64, ideaIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if userID == 0 || len(ideaIDs) == 0 {
		return out, nil
	}
	args := []any{userID}
	for _, id := range ideaIDs {
		args = append(args, id)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT idea_id FROM votes WHERE user_id = ? AND idea_id IN (?`+
		strings.Repeat(",?", len(ideaIDs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read votes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// VotesUsed counts user's votes in a challenge, for "3 of 5 votes left".
func (s *Store) VotesUsed(ctx context.Context, userID, challengeID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?`, userID, challengeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count votes: %w", err)
	}
	return n, nil
}
