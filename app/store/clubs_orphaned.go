package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// TellOrphaned chooses, in the write that left club c with no organiser
// who can act (people.NeedsOrganiser), the notices telling staff: the
// accounts people.OrphanWatchers picks (admins and moderators neither
// suspended nor deleted) from those holding a granted role (session 53;
// chosen by people since session 54).
type TellOrphaned func(c Club, staff []int64) []domain.Outgoing

// lastOrganisedTx lists the clubs userID organises (only, when not 0,
// limits it to one club) that the write about to end their role (leaving,
// being removed, deleting or suspending the account) leaves without an
// organiser who can act (people.LeftWithoutOrganiser): it reads, for each,
// whether they are one (actingOrganisers) and how many others are, before
// the write. A club already without one (a suspended organiser deleted)
// is not listed: it was told when it lost its last. The clubs' locks are
// held (lockFor "club": Leave and SetOrganiser take their club's, a
// suspension and a deletion those of every club the account organises,
// lockToWithdraw), so a write ending another organiser's role in the same
// club on another node commits before this reads, or reads after this
// commits (session 54).
func lastOrganisedTx(ctx context.Context, tx *sql.Tx, userID, only int64) ([]int64, error) {
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
		if people.LeftWithoutOrganiser(o.acts, o.others) {
			ids = append(ids, o.club)
		}
	}
	return ids, nil
}

// tellOrphanedTx writes, after the write that ended their last
// organiser's role, the notices tellOrphaned chooses for each club of ids
// still without an organiser who can act, with the staff to tell: read
// are the accounts holding a granted role, and people.OrphanWatchers
// decides who of them is told.
func tellOrphanedTx(ctx context.Context, tx *sql.Tx, now time.Time, ids []int64, tellOrphaned TellOrphaned) error {
	if len(ids) == 0 || tellOrphaned == nil {
		return nil
	}
	candidates, err := list(ctx, tx, "staff", func(rows *sql.Rows) (domain.User, error) { return scanUser(rows) },
		`SELECT `+userColumns+` FROM users u WHERE u.id IN (SELECT user_id FROM user_roles) ORDER BY u.id`)
	if err != nil {
		return err
	}
	staff := people.OrphanWatchers(candidates)
	var out []domain.Outgoing
	for _, id := range ids {
		c, err := scanClub(tx.QueryRow(`SELECT `+clubColumns+` FROM clubs c WHERE c.id = ?`, id))
		if err != nil {
			return fmt.Errorf("store: unable to load club %d: %w", id, err)
		}
		if c.NeedsOrganiser() {
			out = append(out, tellOrphaned(c, staff)...)
		}
	}
	return tell(tx, now, out)
}
