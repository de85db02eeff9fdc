package store

import (
	"context"
	"database/sql"

	"cocreate/app/domain"
)

// hiddenFromSQL is the state a hidden idea (ideas i, its queue row m)
// had when it was hidden, as stateBeforeHiding reads it: its latest
// hiding's event, else the queue's prev_state.
const hiddenFromSQL = `COALESCE((SELECT e.from_state FROM idea_events e WHERE e.idea_id = i.id AND e.to_state = 'hidden' AND e.from_state <> 'hidden'
	ORDER BY e.id DESC LIMIT 1), m.prev_state, '')`

// HiddenFinalist is a shortlisted idea hidden while a moderator has still
// to decide on it (its reports, or its author's request for a review).
type HiddenFinalist struct {
	ID    int64
	Title string
}

// HiddenFinalists lists a challenge's ideas hidden from its shortlist
// whose moderation is still open: the ranking leaves them out, and a
// moderator may yet bring them back onto the shortlist.
func (s *Store) HiddenFinalists(ctx context.Context, challengeID int64) ([]HiddenFinalist, error) {
	return hiddenFinalists(ctx, s.r, challengeID)
}

func hiddenFinalists(ctx context.Context, q querier, challengeID int64) ([]HiddenFinalist, error) {
	return list(ctx, q, "hidden finalists", func(rows *sql.Rows) (HiddenFinalist, error) {
		var f HiddenFinalist
		err := rows.Scan(&f.ID, &f.Title)
		return f, err
	}, `SELECT i.id, i.title FROM ideas i JOIN moderation_items m ON m.item_type = 'idea' AND m.item_id = i.id
		WHERE i.challenge_id = ? AND i.state = ? AND m.open = 1 AND `+hiddenFromSQL+` = ? ORDER BY i.id`,
		challengeID, string(domain.StateHidden), string(domain.StateShortlisted))
}
