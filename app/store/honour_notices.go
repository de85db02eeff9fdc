package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// HonourTell chooses the notices one fan's new points earn them (the
// service sets people.HonourNotices): a rule badge, a new level.
type HonourTell func(people.HonourChange) []domain.Outgoing

// honourChange reads, inside the write that recorded gained (the events
// that earned userID points, just written), the fan's reputation after it
// and before it, and the honours they were told of already.
func honourChange(tx *sql.Tx, userID int64, gained []people.Event) (people.HonourChange, error) {
	c := people.HonourChange{UserID: userID,
		Before: people.Tally{Earned: map[people.Kind]int{}}, After: people.Tally{Earned: map[people.Kind]int{}},
		Told: people.Told{Badges: map[string]bool{}}}
	rows, err := tx.Query(`SELECT kind, COUNT(*), SUM(points) FROM reputation_events WHERE user_id = ? AND points > 0 GROUP BY kind`, userID)
	if err != nil {
		return c, fmt.Errorf("store: unable to read the reputation of user %d: %w", userID, err)
	}
	for rows.Next() {
		var kind string
		var n, points int
		if err := rows.Scan(&kind, &n, &points); err != nil {
			rows.Close()
			return c, fmt.Errorf("store: unable to read the reputation of user %d: %w", userID, err)
		}
		c.After.Earned[people.Kind(kind)] = n
		c.After.Points += points
	}
	if err := closeRows(rows); err != nil {
		return c, fmt.Errorf("store: unable to read the reputation of user %d: %w", userID, err)
	}
	c.Before.Points = c.After.Points
	for k, n := range c.After.Earned {
		c.Before.Earned[k] = n
	}
	for _, e := range gained {
		c.Before.Points -= e.Points
		c.Before.Earned[e.Kind]--
	}
	rows, err = tx.Query(`SELECT kind, args FROM notifications WHERE user_id = ? AND `+honourKinds, userID)
	if err != nil {
		return c, fmt.Errorf("store: unable to read the honours user %d was told of: %w", userID, err)
	}
	for rows.Next() {
		var kind, raw string
		if err := rows.Scan(&kind, &raw); err != nil {
			rows.Close()
			return c, fmt.Errorf("store: unable to read the honours user %d was told of: %w", userID, err)
		}
		var args []string
		_ = json.Unmarshal([]byte(raw), &args) // a notice without arguments names nothing
		switch {
		case domain.NoticeKind(kind) == domain.NoticeLevelUp:
			c.Told.Level = max(c.Told.Level, people.ToldLevel(args))
		case len(args) > 0:
			c.Told.Badges[people.BadgeKeyOf(args[0])] = true
		}
	}
	if err := closeRows(rows); err != nil {
		return c, fmt.Errorf("store: unable to read the honours user %d was told of: %w", userID, err)
	}
	return c, nil
}

// honourKinds are the notices of honours, written out as the partial index
// notifications_honours (migration 105) says them, so that the planners of
// both engines may read by it (a bound parameter proves nothing of it).
const honourKinds = `kind IN ('` + string(domain.NoticeBadge) + `', '` + string(domain.NoticeBadgeEarned) + `', '` + string(domain.NoticeLevelUp) + `')`

// closeRows closes rows, with the error their reading ended on.
func closeRows(rows *sql.Rows) error {
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	return rows.Close()
}
