package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
	"cocreate/app/workflow"
)

// A project's updates each show their newest answers, oldest first, with
// how many answer each in all; hidden ones, comments on the idea itself
// and answers to another project's updates are left out; UpdateOf names
// an update's idea and project. On both engines.
func TestUpdateCommentsShowEachUpdatesNewest(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	open := func(title string) (domain.Idea, workflow.Project) {
		t.Helper()
		idea := addIdea(t, s, c, users[0].ID, title)
		p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
			func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
		if err != nil {
			t.Fatal(err)
		}
		return idea, p
	}
	update := func(p workflow.Project, body string) int64 {
		t.Helper()
		if err := s.PostUpdate(ctx, p.ID, users[0].ID, body, func(workflow.Project) error { return nil },
			func(workflow.Project, domain.Audience, int64) []domain.Outgoing { return nil }); err != nil {
			t.Fatal(err)
		}
		tl, err := s.Timeline(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return tl[len(tl)-1].ID
	}
	// Each answer's notices are chosen knowing who wrote the update it
	// answers (users[0] wrote them all; 0 for a comment on the idea).
	answer := func(ideaID, updateID int64, body string) domain.Comment {
		t.Helper()
		told := int64(-1)
		cm, err := s.CreateComment(ctx, ideaID, updateID, domain.Author{ID: users[1].ID, Name: users[1].Name}, body, false, nil,
			func(domain.Idea) error { return nil },
			func(_ domain.Idea, _ domain.Comment, updateAuthor, _ int64, _ []int64, _ map[int64]bool) []domain.Outgoing {
				told = updateAuthor
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int64{true: users[0].ID, false: 0}[updateID != 0]; told != want {
			t.Errorf("%s: the notices were chosen for update author %d, want %d", body, told, want)
		}
		return cm
	}
	idea, p := open("内筒")
	otherIdea, other := open("烘干")
	u1, u2 := update(p, "样机一"), update(p, "样机二")
	elsewhere := update(other, "烘干样机")
	var first []domain.Comment
	for i := range 25 {
		first = append(first, answer(idea.ID, u1, fmt.Sprintf("u1-%d", i)))
		if i%10 == 0 {
			answer(idea.ID, u2, fmt.Sprintf("u2-%d", i))
		}
	}
	answer(idea.ID, 0, "on the idea")
	answer(otherIdea.ID, elsewhere, "other project")
	if err := s.Moderate(ctx, domain.ItemComment, first[24].ID, users[0].ID, domain.ActionHide, "spam",
		func(ReportTarget) (bool, bool, error) { return true, false, nil },
		func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
		t.Fatal(err)
	}

	counts, err := s.UpdateCommentCounts(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	by, err := s.UpdateComments(ctx, []int64{u1, u2}, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(by) != 2 || len(counts) != 2 || counts[u1] != 24 || counts[u2] != 3 {
		t.Fatalf("updates %d, counts %v; want 2 updates, %d: 24 and %d: 3", len(by), counts, u1, u2)
	}
	got := by[u1]
	if len(got) != 20 || got[0].Body != "u1-4" || got[19].Body != "u1-23" {
		t.Fatalf("update 1 shows %d comments, %q to %q; want the newest 20 not hidden, u1-4 to u1-23", len(got), got[0].Body, got[len(got)-1].Body)
	}
	for i, cm := range got {
		if cm.UpdateID != u1 || cm.IdeaID != idea.ID || cm.Author.ID != users[1].ID || cm.Author.Name != users[1].Name || cm.CreatedAt.IsZero() ||
			(i > 0 && cm.ID <= got[i-1].ID) {
			t.Errorf("comment %d: %+v", i, cm)
		}
	}
	if b := by[u2]; len(b) != 3 || b[0].Body != "u2-0" || b[2].Body != "u2-20" {
		t.Errorf("update 2 shows %+v", b)
	}

	// The thread holds every comment, each saying what it answers.
	all, err := s.Comments(ctx, idea.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 29 || all[0].UpdateID != u1 || all[28].UpdateID != 0 {
		t.Errorf("the idea's thread: %d comments, first answers %d, last %d", len(all), all[0].UpdateID, all[len(all)-1].UpdateID)
	}
	for _, tc := range []struct {
		update, idea, project int64
	}{{u1, idea.ID, p.ID}, {elsewhere, otherIdea.ID, other.ID}, {999999, 0, 0}} {
		i, pr, err := s.UpdateOf(ctx, tc.update)
		if err != nil || i != tc.idea || pr != tc.project {
			t.Errorf("UpdateOf(%d) = %d, %d, %v; want %d, %d", tc.update, i, pr, err, tc.idea, tc.project)
		}
	}
}

// BenchmarkUpdateComments is the project page's read of its updates'
// comments (their counts, then each one's newest) when one update drew 50,000 of them (every 50th hidden) and
// ten others a few each: what a page view costs whatever the crowd
// wrote (README, session 42).
func BenchmarkUpdateComments(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	users, c := fixture(b, s, 2)
	idea := addIdea(b, s, c, users[0].ID, "内筒")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
	if err != nil {
		b.Fatal(err)
	}
	for i := range 11 {
		if err := s.PostUpdate(ctx, p.ID, users[0].ID, fmt.Sprintf("进展 %d", i), func(workflow.Project) error { return nil },
			func(workflow.Project, domain.Audience, int64) []domain.Outgoing { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	tl, err := s.Timeline(ctx, p.ID)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		for i := range 50000 + 10*5 {
			up := tl[1].ID
			if i >= 50000 {
				up = tl[2+(i-50000)/5].ID
			}
			if _, err := tx.Exec(`INSERT INTO comments (idea_id, update_id, author_id, body, official, hidden, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)`,
				idea.ID, up, users[1].ID, "门封的新材料耐洗涤剂吗？", i%50 == 0, i); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		counts, err := s.UpdateCommentCounts(ctx, p.ID)
		if err != nil || len(counts) != 11 || counts[tl[1].ID] != 49000 {
			b.Fatalf("%v, %v", counts, err)
		}
		ids := make([]int64, 0, len(tl))
		for _, u := range tl {
			if counts[u.ID] > 0 {
				ids = append(ids, u.ID)
			}
		}
		by, err := s.UpdateComments(ctx, ids, 20)
		if err != nil || len(by) != 11 || len(by[tl[1].ID]) != 20 {
			b.Fatalf("%d updates, %v", len(by), err)
		}
	}
}

// The project page's two reads walk comments_update on both engines: the
// counts over the index alone, each update's newest from its end, neither
// scanning nor sorting the comments (BenchmarkUpdateComments: a single
// query joining updates to comments was planned by PostgreSQL as a scan
// of every comment, a second a page at 50,000).
func TestUpdateCommentQueriesUseTheirIndex(t *testing.T) {
	s := mustOpen(t)
	for _, q := range []struct {
		sql  string
		args []any
	}{{updateCountsQuery, []any{1}}, {updateCommentsQuery, []any{1, 20}}} {
		var p string
		if pgtest.Postgres() {
			p = pgPlan(t, s, q.sql, q.args...)
		} else {
			p = plan(t, s, q.sql, q.args...)
		}
		if !strings.Contains(p, "comments_update") || strings.Contains(p, "Seq Scan on comments") ||
			strings.Contains(p, "SCAN c") || strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "Sort") {
			t.Errorf("the plan does not walk comments_update:\n%s\n%s", q.sql, p)
		}
	}
}
