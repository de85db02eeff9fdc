package service

import (
	"errors"
	"testing"

	"cocreate/app/people"
)

// A kept read serves its own version only; a failed read keeps nothing.
func TestByVersion54ReadsOncePerVersion(t *testing.T) {
	var b byVersion[int]
	reads := 0
	read := func() (int, error) { reads++; return reads * 10, nil }
	for _, step := range []struct {
		version    uint64
		want, seen int
	}{{1, 10, 1}, {1, 10, 1}, {2, 20, 2}, {2, 20, 2}, {1, 30, 3}} {
		got, err := b.read(step.version, read)
		if err != nil || got != step.want || reads != step.seen {
			t.Fatalf("at version %d: %d (%v) after %d reads; want %d after %d", step.version, got, err, reads, step.want, step.seen)
		}
	}
	boom := errors.New("boom")
	if _, err := b.read(3, func() (int, error) { return 0, boom }); err != boom {
		t.Fatalf("a failed read: %v", err)
	}
	if got, _ := b.read(3, read); got != 40 {
		t.Errorf("after a failed read at version 3: %d, want a new read (40)", got)
	}
}

// The clubs' list is never staler than the store: a join, a leave and a
// suspension each show in the next read of the counts.
func TestClubs54ListCountsAreNeverStale(t *testing.T) {
	w := newWorld(t)
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛同城会"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := w.fan(1), w.fan(2)
	members := func() int {
		t.Helper()
		list, err := w.s.Clubs(w.ctx)
		if err != nil || len(list) != 1 || list[0].ID != club.ID {
			t.Fatalf("clubs: %v, %v", list, err)
		}
		return list[0].Members
	}
	if n := members(); n != 0 {
		t.Fatalf("a new club has %d members", n)
	}
	for _, step := range []struct {
		what string
		do   func() error
		want int
	}{
		{"a joins", func() error { return w.s.JoinClub(w.ctx, &a, club.ID, true) }, 1},
		{"b joins", func() error { return w.s.JoinClub(w.ctx, &b, club.ID, true) }, 2},
		{"b is suspended", func() error { _, err := w.s.SetSuspended(w.ctx, &w.admin, b.ID, true, "广告 spam"); return err }, 1},
		{"a leaves", func() error { return w.s.JoinClub(w.ctx, &a, club.ID, false) }, 0},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		if n := members(); n != step.want {
			t.Errorf("after %s: %d members, want %d", step.what, n, step.want)
		}
	}
}
