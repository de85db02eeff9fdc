package store

import (
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"cocreate/app/domain"
)

// Votes in bulk (PostgreSQL). A vote alone costs two round trips on the
// writer connection (votePG); the votes and withdrawals of one batch
// together cost three: the ideas they name, with their challenges; which
// of the voters' votes are there; then one statement writing every new
// vote, removing every withdrawn one and adding to every tally. Each is
// checked in Go in queue order, as if they ran one after the other. A
// budgeted challenge's votes run alone (they count the voter's votes),
// after the others (see voteBulk). Any failure other than a refusal
// spoils the transaction, and the batch runs again one write at a time,
// each in its savepoint (attempt), so only the failing write fails.
//
// Hot rows (DESIGN §9): the reads lock nothing, and the tallies change by
// what the write statement really inserted and removed (votes = votes +
// n), so an idea's row is locked only from that last statement to the
// commit, not for the whole batch: another node's batch on the same ideas
// reads, checks and writes its votes meanwhile and waits, if at all, only
// for this commit. What the reads saw is made to hold where it matters:
// the tally is added to (never set from the read), a vote another node
// cast or withdrew meanwhile makes the counts differ, and an idea whose
// state changed meanwhile (hidden, merged, closed) is not updated; either
// spoils the batch, which runs again one vote at a time with the idea
// locked from the read (votePG). README "Decisions" has the design.

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
	// Not locked (see above). The statements take arrays, so their text is
	// the same whatever the batch: prepared once per connection.
	rows, err := tx.Query(`SELECT i.id, i.challenge_id, i.state, i.votes, i.created_at, `+challengeColumnsC+`
		FROM ideas i JOIN challenges c ON c.id = i.challenge_id
		WHERE i.id = ANY(?)`, ids)
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
	// Read after the ideas: every vote for these ideas that another node
	// committed meanwhile is seen (READ COMMITTED: a new snapshot per
	// statement); one committed after this read makes the write's counts
	// differ.
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
	return errs, alone, s.voteBulkWrite(tx, ops, errs, targets, inserts, deletes)
}

// voteBulkWrite writes a bulk vote's rows and adds to the tallies in one
// statement, then corrects the answers (ops' tallies, counted from the
// read) by what other nodes' commits added meanwhile.
func (s *Store) voteBulkWrite(tx *sql.Tx, ops []*voteOp, errs []error, targets map[int64]*voteTarget, inserts map[voterKey]*voteOp, deletes map[voterKey]bool) error {
	var in [7][]int64 // idea, user, challenge, created_at, net, ua, age
	touched := map[int64]bool{}
	for _, op := range inserts {
		for i, v := range []int64{op.idea, op.user, targets[op.idea].c.ID, ms(op.at), op.sig.Net, op.sig.UA, op.sig.Age} {
			in[i] = append(in[i], v)
		}
		touched[op.idea] = true
	}
	var delIdeas, delUsers []int64
	for k := range deletes {
		delIdeas, delUsers = append(delIdeas, k.idea), append(delUsers, k.user)
		touched[k.idea] = true
	}
	if len(touched) == 0 {
		return nil // nothing written: every vote was there, or cast and withdrawn in the batch
	}
	var ids []int64
	var states []string
	for id := range touched {
		ids, states = append(ids, id), append(states, string(targets[id].idea.State))
	}
	// The tallies change by the rows really inserted and removed, and only
	// where the idea's state is still the one checked. The ideas' rows are
	// locked first, all in id order (lk, read whole by the update's
	// one-time filter before it touches a row), so two nodes' batches
	// never wait for each other in a circle.
	var nIns, nDel int
	since := make(map[int64]int, len(ids)) // what other nodes added to each idea since the read
	rows, err := tx.Query(`WITH ins AS (INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age)
			SELECT idea, voter, challenge, at, NULLIF(net, 0), NULLIF(ua, 0), NULLIF(age, 0)
			FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS n(idea, voter, challenge, at, net, ua, age)
			ON CONFLICT DO NOTHING RETURNING idea_id),
		del AS (DELETE FROM votes v USING unnest(?::bigint[], ?::bigint[]) AS d(idea, voter)
			WHERE v.idea_id = d.idea AND v.user_id = d.voter RETURNING v.idea_id, v.held),
		ch AS (SELECT x.idea_id, SUM(x.n) AS n, SUM(x.h) AS h, t.state FROM (
				SELECT idea_id, 1 AS n, 0 AS h FROM ins
				UNION ALL SELECT idea_id, CASE WHEN held = 0 THEN -1 ELSE 0 END, CASE WHEN held = 0 THEN 0 ELSE 1 END FROM del) x
			JOIN unnest(?::bigint[], ?::text[]) AS t(id, state) ON t.id = x.idea_id
			GROUP BY x.idea_id, t.state ORDER BY x.idea_id),
		lk AS (SELECT id FROM ideas WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE),
		upd AS (UPDATE ideas SET votes = ideas.votes + ch.n, hot = `+hotSQL(`ideas.votes + ch.n`, `ideas.created_at`)+`,
				votes_under_review = ideas.votes_under_review - ch.h
			FROM ch WHERE ideas.id = ch.idea_id AND ideas.state = ch.state AND (SELECT COUNT(*) FROM lk) > 0
			RETURNING ideas.id, ideas.votes)
		SELECT c.i, c.d, u.id, u.votes FROM (SELECT (SELECT COUNT(*) FROM ins) AS i, (SELECT COUNT(*) FROM del) AS d) c
			LEFT JOIN upd u ON true`,
		in[0], in[1], in[2], in[3], in[4], in[5], in[6], delIdeas, delUsers, ids, states, ids)
	if err != nil {
		return fmt.Errorf("store: unable to write votes: %w", err)
	}
	for rows.Next() {
		var id, votes sql.NullInt64
		if err := rows.Scan(&nIns, &nDel, &id, &votes); err != nil {
			rows.Close()
			return fmt.Errorf("store: unable to write votes: %w", err)
		}
		if id.Valid && targets[id.Int64] != nil {
			since[id.Int64] = int(votes.Int64) - targets[id.Int64].votes
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: unable to write votes: %w", err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: unable to write votes: %w", err)
	}
	if nIns != len(inserts) || nDel != len(deletes) || len(since) != len(ids) {
		// Another node cast or withdrew one of these votes, or changed
		// one of these ideas, since they were read.
		return fmt.Errorf("store: bulk votes wrote %d, removed %d and counted %d ideas, not %d, %d and %d: the batch runs again vote by vote",
			nIns, nDel, len(since), len(inserts), len(deletes), len(ids))
	}
	// Each answer is its tally as counted from the read, plus what other
	// nodes added to the idea since.
	for i, op := range ops {
		if errs[i] == nil && targets[op.idea] != nil {
			*op.votes += since[op.idea]
		}
	}
	return nil
}

// hotSQL is domain.HotScore in SQL, of a tally and a creation time in
// Unix milliseconds (TestHotSQLIsHotScore holds them together).
func hotSQL(votes, createdMS string) string {
	return `(log(GREATEST(` + votes + `, 0) + 1.0) + (` + createdMS + ` - ` + strconv.FormatInt(hotEpochMS, 10) + `)::double precision / ` + strconv.FormatInt(hotPeriodMS, 10) + `.0)`
}

// hotEpochMS and hotPeriodMS are domain.HotScore's epoch and period in
// milliseconds.
var (
	hotEpochMS  = int64(math.Round(-domain.HotScore(0, time.UnixMilli(0)) / hotPerMS))
	hotPeriodMS = int64(math.Round(1 / hotPerMS))
	hotPerMS    = (domain.HotScore(0, time.UnixMilli(1<<40)) - domain.HotScore(0, time.UnixMilli(0))) / (1 << 40)
)

// prefixScanner is prefixRow for *sql.Rows.
type prefixScanner struct {
	rows   *sql.Rows
	prefix []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append(p.prefix, dest...)...)
}
