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
// in loc; votes held for review (a quarantined group's) are left out, as
// from every tally. Each count is read from an index alone: every vote's
// day from votes_challenge_time, less the held votes' from votes_held_time
// (reading held from each vote's row would cost a row a vote).
func (s *Store) VotesPerDay(ctx context.Context, challengeID int64, loc *time.Location) ([]DayCount, error) {
	_, offset := time.Now().In(loc).Zone()
	perDay := func(held string) (map[int64]int, []int64, error) {
		rows, err := s.r.QueryContext(ctx, `SELECT (created_at + ?) / 86400000 AS day, COUNT(*) FROM votes
			WHERE challenge_id = ?`+held+` GROUP BY day ORDER BY day`, int64(offset)*1000, challengeID)
		if err != nil {
			return nil, nil, fmt.Errorf("store: unable to count votes per day: %w", err)
		}
		defer rows.Close()
		counts := map[int64]int{}
		var days []int64
		for rows.Next() {
			var day int64
			var n int
			if err := rows.Scan(&day, &n); err != nil {
				return nil, nil, err
			}
			counts[day] = n
			days = append(days, day)
		}
		return counts, days, rows.Err()
	}
	all, days, err := perDay("")
	if err != nil {
		return nil, err
	}
	held, _, err := perDay(" AND held = 1")
	if err != nil {
		return nil, err
	}
	var out []DayCount
	for _, day := range days {
		if n := all[day] - held[day]; n > 0 {
			out = append(out, DayCount{Day: time.UnixMilli(day * 86400000).UTC(), Count: n})
		}
	}
	return out, nil
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
