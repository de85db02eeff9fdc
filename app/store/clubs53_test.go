package store

import (
	"context"
	"errors"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// orphanTold counts userID's club_orphaned notices.
func orphanTold(t *testing.T, s *Store, userID int64) int {
	t.Helper()
	ns, err := s.Notifications(context.Background(), userID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == domain.NoticeClubOrphaned {
			n++
		}
	}
	return n
}

// The write that takes a club's last organiser who can act (a
// suspension, a removal) tells the staff TellOrphaned chooses, reading
// the admins and moderators in the same transaction; a refused write
// tells no one, and a club that keeps an organiser, or had none already,
// tells no one either. Both engines.
func TestClubs53LastOrganiserGoneTellsTheStaffInTheSameWrite(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 5) // 0 the admin, 1 a moderator, 2 and 3 organisers, 4 a member
	admin, mod, lin, wang, li := users[0], users[1], users[2], users[3], users[4]
	if _, err := s.SetRoles(ctx, admin.ID, mod.ID, []domain.Role{domain.RoleModerator}, func(domain.User, int, int) error { return nil }, func(_, _ []domain.Role) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	club := club27(t, s, users, "青岛")
	for _, u := range []domain.User{lin, wang, li} {
		if err := s.Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []domain.User{lin, wang} {
		if err := s.SetOrganiser(ctx, club.ID, u.ID, true, OrganiserBy{}, nil, nil, TellOrphaned{}); err != nil {
			t.Fatal(err)
		}
	}
	var staffSeen []int64
	// The service's rules (people.Orphaning), the staff they tell seen.
	tellAll := people.Orphaning(0)
	tell := tellAll.Tell
	tellAll.Tell = func(c people.OrphanedClub, candidates []domain.User) []domain.Outgoing {
		out := tell(c, candidates)
		for _, o := range out {
			staffSeen = append(staffSeen, o.To)
		}
		return out
	}
	// wang removed: lin still organises; nobody is told.
	if err := s.SetOrganiser(ctx, club.ID, wang.ID, false, OrganiserBy{}, nil, nil, tellAll); err != nil {
		t.Fatal(err)
	}
	if orphanTold(t, s, admin.ID)+orphanTold(t, s, mod.ID) != 0 {
		t.Fatal("told while an organiser stays")
	}
	// lin's suspension refused by its check: nothing written, nobody told.
	release := &Release{StartsAfter: s.Now(), Promote: people.Promotable, TellPromoted: func(ClubEvent, []int64) []domain.Outgoing { return nil }, TellOrphaned: tellAll}
	refuse := errors.New("no")
	if _, err := s.SetSuspended(ctx, mod.ID, lin.ID, true, "刷票", func(domain.User) error { return refuse }, func(int) error { return nil },
		func(domain.User) []domain.Outgoing { return nil }, release); !errors.Is(err, refuse) {
		t.Fatalf("refused suspension: %v", err)
	}
	if orphanTold(t, s, admin.ID)+orphanTold(t, s, mod.ID) != 0 {
		t.Fatal("a refused suspension told the staff")
	}
	// lin suspended: the club has no organiser who can act; both staff told once.
	if _, err := s.SetSuspended(ctx, mod.ID, lin.ID, true, "刷票", func(domain.User) error { return nil }, func(int) error { return nil },
		func(domain.User) []domain.Outgoing { return nil }, release); err != nil {
		t.Fatal(err)
	}
	if a, m := orphanTold(t, s, admin.ID), orphanTold(t, s, mod.ID); a != 1 || m != 1 {
		t.Errorf("told admin %d, moderator %d times; want 1 and 1 (staff read: %v)", a, m, staffSeen)
	}
	if c, err := s.Club(ctx, club.ID); err != nil || !c.NeedsOrganiser() {
		t.Errorf("club after the suspension: %+v %v", c, err)
	}
	// The suspended organiser's deletion does not tell again: the club had
	// lost its last one already.
	d := Deletion{Check: func(domain.User) error { return nil }, Keeps: func(int) error { return nil }, Withdraws: func(domain.Challenge) bool { return false },
		Release: *release, Runs: func(int) error { return nil }}
	if err := s.DeleteAccount(ctx, lin.ID, "deleted-lin@invalid", d); err != nil {
		t.Fatal(err)
	}
	if a := orphanTold(t, s, admin.ID); a != 1 {
		t.Errorf("the admin was told %d times after the deletion, want 1", a)
	}
	// li named, then removed: the staff are told again (a second loss).
	if err := s.SetOrganiser(ctx, club.ID, li.ID, true, OrganiserBy{}, nil, nil, tellAll); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOrganiser(ctx, club.ID, li.ID, false, OrganiserBy{}, nil, nil, tellAll); err != nil {
		t.Fatal(err)
	}
	if a := orphanTold(t, s, admin.ID); a != 2 {
		t.Errorf("the admin was told %d times after the removal, want 2", a)
	}
}
