package people

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"cocreate/app/domain"
)

// Limits of clubs and meetups, in characters (capacity in people).
const (
	MaxClubName   = 60
	MaxEventTitle = 120
	MaxEventBody  = 5000
	MaxPlace      = 200
	MaxCapacity   = 10000
)

// ClubInput is what an admin gives to found a city's club.
type ClubInput struct {
	City string `json:"city"`
	Name string `json:"name"`
}

// Normalize trims the fields.
func (c *ClubInput) Normalize() {
	c.City, c.Name = strings.TrimSpace(c.City), strings.TrimSpace(c.Name)
}

// Validate names the first bad field.
func (c ClubInput) Validate() error {
	if err := oneLine("city", c.City, 1, MaxCity); err != nil {
		return err
	}
	return oneLine("name", c.Name, 1, MaxClubName)
}

// CityKey is what makes two cities one for "one club per city": the name
// in Unicode's compatibility form (NFKC: full-width Ｑｉｎｇｄａｏ is
// Qingdao), case-folded (qingdao is Qingdao), with spaces trimmed and runs
// of them made one, and the administrative suffix a Chinese city is
// often written with left off (上海市 is 上海, 香港特别行政区 is 香港) when
// a name of two characters or more remains (沙市 stays itself). Different
// names for one city (青岛 and Qingdao) stay two: telling them apart is an
// admin's judgement, not a rule's.
func CityKey(city string) string {
	k := norm.NFKC.String(cases.Fold().String(norm.NFKC.String(city)))
	k = strings.Join(strings.Fields(k), " ")
	for _, suffix := range []string{"特别行政区", "市"} {
		if rest, ok := strings.CutSuffix(k, suffix); ok && utf8.RuneCountInString(strings.TrimSpace(rest)) >= 2 {
			return strings.TrimSpace(rest)
		}
	}
	return k
}

// oneLine is a text field without line breaks.
func oneLine(field, s string, min, max int) error {
	if strings.ContainsAny(s, "\r\n") {
		return domain.Invalid(field, "control_character", field+" must be one line")
	}
	return domain.TextField(field, s, min, max)
}

// EventInput is a meetup an organiser posts.
type EventInput struct {
	Title    string    `json:"title"`
	Body     string    `json:"body"`
	Place    string    `json:"place"`
	StartsAt time.Time `json:"starts_at"`
	Capacity int       `json:"capacity"`
}

// Normalize trims the fields.
func (e *EventInput) Normalize() {
	e.Title, e.Place = strings.TrimSpace(e.Title), strings.TrimSpace(e.Place)
	e.Body = strings.TrimSpace(strings.ReplaceAll(e.Body, "\r\n", "\n"))
}

// How far ahead a meetup may start. At least an hour: people need time to
// see it and come, and a meetup starting in seconds, with its organiser
// checking in a friend a moment later, is a way to mint reputation, not a
// meetup. At most a year: a date in year 9999 is a typo or a placeholder
// that would sit at the top of "upcoming" forever.
const (
	MinMeetupLead = time.Hour
	MaxMeetupLead = 365 * 24 * time.Hour
)

// Validate names the first bad field; a meetup starts between an hour and
// a year after now (MinMeetupLead, MaxMeetupLead).
func (e EventInput) Validate(now time.Time) error { return e.validate(now, true) }

// validate is Validate, with the start's lead checked only for a new
// time (newTime; see ValidateEdit).
func (e EventInput) validate(now time.Time, newTime bool) error {
	if err := oneLine("title", e.Title, 1, MaxEventTitle); err != nil {
		return err
	}
	if err := domain.TextField("body", e.Body, 0, MaxEventBody); err != nil {
		return err
	}
	if err := oneLine("place", e.Place, 1, MaxPlace); err != nil {
		return err
	}
	if e.StartsAt.IsZero() {
		return domain.Invalid("starts_at", "required", "starts_at is required")
	}
	if newTime {
		if !e.StartsAt.After(now) {
			return domain.Invalid("starts_at", "in_the_past", "starts_at must be in the future")
		}
		if e.StartsAt.Before(now.Add(MinMeetupLead)) {
			return domain.Invalid("starts_at", "starts_too_soon", "starts_at must be at least an hour from now")
		}
		if e.StartsAt.After(now.Add(MaxMeetupLead)) {
			return domain.Invalid("starts_at", "starts_too_late", "starts_at must be within a year from now")
		}
	}
	if e.Capacity == 0 {
		return domain.Invalid("capacity", "required", "capacity is required")
	}
	if e.Capacity < 1 || e.Capacity > MaxCapacity {
		return domain.Invalid("capacity", "out_of_range", "capacity must be between 1 and 10000")
	}
	return nil
}

// MaxOpenMeetups is how many meetups a club may have coming up at once
// (those its page lists as upcoming: Upcoming; a cancelled one is not
// open, and does not count). Fifty is a year of weekly
// meetups; more is a flood that buries the ones people would come to, and
// the club page reads only so many.
const MaxOpenMeetups = 50

// UpcomingSince is the start time after which a meetup is still upcoming
// at now: until check-in closes (CheckInWindow) it stays on the club's
// list of meetups to come.
func UpcomingSince(now time.Time) time.Time { return now.Add(-CheckInWindow) }

// CanOpenMeetup refuses one more meetup in a club that has open (upcoming)
// ones already, MaxOpenMeetups or more.
func CanOpenMeetup(open int) error {
	if open >= MaxOpenMeetups {
		return domain.Conflict("too_many_meetups", "the club has 50 meetups coming up already: hold some of them first")
	}
	return nil
}

// MayOrganise reports whether u may post meetups in a club and check people
// in: the club's organisers and admins.
func MayOrganise(u *domain.User, organiser bool) bool {
	return u != nil && (organiser || u.Has(domain.RoleAdmin))
}

// CanRSVP is the rule for answering a meetup: members only, before it
// starts, and only from an account that confirmed its email: places are
// few, and throwaway accounts (free to make, by the dozen) could otherwise
// take every one.
func CanRSVP(u *domain.User, member bool, startsAt, now time.Time) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if !member {
		return &domain.Error{Kind: domain.KindForbidden, Code: "not_a_member", Message: "join the club to answer its meetups"}
	}
	if !now.Before(startsAt) {
		return domain.Conflict("event_started", "the meetup has started; answers are closed")
	}
	if !u.Verified {
		// Not domain.CanVoteAs's verification_required: its words speak of
		// voting; this code says the same about meetups.
		return &domain.Error{Kind: domain.KindForbidden, Code: "verification_required_rsvp",
			Message: "only confirmed accounts answer meetups: open the link in the email we sent you (or send a new one from your settings), then answer again"}
	}
	return nil
}

// Waitlisted is where a new answer goes: onto the waiting list once the
// people going fill the capacity.
func Waitlisted(going, capacity int) bool { return going >= capacity }

// Promotable is how many people on the waiting list move up: the free
// places, and never more than are waiting.
func Promotable(going, capacity, waiting int) int {
	return max(0, min(capacity-going, waiting))
}

// Seats is how a meetup's count reads: of the people going, taken is
// those holding its places, never more than its capacity, and letIn those
// beyond them, let in from the waiting list at the door once the meetup
// started (CanCheckIn: someone booked did not come, and still counts as
// going). "2 of 1 places taken" is not a thing a meetup has; "1 of 1
// places taken, 1 more let in from the waiting list" is what happened.
func Seats(going, capacity int) (taken, letIn int) {
	taken = max(0, min(going, capacity))
	return taken, max(0, going-taken)
}

// CancelAsks reports whether taking an answer back takes a confirmation
// step: it gives away something the person does not get back by answering
// again. A place at a full meetup (going, and going fill the capacity)
// goes to the next person waiting; a place on the waiting list is lost,
// and answering again starts at its end. Once the meetup has started,
// answers are closed (nothing to ask); a place at a meetup with places
// left is taken back by answering again.
func CancelAsks(a Answer, going, capacity int, started bool) bool {
	if started {
		return false
	}
	switch a {
	case Going:
		return Waitlisted(going, capacity)
	case OnWaitlist:
		return true
	}
	return false
}

// NoticePromoted tells a person that they moved up from a meetup's
// waiting list (domain.NoticePromoted).
const NoticePromoted = domain.NoticePromoted

// EventLink points at a meetup's page.
func EventLink(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

// PromotedNotices tell each person moved up from a meetup's waiting list
// that they are going, once each: someone who answered "going" and waited
// has to hear that the answer now stands, or the place goes unused.
func PromotedNotices(eventID int64, title string, promoted []int64) []domain.Outgoing {
	return meetupNotices(domain.Outgoing{Kind: NoticePromoted, URL: EventLink(eventID), Args: []string{title}}, promoted, 0)
}

// Answer is a person's RSVP to a meetup.
type Answer int

const (
	NoAnswer Answer = iota
	Going
	OnWaitlist
)

// CheckInWindow is how long after a meetup's start people are still
// checked in (a long afternoon): "on the day".
const CheckInWindow = 12 * time.Hour

// CanCheckIn is the rule for an organiser checking someone in: organisers
// (and admins) only, and never themselves (attending earns reputation: an
// organiser alone could hold meetups nobody came to and check themselves
// in at each; another organiser checks them in); not before the meetup
// starts (one on the waiting list hears why: waitlisted) nor long after;
// a person going, or, once the meetup has started,
// one on the waiting list while fewer than its capacity are checked in
// (checkedIn): someone booked did not come, and the one waiting at the
// door takes the place. Never one who did not answer.
func CanCheckIn(mayOrganise, self bool, a Answer, checkedIn, capacity int, startsAt, now time.Time) error {
	if !mayOrganise {
		return &domain.Error{Kind: domain.KindForbidden, Code: "not_an_organiser", Message: "only the club's organisers check people in"}
	}
	if self {
		return &domain.Error{Kind: domain.KindForbidden, Code: "own_check_in", Field: "user_id", Message: "another organiser checks you in"}
	}
	if now.Before(startsAt) {
		if a == OnWaitlist {
			return &domain.Error{Kind: domain.KindInvalid, Code: "waitlisted", Field: "user_id", Message: "this person is on the waiting list, not going: once the meetup has started they can be let in"}
		}
		return domain.Conflict("event_not_started", "check-in opens when the meetup starts")
	}
	if now.After(startsAt.Add(CheckInWindow)) {
		return domain.Conflict("event_over", "check-in closed 12 hours after the meetup started")
	}
	switch a {
	case Going:
		return nil
	case OnWaitlist:
		if checkedIn >= capacity {
			return &domain.Error{Kind: domain.KindConflict, Code: "no_place_left", Field: "user_id",
				Message: "as many people as the meetup has places are checked in already: nobody on the waiting list can take one"}
		}
		return nil
	}
	return &domain.Error{Kind: domain.KindInvalid, Code: "no_rsvp", Field: "user_id", Message: "this person did not RSVP to the meetup"}
}

// NeedsOrganiser says whether a club with organisers organisers (not
// suspended) has no one to post and run its meetups: its only organiser
// deleted their account, left once no meetup was open, or was suspended.
// The club goes on (its members and meetups stay; admins may post and
// check in), says so on its pages, and an admin names an organiser from
// its members (session 51). store.ClubsWithoutOrganiser says the same in
// SQL (NOT EXISTS an acting organiser), for a bounded read; its test holds
// the two together.
func NeedsOrganiser(organisers int) bool { return organisers <= 0 }

// CanLeave is the rule for leaving a club: anyone may, except its last
// organiser (organiser, with otherOrganisers none) while it has meetups
// open (upcoming, or running until check-in closes): leaving ends the
// role, and nobody would be left to check people in at them. An admin
// names another organiser first, or the meetups end.
func CanLeave(organiser bool, otherOrganisers, openMeetups int) error {
	if organiser && otherOrganisers <= 0 && openMeetups > 0 {
		return &domain.Error{Kind: domain.KindConflict, Code: "last_organiser",
			Message: "you are the club's only organiser and it has meetups coming up or running: ask an admin to name another organiser, or leave once they are over"}
	}
	return nil
}
