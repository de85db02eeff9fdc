package service

import (
	"context"
	"errors"
	"testing"

	"cocreate/app/people"
	"cocreate/app/store"
)

// A kept read of a key serves that key at its own version only; another
// key is read apart; a failed read keeps nothing.
func TestByVersion55EachKeyReadsOncePerVersion(t *testing.T) {
	var b byVersionEach[int64, int]
	reads := map[int64]int{}
	read := func(k int64) func() (int, error) {
		return func() (int, error) { reads[k]++; return int(k)*100 + reads[k], nil }
	}
	for _, step := range []struct {
		key        int64
		version    uint64
		want, seen int
	}{
		{1, 1, 101, 1}, {1, 1, 101, 1}, // one read at a version
		{2, 1, 201, 1}, {1, 1, 101, 1}, // another key apart
		{1, 2, 102, 2}, {1, 2, 102, 2}, {2, 2, 202, 2}, // the version moved
		{1, 1, 103, 3}, // back to an older version: read again
	} {
		got, err := b.read(context.Background(), step.key, step.version, read(step.key))
		if err != nil || got != step.want || reads[step.key] != step.seen {
			t.Fatalf("key %d at version %d: %d (%v) after %d reads; want %d after %d",
				step.key, step.version, got, err, reads[step.key], step.want, step.seen)
		}
	}
	boom := errors.New("boom")
	if _, err := b.read(context.Background(), 3, 3, func() (int, error) { return 0, boom }); err != boom {
		t.Fatalf("a failed read: %v", err)
	}
	if _, ok := b.kept[3]; ok {
		t.Error("a failed read was kept")
	}
}

// A read kept at a newer version lets go of every older one: one club's
// members are not held after the version moved, whoever is viewed next; a
// read at an older version is answered and not kept.
func TestByVersion56KeepsOnlyTheNewestVersion(t *testing.T) {
	var b byVersionEach[int64, int]
	read := func(x int) func() (int, error) { return func() (int, error) { return x, nil } }
	for k := int64(1); k <= 3; k++ {
		if _, err := b.read(context.Background(), k, 1, read(int(k))); err != nil {
			t.Fatal(err)
		}
	}
	if len(b.kept) != 3 {
		t.Fatalf("at one version: %d kept; want 3", len(b.kept))
	}
	if _, err := b.read(context.Background(), 4, 2, read(4)); err != nil {
		t.Fatal(err)
	}
	if len(b.kept) != 1 || b.kept[4] != 4 || b.version != 2 {
		t.Fatalf("after a read at version 2: %v at %d; want only key 4 at 2", b.kept, b.version)
	}
	if got, err := b.read(context.Background(), 1, 1, read(10)); err != nil || got != 10 {
		t.Fatalf("a read at an older version: %d, %v", got, err)
	}
	if _, ok := b.kept[1]; ok || b.version != 2 {
		t.Errorf("a read at an older version was kept: %v at %d", b.kept, b.version)
	}
}

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
