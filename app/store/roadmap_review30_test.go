package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"cocreate/app/domain"
)

// The roadmap leaves out the posts of the boards its reader may not see
// in the query, before the limit: a page after a draft board's long
// column is the open board's posts, full, not a page of posts the
// service would then have to read past.
func TestRoadmapLeavesOutUnseenBoardsBeforeItsLimit(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 1)
	now := s.Now()
	board := func(title string) domain.Challenge {
		c := domain.NewChallenge()
		c.Title, c.Kind, c.OrganiserID = title, domain.Board, users[0].ID
		c.SubmissionsOpenAt, c.VotingOpenAt, c.ShortlistSize, c.Winners = &now, &now, 0, 0
		c, err := s.CreateChallenge(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	open, draft := board("洗衣机"), board("烘干机（筹备中）")
	err := s.write(ctx, func(tx *sql.Tx) error {
		// The draft board's 30 posts moved last: they come first.
		for i := 0; i < 40; i++ {
			c := open
			if i >= 10 {
				c = draft
			}
			if _, err := tx.Exec(`INSERT INTO ideas (challenge_id, author_id, title, status, response, status_at, created_at, updated_at)
				VALUES (?, ?, ?, 'planned', '', ?, ?, ?)`, c.ID, users[0].ID, fmt.Sprintf("post %d", i), ms(now)+int64(i), ms(now), ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page, more, err := s.Roadmap(ctx, domain.StatusPlanned, nil, 4, []int64{draft.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 4 || !more {
		t.Fatalf("a page of %d posts (more %v), want 4 and more", len(page), more)
	}
	for _, idea := range page {
		if idea.ChallengeID != open.ID {
			t.Errorf("post %q of the unseen board is listed", idea.Title)
		}
	}
	if all, _, err := s.Roadmap(ctx, domain.StatusPlanned, nil, 100, nil); err != nil || len(all) != 40 {
		t.Errorf("with nothing unseen: %d posts (%v), want 40", len(all), err)
	}
}

// The projects list leaves out the projects of challenges its reader may
// not see in the query, before the limit, both ways.
func TestProjectsLeaveOutUnseenChallengesBeforeTheirLimit(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, seen := fixture(t, s, 2)
	draft := seen
	draft.ID = 0
	draft.Title = "烘干机（筹备中）"
	draft, err := s.CreateChallenge(ctx, draft)
	if err != nil {
		t.Fatal(err)
	}
	var shown []int64
	for i := range 8 {
		c := seen
		if i >= 2 { // the newest six are the unseen challenge's
			c = draft
		}
		idea := addIdea(t, s, c, users[1].ID, fmt.Sprintf("创意 %d", i))
		p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == seen.ID {
			shown = append(shown, p.ID)
		}
	}
	got, more, err := s.Projects(ctx, "", 0, 0, 2, []int64{draft.ID})
	if err != nil || more || len(got) != 2 || got[0].ID != shown[1] || got[1].ID != shown[0] {
		t.Errorf("the newest page: %d projects (more %v, %v), want the seen challenge's two", len(got), more, err)
	}
	got, more, err = s.Projects(ctx, "", 0, shown[0], 2, []int64{draft.ID})
	if err != nil || more || len(got) != 1 || got[0].ID != shown[1] {
		t.Errorf("newer than the oldest: %d projects (more %v, %v), want the seen one", len(got), more, err)
	}
}
