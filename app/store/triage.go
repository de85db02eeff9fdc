package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
)

// TriageItem is an idea waiting for an engineer's decision.
type TriageItem struct {
	Idea   domain.Idea
	Picked bool // sent by an admin rather than won
}

// TriageQueue lists winning ideas and ideas admins picked that are neither
// projects nor declined yet, oldest first: listed ones only, since no one
// opens a project of a hidden, withdrawn or merged idea nor declines it
// (workflow.CanOpen, domain.CanDecline). Who may see which is the
// service's to decide.
func (s *Store) TriageQueue(ctx context.Context) ([]TriageItem, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ideaColumns+`, EXISTS (SELECT 1 FROM triage_picks t WHERE t.idea_id = i.id)
		FROM ideas i JOIN users u ON u.id = i.author_id
		WHERE (i.state = 'winner' OR i.id IN (SELECT idea_id FROM triage_picks)) AND i.`+listed+`
		  AND i.id NOT IN (SELECT idea_id FROM projects) AND i.id NOT IN (SELECT idea_id FROM triage_declines)
		ORDER BY i.id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the triage queue: %w", err)
	}
	defer rows.Close()
	out := []TriageItem{}
	for rows.Next() {
		var it TriageItem
		idea, err := scanIdea(withExtra(rows, &it.Picked))
		if err != nil {
			return nil, err
		}
		it.Idea = idea
		out = append(out, it)
	}
	return out, rows.Err()
}

// PickForTriage sends an idea to the engineers' queue, if check accepts it
// given whether the engineers declined it already.
func (s *Store) PickForTriage(ctx context.Context, ideaID, actorID int64, check func(idea domain.Idea, declined bool) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.ideaToChange(tx, ideaID)
		if err != nil {
			return err
		}
		var declined bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM triage_declines WHERE idea_id = ?)`, ideaID).Scan(&declined); err != nil {
			return fmt.Errorf("store: unable to read idea %d's triage: %w", ideaID, err)
		}
		if err := check(idea, declined); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO triage_picks (idea_id, actor_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, ideaID, actorID, ms(s.Now()))
		return err
	})
}

// DeclineIdea takes an idea out of the queue with a public reason, recorded
// in the idea's history, if check allows it given the idea, whether an
// admin picked it and whether it is a project; the notices tellNew
// chooses, given the idea's audience, are written with it.
func (s *Store) DeclineIdea(ctx context.Context, ideaID, actorID int64, reason string, check func(idea domain.Idea, picked, project bool) error,
	tellNew func(idea domain.Idea, a domain.Audience) []domain.Outgoing) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.ideaToChange(tx, ideaID)
		if err != nil {
			return err
		}
		var picked, project bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM triage_picks WHERE idea_id = ?), EXISTS (SELECT 1 FROM projects WHERE idea_id = ?)`,
			ideaID, ideaID).Scan(&picked, &project); err != nil {
			return fmt.Errorf("store: unable to read idea %d's triage: %w", ideaID, err)
		}
		if err := check(idea, picked, project); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO triage_declines (idea_id, actor_id, reason, created_at) VALUES (?, ?, ?, ?)`, ideaID, actorID, reason, ms(now))
		if isUnique(err) {
			return domain.Conflict("already_declined", "this idea was already declined")
		}
		if err != nil {
			return fmt.Errorf("store: unable to decline idea %d: %w", ideaID, err)
		}
		// The history says why, in public; the state does not change.
		if err := recordEvent(tx, ideaID, actorID, idea.State, idea.State, reason, now); err != nil {
			return err
		}
		a, err := audienceOf(ctx, tx, ideaID)
		if err != nil {
			return err
		}
		return tell(tx, now, tellNew(idea, a))
	})
}

// Declined returns the public reason an idea was declined, if it was.
func (s *Store) Declined(ctx context.Context, ideaID int64) (string, error) {
	var reason string
	err := s.r.QueryRowContext(ctx, `SELECT reason FROM triage_declines WHERE idea_id = ?`, ideaID).Scan(&reason)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return reason, err
}
