package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// RubricCheck decides, inside the transaction, whether a challenge's
// rubric may be replaced (judging.CheckRubricChange): it receives the
// challenge, the rubric in force (the default when none was set) and
// whether any judge has scored one of the challenge's ideas.
type RubricCheck func(c domain.Challenge, old judging.Rubric, scored bool) error

// SetRubric replaces a challenge's rubric (already validated), as check
// allows.
func (s *Store) SetRubric(ctx context.Context, challengeID int64, r judging.Rubric, check RubricCheck) error {
	raw, err := json.Marshal(r.Criteria)
	if err != nil {
		return fmt.Errorf("store: unable to encode the rubric: %w", err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.shareChallenge(tx, challengeID); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		old, err := rubricTx(tx, challengeID)
		if err != nil {
			return err
		}
		var scored int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM scorecards sc JOIN ideas i ON i.id = sc.idea_id
			WHERE i.challenge_id = ? LIMIT 1) x`, challengeID).Scan(&scored); err != nil {
			return fmt.Errorf("store: unable to read whether the challenge is scored: %w", err)
		}
		if err := check(c, old, scored > 0); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO rubrics (challenge_id, criteria, crowd_weight, blind, exclude_voters, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (challenge_id) DO UPDATE SET criteria = excluded.criteria, crowd_weight = excluded.crowd_weight,
			blind = excluded.blind, exclude_voters = excluded.exclude_voters, updated_at = excluded.updated_at`,
			challengeID, string(raw), r.CrowdWeight, r.Blind, r.ExcludeVoters, ms(s.Now()))
		if err != nil {
			return fmt.Errorf("store: unable to save the rubric: %w", err)
		}
		return nil
	})
}

// RubricOf loads a challenge's rubric; ok is false when none was set.
func (s *Store) RubricOf(ctx context.Context, challengeID int64) (r judging.Rubric, ok bool, err error) {
	return rubricOf(s.r.QueryRowContext(ctx, `SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
}

func rubricOf(row *sql.Row) (judging.Rubric, bool, error) {
	var r judging.Rubric
	var raw string
	err := row.Scan(&raw, &r.CrowdWeight, &r.Blind, &r.ExcludeVoters)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("store: unable to load the rubric: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &r.Criteria); err != nil {
		return r, false, fmt.Errorf("store: the rubric is unreadable: %w", err)
	}
	return r, true, nil
}

// rubricTx loads a challenge's rubric inside a transaction, or the default.
func rubricTx(tx *sql.Tx, challengeID int64) (judging.Rubric, error) {
	r, ok, err := rubricOf(tx.QueryRow(`SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
	if err != nil || !ok {
		return judging.DefaultRubric(), err
	}
	return r, nil
}

// ShortlistDecision picks a challenge's shortlist from its ideas, with the
// reasons (the rule is judging.ShortlistBasis); it runs inside the
// transaction that applies it, and the basis is kept beside the list.
type ShortlistDecision func(c domain.Challenge, entrants []judging.Entrant) (judging.Basis, error)

// ShortlistTell chooses the notices for an idea newly on the shortlist
// (on true) or taken off it (on false).
type ShortlistTell func(ideaID, authorID int64, title string, on bool) []domain.Outgoing

// Shortlist sets a challenge's shortlist to what decide picks from the
// challenge's ideas: ideas leaving it go back to submitted, ideas newly on
// it or leaving it get the notices tellOf chooses, and every change is in
// the ideas' history.
func (s *Store) Shortlist(ctx context.Context, challengeID, actorID int64, decide ShortlistDecision, tellOf ShortlistTell) ([]domain.Idea, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.shareChallenge(tx, challengeID); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		type row struct {
			judging.Entrant
			author int64
			title  string
		}
		ideas, err := list(ctx, tx, "ideas", func(rows *sql.Rows) (row, error) {
			var r row
			var qualified int
			err := rows.Scan(&r.ID, &r.Votes, &r.State, &r.author, &r.title, &r.Score, &qualified)
			r.Qualified = qualified == 1
			return r, err
		}, `SELECT id, votes, state, author_id, title, rank_score, CASE WHEN qualified_at IS NULL THEN 0 ELSE 1 END
			FROM ideas WHERE challenge_id = ? ORDER BY id`, challengeID)
		if err != nil {
			return err
		}
		entrants := make([]judging.Entrant, len(ideas))
		for i, r := range ideas {
			entrants[i] = r.Entrant
		}
		basis, err := decide(c, entrants)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(basis)
		if err != nil {
			return fmt.Errorf("store: unable to encode the shortlist's basis: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO shortlist_bases (challenge_id, basis, decided_by, decided_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (challenge_id) DO UPDATE SET basis = excluded.basis, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
			challengeID, string(raw), actorID, ms(now)); err != nil {
			return fmt.Errorf("store: unable to save the shortlist's basis: %w", err)
		}
		want := basis.Members()
		for _, r := range ideas {
			switch {
			case r.State == domain.StateShortlisted && !want[r.ID]:
				moved, err := setState(tx, r.ID, actorID, domain.StateShortlisted, domain.StateSubmitted, "", now)
				if err != nil {
					return err
				}
				if moved {
					if err := tell(tx, now, tellOf(r.ID, r.author, r.title, false)); err != nil {
						return err
					}
				}
			case r.State != domain.StateShortlisted && want[r.ID]:
				moved, err := setState(tx, r.ID, actorID, r.State, domain.StateShortlisted, "", now)
				if err != nil {
					return err
				}
				if !moved {
					continue // moved on another node meanwhile (hidden): not shortlisted
				}
				if err := tell(tx, now, tellOf(r.ID, r.author, r.title, true)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.shortlisted(ctx, challengeID, "shortlisted")
}

// setState moves one idea between states with its history row and index entry.
// setState moves an idea from the state its caller read, from, to to,
// recording the move. moved is false, and nothing is written, when the
// idea is no longer in from: on PostgreSQL another node moved it since the
// read (a moderator hid it while the results were published, say), and
// the UPDATE, which waited for that node's row lock, then found the new
// state. Unchecked, publishing wrote "winner" over the hide.
func setState(tx *sql.Tx, ideaID, actorID int64, from, to domain.State, reason string, now time.Time) (moved bool, err error) {
	res, err := tx.Exec(`UPDATE ideas SET state = ?, updated_at = ? WHERE id = ? AND state = ?`, string(to), ms(now), ideaID, string(from))
	if err != nil {
		return false, fmt.Errorf("store: unable to move idea %d to %s: %w", ideaID, to, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if err := recordEvent(tx, ideaID, actorID, from, to, reason, now); err != nil {
		return false, err
	}
	return true, queue(tx, "idea", ideaID, now)
}

// shortlisted lists a challenge's ideas in the given states, most votes first.
func (s *Store) shortlisted(ctx context.Context, challengeID int64, states ...string) ([]domain.Idea, error) {
	args := []any{challengeID}
	in := ""
	for i, st := range states {
		if i > 0 {
			in += ","
		}
		in += "?"
		args = append(args, st)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id
		WHERE i.challenge_id = ? AND i.state IN (`+in+`) ORDER BY i.votes DESC, i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the shortlist: %w", err)
	}
	defer rows.Close()
	out := []domain.Idea{}
	for rows.Next() {
		idea, err := scanIdea(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, idea)
	}
	return out, rows.Err()
}

// ShortlistOf lists the ideas being judged (or, after results, judged).
func (s *Store) ShortlistOf(ctx context.Context, challengeID int64) ([]domain.Idea, error) {
	return s.shortlisted(ctx, challengeID, "shortlisted", "winner", "not_selected")
}

// lockChallenge locks a challenge's row for a write that closes its
// judging (publishing the results), on PostgreSQL: every judging write of
// another node (shareChallenge) then either committed before, and the
// statements that follow read it, or waits and then reads the challenge
// as this write leaves it. Nothing on SQLite, whose one writer is alone.
func (s *Store) lockChallenge(tx *sql.Tx, challengeID int64) error {
	return s.rowLock(tx, challengeID, s.forUpdate)
}

// shareChallenge locks a challenge's row against lockChallenge for a
// judging write (a scorecard, the rubric, the shortlist, an assignment),
// on PostgreSQL: one closing the judging on another node either committed
// before, and the write's read of the challenge (a statement after this
// one) finds the results published, or waits for this write and then
// reads what it wrote. Such writes share the lock, so they do not wait for
// each other; votes do not take it.
func (s *Store) shareChallenge(tx *sql.Tx, challengeID int64) error {
	return s.rowLock(tx, challengeID, " FOR SHARE")
}

func (s *Store) rowLock(tx *sql.Tx, challengeID int64, mode string) error {
	if !s.postgres {
		return nil
	}
	if _, err := tx.Exec(`SELECT id FROM challenges WHERE id = ?`+mode, challengeID); err != nil {
		return fmt.Errorf("store: unable to lock challenge %d: %w", challengeID, err)
	}
	return nil
}
