package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// Rubric is a challenge's judging rubric, with the conflict-of-interest rule.
type Rubric struct {
	judging.Rubric
	// ExcludeVoters keeps judges away from ideas they voted for.
	ExcludeVoters bool `json:"exclude_voters"`
}

// DefaultRubric is what a challenge judges by until an admin sets one: the
// four criteria DESIGN.md names, equally weighted, on a 1–10 scale.
func DefaultRubric() Rubric {
	c := func(key, name string) judging.Criterion {
		return judging.Criterion{Key: key, Name: name, Weight: 1, Min: 1, Max: 10}
	}
	return Rubric{Rubric: judging.Rubric{
		Criteria:    []judging.Criterion{c("novelty", "Novelty 新颖性"), c("feasibility", "Feasibility 可行性"), c("cost", "Cost 成本"), c("user_value", "User value 用户价值")},
		CrowdWeight: 0.3, Blind: true,
	}}
}

// SetRubric replaces a challenge's rubric (already validated).
func (s *Store) SetRubric(ctx context.Context, challengeID int64, r Rubric) error {
	raw, _ := json.Marshal(r.Criteria)
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := s.challengeTx(tx, challengeID); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO rubrics (challenge_id, criteria, crowd_weight, blind, exclude_voters, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (challenge_id) DO UPDATE SET criteria = excluded.criteria, crowd_weight = excluded.crowd_weight,
			blind = excluded.blind, exclude_voters = excluded.exclude_voters, updated_at = excluded.updated_at`,
			challengeID, string(raw), r.CrowdWeight, r.Blind, r.ExcludeVoters, ms(s.Now()))
		if err != nil {
			return fmt.Errorf("store: unable to save the rubric: %w", err)
		}
		return nil
	})
}

// RubricOf loads a challenge's rubric, or the default one.
func (s *Store) RubricOf(ctx context.Context, challengeID int64) (Rubric, error) {
	return rubricOf(s.r.QueryRowContext(ctx, `SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
}

func rubricOf(row *sql.Row) (Rubric, error) {
	var r Rubric
	var raw string
	err := row.Scan(&raw, &r.CrowdWeight, &r.Blind, &r.ExcludeVoters)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultRubric(), nil
	}
	if err != nil {
		return r, fmt.Errorf("store: unable to load the rubric: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &r.Criteria); err != nil {
		return r, fmt.Errorf("store: the rubric is unreadable: %w", err)
	}
	return r, nil
}

// Shortlist sets a challenge's shortlist: the top ideas by crowd score
// (votes), plus the admin's picks, minus their removals. Ideas leaving the
// shortlist go back to submitted; newly shortlisted authors are notified.
// Every change is in the ideas' history.
func (s *Store) Shortlist(ctx context.Context, challengeID int64, top int, add, remove []int64, actorID int64) ([]domain.Idea, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		if c.ResultsAt != nil {
			return domain.Conflict("results_published", "the results are published; the shortlist is final")
		}
		want := map[int64]bool{}
		rows, err := tx.Query(`SELECT id FROM ideas WHERE challenge_id = ? AND state IN ('submitted', 'shortlisted')
			ORDER BY votes DESC, id ASC LIMIT ?`, challengeID, top)
		if err != nil {
			return fmt.Errorf("store: unable to rank ideas: %w", err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			want[id] = true
		}
		rows.Close()
		for i, id := range add {
			var state string
			err := tx.QueryRow(`SELECT state FROM ideas WHERE id = ? AND challenge_id = ?`, id, challengeID).Scan(&state)
			if err != nil || (state != "submitted" && state != "shortlisted") {
				return domain.Invalid(fmt.Sprintf("add[%d]", i), "not_shortlistable", fmt.Sprintf("idea %d is not a submitted idea of this challenge", id))
			}
			want[id] = true
		}
		for _, id := range remove {
			delete(want, id)
		}
		// Move states: in and out.
		current := map[int64]int64{} // shortlisted idea → author
		rows, err = tx.Query(`SELECT id, author_id FROM ideas WHERE challenge_id = ? AND state = 'shortlisted'`, challengeID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, author int64
			rows.Scan(&id, &author)
			current[id] = author
		}
		rows.Close()
		for id := range current {
			if !want[id] {
				if err := setState(tx, id, actorID, domain.StateShortlisted, domain.StateSubmitted, "", now); err != nil {
					return err
				}
			}
		}
		for id := range want {
			if _, ok := current[id]; ok {
				continue
			}
			if err := setState(tx, id, actorID, domain.StateSubmitted, domain.StateShortlisted, "", now); err != nil {
				return err
			}
			var author int64
			var title string
			tx.QueryRow(`SELECT author_id, title FROM ideas WHERE id = ?`, id).Scan(&author, &title)
			if err := notify(tx, author, domain.NoticeShortlisted, "/ideas/"+strconv.FormatInt(id, 10), now, title); err != nil {
				return err
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
func setState(tx *sql.Tx, ideaID, actorID int64, from, to domain.State, reason string, now time.Time) error {
	if _, err := tx.Exec(`UPDATE ideas SET state = ?, updated_at = ? WHERE id = ?`, string(to), ms(now), ideaID); err != nil {
		return fmt.Errorf("store: unable to move idea %d to %s: %w", ideaID, to, err)
	}
	if err := recordEvent(tx, ideaID, actorID, from, to, reason, now); err != nil {
		return err
	}
	return queue(tx, "idea", ideaID, now)
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
