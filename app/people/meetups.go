package people

import (
	"strings"
	"time"

	"cocreate/app/domain"
)

// Changing a meetup once posted (session 49): its organisers move it,
// mend it or call it off, and the people who answered hear of it.

// EventPatch is a change to a meetup: each field given replaces the
// meetup's, each left out (nil) stays as it is.
type EventPatch struct {
	Title    *string    `json:"title"`
	Body     *string    `json:"body"`
	Place    *string    `json:"place"`
	StartsAt *time.Time `json:"starts_at"`
	Capacity *int       `json:"capacity"`
}

// Apply is the meetup e with the patch's fields in place of its own.
func (p EventPatch) Apply(e EventInput) EventInput {
	if p.Title != nil {
		e.Title = *p.Title
	}
	if p.Body != nil {
		e.Body = *p.Body
	}
	if p.Place != nil {
		e.Place = *p.Place
	}
	if p.StartsAt != nil {
		e.StartsAt = *p.StartsAt
	}
	if p.Capacity != nil {
		e.Capacity = *p.Capacity
	}
	return e
}

// ValidateEdit checks a meetup as changed by the rules of a new one
// (Validate), with two differences. The start's lead (MinMeetupLead,
// MaxMeetupLead) holds only for a new time: a meetup forty minutes away
// may still have its title mended, while a move is a new date people must
// see in time. And the capacity may not drop below the people going
// already (going): the meetup cannot take back a place it gave; the
// organiser asks people to cancel, or cancels the meetup.
func (e EventInput) ValidateEdit(was time.Time, going int, now time.Time) error {
	if err := e.validate(now, !e.StartsAt.Equal(was)); err != nil {
		return err
	}
	if e.Capacity < going {
		return &domain.Error{Kind: domain.KindInvalid, Code: "capacity_below_going", Field: "capacity", Args: []any{going},
			Message: "capacity cannot be lower than the number of people going already"}
	}
	return nil
}

// CanChangeMeetup is the rule for editing or cancelling a meetup: its
// club's organisers and admins (mayOrganise), while it is neither
// cancelled nor started (a started meetup has people at the door and
// check-ins that earn reputation: what happened stays as it happened).
func CanChangeMeetup(mayOrganise, cancelled bool, startsAt, now time.Time) error {
	if !mayOrganise {
		return &domain.Error{Kind: domain.KindForbidden, Code: "not_an_organiser", Message: "only the club's organisers change its meetups"}
	}
	if cancelled {
		return MeetupOpen(cancelled)
	}
	if !now.Before(startsAt) {
		return domain.Conflict("event_started", "the meetup has started: it can no longer be changed or cancelled")
	}
	return nil
}

// MeetupOpen refuses what a cancelled meetup no longer takes: answers,
// answers taken back (they would move the waiting list up to nothing),
// check-ins, changes.
func MeetupOpen(cancelled bool) error {
	if cancelled {
		return domain.Conflict("meetup_cancelled", "the meetup was cancelled")
	}
	return nil
}

// MaxCancelReason is the longest reason for calling a meetup off, in
// characters: a sentence or two for everyone who answered.
const MaxCancelReason = 500

// NormalizeReason trims a cancellation's reason.
func NormalizeReason(reason string) string {
	return strings.TrimSpace(strings.ReplaceAll(reason, "\r\n", "\n"))
}

// ValidCancelReason: a cancelled meetup says why, to everyone who
// answered and on its page; the reason is required.
func ValidCancelReason(reason string) error {
	return domain.TextField("reason", reason, 1, MaxCancelReason)
}

// MeetupMoved reports whether a change is news for the people who
// answered: a new title, place or time is what they plan around. A mended
// description or capacity is not sent to everyone (a capacity raised
// moves people up from the waiting list, and each is told that).
func MeetupMoved(was, now EventInput) bool {
	return was.Title != now.Title || was.Place != now.Place || !was.StartsAt.Equal(now.StartsAt)
}

// NoticeMeetupChanged and NoticeMeetupCancelled tell the people who
// answered a meetup that it changed or was called off.
const (
	NoticeMeetupChanged   = domain.NoticeMeetupChanged
	NoticeMeetupCancelled = domain.NoticeMeetupCancelled
)

// ChangedNotices tell each person who answered a meetup (going or
// waiting) that its title, place or time changed, once each; not the one
// who changed it (actor).
func ChangedNotices(eventID int64, title string, answered []int64, actor int64) []domain.Outgoing {
	return meetupNotices(domain.Outgoing{Kind: NoticeMeetupChanged, URL: EventLink(eventID), Args: []string{title}}, answered, actor)
}

// CancelledNotices tell each person who answered a meetup that it is
// cancelled, and why, once each; not the one who cancelled it (actor).
func CancelledNotices(eventID int64, title, reason string, answered []int64, actor int64) []domain.Outgoing {
	return meetupNotices(domain.Outgoing{Kind: NoticeMeetupCancelled, URL: EventLink(eventID), Args: []string{title, reason}}, answered, actor)
}

// meetupNotices is one notice like o to each of ids, once each, leaving
// out skip and the zero id.
func meetupNotices(o domain.Outgoing, ids []int64, skip int64) []domain.Outgoing {
	var out []domain.Outgoing
	seen := map[int64]bool{0: true, skip: true}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			o.To = id
			out = append(out, o)
		}
	}
	return out
}
