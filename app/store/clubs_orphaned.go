package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// TellOrphaned chooses, in the write that left club c with no organiser
// who can act (people.NeedsOrganiser), the notices telling staff: the
// admins and moderators who are neither suspended nor deleted (session 53).
type TellOrphaned func(c Club, staff []int64) []domain.Outgoing

// lastOrganisedTx lists the clubs userID is the last organiser of who can
// act (an organiser not suspended, with no other such organiser), read
// before a write that ends their role (leaving, being removed, deleting
// or suspending the account): after it, those clubs need an organiser. A
// club already without one (a suspended organiser deleted) is not listed:
// it was told when it lost its last. only, when not 0, limits it to one club.
func lastOrganisedTx(ctx context.Context, tx *sql.Tx, userID, only int64) ([]int64, error) {
	return list(ctx, tx, "clubs organised", scanOne[int64], `SELECT m.club_id FROM club_members m JOIN users u ON u.id = m.user_id
		WHERE m.user_id = ? AND m.organiser = 1 AND u.suspended = 0 AND (? = 0 OR m.club_id = ?)
		AND NOT EXISTS (SELECT 1 FROM club_members o JOIN users ou ON ou.id = o.user_id
			WHERE o.club_id = m.club_id AND o.organiser = 1 AND o.user_id <> m.user_id AND ou.suspended = 0)
		ORDER BY m.club_id`, userID, only, only)
}

// tellOrphanedTx writes, after the write that ended their last
// organiser's role, the notices tellOrphaned chooses for each club of ids
// still without an organiser who can act, with the staff to tell.
func tellOrphanedTx(ctx context.Context, tx *sql.Tx, now time.Time, ids []int64, tellOrphaned TellOrphaned) error {
	if len(ids) == 0 || tellOrphaned == nil {
		return nil
	}
	staff, err := list(ctx, tx, "staff", scanOne[int64], `SELECT DISTINCT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role IN ('admin', 'moderator') AND u.suspended = 0 AND u.deleted_at IS NULL ORDER BY r.user_id`)
	if err != nil {
		return err
	}
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
