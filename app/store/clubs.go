package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// Club is a city's fan club.
type Club struct {
	ClubRow
	Members int
	// Organisers counts its organisers not suspended (a deleted account
	// is in no club).
	Organisers int
}

// NeedsOrganiser says whether the club has no organiser who can act
// (people.NeedsOrganiser): its pages say so, and admins name one. It is
// for the club's readers (the clubs' page asks it of each club, as of
// ClubEvent.Taken); the store's writes never ask it: what a write that
// ends an organiser's role does about it is the service's (TellOrphaned).
func (c Club) NeedsOrganiser() bool { return people.NeedsOrganiser(c.Organisers) }

// Member is a person in a club.
type Member struct {
	User      domain.Author
	Organiser bool
	JoinedAt  time.Time
}

// ClubEvent is a meetup with its answers counted.
type ClubEvent struct {
	ID         int64
	ClubID     int64
	Title      string
	Body       string
	Place      string
	StartsAt   time.Time
	Capacity   int
	Going      int
	Waitlisted int
	CreatedAt  time.Time
	// CancelledAt is when its organisers called it off (zero: it
	// stands), CancelReason why.
	CancelledAt  time.Time
	CancelReason string
	// Revision counts the changes its organisers made since posting it
	// (each edit and the cancellation): its calendar's SEQUENCE.
	Revision int
}

// Cancelled: the meetup was called off.
func (e ClubEvent) Cancelled() bool { return !e.CancelledAt.IsZero() }

// Input is the meetup as its organisers wrote it (people.EventInput), for
// the rules of changing it.
func (e ClubEvent) Input() people.EventInput {
	return people.EventInput{Title: e.Title, Body: e.Body, Place: e.Place, StartsAt: e.StartsAt, Capacity: e.Capacity}
}

// Taken and LetIn are the meetup's count as read (people.Seats): the
// places taken, never more than its capacity, and the people going beyond
// them, let in from the waiting list at the door.
func (e ClubEvent) Taken() int { t, _ := people.Seats(e.Going, e.Capacity); return t }

// LetIn: see Taken.
func (e ClubEvent) LetIn() int { _, n := people.Seats(e.Going, e.Capacity); return n }

// Attendee is an answer to a meetup, for its organisers' check-in list.
type Attendee struct {
	User       domain.Author
	Waitlisted bool
	CheckedIn  bool
}

// actingOrganisers is the one place the store's SQL says what an
// organiser who can act is (session 54): a member row m of club_members
// marked organiser whose account u is not suspended (a deleted account is
// in no club). It is SQL for the queries' sake — a club's count
// (clubColumns, leaveStanding, lastOrganisedTx) and the clubs with none
// (ClubsWithoutOrganiser: NOT EXISTS, bounded) — and is completed by the
// caller's conditions on m: `SELECT COUNT(*) `+actingOrganisers+` AND
// m.club_id = c.id`. What the counts mean is people's
// (people.NeedsOrganiser, people.LeftWithoutOrganiser), which the
// service passes in (TellOrphaned).
const actingOrganisers = `FROM club_members m JOIN users u ON u.id = m.user_id WHERE m.organiser = 1 AND u.suspended = 0`

// clubColumns count the members a club shows: suspended accounts are left
// out of its lists and counts, as of the leaderboard; and its organisers
// who can act (actingOrganisers).
const clubColumns = clubRowColumns + `,
	(SELECT COUNT(*) FROM club_members m JOIN users u ON u.id = m.user_id WHERE m.club_id = c.id AND u.suspended = 0),
	(SELECT COUNT(*) ` + actingOrganisers + ` AND m.club_id = c.id)`

func scanClub(row scanner) (Club, error) {
	var c Club
	err := c.ClubRow.scan(row, &c.Members, &c.Organisers)
	return c, err
}

// CreateClub founds a city's club; a city has one club (conflict on city),
// however its name is cased or its letters wide (people.CityKey). The
// fans' requests for the city go in the same transaction, and those who
// asked are told what tellOpened chooses (nil: nobody is told).
func (s *Store) CreateClub(ctx context.Context, in people.ClubInput, byID int64, tellOpened TellOpened) (Club, error) {
	now := s.Now()
	var id int64
	key := people.CityKey(in.City)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "club city", cityLock(key)); err != nil {
			return err
		}
		err := tx.QueryRow(`INSERT INTO clubs (city, city_key, name, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			in.City, key, in.Name, byID, ms(now)).Scan(&id)
		if isUnique(err) {
			return &domain.Error{Kind: domain.KindConflict, Code: "club_exists", Field: "city", Message: "this city has a club already"}
		}
		if err != nil {
			return err
		}
		return openCity(ctx, tx, Club{ClubRow: ClubRow{ID: id, City: in.City, Name: in.Name, CreatedAt: now}}, key, now, tellOpened)
	})
	if err != nil {
		return Club{}, err
	}
	return s.Club(ctx, id)
}

// backfillCityKeys writes the city_key of clubs older than it
// (073_club_city_key.sql), oldest first; a club whose key an older one has
// already keeps none. It also writes again the keys people.CityKey now
// makes otherwise (session 51 left a city's suffix off: 上海市 is 上海), of
// clubs and of fans' asks for one; an ask a fan made under both names is
// kept once. Only clubs without a key and rows whose city holds such a
// suffix are read. It runs once, in migration 103's transaction (goSteps;
// up to session 51 at every opening, where it read every ask holding 市
// each time): clubs are never deleted nor moved to another city, and every
// club and ask written since carries today's key, so once gives what
// every opening gave.
func backfillCityKeys(ctx context.Context, tx *sql.Tx) error {
	type row struct {
		id      int64 // the club's; the asker's for an ask
		city    string
		key     sql.NullString
		rekeyed string
	}
	read := func(what, q string) ([]row, error) {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read the city keys of %s: %w", what, err)
		}
		defer rows.Close()
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.city, &r.key); err != nil {
				return nil, fmt.Errorf("store: unable to read the city keys of %s: %w", what, err)
			}
			if r.rekeyed = people.CityKey(r.city); !r.key.Valid || r.key.String != r.rekeyed {
				todo = append(todo, r)
			}
		}
		return todo, rows.Err()
	}
	const suffixed = `(city LIKE '%市%' OR city LIKE '%特别行政区%')`
	clubs, err := read("clubs", `SELECT id, city, city_key FROM clubs WHERE city_key IS NULL OR `+suffixed+` ORDER BY id`)
	if err != nil {
		return err
	}
	asks, err := read("asks for clubs", `SELECT user_id, city, city_key FROM club_requests WHERE `+suffixed+` ORDER BY user_id, created_at`)
	if err != nil {
		return err
	}
	for _, c := range clubs {
		if _, err := tx.ExecContext(ctx, `UPDATE clubs SET city_key = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM clubs o WHERE o.city_key = ?)`, c.rekeyed, c.id, c.rekeyed); err != nil {
			return fmt.Errorf("store: unable to write club %d's city key: %w", c.id, err)
		}
	}
	for _, a := range asks {
		if _, err := tx.ExecContext(ctx, `UPDATE club_requests SET city_key = ? WHERE user_id = ? AND city_key = ?
			AND NOT EXISTS (SELECT 1 FROM club_requests o WHERE o.user_id = ? AND o.city_key = ?)`, a.rekeyed, a.id, a.key.String, a.id, a.rekeyed); err != nil {
			return fmt.Errorf("store: unable to write the city key of user %d's ask: %w", a.id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM club_requests WHERE user_id = ? AND city_key = ?`, a.id, a.key.String); err != nil {
			return fmt.Errorf("store: unable to drop user %d's second ask for one city: %w", a.id, err)
		}
	}
	return nil
}

// Clubs lists every club by city.
func (s *Store) Clubs(ctx context.Context) ([]Club, error) {
	return list(ctx, s.r, "clubs", func(rows *sql.Rows) (Club, error) { return scanClub(rows) },
		`SELECT `+clubColumns+` FROM clubs c ORDER BY c.city, c.id`)
}

// ClubsWithoutOrganiser lists at most limit of the clubs with no
// organiser who can act (NOT EXISTS actingOrganisers), by city as Clubs
// lists them, and how many there are in all, for the staff who name one
// (session 54: the moderation page read every club at each view). The
// count is the same query's (a window over the clubs found, before the
// limit): the clubs are one a city, and those without an organiser few.
func (s *Store) ClubsWithoutOrganiser(ctx context.Context, limit int) ([]Club, int, error) {
	total := 0
	clubs, err := list(ctx, s.r, "clubs without an organiser", func(rows *sql.Rows) (Club, error) {
		return scanClub(withExtra(rows, &total))
	}, `SELECT `+clubColumns+`, COUNT(*) OVER () FROM clubs c
		WHERE NOT EXISTS (SELECT 1 `+actingOrganisers+` AND m.club_id = c.id)
		ORDER BY c.city, c.id LIMIT ?`, limit)
	return clubs, total, err
}

// Club loads one club.
func (s *Store) Club(ctx context.Context, id int64) (Club, error) {
	c, err := scanClub(s.r.QueryRowContext(ctx, `SELECT `+clubColumns+` FROM clubs c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, domain.NotFound("club")
	}
	if err != nil {
		return c, fmt.Errorf("store: unable to load club %d: %w", id, err)
	}
	return c, nil
}

// ClubRow is a club's own row, without the counts Club counts over its
// members: for a page that shows only the club's name and link (a
// meetup's, session 56).
type ClubRow struct {
	ID        int64
	City      string
	Name      string
	CreatedAt time.Time
}

// ClubRow loads one club's row: one read by its primary key, no member
// counted.
func (s *Store) ClubRow(ctx context.Context, id int64) (ClubRow, error) {
	var c ClubRow
	err := c.scan(s.r.QueryRowContext(ctx, `SELECT `+clubRowColumns+` FROM clubs c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ClubRow{}, domain.NotFound("club")
	}
	if err != nil {
		return ClubRow{}, fmt.Errorf("store: unable to load club %d: %w", id, err)
	}
	return c, nil
}

// clubRowColumns are a club's own columns, as ClubRow.scan reads them.
const clubRowColumns = `c.id, c.city, c.name, c.created_at`

// scan reads clubRowColumns from row, then the columns after them into
// more.
func (c *ClubRow) scan(row scanner, more ...any) error {
	var created int64
	err := row.Scan(append([]any{&c.ID, &c.City, &c.Name, &created}, more...)...)
	c.CreatedAt = fromMS(created)
	return err
}

// Membership says whether a person is in a club, and an organiser of it.
func (s *Store) Membership(ctx context.Context, clubID, userID int64) (member, organiser bool, err error) {
	return membership(s.r.QueryRowContext(ctx, `SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, clubID, userID))
}

func membership(row *sql.Row) (member, organiser bool, err error) {
	err = row.Scan(&organiser)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("store: unable to read membership: %w", err)
	}
	return true, organiser, nil
}

func clubExists(tx *sql.Tx, clubID int64) error {
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM clubs WHERE id = ?`, clubID).Scan(&n); err != nil {
		return fmt.Errorf("store: unable to find club %d: %w", clubID, err)
	}
	if n == 0 {
		return domain.NotFound("club")
	}
	return nil
}

// Join makes a person a member of a club (already one: nothing changes).
func (s *Store) Join(ctx context.Context, clubID, userID int64) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		// A join in flight when the account was deleted or suspended
		// lands in no club (actingTx, first: the account's lock comes
		// before any other, as in every act).
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		if err := clubExists(tx, clubID); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO club_members (club_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT (club_id, user_id) DO NOTHING`, clubID, userID, ms(now))
		return err
	})
}

// Promote says how many people on a meetup's waiting list move up to the
// places freed (people.Promotable).
type Promote func(going, capacity, waiting int) int

// TellPromoted chooses the notices for the people moved up from a
// meetup's waiting list (ids, in the order they answered), written in the
// same transaction.
type TellPromoted func(e ClubEvent, ids []int64) []domain.Outgoing

// LeaveCheck decides, inside the transaction, whether a person may leave
// the club (organiser: they are one of its organisers; others: its other
// organisers not suspended; open: its meetups starting after the time the
// caller gave), counted under the club's lock, so that its last two
// organisers leaving at once do not both go.
type LeaveCheck func(organiser bool, others, open int) error

// Leave takes a person out of a club, with their answers to its meetups not
// yet started (their places go to the waiting list: promote says how many,
// tellPromoted whom to tell what) and their organiser role, if check lets
// them; openSince is as CreateEvent's.
// LeaveStanding is what decides whether userID may leave the club
// (people.CanLeave): whether they organise it, how many other organisers
// not suspended it has, and how many of its meetups start after
// openSince (coming or running). The club page asks it; Leave asks it
// again under the club's lock.
func (s *Store) LeaveStanding(ctx context.Context, clubID, userID int64, openSince time.Time) (organiser bool, others, open int, err error) {
	return leaveStanding(ctx, s.r, clubID, userID, openSince)
}

func leaveStanding(ctx context.Context, q queryRower, clubID, userID int64, openSince time.Time) (organiser bool, others, open int, err error) {
	if _, organiser, err = membership(q.QueryRowContext(ctx, `SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, clubID, userID)); err != nil {
		return false, 0, 0, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) `+actingOrganisers+` AND m.club_id = ? AND m.user_id <> ?`, clubID, userID).Scan(&others); err != nil {
		return false, 0, 0, fmt.Errorf("store: unable to count a club's organisers: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM club_events WHERE club_id = ? AND starts_at > ? AND cancelled_at IS NULL`, clubID, ms(openSince)).Scan(&open); err != nil {
		return false, 0, 0, fmt.Errorf("store: unable to count a club's meetups: %w", err)
	}
	return organiser, others, open, nil
}

func (s *Store) Leave(ctx context.Context, clubID, userID int64, openSince time.Time, check LeaveCheck, promote Promote, tellPromoted TellPromoted, tellOrphaned TellOrphaned) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "club", clubID); err != nil {
			return err
		}
		if err := clubExists(tx, clubID); err != nil {
			return err
		}
		organiser, others, open, err := leaveStanding(ctx, tx, clubID, userID, openSince)
		if err != nil {
			return err
		}
		if err := check(organiser, others, open); err != nil {
			return err
		}
		ids, err := list(ctx, tx, "answers", scanOne[int64], `SELECT r.event_id FROM event_rsvps r JOIN club_events e ON e.id = r.event_id
			WHERE e.club_id = ? AND r.user_id = ? AND e.starts_at > ? AND e.cancelled_at IS NULL ORDER BY r.event_id`, clubID, userID, ms(now))
		if err != nil {
			return err
		}
		if err := s.cancelEachTx(ctx, tx, ids, userID, now, promote, tellPromoted); err != nil {
			return err
		}
		orphaned, err := lastOrganisedTx(ctx, tx, userID, clubID, tellOrphaned.Orphans)
		if err != nil {
			return err
		}
		if _, err = tx.Exec(`DELETE FROM club_members WHERE club_id = ? AND user_id = ?`, clubID, userID); err != nil {
			return fmt.Errorf("store: unable to leave club %d: %w", clubID, err)
		}
		return tellOrphanedTx(ctx, tx, now, orphaned, tellOrphaned)
	})
}

// SetOrganiser makes a member an organiser of the club (on), or a member
// again, if check (nil: none) accepts the member's account as the write
// reads it (people.MayNameOrganiser: a suspended member is not named),
// with the notices tellChange chooses from the club (the member told, and
// why) when it changes something, and those tellOrphaned chooses when it
// took the club's last organiser who can act; a change is written in the
// club's organiser log (OrganiserEvents) with by. No such account is not
// found; someone who is not a member, a conflict. It takes the club's
// lock, as Leave does, which counts the organisers; the account is read
// by keyShareUserTx (FOR KEY SHARE on PostgreSQL, session 54), so a
// suspension or a deletion (which take it FOR UPDATE first) commits
// before the check reads it, or waits for this write and then finds them
// an organiser (its lastOrganisedTx reads the clubs they organise after
// its locks).
func (s *Store) SetOrganiser(ctx context.Context, clubID, userID int64, on bool, by OrganiserBy, check UserCheck, tellChange func(c Club) []domain.Outgoing, tellOrphaned TellOrphaned) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "club", clubID); err != nil {
			return err
		}
		target, err := s.keyShareUserTx(tx, userID)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(target); err != nil {
				return err
			}
		}
		if err := clubExists(tx, clubID); err != nil {
			return err
		}
		member, was, err := membership(tx.QueryRow(`SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, clubID, userID))
		if err != nil {
			return err
		}
		if !member {
			return &domain.Error{Kind: domain.KindConflict, Code: "not_a_member", Field: "user_id", Message: "only a member of the club can be made an organiser"}
		}
		if was == on {
			return nil
		}
		var orphaned []int64
		if !on {
			if orphaned, err = lastOrganisedTx(ctx, tx, userID, clubID, tellOrphaned.Orphans); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE club_members SET organiser = ? WHERE club_id = ? AND user_id = ?`, on, clubID, userID); err != nil {
			return fmt.Errorf("store: unable to set organiser: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO organiser_events (club_id, user_id, actor_id, named, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			clubID, userID, nullable(by.ActorID), on, by.Reason, ms(now)); err != nil {
			return fmt.Errorf("store: unable to record the organiser of club %d: %w", clubID, err)
		}
		c, err := scanClub(tx.QueryRow(`SELECT `+clubColumns+` FROM clubs c WHERE c.id = ?`, clubID))
		if err != nil {
			return fmt.Errorf("store: unable to load club %d: %w", clubID, err)
		}
		if tellChange != nil {
			if err := tell(tx, now, tellChange(c)); err != nil {
				return err
			}
		}
		return tellOrphanedTx(ctx, tx, now, orphaned, tellOrphaned)
	})
}

// OrganiserBy is who made a change of a club's organisers, and why: what
// its log keeps (ActorID 0: no account, a seeding tool).
type OrganiserBy struct {
	ActorID int64
	Reason  string
}

// OrganiserEvent is one naming (Named) or unnaming of a club's organiser.
type OrganiserEvent struct {
	User      domain.Author
	Actor     domain.Author // ID 0: no account made it
	Named     bool
	Reason    string
	CreatedAt time.Time
}

// OrganiserEvents lists a club's organiser changes, newest first, at most
// limit.
func (s *Store) OrganiserEvents(ctx context.Context, clubID int64, limit int) ([]OrganiserEvent, error) {
	return list(ctx, s.r, "organiser events", func(rows *sql.Rows) (OrganiserEvent, error) {
		var e OrganiserEvent
		var actor sql.NullInt64
		var actorName sql.NullString
		var created int64
		err := rows.Scan(&e.User.ID, &e.User.Name, &actor, &actorName, &e.Named, &e.Reason, &created)
		e.Actor, e.CreatedAt = domain.Author{ID: actor.Int64, Name: actorName.String}, fromMS(created)
		return e, err
	}, `SELECT e.user_id, u.name, e.actor_id, a.name, e.named, e.reason, e.created_at
		FROM organiser_events e JOIN users u ON u.id = e.user_id LEFT JOIN users a ON a.id = e.actor_id
		WHERE e.club_id = ? ORDER BY e.id DESC LIMIT ?`, clubID, limit)
}

// Members lists a club's members, organisers first, then by joining;
// suspended accounts are left out.
func (s *Store) Members(ctx context.Context, clubID int64, limit int) ([]Member, error) {
	return list(ctx, s.r, "members", func(rows *sql.Rows) (Member, error) {
		var m Member
		var joined int64
		err := rows.Scan(&m.User.ID, &m.User.Name, &m.Organiser, &joined)
		m.JoinedAt = fromMS(joined)
		return m, err
	}, `SELECT u.id, u.name, m.organiser, m.joined_at FROM club_members m JOIN users u ON u.id = m.user_id
		WHERE m.club_id = ? AND u.suspended = 0 ORDER BY m.organiser DESC, m.joined_at, u.id LIMIT ?`, clubID, limit)
}

const eventColumns = `e.id, e.club_id, e.title, e.body, e.place, e.starts_at, e.capacity,
	(SELECT COUNT(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.waitlisted = 0),
	(SELECT COUNT(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.waitlisted = 1), e.created_at, e.cancelled_at, e.cancel_reason, e.revision`

func scanClubEvent(row scanner) (ClubEvent, error) {
	var e ClubEvent
	var starts, created int64
	var cancelled sql.NullInt64
	err := row.Scan(&e.ID, &e.ClubID, &e.Title, &e.Body, &e.Place, &starts, &e.Capacity, &e.Going, &e.Waitlisted, &created, &cancelled, &e.CancelReason, &e.Revision)
	e.StartsAt, e.CreatedAt = fromMS(starts), fromMS(created)
	if cancelled.Valid {
		e.CancelledAt = fromMS(cancelled.Int64)
	}
	return e, err
}

// EventCheck decides, inside the transaction, whether the person asking
// may post a meetup in the club (organiser: they are one of its
// organisers; open: how many of its meetups start after the time the
// caller gave, counted under the club's lock, so two posted at once both
// count).
type EventCheck func(organiser bool, open int) error

// CreateEvent posts a meetup in a club; check sees how many of the club's
// meetups start after openSince.
func (s *Store) CreateEvent(ctx context.Context, clubID, byID int64, in people.EventInput, openSince time.Time, check EventCheck) (ClubEvent, error) {
	now := s.Now()
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "club", clubID); err != nil {
			return err
		}
		if err := clubExists(tx, clubID); err != nil {
			return err
		}
		_, organiser, err := membership(tx.QueryRow(`SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, clubID, byID))
		if err != nil {
			return err
		}
		var open int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM club_events WHERE club_id = ? AND starts_at > ? AND cancelled_at IS NULL`, clubID, ms(openSince)).Scan(&open); err != nil {
			return fmt.Errorf("store: unable to count a club's meetups: %w", err)
		}
		if err := check(organiser, open); err != nil {
			return err
		}
		return tx.QueryRow(`INSERT INTO club_events (club_id, title, body, place, starts_at, capacity, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			clubID, in.Title, in.Body, in.Place, ms(in.StartsAt), in.Capacity, byID, ms(now)).Scan(&id)
	})
	if err != nil {
		return ClubEvent{}, err
	}
	return s.Event(ctx, id)
}

// Event loads one meetup.
func (s *Store) Event(ctx context.Context, id int64) (ClubEvent, error) {
	e, err := scanClubEvent(s.r.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM club_events e WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, domain.NotFound("event")
	}
	if err != nil {
		return e, fmt.Errorf("store: unable to load event %d: %w", id, err)
	}
	return e, nil
}

// UpcomingEvents lists up to limit of a club's meetups starting after
// since: those standing first, soonest first, then the cancelled ones, so
// that however many were called off the standing ones are all listed.
func (s *Store) UpcomingEvents(ctx context.Context, clubID int64, since time.Time, limit int) ([]ClubEvent, error) {
	return list(ctx, s.r, "upcoming events", func(rows *sql.Rows) (ClubEvent, error) { return scanClubEvent(rows) },
		`SELECT `+eventColumns+` FROM club_events e WHERE e.club_id = ? AND e.starts_at > ?
		ORDER BY e.cancelled_at IS NOT NULL, e.starts_at, e.id LIMIT ?`, clubID, ms(since), limit)
}

// PastEvents lists up to limit of a club's meetups starting at or before
// until, latest first.
func (s *Store) PastEvents(ctx context.Context, clubID int64, until time.Time, limit int) ([]ClubEvent, error) {
	return list(ctx, s.r, "past events", func(rows *sql.Rows) (ClubEvent, error) { return scanClubEvent(rows) },
		`SELECT `+eventColumns+` FROM club_events e WHERE e.club_id = ? AND e.starts_at <= ? ORDER BY e.starts_at DESC, e.id DESC LIMIT ?`, clubID, ms(until), limit)
}

// Answer is a person's answer to a meetup.
func (s *Store) Answer(ctx context.Context, eventID, userID int64) (people.Answer, error) {
	return answer(s.r.QueryRowContext(ctx, `SELECT waitlisted FROM event_rsvps WHERE event_id = ? AND user_id = ?`, eventID, userID))
}

func answer(row *sql.Row) (people.Answer, error) {
	var waitlisted bool
	err := row.Scan(&waitlisted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return people.NoAnswer, nil
	case err != nil:
		return people.NoAnswer, fmt.Errorf("store: unable to read an answer: %w", err)
	case waitlisted:
		return people.OnWaitlist, nil
	}
	return people.Going, nil
}

func eventTx(tx *sql.Tx, id int64) (ClubEvent, error) {
	e, err := scanClubEvent(tx.QueryRow(`SELECT `+eventColumns+` FROM club_events e WHERE e.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, domain.NotFound("event")
	}
	return e, err
}

// RSVPCheck decides, inside the transaction, whether a person may answer
// the meetup (member: they are in its club).
type RSVPCheck func(e ClubEvent, member bool) error

// RSVP answers a meetup for a person: going while places are left, else
// on the waiting list (waitlisted decides, from the people going and the
// capacity, counted inside the transaction under the meetup's lock
// (lockFor), so concurrent answers, on one node or several, never pass the
// capacity). Answering again changes nothing.
func (s *Store) RSVP(ctx context.Context, eventID, userID int64, check RSVPCheck, waitlisted func(going, capacity int) bool) (people.Answer, error) {
	now := s.Now()
	var a people.Answer
	err := s.write(ctx, func(tx *sql.Tx) error {
		// An answer in flight when the account was suspended (whose
		// places were given back) or deleted takes no place: actingTx
		// first, before the meetup's lock, as every act takes the
		// account's before any other.
		if err := s.actingTx(tx, userID); err != nil {
			return err
		}
		if err := s.lockFor(tx, "meetup", eventID); err != nil {
			return err
		}
		e, err := eventTx(tx, eventID)
		if err != nil {
			return err
		}
		member, _, err := membership(tx.QueryRow(`SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, e.ClubID, userID))
		if err != nil {
			return err
		}
		if err := check(e, member); err != nil {
			return err
		}
		if a, err = answer(tx.QueryRow(`SELECT waitlisted FROM event_rsvps WHERE event_id = ? AND user_id = ?`, eventID, userID)); err != nil || a != people.NoAnswer {
			return err
		}
		wait := waitlisted(e.Going, e.Capacity)
		if _, err := tx.Exec(`INSERT INTO event_rsvps (event_id, user_id, waitlisted, created_at) VALUES (?, ?, ?, ?)`, eventID, userID, wait, ms(now)); err != nil {
			return fmt.Errorf("store: unable to answer event %d: %w", eventID, err)
		}
		a = people.Going
		if wait {
			a = people.OnWaitlist
		}
		return nil
	})
	return a, err
}

// CancelCheck decides, inside the transaction, whether a person may take
// back their answer.
type CancelCheck func(e ClubEvent) error

// CancelRSVP takes a person's answer back; the places it frees go to the
// waiting list in the order people answered (promote says how many), and
// those moved up are told what tellPromoted chooses.
func (s *Store) CancelRSVP(ctx context.Context, eventID, userID int64, check CancelCheck, promote Promote, tellPromoted TellPromoted) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "meetup", eventID); err != nil {
			return err
		}
		e, err := eventTx(tx, eventID)
		if err != nil {
			return err
		}
		if err := check(e); err != nil {
			return err
		}
		return cancelTx(ctx, tx, eventID, userID, now, promote, tellPromoted)
	})
}

// cancelEachTx takes userID's answers to the meetups ids back (in
// ascending order, so that two transactions taking several meetups' locks
// take them in one order), each under its meetup's lock, as CancelRSVP
// does.
func (s *Store) cancelEachTx(ctx context.Context, tx *sql.Tx, ids []int64, userID int64, now time.Time, promote Promote, tellPromoted TellPromoted) error {
	for _, id := range ids {
		if err := s.lockFor(tx, "meetup", id); err != nil {
			return err
		}
		// Read again under its lock: one cancelled on another node since
		// ids were chosen keeps its answers, as every cancelled one does.
		var cancelled bool
		if err := tx.QueryRow(`SELECT cancelled_at IS NOT NULL FROM club_events WHERE id = ?`, id).Scan(&cancelled); err != nil {
			return fmt.Errorf("store: unable to read meetup %d: %w", id, err)
		}
		if cancelled {
			continue
		}
		if err := cancelTx(ctx, tx, id, userID, now, promote, tellPromoted); err != nil {
			return err
		}
	}
	return nil
}

// cancelTx takes an answer back, moves people up from the waiting list to
// the places freed (promoteTx), and writes the notices tellPromoted
// chooses for them.
func cancelTx(ctx context.Context, tx *sql.Tx, eventID, userID int64, now time.Time, promote Promote, tellPromoted TellPromoted) error {
	if _, err := tx.Exec(`DELETE FROM event_rsvps WHERE event_id = ? AND user_id = ?`, eventID, userID); err != nil {
		return fmt.Errorf("store: unable to cancel an answer: %w", err)
	}
	return promoteTx(ctx, tx, eventID, now, promote, tellPromoted)
}

// promoteTx moves people up from a meetup's waiting list to the places
// free (promote says how many) and writes the notices tellPromoted
// chooses for them.
func promoteTx(ctx context.Context, tx *sql.Tx, eventID int64, now time.Time, promote Promote, tellPromoted TellPromoted) error {
	e, err := eventTx(tx, eventID)
	if err != nil {
		return err
	}
	n := promote(e.Going, e.Capacity, e.Waitlisted)
	if n <= 0 {
		return nil
	}
	type waiting struct{ id, user int64 }
	rows, err := list(ctx, tx, "the waiting list", func(rows *sql.Rows) (waiting, error) {
		var w waiting
		return w, rows.Scan(&w.id, &w.user)
	}, `SELECT r.id, r.user_id FROM event_rsvps r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = ? AND r.waitlisted = 1 AND u.suspended = 0 ORDER BY r.id LIMIT ?`, eventID, n)
	if err != nil {
		return err
	}
	ids := make([]int64, len(rows))
	for i, w := range rows {
		if _, err := tx.Exec(`UPDATE event_rsvps SET waitlisted = 0 WHERE id = ?`, w.id); err != nil {
			return fmt.Errorf("store: unable to move up from the waiting list: %w", err)
		}
		ids[i] = w.user
	}
	if len(ids) == 0 {
		return nil
	}
	return tell(tx, now, tellPromoted(e, ids))
}

// Attendees lists a meetup's answers in the order given, going first;
// suspended accounts are left out (a suspension since session 47 takes
// back their answers to meetups not yet started: SetSuspended's Release;
// one suspended before keeps them, and is never moved up).
func (s *Store) Attendees(ctx context.Context, eventID int64) ([]Attendee, error) {
	return list(ctx, s.r, "attendees", func(rows *sql.Rows) (Attendee, error) {
		var a Attendee
		err := rows.Scan(&a.User.ID, &a.User.Name, &a.Waitlisted, &a.CheckedIn)
		return a, err
	}, `SELECT u.id, u.name, r.waitlisted, EXISTS (SELECT 1 FROM event_checkins k WHERE k.event_id = r.event_id AND k.user_id = r.user_id)
		FROM event_rsvps r JOIN users u ON u.id = r.user_id WHERE r.event_id = ? AND u.suspended = 0 ORDER BY r.waitlisted, r.id LIMIT 2000`, eventID)
}

// CheckInCheck decides, inside the transaction, whether the organiser
// asking may check the person in (see people.CanCheckIn); checkedIn is how
// many are checked in at the meetup already, counted under its lock.
type CheckInCheck func(e ClubEvent, organiser bool, a people.Answer, checkedIn int) error

// Attendance is what the store knows, at a check-in, of the person checked
// in, for the rule pricing it (people.MeetupPoints).
type Attendance struct {
	Verified   bool      // they confirmed their email address
	LastEarned time.Time // their latest check-in in the club that earned points; zero: none
}

// CheckIn records that a person came to a meetup, and the reputation that
// award gives for it, in one transaction; someone on the waiting list whom
// check lets in takes a place: their answer becomes going. Twice is a
// conflict. Check-ins of one person are serialised (lockFor) so that two
// at once read each other's points, and those of one meetup so that two
// from its waiting list at once count each other.
func (s *Store) CheckIn(ctx context.Context, eventID, userID, actorID int64, check CheckInCheck, award func(e ClubEvent, a Attendance, at time.Time) []people.Event) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "meetup attendee", userID); err != nil {
			return err
		}
		if err := s.lockFor(tx, "meetup", eventID); err != nil {
			return err
		}
		e, err := eventTx(tx, eventID)
		if err != nil {
			return err
		}
		_, organiser, err := membership(tx.QueryRow(`SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, e.ClubID, actorID))
		if err != nil {
			return err
		}
		a, err := answer(tx.QueryRow(`SELECT waitlisted FROM event_rsvps WHERE event_id = ? AND user_id = ?`, eventID, userID))
		if err != nil {
			return err
		}
		var checkedIn int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM event_checkins WHERE event_id = ?`, eventID).Scan(&checkedIn); err != nil {
			return fmt.Errorf("store: unable to count check-ins: %w", err)
		}
		if err := check(e, organiser, a, checkedIn); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO event_checkins (event_id, user_id, by_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (event_id, user_id) DO NOTHING`,
			eventID, userID, actorID, ms(now))
		if err != nil {
			return fmt.Errorf("store: unable to check in: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Kind: domain.KindConflict, Code: "already_checked_in", Field: "user_id", Message: "this person is checked in already"}
		}
		if a == people.OnWaitlist {
			if _, err := tx.Exec(`UPDATE event_rsvps SET waitlisted = 0 WHERE event_id = ? AND user_id = ?`, eventID, userID); err != nil {
				return fmt.Errorf("store: unable to move up from the waiting list: %w", err)
			}
		}
		var at Attendance
		var last sql.NullInt64
		if err := tx.QueryRow(`SELECT verified FROM users WHERE id = ?`, userID).Scan(&at.Verified); err != nil {
			return fmt.Errorf("store: unable to read user %d: %w", userID, err)
		}
		if err := tx.QueryRow(`SELECT MAX(r.created_at) FROM reputation_events r JOIN club_events e ON e.id = r.ref_id
			WHERE r.user_id = ? AND r.kind = ? AND r.points > 0 AND e.club_id = ?`, userID, string(people.MeetupAttended), e.ClubID).Scan(&last); err != nil {
			return fmt.Errorf("store: unable to read meetup points: %w", err)
		}
		if last.Valid {
			at.LastEarned = fromMS(last.Int64)
		}
		return s.recordReputation(tx, award(e, at, now))
	})
}
