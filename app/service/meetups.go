package service

import (
	"context"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// checkInRule is whether a person with answer a may be checked in at
// meetup e now, by someone who organises it (mayOrganise) or not, and who
// is them (self) or not, with checkedIn people checked in already: the
// rule of a check-in (people.CanCheckIn), at a meetup not cancelled
// (people.MeetupOpen). CheckIn asks it in the write; the meetup's page
// asks it of each row, to offer the button only where it would pass.
func checkInRule(mayOrganise, self bool, e store.ClubEvent, a people.Answer, checkedIn int, now time.Time) error {
	if err := people.CanCheckIn(mayOrganise, self, a, checkedIn, e.Capacity, e.StartsAt, now); err != nil {
		return err
	}
	return people.MeetupOpen(e.Cancelled())
}

// Attendees are a meetup's answers as its organisers check people in from
// them: List in the order given, going first, and MayCheckIn, by person,
// whether the one looking may check them in now (checkInRule).
type Attendees struct {
	List       []store.Attendee
	MayCheckIn map[int64]bool
}

// attendees are meetup e's answers for actor, who organises it.
func (s *Service) attendees(ctx context.Context, actor *domain.User, e store.ClubEvent, now time.Time) (Attendees, error) {
	list, err := s.store.Attendees(ctx, e.ID)
	if err != nil {
		return Attendees{}, err
	}
	checkedIn := 0
	for _, a := range list {
		if a.CheckedIn {
			checkedIn++
		}
	}
	out := Attendees{List: list, MayCheckIn: make(map[int64]bool, len(list))}
	for _, a := range list {
		answer := people.Going
		if a.Waitlisted {
			answer = people.OnWaitlist
		}
		out.MayCheckIn[a.User.ID] = !a.CheckedIn && checkInRule(true, a.User.ID == actor.ID, e, answer, checkedIn, now) == nil
	}
	return out, nil
}

// EventAttendees is a meetup's list of answers, for checking people in:
// its club's organisers and admins (403 not_an_organiser to others).
func (s *Service) EventAttendees(ctx context.Context, actor *domain.User, id int64) (store.ClubEvent, Attendees, error) {
	if actor == nil {
		return store.ClubEvent{}, Attendees{}, domain.Unauthorized("sign in first")
	}
	e, err := s.store.Event(ctx, id)
	if err != nil {
		return e, Attendees{}, err
	}
	_, organiser, err := s.store.Membership(ctx, e.ClubID, actor.ID)
	if err != nil {
		return e, Attendees{}, err
	}
	if !people.MayOrganise(actor, organiser) {
		return e, Attendees{}, &domain.Error{Kind: domain.KindForbidden, Code: "not_an_organiser", Message: "only the club's organisers see who answered its meetups"}
	}
	a, err := s.attendees(ctx, actor, e, s.now())
	return e, a, err
}

// EditEvent changes a meetup that has not started: its club's organisers
// and admins (people.CanChangeMeetup). The fields the patch gives replace
// the meetup's, checked as a new meetup's (people.EventInput.ValidateEdit:
// a new time at least an hour ahead, a capacity not below the people
// going); a capacity raised moves people up from the waiting list, and a
// new title, place or time is told to everyone who answered
// (people.MeetupMoved).
func (s *Service) EditEvent(ctx context.Context, actor *domain.User, id int64, patch people.EventPatch) (store.ClubEvent, error) {
	if actor == nil {
		return store.ClubEvent{}, domain.Unauthorized("sign in first")
	}
	now := s.now()
	return s.store.EditEvent(ctx, id, actor.ID, func(e store.ClubEvent, organiser bool) (people.EventInput, error) {
		if err := people.CanChangeMeetup(people.MayOrganise(actor, organiser), e.Cancelled(), e.StartsAt, now); err != nil {
			return people.EventInput{}, err
		}
		in := patch.Apply(e.Input())
		in.Normalize()
		return in, in.ValidateEdit(e.StartsAt, e.Going, now)
	}, people.Promotable, tellPromoted, func(was, after store.ClubEvent, ids []int64) []domain.Outgoing {
		if !people.MeetupMoved(was.Input(), after.Input()) {
			return nil
		}
		return people.ChangedNotices(after.ID, after.Title, ids, actor.ID)
	})
}

// CancelEvent calls off a meetup that has not started, saying why: its
// club's organisers and admins (people.CanChangeMeetup). Everyone who
// answered is told, with the reason; the meetup stays, marked cancelled,
// takes no more answers and no longer counts among the club's open ones.
func (s *Service) CancelEvent(ctx context.Context, actor *domain.User, id int64, reason string) (store.ClubEvent, error) {
	if actor == nil {
		return store.ClubEvent{}, domain.Unauthorized("sign in first")
	}
	reason = people.NormalizeReason(reason)
	now := s.now()
	return s.store.CancelEvent(ctx, id, actor.ID, reason, func(e store.ClubEvent, organiser bool) error {
		if err := people.CanChangeMeetup(people.MayOrganise(actor, organiser), e.Cancelled(), e.StartsAt, now); err != nil {
			return err
		}
		return people.ValidCancelReason(reason)
	}, func(_, after store.ClubEvent, ids []int64) []domain.Outgoing {
		return people.CancelledNotices(after.ID, after.Title, reason, ids, actor.ID)
	})
}
