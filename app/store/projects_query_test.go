package store

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// countingCtx counts how often the database layer asks for Done: a few
// times per query, so it grows with the number of queries.
type countingCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countingCtx) Done() <-chan struct{} { c.n.Add(1); return c.Context.Done() }

// queriesOf is the Done count of fn, a measure of how many queries it runs.
func queriesOf(t *testing.T, fn func(ctx context.Context) error) int64 {
	t.Helper()
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx := &countingCtx{Context: base}
	if err := fn(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx.n.Load()
}

// The project board costs the same few queries with one project or forty:
// the milestones are not read one project at a time.
func TestProjectsListIsNotOneQueryPerProject(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	fans, c := fixture(t, s, 2)
	open := func(title string) workflow.Project {
		idea := addIdea(t, s, c, fans[1].ID, title)
		p, err := s.CreateProject(ctx, idea.ID, fans[0].ID, fans[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := s.AddMilestone(ctx, p.ID, title+" step "+strconv.Itoa(i), time.Date(2027, 1, 1+i, 0, 0, 0, 0, time.UTC), func(p workflow.Project) (workflow.Stage, error) { return workflow.Concept, nil }); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	open("first")
	list := func(ctx context.Context) error { _, _, err := s.Projects(ctx, "", 0, 0, 1000, nil); return err }
	one := queriesOf(t, list)
	for i := range 40 {
		open("more " + strconv.Itoa(i))
	}
	forty := queriesOf(t, list)
	// (A count varies by one or two with the driver's timing; one query
	// per project would multiply it.)
	if forty > 2*one {
		t.Errorf("listing 41 projects asks the database %d times as much as listing one (%d, %d)", forty/max(one, 1), forty, one)
	}
	got, _, err := s.Projects(ctx, "", 0, 0, 1000, nil)
	if err != nil || len(got) != 41 {
		t.Fatalf("%d projects, %v", len(got), err)
	}
	for _, p := range got {
		if len(p.Milestones) != 2 || p.Milestones[0].Title != p.Title+" step 0" || p.Milestones[1].Title != p.Title+" step 1" {
			t.Errorf("project %q has milestones %+v", p.Title, p.Milestones)
		}
	}
}
