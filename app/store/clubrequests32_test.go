package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// askCheck32 is the service's rule, for a confirmed fan.
func askCheck32(c Club, found bool, open int) error {
	return people.CanAskForClub(&domain.User{ID: 1, Verified: true}, found, c.Name, open)
}

func ask32(t *testing.T, s *Store, user int64, city string) (bool, error) {
	t.Helper()
	already, _, err := s.AskForClub(context.Background(), user, city, people.CityKey(city), askCheck32)
	return already, err
}

// Asking records one row a fan and city ("Qingdao" and "ＱＩＮＧＤＡＯ" are
// one), asking again changes nothing, a fan holds MaxClubRequests cities
// at most, and taking one back frees its place.
func TestClubRequestsAskAgainAndCap(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	fan := users[1].ID
	if already, err := ask32(t, s, fan, "Qingdao"); err != nil || already {
		t.Fatalf("first ask: already %v, %v", already, err)
	}
	if already, err := ask32(t, s, fan, "ＱＩＮＧＤＡＯ"); err != nil || !already {
		t.Fatalf("asking again: already %v, %v; want already", already, err)
	}
	if n, err := s.ClubRequestCount(ctx, people.CityKey("qingdao")); err != nil || n != 1 {
		t.Fatalf("count %d, %v; want 1", n, err)
	}
	for _, city := range []string{"济南", "烟台"} {
		if _, err := ask32(t, s, fan, city); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ask32(t, s, fan, "威海"); domain.AsError(err) == nil || domain.AsError(err).Code != "too_many_club_requests" {
		t.Fatalf("a fourth city: %v, want too_many_club_requests", err)
	}
	// At the cap, asking again for a city asked is still just "already".
	if already, err := ask32(t, s, fan, "济南"); err != nil || !already {
		t.Fatalf("asking again at the cap: %v, %v", already, err)
	}
	mine, err := s.ClubRequestsOf(ctx, fan)
	if err != nil || len(mine) != 3 || mine[0].City != "Qingdao" || mine[0].Count != 1 {
		t.Fatalf("mine %+v, %v", mine, err)
	}
	if ok, err := s.WithdrawClubRequest(ctx, fan, people.CityKey("烟台")); err != nil || !ok {
		t.Fatalf("withdraw: %v, %v", ok, err)
	}
	if ok, err := s.WithdrawClubRequest(ctx, fan, people.CityKey("烟台")); err != nil || ok {
		t.Fatalf("withdraw twice: %v, %v; want nothing withdrawn", ok, err)
	}
	if _, err := ask32(t, s, fan, "威海"); err != nil {
		t.Fatalf("after taking one back: %v", err)
	}
	// Another fan's requests are theirs: the first fan's list is unchanged.
	if _, err := ask32(t, s, users[2].ID, "青岛"); err != nil {
		t.Fatal(err)
	}
	if mine, _ := s.ClubRequestsOf(ctx, fan); len(mine) != 3 {
		t.Fatalf("mine %+v after another fan asked", mine)
	}
}

// Admins' list: cities without a club, most asked first, suspended
// askers not counted; founding the city's club clears its requests in the
// same transaction and tells each asker, once.
func TestClubRequestsListedThenClearedByTheClub(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 5)
	for _, a := range []struct {
		user int
		city string
	}{{1, "济南"}, {1, "青岛"}, {2, "Qingdao"}, {3, "qingdao"}, {4, "青岛"}, {2, "济南"}, {3, "烟台"}} {
		if _, err := ask32(t, s, users[a.user].ID, a.city); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetSuspended(ctx, users[0].ID, users[3].ID, true, "spam", func(domain.User) error { return nil }, func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	cities, err := s.RequestedCities(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	// 济南 2, Qingdao 1 (the suspended one's qingdao not counted), 青岛 2, 烟台 0 (suspended).
	if len(cities) != 3 || cities[0].City != "济南" || cities[0].Count != 2 || cities[1].City != "青岛" || cities[1].Count != 2 ||
		cities[2].City != "Qingdao" || cities[2].Count != 1 {
		t.Fatalf("cities %+v", cities)
	}
	var told [][]int64
	club, err := s.CreateClub(ctx, people.ClubInput{City: "青岛", Name: "青岛同城会"}, users[0].ID, func(c Club, askers []int64) []domain.Outgoing {
		told = append(told, askers)
		return people.ClubOpenedNotices(c.ID, c.Name, c.City, askers)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || len(told[0]) != 2 || told[0][0] != users[1].ID || told[0][1] != users[4].ID {
		t.Fatalf("told %v, want fans 1 and 4", told)
	}
	for _, u := range []int{1, 4} {
		ns, err := s.Notifications(ctx, users[u].ID, 0, 10)
		if err != nil || len(ns) != 1 || ns[0].Kind != people.NoticeClubOpened || ns[0].URL != people.ClubLink(club.ID) {
			t.Fatalf("fan %d notices %+v, %v", u, ns, err)
		}
	}
	if n, _ := s.ClubRequestCount(ctx, people.CityKey("青岛")); n != 0 {
		t.Fatalf("青岛 still has %d requests", n)
	}
	cities, _ = s.RequestedCities(ctx, 10)
	if len(cities) != 2 || cities[0].City != "济南" {
		t.Fatalf("cities after 青岛's club %+v", cities)
	}
	// Asking for a city with its club is refused, the club coming back.
	_, got, err := s.AskForClub(ctx, users[2].ID, "青岛", people.CityKey("青岛"), askCheck32)
	if e := domain.AsError(err); e == nil || e.Code != "city_has_club" || got.ID != club.ID {
		t.Fatalf("asking for 青岛 now: %v, club %+v", err, got)
	}
	// Another city's requests stay: 济南 still counts its two.
	if n, _ := s.ClubRequestCount(ctx, people.CityKey("济南")); n != 2 {
		t.Fatalf("济南 has %d requests, want 2", n)
	}
}

// A suspended asker is not counted (the count), so neither do they name
// the city on the admins' list (and in the new-club form it fills), nor
// are they told when its club opens; their request is cleared all the
// same.
func TestSuspendedAskerNeitherNamesTheCityNorHearsItOpened(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	spam, fan := users[1].ID, users[2].ID
	if _, err := ask32(t, s, spam, "ｑｉｎｇＤＡＯ"); err != nil {
		t.Fatal(err)
	}
	if _, err := ask32(t, s, fan, "Qingdao"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetSuspended(ctx, users[0].ID, spam, true, "spam", func(domain.User) error { return nil }, func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	cities, err := s.RequestedCities(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 1 || cities[0].City != "Qingdao" || cities[0].Count != 1 {
		t.Errorf("admins see %+v, want Qingdao asked once (the suspended asker's spelling and count left out)", cities)
	}
	var told []int64
	if _, err := s.CreateClub(ctx, people.ClubInput{City: "Qingdao", Name: "Q"}, users[0].ID, func(c Club, askers []int64) []domain.Outgoing {
		told = askers
		return people.ClubOpenedNotices(c.ID, c.Name, c.City, askers)
	}); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0] != fan {
		t.Errorf("the club's opening told %v, want only the fan %d (not the suspended %d)", told, fan, spam)
	}
	var left int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM club_requests`).Scan(&left); err != nil || left != 0 {
		t.Errorf("requests left after the founding: %d (%v), want 0", left, err)
	}
}
