package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// EditCheck decides, inside the transaction, a meetup as changed: from
// the meetup as stored and whether the person asking organises its club,
// the values it takes (people.EventPatch, people.EventInput.ValidateEdit)
// or why not.
type EditCheck func(e ClubEvent, organiser bool) (people.EventInput, error)

// ChangeCheck decides, inside the transaction, whether the person asking
// may call the meetup off.
type ChangeCheck func(e ClubEvent, organiser bool) error

// TellAnswered chooses the notices for the people who answered a meetup
// (ids, going or waiting, in the order they answered; suspended accounts
// left out) about a change from was to now, written in the same
// transaction.
type TellAnswered func(was, now ClubEvent, ids []int64) []domain.Outgoing

// EditEvent changes a meetup to what check decides, under the meetup's
// lock (the one answers take, so a capacity is never set below the people
// going while one more answers). A capacity raised moves people up from
// the waiting list (promote, tellPromoted, as when someone cancels); the
// people who answered are told what tellChanged chooses.
func (s *Store) EditEvent(ctx context.Context, eventID, actorID int64, check EditCheck, promote Promote, tellPromoted TellPromoted, tellChanged TellAnswered) (ClubEvent, error) {
	return s.changeEvent(ctx, eventID, actorID, func(tx *sql.Tx, e ClubEvent, organiser bool) error {
		in, err := check(e, organiser)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE club_events SET title = ?, body = ?, place = ?, starts_at = ?, capacity = ?, revision = revision + 1 WHERE id = ?`,
			in.Title, in.Body, in.Place, ms(in.StartsAt), in.Capacity, eventID); err != nil {
			return fmt.Errorf("store: unable to change event %d: %w", eventID, err)
		}
		return promoteTx(ctx, tx, eventID, s.Now(), promote, tellPromoted)
	}, tellChanged)
}

// CancelEvent calls a meetup off, with its reason, if check lets the
// person asking; the people who answered are told what tellCancelled
// chooses. Their answers stay, as the meetup does, to be read.
func (s *Store) CancelEvent(ctx context.Context, eventID, actorID int64, reason string, check ChangeCheck, tellCancelled TellAnswered) (ClubEvent, error) {
	return s.changeEvent(ctx, eventID, actorID, func(tx *sql.Tx, e ClubEvent, organiser bool) error {
		if err := check(e, organiser); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE club_events SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ?, revision = revision + 1 WHERE id = ?`,
			ms(s.Now()), actorID, reason, eventID); err != nil {
			return fmt.Errorf("store: unable to cancel event %d: %w", eventID, err)
		}
		return nil
	}, tellCancelled)
}

// changeEvent runs change on a meetup under its lock, with the meetup as
// stored and whether actorID organises its club, then writes the notices
// tellAnswered chooses for the people who answered, and returns the meetup as
// changed.
func (s *Store) changeEvent(ctx context.Context, eventID, actorID int64, change func(tx *sql.Tx, e ClubEvent, organiser bool) error, tellAnswered TellAnswered) (ClubEvent, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "meetup", eventID); err != nil {
			return err
		}
		was, err := eventTx(tx, eventID)
		if err != nil {
			return err
		}
		_, organiser, err := membership(tx.QueryRow(`SELECT organiser FROM club_members WHERE club_id = ? AND user_id = ?`, was.ClubID, actorID))
		if err != nil {
			return err
		}
		if err := change(tx, was, organiser); err != nil {
			return err
		}
		after, err := eventTx(tx, eventID)
		if err != nil {
			return err
		}
		ids, err := list(ctx, tx, "answers", scanOne[int64], `SELECT r.user_id FROM event_rsvps r JOIN users u ON u.id = r.user_id
			WHERE r.event_id = ? AND u.suspended = 0 ORDER BY r.id`, eventID)
		if err != nil {
			return err
		}
		return tell(tx, now, tellAnswered(was, after, ids))
	})
	if err != nil {
		return ClubEvent{}, err
	}
	return s.Event(ctx, eventID)
}
