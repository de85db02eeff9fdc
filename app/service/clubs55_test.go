package service

import (
	"testing"

	"cocreate/app/people"
	"cocreate/app/store"
)

// stillClubs is two reads of the clubs' list at one content version (a
// third try if the version moves between them, as the PostgreSQL
// listener's late notices may make it).
func stillClubs(t *testing.T, w *world) (first, second []store.Club) {
	t.Helper()
	for range 3 {
		v := settledContentVersion(t, w.s)
		a, err := w.s.Clubs(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.s.Clubs(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if w.s.ContentVersion() == v {
			return a, b
		}
	}
	t.Fatal("the content version never held still over two reads")
	return nil, nil
}

// The clubs' list is read from the store once per content version
// (TestClubs54ListCountsAreNeverStale proves it is never stale, which
// holds without the cache too): two reads at one version are one read,
// the same list handed out twice, and a join (which moves the version)
// makes a new one with the new count.
func TestClubs55ListIsReadOncePerVersion(t *testing.T) {
	w := newWorld(t)
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛同城会"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := stillClubs(t, w)
	if len(a) != 1 || len(b) != 1 || a[0].ID != club.ID {
		t.Fatalf("clubs: %+v and %+v", a, b)
	}
	if &a[0] != &b[0] {
		t.Error("two reads at one version read the store twice; want the kept list")
	}
	fan := w.fan(1)
	if err := w.s.JoinClub(w.ctx, &fan, club.ID, true); err != nil {
		t.Fatal(err)
	}
	c, d := stillClubs(t, w)
	if &c[0] == &a[0] || c[0].Members != 1 {
		t.Errorf("after a join: the list kept before it (%v), %d members; want a new read, 1 member", &c[0] == &a[0], c[0].Members)
	}
	if &c[0] != &d[0] {
		t.Error("after the join, two reads at one version read the store twice")
	}
}
