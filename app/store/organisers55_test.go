package store

import (
	"context"
	"testing"
)

// A change of a club's organisers is written in its log in the same
// write, with who made it and why; a naming that changes nothing, and
// one refused, write nothing; the log reads newest first, at most the
// limit asked, naming both people (no actor: a seeding tool's). Both
// engines.
func TestOrganisers55EachChangeIsLoggedWithItsWrite(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 3)
	admin, lin, wang := users[0], users[1], users[2]
	club := club27(t, s, users, "青岛")
	for _, u := range []int64{lin.ID, wang.ID} {
		if err := s.Join(ctx, club.ID, u); err != nil {
			t.Fatal(err)
		}
	}
	set := func(who int64, on bool, by OrganiserBy) error {
		return s.SetOrganiser(ctx, club.ID, who, on, by, nil, nil, TellOrphaned{})
	}
	for _, step := range []struct {
		who int64
		on  bool
		by  OrganiserBy
	}{
		{lin.ID, true, OrganiserBy{}},
		{wang.ID, true, OrganiserBy{ActorID: admin.ID, Reason: "最活跃"}},
		{wang.ID, true, OrganiserBy{ActorID: admin.ID, Reason: "again"}}, // already one: nothing
		{lin.ID, false, OrganiserBy{ActorID: admin.ID, Reason: "长期不活跃"}},
	} {
		if err := set(step.who, step.on, step.by); err != nil {
			t.Fatal(err)
		}
	}
	if err := set(9999, true, OrganiserBy{ActorID: admin.ID}); err == nil {
		t.Fatal("naming no such account was not refused")
	}
	got, err := s.OrganiserEvents(ctx, club.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d events logged; want 3: %+v", len(got), got)
	}
	want := []struct {
		user, actor int64
		named       bool
		reason      string
	}{{lin.ID, admin.ID, false, "长期不活跃"}, {wang.ID, admin.ID, true, "最活跃"}, {lin.ID, 0, true, ""}}
	for i, w := range want {
		e := got[i]
		if e.User.ID != w.user || e.Actor.ID != w.actor || e.Named != w.named || e.Reason != w.reason || e.User.Name == "" || (w.actor != 0) != (e.Actor.Name != "") || e.CreatedAt.IsZero() {
			t.Errorf("event %d = %+v; want user %d by %d, named %v, %q", i, e, w.user, w.actor, w.named, w.reason)
		}
	}
	if got, err := s.OrganiserEvents(ctx, club.ID, 1); err != nil || len(got) != 1 || got[0].Reason != "长期不活跃" {
		t.Errorf("limit 1 = %+v (%v); want the newest alone", got, err)
	}
	other := club27(t, s, users, "烟台")
	if got, err := s.OrganiserEvents(ctx, other.ID, 10); err != nil || len(got) != 0 {
		t.Errorf("another club's log = %+v (%v); want none", got, err)
	}
}
