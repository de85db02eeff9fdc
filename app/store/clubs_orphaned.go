package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// TellOrphaned is what the service decides about the clubs a write
// ending an organiser's role (leaving, being removed, deleting or
// suspending the account) leaves with no organiser who can act: people's
// rules (people.OrphanRules; the service hands people.Orphaning), one
// composition the service and the store's tests both call (session 56).
// The store reads the counts before the write (Orphans: acts, others;
// a club already without one, a suspended organiser deleted, was told
// when it lost its last), the club after it and the accounts holding a
// granted role (Tell's candidates), and decides nothing. The zero value
// tells nobody.
type TellOrphaned = people.OrphanRules

// lastOrganisedTx lists the clubs userID organises (only, when not 0,
// limits it to one club) that the write about to end their role leaves
// without an organiser who can act, as orphans decides (nil: none): it
// reads, for each, whether they are one (actingOrganisers) and how many
// others are, before the write. The clubs' locks are held (lockFor
// "club": Leave and SetOrganiser take their club's, a suspension and a
// deletion those of every club the account organises, lockToWithdraw),
// so a write ending another organiser's role in the same club on another
// node commits before this reads, or reads after this commits (session
// 54).
func lastOrganisedTx(ctx context.Context, tx *sql.Tx, userID, only int64, orphans func(acts bool, others int) bool) ([]int64, error) {
	if orphans == nil {
		return nil, nil
	}
	type organised struct {
		club   int64
		acts   bool
		others int
	}
	rows, err := list(ctx, tx, "clubs organised", func(rows *sql.Rows) (organised, error) {
		var o organised
		var acts int
		err := rows.Scan(&o.club, &acts, &o.others)
		o.acts = acts > 0
		return o, err
	}, `SELECT me.club_id,
			(SELECT COUNT(*) `+actingOrganisers+` AND m.club_id = me.club_id AND m.user_id = me.user_id),
			(SELECT COUNT(*) `+actingOrganisers+` AND m.club_id = me.club_id AND m.user_id <> me.user_id)
		FROM club_members me WHERE me.user_id = ? AND me.organiser = 1 AND (? = 0 OR me.club_id = ?)
		ORDER BY me.club_id`, userID, only, only)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, o := range rows {
		if orphans(o.acts, o.others) {
			ids = append(ids, o.club)
		}
	}
	return ids, nil
}

// tellOrphanedTx writes, after the write that ended their last
// organiser's role, the notices tellOrphaned.Tell chooses for each club of
// ids, read as the write leaves it, with the accounts holding a granted
// role to choose the staff from.
func tellOrphanedTx(ctx context.Context, tx *sql.Tx, now time.Time, ids []int64, tellOrphaned TellOrphaned) error {
	if len(ids) == 0 || tellOrphaned.Tell == nil {
		return nil
	}
	candidates, err := list(ctx, tx, "staff", func(rows *sql.Rows) (domain.User, error) { return scanUser(rows) },
		`SELECT `+userColumns+` FROM users u WHERE u.id IN (SELECT user_id FROM user_roles) ORDER BY u.id`)
	if err != nil {
		return err
	}
	var out []domain.Outgoing
	for _, id := range ids {
		c, err := scanClub(tx.QueryRow(`SELECT `+clubColumns+` FROM clubs c WHERE c.id = ?`, id))
		if err != nil {
			return fmt.Errorf("store: unable to load club %d: %w", id, err)
		}
		out = append(out, tellOrphaned.Tell(people.OrphanedClub{ID: c.ID, Name: c.Name, City: c.City, Organisers: c.Organisers}, candidates)...)
	}
	return tell(tx, now, out)
}
