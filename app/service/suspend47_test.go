package service

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// A suspended fan's place at a full meetup not yet started goes to the
// first on its waiting list, who is told they are going, in the
// suspension's transaction; their answer to a meetup that has started
// stays as it was (it is what happened at the door).
func TestSuspensionGivesAMeetupPlaceToTheWaitingList(t *testing.T) {
	w := newWorld(t)
	var mu sync.Mutex
	now := time.Now().UTC().Truncate(time.Millisecond)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	w.s.Now, w.s.store.Now = clock, clock
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛粉丝会"})
	if err != nil {
		t.Fatal(err)
	}
	meetup := func(title string, in time.Duration) int64 {
		e, err := w.s.CreateEvent(w.ctx, &w.admin, club.ID, people.EventInput{Title: title, Place: "海尔路 1 号", StartsAt: clock().Add(in), Capacity: 1})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	soon, later := meetup("今晚见面会", 2*time.Hour), meetup("下周见面会", 7*24*time.Hour)
	fans := []domain.User{w.fan(1), w.fan(2)} // going, waiting
	for i := range fans {
		if err := w.s.store.SetVerified(w.ctx, fans[i].ID, true); err != nil {
			t.Fatal(err)
		}
		fans[i].Verified = true
		if err := w.s.JoinClub(w.ctx, &fans[i], club.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, e := range []int64{soon, later} {
			if _, err := w.s.RSVP(w.ctx, &fans[i], e); err != nil {
				t.Fatal(err)
			}
		}
	}
	going, waiting := fans[0], fans[1]
	mu.Lock()
	now = now.Add(3 * time.Hour) // the first meetup has started
	mu.Unlock()

	if _, err := w.s.SetSuspended(w.ctx, &w.admin, going.ID, true, "广告 spam"); err != nil {
		t.Fatal(err)
	}
	answers := func(e int64) string {
		a, _ := w.s.store.Answer(w.ctx, e, going.ID)
		b, _ := w.s.store.Answer(w.ctx, e, waiting.ID)
		return fmt.Sprint(a, " ", b)
	}
	if got, want := answers(later), fmt.Sprint(people.NoAnswer, " ", people.Going); got != want {
		t.Errorf("the meetup to come: suspended, waiting = %s, want %s", got, want)
	}
	if got, want := answers(soon), fmt.Sprint(people.Going, " ", people.OnWaitlist); got != want {
		t.Errorf("the meetup started: suspended, waiting = %s, want %s (untouched)", got, want)
	}
	notices, _, err := w.s.Notifications(w.ctx, &waiting, 0)
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	for _, n := range notices {
		if n.Kind == people.NoticePromoted {
			told = append(told, n.URL)
		}
	}
	if len(told) != 1 || told[0] != people.EventLink(later) {
		t.Errorf("the fan moved up was told %v, want once, of %s", told, people.EventLink(later))
	}
}

// An account suspended before suspensions gave places back (its answer
// still on a waiting list) is not moved up when a place opens: the next
// one waiting is.
func TestASuspendedFanOnTheWaitingListIsNotMovedUp(t *testing.T) {
	w := newWorld(t)
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛粉丝会"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.s.CreateEvent(w.ctx, &w.admin, club.ID, people.EventInput{Title: "下周见面会", Place: "海尔路 1 号", StartsAt: w.s.now().Add(7 * 24 * time.Hour), Capacity: 1})
	if err != nil {
		t.Fatal(err)
	}
	fans := []domain.User{w.fan(1), w.fan(2), w.fan(3)} // going, waiting (to be suspended), waiting
	for i := range fans {
		if err := w.s.store.SetVerified(w.ctx, fans[i].ID, true); err != nil {
			t.Fatal(err)
		}
		fans[i].Verified = true
		if err := w.s.JoinClub(w.ctx, &fans[i], club.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.RSVP(w.ctx, &fans[i], e.ID); err != nil {
			t.Fatal(err)
		}
	}
	// Suspended as before session 47: no release of their answers.
	if _, err := w.s.store.SetSuspended(w.ctx, w.admin.ID, fans[1].ID, true, "广告 spam", func(domain.User) error { return nil },
		func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.s.CancelRSVP(w.ctx, &fans[0], e.ID); err != nil {
		t.Fatal(err)
	}
	suspended, _ := w.s.store.Answer(w.ctx, e.ID, fans[1].ID)
	next, _ := w.s.store.Answer(w.ctx, e.ID, fans[2].ID)
	if suspended != people.OnWaitlist || next != people.Going {
		t.Errorf("after the place opened: suspended %v, next %v; want the suspended still waiting and the next going", suspended, next)
	}
}
