package store

import (
	"context"
	"fmt"
	"time"
)

// DayCount is a number for one calendar day.
type DayCount struct {
	Day   time.Time
	Count int
}

// VotesPerDay counts a challenge's current votes by the day they were cast,
// in loc, from the votes' time index; votes held for review (a quarantined
// group's) are left out, as from every tally.
func (s *Store) VotesPerDay(ctx context.Context, challengeID int64, loc *time.Location) ([]DayCount, error) {
	_, offset := time.Now().In(loc).Zone()
	rows, err := s.r.QueryContext(ctx, `SELECT (created_at + ?) / 86400000 AS day, COUNT(*) FROM votes
		WHERE challenge_id = ? AND held = 0 GROUP BY day ORDER BY day`, int64(offset)*1000, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count votes per day: %w", err)
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var day int64
		var d DayCount
		if err := rows.Scan(&day, &d.Count); err != nil {
			return nil, err
		}
		d.Day = time.UnixMilli(day * 86400000).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// Funnel counts how far a challenge's ideas went: submitted (every idea
// that was listed), shortlisted, winner, became a project, launched.
type Funnel struct {
	Submitted, Shortlisted, Winners, Projects, Launched int
}

// FunnelOf counts a challenge's funnel.
func (s *Store) FunnelOf(ctx context.Context, challengeID int64) (Funnel, error) {
	var f Funnel
	err := s.r.QueryRowContext(ctx, `SELECT
		COUNT(*) FILTER (WHERE state IN ('submitted', 'shortlisted', 'winner', 'not_selected', 'merged')),
		COUNT(*) FILTER (WHERE state IN ('shortlisted', 'winner', 'not_selected')),
		COUNT(*) FILTER (WHERE state = 'winner'),
		(SELECT COUNT(*) FROM projects p JOIN ideas i ON i.id = p.idea_id WHERE i.challenge_id = ?),
		(SELECT COUNT(*) FROM projects p JOIN ideas i ON i.id = p.idea_id WHERE i.challenge_id = ? AND p.stage = 'launched')
		FROM ideas WHERE challenge_id = ?`, challengeID, challengeID, challengeID).
		Scan(&f.Submitted, &f.Shortlisted, &f.Winners, &f.Projects, &f.Launched)
	if err != nil {
		return f, fmt.Errorf("store: unable to count the funnel: %w", err)
	}
	return f, nil
}
