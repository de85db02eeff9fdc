package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// organise54 makes each of us a member and an organiser of club.
func organise54(t *testing.T, s *Store, club Club, us ...domain.User) {
	t.Helper()
	ctx := context.Background()
	for _, u := range us {
		if err := s.Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrganiser(ctx, club.ID, u.ID, true, OrganiserBy{}, nil, nil, TellOrphaned{}); err != nil {
			t.Fatal(err)
		}
	}
}

// suspend54 suspends userID as the service does, its clubs' staff told
// by tellAll (the zero value: nobody).
func suspend54(s *Store, actor, userID int64, tellSuspended func(domain.User) []domain.Outgoing, tellAll TellOrphaned) error {
	if tellSuspended == nil {
		tellSuspended = func(domain.User) []domain.Outgoing { return nil }
	}
	_, err := s.SetSuspended(context.Background(), actor, userID, true, "刷票", func(domain.User) error { return nil },
		func(int) error { return nil }, tellSuspended,
		&Release{StartsAfter: s.Now(), Promote: people.Promotable, TellPromoted: func(ClubEvent, []int64) []domain.Outgoing { return nil },
			Withdraws: func(domain.Challenge) bool { return true }, TellOrphaned: tellAll})
	return err
}

// The moderation page's list reads only the clubs with no organiser who
// can act (none named, or only suspended ones), by city, at most the
// limit, with how many there are in all; a club whose organiser can act
// is not among them. Both engines.
func TestClubs54ClubsWithoutOrganiserAreReadAloneAndBounded(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	admin, lin, wang := users[0], users[1], users[2]
	var clubs []Club
	for _, city := range []string{"青岛", "北京", "上海", "成都", "杭州"} {
		clubs = append(clubs, club27(t, s, users, city))
	}
	organise54(t, s, clubs[0], lin)  // 青岛: lin acts
	organise54(t, s, clubs[1], wang) // 北京: wang, suspended below
	organise54(t, s, clubs[3], lin, wang)
	if err := suspend54(s, admin.ID, wang.ID, nil, TellOrphaned{}); err != nil {
		t.Fatal(err)
	}
	cities := func(cs []Club) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.City)
			if !c.NeedsOrganiser() {
				t.Errorf("%s listed with %d organisers who can act", c.City, c.Organisers)
			}
		}
		return out
	}
	// Without an organiser who can act: 北京 (wang suspended), 上海, 杭州;
	// by city as Clubs orders them.
	var want []string
	all, err := s.Clubs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.NeedsOrganiser() {
			want = append(want, c.City)
		}
	}
	if len(want) != 3 {
		t.Fatalf("clubs needing an organiser %v; want 3", want)
	}
	got, total, err := s.ClubsWithoutOrganiser(ctx, 100)
	if err != nil || total != 3 || !slices.Equal(cities(got), want) {
		t.Errorf("ClubsWithoutOrganiser(100) = %v, %d, %v; want %v, 3", cities(got), total, err, want)
	}
	got, total, err = s.ClubsWithoutOrganiser(ctx, 2)
	if err != nil || total != 3 || !slices.Equal(cities(got), want[:2]) {
		t.Errorf("ClubsWithoutOrganiser(2) = %v, %d, %v; want %v and 3 in all", cities(got), total, err, want[:2])
	}
	// 上海 given an organiser leaves the list; none left: nothing, 0.
	organise54(t, s, clubs[2], admin)
	got, total, err = s.ClubsWithoutOrganiser(ctx, 100)
	if err != nil || total != 2 || slices.Contains(cities(got), "上海") {
		t.Errorf("after 上海 named one: %v, %d, %v", cities(got), total, err)
	}
	organise54(t, s, clubs[1], admin)
	organise54(t, s, clubs[4], admin)
	if got, total, err := s.ClubsWithoutOrganiser(ctx, 100); err != nil || total != 0 || len(got) != 0 {
		t.Errorf("every club run: %v, %d, %v", got, total, err)
	}
}

// SetOrganiser's check sees the account as the write reads it, not as a
// read before it (the user cache, a session) had it: a suspension written
// meanwhile refuses the naming, and nothing changes. Both engines.
func TestClubs54TheNamingCheckSeesTheAccountReadInTheWrite(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 2)
	lin := users[1]
	club := club27(t, s, users, "青岛")
	if err := s.Join(ctx, club.ID, lin.ID); err != nil {
		t.Fatal(err)
	}
	if u, err := s.User(ctx, lin.ID); err != nil || u.Suspended { // cached as active
		t.Fatal(u, err)
	}
	// Suspended under the store's cache (as another node's write is).
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET suspended = ? WHERE id = ?`, true, lin.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var seen []domain.User
	admin := users[0]
	err := s.SetOrganiser(ctx, club.ID, lin.ID, true, OrganiserBy{}, func(u domain.User) error {
		seen = append(seen, u)
		return people.MayNameOrganiser(&admin, u, true)
	}, nil, TellOrphaned{})
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != "suspended" {
		t.Fatalf("naming a member suspended meanwhile: %v; want 409 suspended", err)
	}
	if len(seen) != 1 || seen[0].ID != lin.ID || !seen[0].Suspended {
		t.Errorf("the check saw %+v; want lin, suspended", seen)
	}
	if _, organiser, err := s.Membership(ctx, club.ID, lin.ID); err != nil || organiser {
		t.Errorf("lin an organiser after the refusal: %v %v", organiser, err)
	}
	// No such account: not found, before any check.
	seen = nil
	if err := s.SetOrganiser(ctx, club.ID, 9999, true, OrganiserBy{}, func(u domain.User) error { seen = append(seen, u); return nil }, nil, TellOrphaned{}); !errors.As(err, &e) || e.Kind != domain.KindNotFound || len(seen) != 0 {
		t.Errorf("no such account: %v (checked %v)", err, seen)
	}
}

// On two nodes: a suspension holds the member's account (its check
// reached) when a moderator names them on another node. The naming waits
// for the account (read FOR KEY SHARE), then reads it suspended and is
// refused: no suspended organiser is left named. Read before the write
// (session 53), the naming saw the account active and named them.
func TestClubs54ANamingWaitsForASuspensionInFlight(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, _ := fixture(t, s, 2)
	admin, lin := users[0], users[1]
	club := club27(t, s, users, "青岛")
	if err := s.Join(ctx, club.ID, lin.ID); err != nil {
		t.Fatal(err)
	}
	p := newPause(t)
	suspended := make(chan error, 1)
	go func() {
		_, err := s.SetSuspended(ctx, admin.ID, lin.ID, true, "刷票", func(domain.User) error { p.wait(); return nil },
			func(int) error { return nil }, func(domain.User) []domain.Outgoing { return nil },
			&Release{StartsAfter: s.Now(), Promote: people.Promotable, TellPromoted: func(ClubEvent, []int64) []domain.Outgoing { return nil }})
		suspended <- err
	}()
	p.arrived(t, suspended)
	named := make(chan error, 1)
	go func() {
		named <- other.SetOrganiser(ctx, club.ID, lin.ID, true, OrganiserBy{}, func(u domain.User) error {
			return people.MayNameOrganiser(&admin, u, true)
		}, nil, TellOrphaned{})
	}()
	waitForALockWaiter(t, s, named)
	p.let()
	if err := outcome(t, suspended, "the suspension"); err != nil {
		t.Fatalf("the suspension: %v", err)
	}
	var e *domain.Error
	if err := outcome(t, named, "the naming"); !errors.As(err, &e) || e.Code != "suspended" {
		t.Fatalf("the naming that waited: %v; want 409 suspended", err)
	}
	if n := count52(t, s, `SELECT COUNT(*) FROM club_members WHERE club_id = ? AND organiser = 1`, club.ID); n != 0 {
		t.Errorf("%d organisers after the refused naming; want none", n)
	}
}
