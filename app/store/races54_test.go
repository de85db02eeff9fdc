package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// Session 54: a club's two organisers, one's role ended on each of two
// nodes at once (removed, left; suspended, deleted, detached by an
// invitation). Each write read the other organiser still there, so the
// club was left without one and nobody was told. Now a suspension, a
// deletion and an invitation's detaching take the locks of the clubs the
// account organises (lockToWithdraw) before they read who is left, as
// Leave and SetOrganiser take their club's: the second write waits for
// the first, reads its outcome, and tells the staff once.

// tellAll54 tells every staffer read, as the service does (no actor).
var tellAll54 = people.Orphaning(0)

// twoOrganisers54 is a club organised by lin and wang on s, with an admin
// (users[0]) and a moderator told when it loses its last.
type twoOrganisers54 struct {
	admin, mod, lin, wang domain.User
	club                  Club
}

func newTwoOrganisers54(t *testing.T, s *Store) twoOrganisers54 {
	t.Helper()
	users, _ := fixture(t, s, 4)
	c := twoOrganisers54{admin: users[0], mod: users[1], lin: users[2], wang: users[3]}
	if _, err := s.SetRoles(context.Background(), c.admin.ID, c.mod.ID, []domain.Role{domain.RoleModerator}, func(domain.User, int, int) error { return nil }, func(_, _ []domain.Role) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	c.club = club27(t, s, users, "青岛")
	organise54(t, s, c.club, c.lin, c.wang)
	return c
}

// waitsOrEnds returns once the second write waits for a lock (false) or
// has ended (true, with its error): without the clubs' locks it does not
// wait.
func waitsOrEnds(t *testing.T, s *Store, done <-chan error) (bool, error) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; {
		if lockWaiters(t, s) > 0 {
			return false, nil
		}
		select {
		case err := <-done:
			return true, err
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the second write neither waited nor ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// race54 runs first on one node, held by its pause after it read who is
// left, and second on another, then lets the first go; both must succeed,
// and the admin and the moderator be told once each that the club has no
// organiser left. second is seen to wait for the first, and neither node
// runs a batch again (no deadlock).
func race54(t *testing.T, nodes []*Store, c twoOrganisers54, p *pause, first, second func() error) {
	t.Helper()
	s := nodes[0]
	firstDone := make(chan error, 1)
	go func() { firstDone <- first() }()
	p.arrived(t, firstDone)
	secondDone := make(chan error, 1)
	go func() { secondDone <- second() }()
	ended, secondErr := waitsOrEnds(t, s, secondDone)
	p.let()
	if err := outcome(t, firstDone, "the first write"); err != nil {
		t.Fatalf("the first write: %v", err)
	}
	if !ended {
		secondErr = outcome(t, secondDone, "the second write")
	}
	if secondErr != nil {
		t.Fatalf("the second write: %v", secondErr)
	}
	if ended {
		t.Error("the second write did not wait for the club the first holds")
	}
	if a, m := orphanTold(t, s, c.admin.ID), orphanTold(t, s, c.mod.ID); a != 1 || m != 1 {
		t.Errorf("the admin was told %d times, the moderator %d; want once each", a, m)
	}
	if cl, err := s.Club(context.Background(), c.club.ID); err != nil || !cl.NeedsOrganiser() {
		t.Errorf("the club after both: %+v %v; want it without an organiser", cl, err)
	}
	for i, node := range nodes {
		if n := node.retried.Load(); n != 0 {
			t.Errorf("node %d ran %d batches again", i, n)
		}
	}
}

// lin removed on one node (held after the removal's read, before its
// commit) while wang is suspended on another.
func TestRaces54ARemovalWhileTheOtherOrganiserIsSuspended(t *testing.T) {
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	c := newTwoOrganisers54(t, s)
	p := newPause(t)
	race54(t, nodes, c, p, func() error {
		return s.SetOrganiser(context.Background(), c.club.ID, c.lin.ID, false, OrganiserBy{}, nil, func(Club) []domain.Outgoing { p.wait(); return nil }, tellAll54)
	}, func() error {
		return suspend54(other, c.admin.ID, c.wang.ID, nil, tellAll54)
	})
}

// wang suspended on one node (held at its last step, after it read who
// is left) while lin leaves on another.
func TestRaces54ASuspensionWhileTheOtherOrganiserLeaves(t *testing.T) {
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	c := newTwoOrganisers54(t, s)
	p := newPause(t)
	race54(t, nodes, c, p, func() error {
		return suspend54(s, c.admin.ID, c.wang.ID, func(domain.User) []domain.Outgoing { p.wait(); return nil }, tellAll54)
	}, func() error {
		return other.Leave(context.Background(), c.club.ID, c.lin.ID, other.Now(), func(bool, int, int) error { return nil },
			people.Promotable, func(ClubEvent, []int64) []domain.Outgoing { return nil }, tellAll54)
	})
}

// wang deletes the account on one node (held at its last step) while lin
// is removed on another.
func TestRaces54ADeletionWhileTheOtherOrganiserIsRemoved(t *testing.T) {
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	c := newTwoOrganisers54(t, s)
	p := newPause(t)
	d := detach51
	d.Release.TellOrphaned = tellAll54
	d.Runs = func(int) error { p.wait(); return nil }
	race54(t, nodes, c, p, func() error {
		return s.DeleteAccount(context.Background(), c.wang.ID, domain.DeletedEmail(c.wang.ID), d)
	}, func() error {
		return other.SetOrganiser(context.Background(), c.club.ID, c.lin.ID, false, OrganiserBy{}, nil, nil, tellAll54)
	})
}

// An invitation to wang's address (unconfirmed, and acted: the club
// joined) detaches wang's account on one node (held at the deletion's
// last step) while lin leaves on another.
func TestRaces54AnInvitationDetachesAnOrganiserWhileTheOtherLeaves(t *testing.T) {
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	c := newTwoOrganisers54(t, s)
	if c.wang.Verified {
		t.Fatal("wang's address is confirmed: an invitation would not detach it")
	}
	p := newPause(t)
	d := detach51
	d.Release.TellOrphaned = tellAll54
	d.Runs = func(int) error { p.wait(); return nil }
	race54(t, nodes, c, p, func() error {
		_, err := s.InviteUser(context.Background(), c.admin.ID, c.wang.Email, "王评委", "zh", "invite-hash", []domain.Role{domain.RoleJudge},
			s.Now().Add(domain.InviteValid), func(int64, int64) []domain.Outgoing { return nil }, d)
		return err
	}, func() error {
		return other.Leave(context.Background(), c.club.ID, c.lin.ID, other.Now(), func(bool, int, int) error { return nil },
			people.Promotable, func(ClubEvent, []int64) []domain.Outgoing { return nil }, tellAll54)
	})
	if u, err := s.User(context.Background(), c.wang.ID); err != nil || !u.Deleted {
		t.Errorf("wang's account %+v %v; want it detached", u, err)
	}
}

// wang named organiser of a second club on another node after wang's
// suspension read the clubs wang organises, before it took wang's account
// (an act of wang's in flight holds it: FOR KEY SHARE, which the naming
// shares). The suspension reads the clubs again once it holds the
// account, lets all go and takes them again, the new club's lock among
// them: held while the suspension finishes, and the new club, left
// without an organiser who can act, is told.
func TestRaces54AClubNamedWhileTheSuspensionWaitsIsLockedToo(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	c := newTwoOrganisers54(t, s)
	second := club27(t, s, []domain.User{c.admin}, "烟台")
	if err := s.Join(ctx, second.ID, c.wang.ID); err != nil {
		t.Fatal(err)
	}
	act, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer act.Rollback()
	if _, err := act.Exec(`SELECT id FROM users WHERE id = ? FOR KEY SHARE`, c.wang.ID); err != nil {
		t.Fatal(err)
	}
	p := newPause(t)
	done := make(chan error, 1)
	go func() {
		done <- suspend54(s, c.admin.ID, c.wang.ID, func(domain.User) []domain.Outgoing { p.wait(); return nil }, tellAll54)
	}()
	waitForALockWaiter(t, s, done) // the suspension holds 青岛's lock, waits for the account
	if err := other.SetOrganiser(ctx, second.ID, c.wang.ID, true, OrganiserBy{}, nil, nil, TellOrphaned{}); err != nil {
		t.Fatalf("wang named in 烟台 while the suspension waits: %v", err)
	}
	if err := act.Commit(); err != nil {
		t.Fatal(err)
	}
	p.arrived(t, done)
	held, err := other.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Rollback()
	var free bool
	if err := held.QueryRow(`SELECT pg_try_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))`, lockClass("club"), int32(second.ID)).Scan(&free); err != nil {
		t.Fatal(err)
	}
	if free {
		t.Error("烟台's lock is free while the suspension of its new organiser finishes")
	}
	if err := held.Rollback(); err != nil {
		t.Fatal(err)
	}
	p.let()
	if err := outcome(t, done, "the suspension"); err != nil {
		t.Fatalf("the suspension: %v", err)
	}
	if a := orphanTold(t, s, c.admin.ID); a != 1 {
		t.Errorf("the admin was told %d times; want once (烟台)", a)
	}
}
