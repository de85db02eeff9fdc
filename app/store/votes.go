package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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

// VoteSignals are what a vote keeps for judging it later (vote integrity,
// app/integrity): keyed
// hashes of the client's network prefix and user agent, and the account's
// age in seconds when it voted. Zero means unknown and is stored as NULL.
type VoteSignals struct {
	Net, UA int64
	Age     int64
	// Quarantined: the voter is in a quarantined group of some challenge
	// (the service keeps the set in memory). The insert then asks whether
	// it is this challenge's, and if so the act is held for review as it
	// is cast (castWatched). false costs a vote nothing.
	Quarantined bool
}

func nullable(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// VoteWith is Vote keeping the vote's signals in the same INSERT, so they
// cost the hot path no statement of their own.
//
// On SQLite it reads first (the idea, and whether the vote is there, in one
// statement; the budget's count only when there is a budget), decides, then
// writes the vote and the tally: a refusal comes before any write, so the
// write needs no savepoint of its own (writeVote), and a vote costs three
// statements instead of five.
func (s *Store) VoteWith(ctx context.Context, userID, ideaID int64, sig VoteSignals, check VoteCheck) (int, error) {
	if s.postgres {
		return s.votePG(ctx, userID, ideaID, sig, check)
	}
	now := s.Now()
	var votes int
	err := s.writeVote(ctx, nil, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		if m, ok := s.memo.get(ideaID); ok {
			if done, err := s.voteMemoized(tx, m.idea(ideaID), userID, now, sig, check, &votes); done {
				return err
			}
		}
		idea, c, voted, err := s.voteTargetSQLite(tx, ideaID, userID)
		if err != nil {
			return err
		}
		votes = idea.Votes
		if voted {
			// Repeating a vote is not an error, but it still needs an open
			// vote: the answer must not claim a vote outside the phase.
			return check(c, idea, -1)
		}
		used := 0
		if c.VoteBudget > 0 {
			if err := s.onWriterConn(func(w *writerStmts) error {
				row, err := w.row(wsVoteCount, 1, userID, c.ID)
				if err != nil {
					return err
				}
				var n int64
				err = driverInts(row, &n)
				used = int(n)
				return err
			}); err != nil {
				return fmt.Errorf("store: unable to count votes: %w", err)
			}
		}
		if err := check(c, idea, used); err != nil {
			return err
		}
		return s.onWriterConn(func(w *writerStmts) error {
			cast, held, err := w.cast(idea, userID, now, sig)
			if err == nil && !cast {
				// The read said the vote was not there and this writer is
				// the only one: a failure, so the batch runs again with
				// savepoints.
				err = fmt.Errorf("store: vote of user %d for idea %d not inserted", userID, ideaID)
			}
			if err == nil && !held {
				votes = idea.Votes + 1
			}
			return err
		})
	})
	return votes, err
}

// voteMemoized is VoteWith's write for an idea the memo holds (voteMemo),
// in a challenge without a budget: with no read, as whether the vote is
// already there only decides whether the tally moves, and the insert says
// that (it changes no row). done is false, having done nothing, when the
// challenge has a budget (the read path counts it).
func (s *Store) voteMemoized(tx *sql.Tx, idea domain.Idea, userID int64, now time.Time, sig VoteSignals, check VoteCheck, votes *int) (done bool, err error) {
	c, err := s.challengeTx(tx, idea.ChallengeID)
	if err != nil {
		return true, err
	}
	if c.VoteBudget > 0 {
		return false, nil
	}
	*votes = idea.Votes
	if err := check(c, idea, -1); err != nil { // no budget to apply
		return true, err
	}
	return true, s.onWriterConn(func(w *writerStmts) error {
		cast, held, err := w.cast(idea, userID, now, sig)
		if cast && !held && err == nil {
			*votes = idea.Votes + 1
		} // else the vote was there, or is held for review: the tally stays
		return err
	})
}

// castVote inserts user's vote for idea (onWriterConn) and, if it was not
// there already, moves the idea's tally by one; cast says whether it did.
func (w *writerStmts) castVote(idea domain.Idea, userID int64, now time.Time, sig VoteSignals) (cast bool, err error) {
	n, err := w.exec(wsVoteInsert, idea.ID, userID, idea.ChallengeID, ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age))
	if err != nil {
		return false, fmt.Errorf("store: unable to cast vote: %w", err)
	}
	if n == 0 {
		return false, nil
	}
	return true, w.setVotes(idea, idea.Votes+1)
}

// cast casts user's vote for idea (onWriterConn): castWatched's for an
// account the service flagged, else castVote's, which holds nothing.
func (w *writerStmts) cast(idea domain.Idea, userID int64, now time.Time, sig VoteSignals) (cast, held bool, err error) {
	if sig.Quarantined {
		return w.castWatched(idea, userID, now, sig)
	}
	cast, err = w.castVote(idea, userID, now, sig)
	return cast, false, err
}

// castWatched is castVote for an account quarantined somewhere
// (VoteSignals.Quarantined): the insert holds the vote for review when the
// account is in a group quarantined in this challenge, read in the vote's
// own transaction (so a group cleared a moment ago no longer holds it),
// and a held vote moves votes_under_review instead of the tally. cast says
// whether the vote was inserted, held whether it was held. On the writer's
// prepared statements, as any vote: compiled again for every vote through
// database/sql, it cost a farm's vote five times an honest one's
// (BenchmarkVoteSpreadHeld).
func (w *writerStmts) castWatched(idea domain.Idea, userID int64, now time.Time, sig VoteSignals) (cast, held bool, err error) {
	row, err := w.row(wsWatchedInsert, 1, idea.ID, userID, idea.ChallengeID, ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age),
		idea.ChallengeID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil // the vote was there
	}
	if err != nil {
		return false, false, fmt.Errorf("store: unable to cast vote: %w", err)
	}
	var h int64
	if err := driverInts(row, &h); err != nil {
		return false, false, err
	}
	if h == 0 {
		return true, false, w.setVotes(idea, idea.Votes+1)
	}
	if _, err := w.exec(wsHeldUp, idea.ID); err != nil {
		return true, true, fmt.Errorf("store: unable to count a held vote: %w", err)
	}
	w.memo.put(idea, idea.Votes) // its row changed, its tally did not
	return true, true, nil
}

// votePG is VoteWith in the fewest round trips to PostgreSQL, where each
// statement on the writer connection waits for one: the idea (locked), its
// challenge and whether the vote is already there in one read; the check;
// then the vote and the tally in one statement, so the write needs no
// savepoint (writeVote). Two round trips a vote instead of six; a
// budget adds two (the voter's row locked, then their votes counted).
//
// The idea's row is locked before anything is decided, so a vote for it
// from another node lands either before the read or after this commit.
// Waiting for that lock, the read sees the idea's newest row, but whether
// this user's vote is there is judged on the statement's earlier snapshot:
// if that same vote committed meanwhile on another node, the insert finds
// it (ON CONFLICT DO NOTHING), the tally is left alone, and the answer is
// the newest row's tally, which counts it.
func (s *Store) votePG(ctx context.Context, userID, ideaID int64, sig VoteSignals, check VoteCheck) (int, error) {
	now := s.Now()
	var votes int
	op := &voteOp{user: userID, idea: ideaID, at: now, sig: sig, check: check, votes: &votes}
	err := s.writeVote(ctx, op, func(tx *sql.Tx) error {
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		if err := s.shareQuarantineOf(tx, sig, ideaID, userID); err != nil {
			return err
		}
		idea, c, voted, err := s.voteTargetPG(tx, ideaID, userID)
		if err != nil {
			return err
		}
		votes = idea.Votes
		if voted {
			// Repeating a vote is not an error, but it still needs an
			// open vote: the answer must not claim a vote outside the phase.
			return check(c, idea, -1)
		}
		used := 0
		if c.VoteBudget > 0 {
			// One person's votes on two nodes at once are counted one
			// after the other, so the budget holds across nodes.
			if _, err := tx.Exec(`SELECT id FROM users WHERE id = ?`+s.forUpdate, userID); err != nil {
				return fmt.Errorf("store: unable to lock voter: %w", err)
			}
			if err := tx.QueryRow(`SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?`, userID, c.ID).Scan(&used); err != nil {
				return fmt.Errorf("store: unable to count votes: %w", err)
			}
		}
		if err := check(c, idea, used); err != nil {
			return err
		}
		if sig.Quarantined {
			return s.castWatched(tx, idea, c.ID, userID, now, sig, &votes)
		}
		res, err := tx.Exec(`WITH v AS (INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING RETURNING idea_id)
			UPDATE ideas SET votes = ?, hot = ? WHERE id = (SELECT idea_id FROM v)`,
			ideaID, userID, c.ID, ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age),
			idea.Votes+1, domain.HotScore(idea.Votes+1, idea.CreatedAt))
		if err != nil {
			return fmt.Errorf("store: unable to cast vote: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			votes = idea.Votes + 1
		}
		return nil
	})
	return votes, err
}

// quarantinedHere is 1 when the account (the second argument) is in a
// quarantined group of the challenge (the first), else 0. The arguments
// are cast, not compared bare: SQLite (3.54) plans the group's index with
// the bare challenge's value, so a statement holding it was compiled
// again at every run, as the driver clears every argument before binding
// the next (a farm's vote cost five times an honest one's,
// BenchmarkVoteSpreadHeld). The plan is the same.
const quarantinedHere = `CASE WHEN EXISTS (SELECT 1 FROM integrity_groups g JOIN integrity_members m ON m.group_id = g.id
	WHERE g.challenge_id = CAST(? AS BIGINT) AND g.status = 'quarantined' AND m.user_id = CAST(? AS BIGINT)) THEN 1 ELSE 0 END`

// heldIf is the held value an act's insert writes: 0, or for an account
// the service flagged (VoteSignals.Quarantined) quarantinedHere, whose
// arguments (the challenge, the account) follow the insert's own.
func heldIf(sig VoteSignals) string {
	if sig.Quarantined {
		return quarantinedHere
	}
	return "0"
}

// heldArgs are heldIf's arguments.
func heldArgs(sig VoteSignals, challengeID, userID int64) []any {
	if sig.Quarantined {
		return []any{challengeID, userID}
	}
	return nil
}

// shareQuarantine locks FOR SHARE, on PostgreSQL, the quarantined groups
// of the ideas' challenges that the accounts (users[i] acting on ideas[i])
// are in, before the act locks its idea: for an account the service
// flagged (VoteSignals.Quarantined) only, so other acts pay nothing. An
// admin's decision on a group (DecideIntegrityGroup) locks the group's
// row first, so the two commit one after the other: an act that locked
// the group first is held (quarantinedHere) and the decision, reading the
// members' acts after it, releases or removes it with the rest; an act
// that waited reads the group decided and is cast counted. Read without
// the lock, an act cast meanwhile on another node read "quarantined",
// committed held after the decision's read, and stayed held for good
// (TestActsDuringADecisionAreNotLeftHeld). The order is the group, then
// the ideas, then the acts, as in the decision. Nothing on SQLite, whose
// one writer is alone.
func (s *Store) shareQuarantine(tx *sql.Tx, ideas, users []int64) error {
	if !s.postgres || len(ideas) == 0 {
		return nil
	}
	if _, err := tx.Exec(`SELECT g.id FROM integrity_groups g JOIN integrity_members m ON m.group_id = g.id
		JOIN ideas i ON i.challenge_id = g.challenge_id
		JOIN unnest(?::bigint[], ?::bigint[]) AS q(idea, member) ON i.id = q.idea AND m.user_id = q.member
		WHERE g.status = 'quarantined' ORDER BY g.id FOR SHARE OF g`, ideas, users); err != nil {
		return fmt.Errorf("store: unable to read the quarantine: %w", err)
	}
	return nil
}

// shareQuarantineOf is shareQuarantine of one act, when sig flags its
// account.
func (s *Store) shareQuarantineOf(tx *sql.Tx, sig VoteSignals, ideaID, userID int64) error {
	if !sig.Quarantined {
		return nil
	}
	return s.shareQuarantine(tx, []int64{ideaID}, []int64{userID})
}

// castWatched casts the vote of an account quarantined somewhere (its
// check passed) on PostgreSQL, as writerStmts.castWatched does on SQLite:
// the insert holds it for review when the account is in a quarantined
// group of this challenge, read in the vote's transaction, so a group
// cleared or removed a moment ago no longer holds it (the vote locked that
// group first: shareQuarantine). A held vote counts in votes_under_review,
// not in the tally.
func (s *Store) castWatched(tx *sql.Tx, idea domain.Idea, challengeID, userID int64, now time.Time, sig VoteSignals, votes *int) error {
	var held int
	err := tx.QueryRow(`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age, held)
		VALUES (?, ?, ?, ?, ?, ?, ?, `+quarantinedHere+`) ON CONFLICT DO NOTHING RETURNING held`,
		idea.ID, userID, challengeID, ms(now), nullable(sig.Net), nullable(sig.UA), nullable(sig.Age), challengeID, userID).Scan(&held)
	switch {
	case errors.Is(err, sql.ErrNoRows) && s.postgres:
		return nil // the same vote committed meanwhile on another node (see votePG)
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: vote of user %d for idea %d not inserted", userID, idea.ID)
	case err != nil:
		return fmt.Errorf("store: unable to cast vote: %w", err)
	case held != 0:
		if _, err := tx.Exec(`UPDATE ideas SET votes_under_review = votes_under_review + 1 WHERE id = ?`, idea.ID); err != nil {
			return fmt.Errorf("store: unable to count a held vote: %w", err)
		}
		return nil
	}
	*votes = idea.Votes + 1
	return setTally(tx, idea, *votes)
}

// Unvote withdraws user's vote, if any, and returns the idea's tally.
func (s *Store) Unvote(ctx context.Context, userID, ideaID int64, check VoteCheck) (int, error) {
	if s.postgres {
		return s.unvotePG(ctx, userID, ideaID, check)
	}
	var votes int
	// Decided before anything is written (writeVote): no savepoint.
	err := s.writeVote(ctx, nil, func(tx *sql.Tx) error {
		var idea domain.Idea
		var c domain.Challenge
		voted := true // for a remembered idea, the withdrawal says (below)
		var err error
		if m, ok := s.memo.get(ideaID); ok {
			idea = m.idea(ideaID)
			c, err = s.challengeTx(tx, idea.ChallengeID)
		} else {
			idea, c, voted, err = s.voteTargetSQLite(tx, ideaID, userID)
		}
		if err != nil {
			return err
		}
		votes = idea.Votes
		if err := check(c, idea, -1); err != nil || !voted {
			return err
		}
		return s.onWriterConn(func(w *writerStmts) error {
			// A vote held for review leaves votes_under_review, not the tally.
			row, err := w.row(wsWithdraw, 1, ideaID, userID)
			var held int64
			if err == nil {
				err = driverInts(row, &held)
			}
			if errors.Is(err, sql.ErrNoRows) {
				return nil // no vote to withdraw (a remembered idea: not read)
			}
			if err != nil {
				return fmt.Errorf("store: unable to withdraw vote: %w", err)
			}
			if held != 0 {
				_, err := w.exec(wsHeldDown, ideaID)
				return err
			}
			votes--
			return w.setVotes(idea, votes)
		})
	})
	return votes, err
}

// unvotePG is Unvote in two round trips (see votePG): the read and the
// check, then the withdrawal and the tally in one statement. A vote held
// for review leaves votes_under_review, not the tally.
func (s *Store) unvotePG(ctx context.Context, userID, ideaID int64, check VoteCheck) (int, error) {
	var votes int
	op := &voteOp{user: userID, idea: ideaID, withdraw: true, check: check, votes: &votes}
	err := s.writeVote(ctx, op, func(tx *sql.Tx) error {
		idea, c, _, err := s.voteTargetPG(tx, ideaID, userID)
		if err != nil {
			return err
		}
		votes = idea.Votes
		if err := check(c, idea, -1); err != nil {
			return err
		}
		var held int
		err = tx.QueryRow(`WITH d AS (DELETE FROM votes WHERE idea_id = ? AND user_id = ? RETURNING held)
			UPDATE ideas SET
				votes = CASE WHEN d.held = 0 THEN ? ELSE ideas.votes END,
				hot = CASE WHEN d.held = 0 THEN ? ELSE ideas.hot END,
				votes_under_review = ideas.votes_under_review - CASE WHEN d.held = 0 THEN 0 ELSE 1 END
			FROM d WHERE ideas.id = ? RETURNING d.held`,
			ideaID, userID, idea.Votes-1, domain.HotScore(idea.Votes-1, idea.CreatedAt), ideaID).Scan(&held)
		switch {
		case errors.Is(err, sql.ErrNoRows): // no vote to withdraw
			return nil
		case err != nil:
			return fmt.Errorf("store: unable to withdraw vote: %w", err)
		case held == 0:
			votes--
		}
		return nil
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

// voteTargetSQLite is voteTarget saying too, in the same statement, whether
// user's vote for the idea is there (on the writer's connection as the
// driver has it: onWriterConn).
func (s *Store) voteTargetSQLite(tx *sql.Tx, ideaID, userID int64) (idea domain.Idea, c domain.Challenge, voted bool, err error) {
	err = s.onWriterConn(func(w *writerStmts) error {
		row, err := w.row(wsVoteRead, 5, ideaID, userID, ideaID)
		if err != nil {
			return err
		}
		state, ok := row[4].(string)
		if !ok {
			return fmt.Errorf("store: state is a %T", row[4])
		}
		var challenge, votes, created, exists int64
		if err := driverInts(row, &challenge, &votes, &created, &exists); err != nil {
			return err
		}
		idea = domain.Idea{ID: ideaID, ChallengeID: challenge, State: domain.State(state), Votes: int(votes), CreatedAt: fromMS(created)}
		voted = exists != 0
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return idea, c, false, domain.NotFound("idea")
	}
	if err != nil {
		return idea, c, false, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	c, err = s.challengeTx(tx, idea.ChallengeID)
	return idea, c, voted, err
}

// writeVote is the write for a vote or a withdrawal (it changes nothing
// but ideas' tallies and the votes table, so it moves Version, not
// ContentVersion), which reads, decides, then writes: it either returns a
// *domain.Error having written nothing, or returns nil having written
// everything; any other error may leave it half done. So it runs without
// the savepoint around it: on PostgreSQL SAVEPOINT and RELEASE are two
// round trips on the one writer connection; on SQLite they are two of a
// vote's five statements, and a savepoint makes every page the write
// changes be copied to its sub-journal first. Should it fail any other
// way, the transaction is spoilt and the batch runs again with a savepoint
// around every write.
//
// On PostgreSQL the writer may also run it with the batch's other votes in
// bulk (op, voteBulk); op is nil on SQLite.
func (s *Store) writeVote(ctx context.Context, op *voteOp, fn func(*sql.Tx) error) error {
	return s.enqueue(ctx, &writeReq{fn: fn, done: make(chan error, 1), tally: true, atomic: true, vote: op})
}

// voteTargetPG is voteTarget in one statement (PostgreSQL, where the
// challenge is not kept between writes), saying too whether user's vote
// for the idea is there.
func (s *Store) voteTargetPG(tx *sql.Tx, ideaID, userID int64) (idea domain.Idea, c domain.Challenge, voted bool, err error) {
	var created int64
	c, err = scanChallenge(prefixRow{tx.QueryRow(`SELECT i.id, i.challenge_id, i.state, i.votes, i.created_at,
		EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?), `+challengeColumnsC+`
		FROM ideas i JOIN challenges c ON c.id = i.challenge_id WHERE i.id = ? FOR NO KEY UPDATE OF i`, userID, ideaID),
		[]any{&idea.ID, &idea.ChallengeID, &idea.State, &idea.Votes, &created, &voted}})
	if errors.Is(err, sql.ErrNoRows) {
		return idea, c, false, domain.NotFound("idea")
	}
	if err != nil {
		return idea, c, false, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	idea.CreatedAt = fromMS(created)
	return idea, c, voted, nil
}

// prefixRow scans a row whose first columns go to prefix and the rest to
// what Scan is given.
type prefixRow struct {
	row    *sql.Row
	prefix []any
}

func (p prefixRow) Scan(dest ...any) error {
	return p.row.Scan(append(p.prefix, dest...)...)
}

// setVotes sets an idea's tally and hot score (onWriterConn).
func (w *writerStmts) setVotes(idea domain.Idea, votes int) error {
	if _, err := w.exec(wsTally, votes, domain.HotScore(votes, idea.CreatedAt), idea.ID); err != nil {
		return fmt.Errorf("store: unable to update tally of idea %d: %w", idea.ID, err)
	}
	w.memo.put(idea, votes)
	return nil
}

// setTally is setVotes in tx, for a vote off the hot path (castWatched)
// and on either engine: the same statement.
func setTally(tx *sql.Tx, idea domain.Idea, votes int) error {
	if _, err := tx.Exec(writerQueries[wsTally], votes, domain.HotScore(votes, idea.CreatedAt), idea.ID); err != nil {
		return fmt.Errorf("store: unable to update tally of idea %d: %w", idea.ID, err)
	}
	return nil
}

// Voted says which of the given ideas of challenge challengeID (0: of any
// challenge) user has voted for, to show the buttons' state on a page.
func (s *Store) Voted(ctx context.Context, userID, challengeID int64, ideaIDs []int64) (map[int64]bool, error) {
	got, err := s.userIdeaValues(ctx, "votes", `SELECT idea_id, 1 FROM votes`, userID, challengeID, ideaIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(got))
	for id := range got {
		out[id] = true
	}
	return out, nil
}

// VotedIdeaIDs lists the ideas user supports in a challenge (held votes
// too), the newest vote first, at most limit.
func (s *Store) VotedIdeaIDs(ctx context.Context, userID, challengeID int64, limit int) ([]int64, error) {
	return list(ctx, s.r, "voted ideas", scanOne[int64], `SELECT idea_id FROM votes WHERE user_id = ? AND challenge_id = ? ORDER BY created_at DESC, idea_id LIMIT ?`, userID, challengeID, limit)
}

// VotedIdeasIn lists the ideas of a challenge in state state that user
// holds a vote on (their id and title), the newest vote first, at most
// limit: the votes a fan may want back from ideas no longer listed.
func (s *Store) VotedIdeasIn(ctx context.Context, userID, challengeID int64, state domain.State, limit int) ([]domain.Idea, error) {
	return list(ctx, s.r, "voted ideas", func(rows *sql.Rows) (domain.Idea, error) {
		var idea domain.Idea
		err := rows.Scan(&idea.ID, &idea.Title)
		idea.ChallengeID, idea.State = challengeID, state
		return idea, err
	}, `SELECT i.id, i.title FROM votes v JOIN ideas i ON i.id = v.idea_id
		WHERE v.user_id = ? AND v.challenge_id = ? AND i.state = ? ORDER BY v.created_at DESC, v.idea_id LIMIT ?`, userID, challengeID, string(state), limit)
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
