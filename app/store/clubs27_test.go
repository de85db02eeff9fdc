package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// club27 founds a club with users[0] as its founder.
func club27(t *testing.T, s *Store, users []domain.User, city string) Club {
	t.Helper()
	c, err := s.CreateClub(context.Background(), people.ClubInput{City: city, Name: city + "同城会"}, users[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func meetup27(t *testing.T, s *Store, club Club, by int64, starts time.Time, capacity int) ClubEvent {
	t.Helper()
	e, err := s.CreateEvent(context.Background(), club.ID, by, people.EventInput{Title: "见面会", Place: "海尔路", StartsAt: starts, Capacity: capacity},
		time.Time{}, func(bool, int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A club that held 520 meetups still lists the one to come: the meetups
// to come and the past ones are two reads either side of the boundary the
// caller gives, not the oldest 500 split afterwards.
func TestClubEventsReadBothSidesOfNow(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 1)
	club := club27(t, s, users, "青岛")
	now := s.Now()
	first := now.AddDate(-2, 0, 0).Truncate(time.Millisecond)
	for i := 0; i < 520; i++ {
		meetup27(t, s, club, users[0].ID, first.Add(time.Duration(i)*24*time.Hour), 5)
	}
	next := meetup27(t, s, club, users[0].ID, now.Add(48*time.Hour), 5)
	later := meetup27(t, s, club, users[0].ID, now.Add(72*time.Hour), 5)
	up, err := s.UpcomingEvents(ctx, club.ID, now, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(up) != 2 || up[0].ID != next.ID || up[1].ID != later.ID {
		t.Fatalf("upcoming %v, want %d then %d", up, next.ID, later.ID)
	}
	past, err := s.PastEvents(ctx, club.ID, now, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(past) != 50 || !past[0].StartsAt.Equal(first.Add(519*24*time.Hour)) || !past[0].StartsAt.After(past[49].StartsAt) {
		t.Errorf("past: %d, first starting %v; want the latest 50, latest first", len(past), past[0].StartsAt)
	}
}

// The check of a new meetup sees how many of the club's meetups start
// after the boundary given, and can refuse it.
func TestCreateEventCountsOpenMeetups(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 1)
	club := club27(t, s, users, "青岛")
	now := s.Now()
	meetup27(t, s, club, users[0].ID, now.Add(-48*time.Hour), 5)
	meetup27(t, s, club, users[0].ID, now.Add(48*time.Hour), 5)
	meetup27(t, s, club, users[0].ID, now.Add(96*time.Hour), 5)
	var saw int
	_, err := s.CreateEvent(ctx, club.ID, users[0].ID, people.EventInput{Title: "见面会", Place: "海尔路", StartsAt: now.Add(time.Hour), Capacity: 5},
		now, func(_ bool, open int) error { saw = open; return domain.Conflict("too_many_meetups", "full") })
	if saw != 2 || domain.AsError(err) == nil || domain.AsError(err).Code != "too_many_meetups" {
		t.Errorf("open %d, err %v; want 2 and the check's refusal", saw, err)
	}
	up, _ := s.UpcomingEvents(ctx, club.ID, now, 50)
	if len(up) != 2 {
		t.Errorf("a refused meetup was kept: %d upcoming", len(up))
	}
}

// A suspended member is left out of the club's members, its count, and a
// meetup's attendees.
func TestSuspendedLeaveClubListsAndCounts(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	club := club27(t, s, users, "青岛")
	e := meetup27(t, s, club, users[0].ID, s.Now().Add(48*time.Hour), 5)
	for _, u := range users[1:] {
		if err := s.Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RSVP(ctx, e.ID, u.ID, func(ClubEvent, bool) error { return nil }, people.Waitlisted); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetSuspended(ctx, users[0].ID, users[2].ID, true, "spam", func(domain.User) error { return nil }, func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	c, err := s.Club(ctx, club.ID)
	if err != nil {
		t.Fatal(err)
	}
	members, err := s.Members(ctx, club.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	attendees, err := s.Attendees(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Members != 1 || len(members) != 1 || members[0].User.ID != users[1].ID || len(attendees) != 1 || attendees[0].User.ID != users[1].ID {
		t.Errorf("count %d, members %v, attendees %v; want only %d", c.Members, members, attendees, users[1].ID)
	}
}

// "Qingdao" and "qingdao" (and full-width "ＱＩＮＧＤＡＯ") are one city:
// the second club is refused.
func TestOneClubPerCityWhateverItsCase(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 1)
	club27(t, s, users, "Qingdao")
	for _, city := range []string{"Qingdao", "qingdao", "ＱＩＮＧＤＡＯ", "QINGDAO"} {
		_, err := s.CreateClub(ctx, people.ClubInput{City: city, Name: "another"}, users[0].ID, nil)
		if e := domain.AsError(err); e == nil || e.Code != "club_exists" || e.Field != "city" {
			t.Errorf("a second club for %q: %v", city, err)
		}
	}
	club27(t, s, users, "青岛") // another name is another club
}

// Clubs older than the key get theirs when the store opens (migration
// 103, in a database older than it): the first of
// a city keeps it, one created next to it before the key keeps none, and
// no new club for that city passes.
func TestCityKeysAreBackfilled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := fixture(t, s, 1)
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, city := range []string{"Qingdao", "qingdao", "Jinan"} {
			if _, err := tx.Exec(`INSERT INTO clubs (city, name, created_by, created_at) VALUES (?, ?, ?, ?)`, city, city, users[0].ID, ms(s.Now())); err != nil {
				return err
			}
		}
		return before103(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = openTest(t, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := map[string]sql.NullString{}
	rows, err := s.r.QueryContext(ctx, `SELECT city, city_key FROM clubs`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var city string
		var key sql.NullString
		if err := rows.Scan(&city, &key); err != nil {
			t.Fatal(err)
		}
		keys[city] = key
	}
	rows.Close()
	if keys["Qingdao"].String != "qingdao" || keys["qingdao"].Valid || keys["Jinan"].String != "jinan" {
		t.Errorf("keys %v", keys)
	}
	for _, city := range []string{"QINGDAO", "jinan"} {
		if _, err := s.CreateClub(ctx, people.ClubInput{City: city, Name: "x"}, users[0].ID, nil); domain.AsError(err) == nil || domain.AsError(err).Code != "club_exists" {
			t.Errorf("a new club for %q after the backfill: %v", city, err)
		}
	}
}
