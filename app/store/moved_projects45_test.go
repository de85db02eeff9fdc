package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// MovedProjects lists the most recently moved projects first (an old
// project's move before a newer project's opening), a page at a time with
// nothing read twice or skipped, even among projects moved in the same
// millisecond, and leaves out the challenges it is told to.
func TestMovedProjectsNewestMoveFirstAPageAtATime(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	users, c := fixture(t, s, 1)
	other := c
	other.ID, other.Title = 0, "冰箱"
	other, err := s.CreateChallenge(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	open := func(ch domain.Challenge, title string) workflow.Project {
		t.Helper()
		idea := addIdea(t, s, ch, users[0].ID, title)
		p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := open(c, "old")
	clock = clock.Add(time.Minute)
	a, b := open(c, "a"), open(c, "b") // the same millisecond
	elsewhere := open(other, "elsewhere")
	clock = clock.Add(time.Minute)
	if _, err := s.MoveProject(ctx, old.ID, users[0].ID, workflow.Accepted, "", func(workflow.Project) error { return nil },
		func(workflow.Project, domain.Audience) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}

	var got []int64
	var last workflow.Project
	for range 5 {
		page, more, err := s.MovedProjects(ctx, last, 1, []int64{other.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			got = append(got, p.ID)
		}
		if !more {
			break
		}
		last = page[len(page)-1]
	}
	if want := []int64{old.ID, b.ID, a.ID}; !slices.Equal(got, want) {
		t.Errorf("read a project at a time: %v, want %v (the moved one, then the newer of two of one millisecond; not %d of the challenge left out)", got, want, elsewhere.ID)
	}
	page, more, err := s.MovedProjects(ctx, workflow.Project{}, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 4 || more || page[0].ID != old.ID || page[0].Stage != workflow.Accepted || page[0].Title != "old" {
		t.Errorf("all at once: %+v (more %v)", page, more)
	}
}
