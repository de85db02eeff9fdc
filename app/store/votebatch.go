package store

import (
	"database/sql"
	"fmt"
	"slices"
	"time"

	"cocreate/app/domain"
)

// Votes in bulk (PostgreSQL). A vote alone costs two round trips on the
// writer connection (votePG); the votes and withdrawals of one batch
// together cost three: the ideas they name, locked in id order, with their
// challenges; which of the voters' votes are there; then one statement
// writing every new vote, removing every withdrawn one and setting every
// tally. Each is checked in Go in queue order, as if they ran one after
// the other. A budgeted challenge's votes run alone (they count the
// voter's votes), after the others (see voteBulk). Any failure other than a refusal
// spoils the transaction, and the batch runs again one write at a time,
// each in its savepoint (attempt), so only the failing write fails.

// voteOp is a vote (or a withdrawal) to run in bulk.
type voteOp struct {
	user, idea int64
	withdraw   bool
	at         time.Time
	sig        VoteSignals
	check      VoteCheck
	votes      *int // the idea's tally after it, for the answer
}

// voteTarget is an idea as a bulk vote reads it.
type voteTarget struct {
	idea  domain.Idea
	c     domain.Challenge
	votes int // its tally so far in the batch
	held  int // votes held for review withdrawn in the batch
	dirty bool
}

type voterKey struct{ idea, user int64 }

// voteBulk runs ops in tx and returns each one's error (a refusal), or err
// when the transaction is spoilt. alone lists the ops left to run alone
// (their errs are not set).
func (s *Store) voteBulk(tx *sql.Tx, ops []*voteOp) (errs []error, alone []int, err error) {
	errs = make([]error, len(ops))
	ids := make([]int64, 0, len(ops))
	for _, op := range ops {
		ids = append(ids, op.idea)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	targets := make(map[int64]*voteTarget, len(ids))
	// A flagged account's vote (run alone, after the others) locks its
	// quarantined groups before any idea is locked (shareQuarantine).
	var qIdeas, qUsers []int64
	for _, op := range ops {
		if op.sig.Quarantined && !op.withdraw {
			qIdeas, qUsers = append(qIdeas, op.idea), append(qUsers, op.user)
		}
	}
	// The voters' accounts, before any idea is locked (actingTx): a vote
	// in flight when its account was deleted or suspended is refused.
	var casters []int64
	for _, op := range ops {
		if !op.withdraw {
			casters = append(casters, op.user)
		}
	}
	slices.Sort(casters)
	refused, err := s.actingEachTx(tx, slices.Compact(casters))
	if err != nil {
		return nil, nil, err
	}
	if err := s.shareQuarantine(tx, qIdeas, qUsers); err != nil {
		return nil, nil, err
	}
	// Locked in id order, so two nodes' batches never wait for each other
	// in a circle. The statements take arrays, so their text is the same
	// whatever the batch: prepared once per connection.
	rows, err := tx.Query(`SELECT i.id, i.challenge_id, i.state, i.votes, i.created_at, `+challengeColumnsC+`
		FROM ideas i JOIN challenges c ON c.id = i.challenge_id
		WHERE i.id = ANY(?) ORDER BY i.id FOR NO KEY UPDATE OF i`, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to load ideas: %w", err)
	}
	for rows.Next() {
		t := &voteTarget{}
		var created int64
		t.c, err = scanChallenge(prefixScanner{rows, []any{&t.idea.ID, &t.idea.ChallengeID, &t.idea.State, &t.idea.Votes, &created}})
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: unable to load ideas: %w", err)
		}
		t.idea.CreatedAt = fromMS(created)
		t.votes = t.idea.Votes
		targets[t.idea.ID] = t
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to load ideas: %w", err)
	}
	// Read after the locks: every vote for these ideas that another node
	// committed meanwhile is seen (READ COMMITTED: a new snapshot per statement).
	voted := map[voterKey]int{} // held, for the votes there
	voteIdeas, voters := make([]int64, len(ops)), make([]int64, len(ops))
	for i, op := range ops {
		voteIdeas[i], voters[i] = op.idea, op.user
	}
	rows, err = tx.Query(`SELECT DISTINCT v.idea_id, v.user_id, v.held
		FROM votes v JOIN unnest(?::bigint[], ?::bigint[]) AS q(idea, voter) ON v.idea_id = q.idea AND v.user_id = q.voter`, voteIdeas, voters)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read votes: %w", err)
	}
	for rows.Next() {
		var k voterKey
		var held int
		if err := rows.Scan(&k.idea, &k.user, &held); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: unable to read votes: %w", err)
		}
		voted[k] = held
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to read votes: %w", err)
	}
	inserts := map[voterKey]*voteOp{}
	deletes := map[voterKey]bool{} // of votes there before the batch
	// An idea with a budget (the voter's votes must be counted), or whose
	// vote from before the batch is withdrawn then cast again (one
	// statement cannot remove and insert one row), or that a quarantined
	// account votes for, has its ops from there on run alone, after the
	// others and in their order.
	aloneIdea := map[int64]bool{}
	for i, op := range ops {
		t := targets[op.idea]
		if t == nil {
			errs[i] = domain.NotFound("idea")
			continue
		}
		if !op.withdraw && refused[op.user] != nil {
			errs[i] = refused[op.user]
			continue
		}
		k := voterKey{op.idea, op.user}
		// A vote of an account quarantined somewhere is cast alone too
		// (castWatched asks whether it is held).
		if aloneIdea[op.idea] || t.c.VoteBudget > 0 || (!op.withdraw && deletes[k]) || (!op.withdraw && op.sig.Quarantined) {
			aloneIdea[op.idea] = true
			alone = append(alone, i)
			continue
		}
		idea := t.idea
		idea.Votes = t.votes
		*op.votes = t.votes
		held, there := voted[k]
		if there || op.withdraw {
			if errs[i] = op.check(t.c, idea, -1); errs[i] != nil || !op.withdraw || !there {
				continue
			}
			delete(voted, k)
			if inserts[k] != nil {
				delete(inserts, k) // cast and withdrawn in this batch
			} else {
				deletes[k] = true
			}
			if held != 0 {
				t.held++
			} else {
				t.votes--
			}
			t.dirty = true
			*op.votes = t.votes
			continue
		}
		if errs[i] = op.check(t.c, idea, 0); errs[i] != nil {
			continue
		}
		voted[k] = 0
		inserts[k] = op
		t.votes++
		t.dirty = true
		*op.votes = t.votes
	}
	return errs, alone, s.voteBulkWrite(tx, targets, inserts, deletes)
}

// voteBulkWrite writes a bulk vote's rows and tallies in one statement.
func (s *Store) voteBulkWrite(tx *sql.Tx, targets map[int64]*voteTarget, inserts map[voterKey]*voteOp, deletes map[voterKey]bool) error {
	var in [7][]int64 // idea, user, challenge, created_at, net, ua, age
	for _, op := range inserts {
		for i, v := range []int64{op.idea, op.user, targets[op.idea].c.ID, ms(op.at), op.sig.Net, op.sig.UA, op.sig.Age} {
			in[i] = append(in[i], v)
		}
	}
	var delIdeas, delUsers []int64
	for k := range deletes {
		delIdeas, delUsers = append(delIdeas, k.idea), append(delUsers, k.user)
	}
	var ids, votes, held []int64
	var hot []float64
	for _, t := range targets {
		if t.dirty {
			ids, votes, held = append(ids, t.idea.ID), append(votes, int64(t.votes)), append(held, int64(t.held))
			hot = append(hot, domain.HotScore(t.votes, t.idea.CreatedAt))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// Every row must land as counted: the ideas are locked, so no other
	// node can have cast or withdrawn these votes since they were read.
	var nIns, nDel, nUpd int
	err := tx.QueryRow(`WITH ins AS (INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age)
			SELECT idea, voter, challenge, at, NULLIF(net, 0), NULLIF(ua, 0), NULLIF(age, 0)
			FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS n(idea, voter, challenge, at, net, ua, age)
			RETURNING 1),
		del AS (DELETE FROM votes v USING unnest(?::bigint[], ?::bigint[]) AS d(idea, voter)
			WHERE v.idea_id = d.idea AND v.user_id = d.voter RETURNING 1),
		upd AS (UPDATE ideas SET votes = t.votes, hot = t.hot, votes_under_review = ideas.votes_under_review - t.held
			FROM unnest(?::bigint[], ?::bigint[], ?::double precision[], ?::bigint[]) AS t(id, votes, hot, held)
			WHERE ideas.id = t.id RETURNING 1)
		SELECT (SELECT COUNT(*) FROM ins), (SELECT COUNT(*) FROM del), (SELECT COUNT(*) FROM upd)`,
		in[0], in[1], in[2], in[3], in[4], in[5], in[6], delIdeas, delUsers, ids, votes, hot, held).Scan(&nIns, &nDel, &nUpd)
	if err != nil {
		return fmt.Errorf("store: unable to write votes: %w", err)
	}
	if nIns != len(inserts) || nDel != len(deletes) || nUpd != len(ids) {
		return fmt.Errorf("store: bulk votes wrote %d, removed %d and counted %d rows, not %d, %d and %d",
			nIns, nDel, nUpd, len(inserts), len(deletes), len(ids))
	}
	return nil
}

// prefixScanner is prefixRow for *sql.Rows.
type prefixScanner struct {
	rows   *sql.Rows
	prefix []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append(p.prefix, dest...)...)
}
