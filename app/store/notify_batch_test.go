package store

import (
	"context"
	"fmt"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// A stage notice goes to every follower of a project's idea with the same
// link: the writer looks the project's idea up once for the whole batch,
// not once per recipient, inside the transaction every write waits on.
func TestStageNoticesReadTheProjectOnce(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 22)

	// move opens a project on a new idea with followers and moves it on,
	// telling its author and followers; it returns the lookups of the move.
	move := func(followers int) int64 {
		t.Helper()
		idea := addIdea(t, s, c, users[0].ID, fmt.Sprintf("免清洗内筒 %d", followers))
		for _, u := range users[1 : 1+followers] {
			if err := s.SetFollow(ctx, u.ID, idea.ID, true, func(domain.Idea) error { return nil }); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
		if err != nil {
			t.Fatal(err)
		}
		before := projectLookups.Load()
		if _, err := s.MoveProject(ctx, p.ID, users[0].ID, workflow.Accepted, "", func(workflow.Project) error { return nil },
			func(p workflow.Project, a domain.Audience) []domain.Outgoing {
				return domain.StageNotices(p.ID, 0, p.Title, "stage."+string(p.Stage), a)
			}); err != nil {
			t.Fatal(err)
		}
		n := projectLookups.Load() - before
		// Every recipient got the notice, about the project's idea.
		var told int
		if err := s.w.QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = ? AND url = ? AND idea_id = ?`,
			string(domain.NoticeStage), domain.ProjectLink(p.ID), idea.ID).Scan(&told); err != nil {
			t.Fatal(err)
		}
		if told != 1+followers {
			t.Errorf("%d of %d recipients were told of the move, about idea %d", told, 1+followers, idea.ID)
		}
		return n
	}
	if one, many := move(1), move(21); one != 1 || many != 1 {
		t.Errorf("a move told to 2 people read the project's idea %d times, one told to 22 %d times; want once each", one, many)
	}
}
