package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cocreate/app/people"
)

// BadgeFacts are what one person's badges are decided from
// (people.RuleBadges and people.Merge): their first events of each kind,
// their hand badges, and when their first public idea was posted.
type BadgeFacts struct {
	Events    []people.Event
	Hand      []people.Badge
	FirstIdea *time.Time
}

// BadgeFacts reads the badge facts of many people at once: three queries
// for any number of people (inIDs takes lists of any length). Events are the first
// people.BadgeDepth of each kind that earned points (people.Earning, as on
// the profile: a report past people.FeedbackCap is no badge); the first idea is the earliest listed
// idea in a challenge that does not hide its authors (anonymous until
// results, until its results are out: domain.MaskFor), so a badge beside a
// name never tells that the person posted in such a challenge while it
// hides them, and agrees with their profile's badge once it does not.
func (s *Store) BadgeFacts(ctx context.Context, ids []int64) (map[int64]*BadgeFacts, error) {
	out := map[int64]*BadgeFacts{}
	var want []int64
	for _, id := range ids {
		if _, dup := out[id]; id > 0 && !dup {
			out[id] = &BadgeFacts{}
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	if err := s.badgeFacts(ctx, want, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) badgeFacts(ctx context.Context, ids []int64, out map[int64]*BadgeFacts) error {
	read := func(what, query string, args []any, scan func(*sql.Rows) error) error {
		rows, err := s.r.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("store: unable to read %s: %w", what, err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: unable to read %s: %w", what, err)
		}
		return nil
	}
	inUser, userArgs := s.inIDs("user_id", ids)
	inAuthor, authorArgs := s.inIDs("i.author_id", ids)
	err := read("badge events", `SELECT user_id, kind, created_at FROM (
		SELECT user_id, kind, created_at, ROW_NUMBER() OVER (PARTITION BY user_id, kind ORDER BY created_at, id) AS n
		FROM reputation_events WHERE `+inUser+` AND points > 0) e WHERE n <= ?`, append(userArgs, people.BadgeDepth), func(rows *sql.Rows) error {
		var e people.Event
		var kind string
		var at int64
		if err := rows.Scan(&e.UserID, &kind, &at); err != nil {
			return err
		}
		e.Kind, e.At = people.Kind(kind), fromMS(at)
		out[e.UserID].Events = append(out[e.UserID].Events, e)
		return nil
	})
	if err != nil {
		return err
	}
	err = read("hand badges", `SELECT user_id, badge, awarded_at FROM user_badges WHERE `+inUser+` ORDER BY awarded_at`, userArgs, func(rows *sql.Rows) error {
		var id, at int64
		b := people.Badge{ByHand: true}
		if err := rows.Scan(&id, &b.Key, &at); err != nil {
			return err
		}
		b.AwardedAt = fromMS(at)
		out[id].Hand = append(out[id].Hand, b)
		return nil
	})
	if err != nil {
		return err
	}
	return read("first ideas", `SELECT i.author_id, MIN(i.created_at) FROM ideas i JOIN challenges c ON c.id = i.challenge_id
		WHERE `+inAuthor+` AND i.`+listed+` AND c.kind <> 'design_poll' AND (c.anonymous_until_results = 0 OR c.results_at IS NOT NULL) GROUP BY i.author_id`, authorArgs, func(rows *sql.Rows) error {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		t := fromMS(at)
		out[id].FirstIdea = &t
		return nil
	})
}
