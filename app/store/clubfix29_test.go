package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// The last two organisers of a club with a meetup coming up leave at
// once: the count of the others is taken under the club's lock, so one
// goes and the other is refused as the last (not both gone, with nobody
// left to check people in).
func TestLastOrganisersLeavingAtOnceKeepOne(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	club := club27(t, s, users, "青岛")
	for _, u := range users[1:] {
		if err := s.Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrganiser(ctx, club.ID, u.ID, true, OrganiserBy{}, nil, nil, TellOrphaned{}); err != nil {
			t.Fatal(err)
		}
	}
	meetup27(t, s, club, users[1].ID, s.Now().Add(48*time.Hour), 5)
	since := people.UpcomingSince(s.Now())
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, u := range users[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Leave(ctx, club.ID, u.ID, since, people.CanLeave, people.Promotable, func(ClubEvent, []int64) []domain.Outgoing { return nil }, TellOrphaned{})
		}()
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		if err != nil {
			if domain.AsError(err).Code != "last_organiser" {
				t.Fatalf("leave: %v", err)
			}
			refused++
		}
	}
	left := 0
	for _, u := range users[1:] {
		if _, organiser, err := s.Membership(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		} else if organiser {
			left++
		}
	}
	if refused != 1 || left != 1 {
		t.Errorf("%d refused, %d organisers left; want 1 and 1", refused, left)
	}
}

// Two from the waiting list let in at once for the one place a no-show
// left: the check-ins of one meetup are counted under its lock, so one
// takes the place (going now) and the other is refused.
func TestWaitlistedLetInAtOnceTakeOnePlace(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 4)
	club := club27(t, s, users, "青岛")
	for _, u := range users {
		if err := s.Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	e := meetup27(t, s, club, users[0].ID, s.Now().Add(time.Hour), 1)
	for _, u := range users[1:] { // 1 going, 2 and 3 waiting
		if _, err := s.RSVP(ctx, e.ID, u.ID, func(ClubEvent, bool) error { return nil }, people.Waitlisted); err != nil {
			t.Fatal(err)
		}
	}
	at := e.StartsAt.Add(time.Minute)
	check := func(ev ClubEvent, _ bool, a people.Answer, checkedIn int) error {
		return people.CanCheckIn(true, false, a, checkedIn, ev.Capacity, ev.StartsAt, at)
	}
	award := func(ClubEvent, Attendance, time.Time) []people.Event { return nil }
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, u := range users[2:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.CheckIn(ctx, e.ID, u.ID, users[0].ID, check, award)
		}()
	}
	wg.Wait()
	in := -1
	for i, err := range errs {
		if err == nil {
			in = i
		} else if domain.AsError(err).Code != "no_place_left" {
			t.Fatalf("check-in: %v", err)
		}
	}
	if in < 0 || errs[1-in] == nil {
		t.Fatalf("errors %v; want one let in, one refused", errs)
	}
	if a, _ := s.Answer(ctx, e.ID, users[2+in].ID); a != people.Going {
		t.Errorf("the one let in is %v, want going", a)
	}
	if a, _ := s.Answer(ctx, e.ID, users[3-in].ID); a != people.OnWaitlist {
		t.Errorf("the one refused is %v, want waiting", a)
	}
	// The booked one, late, still comes in.
	if err := s.CheckIn(ctx, e.ID, users[1].ID, users[0].ID, check, award); err != nil {
		t.Errorf("the booked one: %v", err)
	}
}
