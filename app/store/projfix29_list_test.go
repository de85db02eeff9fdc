package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
	"cocreate/app/workflow"
)

// A roadmap column goes on past its first page: read a page at a time
// from the cursor of the last post read (its status_at and id), every post
// comes once, most recently moved first, posts moved at the same
// millisecond by id, and the last page says the column ends.
func TestProjfix29RoadmapPaged(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, _ := fixture(t, s, 1)
	c := domain.NewChallenge()
	c.Title, c.Kind, c.OrganiserID = "洗衣机", domain.Board, users[0].ID
	now := s.Now()
	c.SubmissionsOpenAt, c.VotingOpenAt, c.ShortlistSize, c.Winners = &now, &now, 0, 0
	c, err := s.CreateChallenge(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	const n = 25
	err = s.write(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			st := domain.StatusPlanned
			if i%5 == 4 {
				st = domain.StatusDone
			}
			// Three posts a millisecond: ties the cursor's id must break.
			if _, err := tx.Exec(`INSERT INTO ideas (challenge_id, author_id, title, status, response, status_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, '', ?, ?, ?)`, c.ID, users[0].ID, fmt.Sprintf("post %d", i), string(st), ms(now)+int64(i/3), ms(now), ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []domain.Idea
	var after *domain.Cursor
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("the column never ends")
		}
		page, more, err := s.Roadmap(ctx, domain.StatusPlanned, after, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 4 || more && len(page) != 4 {
			t.Fatalf("page %d: %d posts, more=%v", pages, len(page), more)
		}
		got = append(got, page...)
		if !more {
			break
		}
		last := page[len(page)-1]
		after = &domain.Cursor{Key: float64(last.StatusAt.UnixMilli()), ID: last.ID}
	}
	if len(got) != n-n/5 {
		t.Fatalf("the pages hold %d planned posts, want %d", len(got), n-n/5)
	}
	seen := map[int64]bool{}
	for i, idea := range got {
		if seen[idea.ID] || idea.Status != domain.StatusPlanned {
			t.Fatalf("post %d twice, or %s", idea.ID, idea.Status)
		}
		seen[idea.ID] = true
		if i > 0 {
			prev := got[i-1]
			if idea.StatusAt.After(*prev.StatusAt) || idea.StatusAt.Equal(*prev.StatusAt) && idea.ID > prev.ID {
				t.Fatalf("not most recently moved first: %d (%v) after %d (%v)", idea.ID, idea.StatusAt, prev.ID, prev.StatusAt)
			}
		}
	}
	if pgtest.Postgres() {
		return
	}
	// The page after a cursor still reads the column's index.
	p := plan(t, s, `SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id JOIN challenges c ON c.id = i.challenge_id
		WHERE i.status = ? AND i.`+onRoadmap+` AND c.kind = 'board' AND i.`+listed+` AND (i.status_at < ? OR (i.status_at = ? AND i.id < ?))
		ORDER BY i.status_at DESC, i.id DESC LIMIT ?`, "done", 1, 1, 1, 100)
	if !strings.Contains(p, "ideas_roadmap") {
		t.Errorf("a later roadmap page: plan %q does not use ideas_roadmap", p)
	}
}

// The projects list pages both ways: older from a cursor, newer from an
// after, each page newest first, with more saying whether the list goes
// on that way; a stage narrows every page.
func TestProjfix29ProjectsPaged(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	var ids []int64
	for i := range 7 {
		idea := addIdea(t, s, c, users[1].ID, fmt.Sprintf("创意 %d", i))
		p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	slices.Reverse(ids) // newest first
	idsOf := func(list []workflow.Project) []int64 {
		var out []int64
		for _, p := range list {
			out = append(out, p.ID)
		}
		return out
	}
	cases := []struct {
		name          string
		before, after int64
		want          []int64
		more          bool
	}{
		{"newest", 0, 0, ids[0:3], true},
		{"older", ids[2], 0, ids[3:6], true},
		{"oldest", ids[5], 0, ids[6:], false},
		{"newer than the oldest", 0, ids[6], ids[3:6], true},
		{"newer up to the newest", 0, ids[3], ids[0:3], false},
		{"newer, short", 0, ids[2], ids[0:2], false},
		{"before wins over after", ids[2], ids[6], ids[3:6], true},
	}
	for _, k := range cases {
		got, more, err := s.Projects(ctx, "", k.before, k.after, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(idsOf(got), k.want) || more != k.more {
			t.Errorf("%s: %v more=%v, want %v more=%v", k.name, idsOf(got), more, k.want, k.more)
		}
	}
	got, more, err := s.Projects(ctx, workflow.Accepted, 0, 0, 3, nil)
	if err != nil || len(got) != 0 || more {
		t.Errorf("no project is accepted yet: %v more=%v %v", idsOf(got), more, err)
	}
}
