package store

import (
	"context"
	"errors"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// An edit changes a comment's words and says when; a delete erases them,
// keeps the row as a placeholder, takes it out of its idea's tally, its
// project update's count and answers, and the search records, and leaves
// `check` clean. A refusal of the check changes nothing. On both engines.
func TestComment50EditAndDeleteInTheStore(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "晾衣架")
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(int64, domain.Idea, domain.Audience) []domain.Outgoing { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PostUpdate(ctx, p.ID, users[0].ID, "进展", func(workflow.Project) error { return nil },
		func(workflow.Project, domain.Audience, int64) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	tl, err := s.Timeline(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	update := tl[len(tl)-1].ID
	comment := func(updateID int64, body string) domain.Comment {
		t.Helper()
		cm, err := s.CreateComment(ctx, idea.ID, updateID, domain.Author{ID: users[1].ID, Name: users[1].Name}, body, false, nil,
			func(domain.Idea) error { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		return cm
	}
	kept, answer := comment(0, "留下的评论"), comment(update, "电话 13800138000")
	allow := func(domain.Idea, domain.Comment) error { return nil }
	refuse := errors.New("refused")

	// Refused: nothing changes.
	if _, err := s.EditComment(ctx, answer.ID, "改了", func(domain.Idea, domain.Comment) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("a refused edit: %v", err)
	}
	if err := s.DeleteComment(ctx, answer.ID, func(domain.Idea, domain.Comment) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("a refused delete: %v", err)
	}
	// The check sees the comment as stored.
	var seen domain.Comment
	edited, err := s.EditComment(ctx, answer.ID, "电话已删", func(i domain.Idea, c domain.Comment) error {
		if i.ID != idea.ID {
			t.Errorf("the check saw idea %d", i.ID)
		}
		seen = c
		return nil
	})
	if err != nil || edited.Body != "电话已删" || edited.EditedAt == nil || seen.Body != "电话 13800138000" || seen.UpdateID != update || seen.Author.ID != users[1].ID {
		t.Fatalf("the edit answered %+v (%v); its check saw %+v", edited, err, seen)
	}
	list, err := s.Comments(ctx, idea.ID, 0, 10)
	if err != nil || len(list) != 2 || list[1].Body != "电话已删" || list[1].EditedAt == nil || list[0].EditedAt != nil {
		t.Fatalf("the comments read %+v (%v)", list, err)
	}
	if n, _ := s.UpdateCommentCounts(ctx, p.ID); n[update] != 1 {
		t.Fatalf("the update counts %d answers, want 1", n[update])
	}

	if err := s.DeleteComment(ctx, answer.ID, allow); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteComment(ctx, answer.ID, func(_ domain.Idea, c domain.Comment) error {
		if !c.Deleted || c.Body != "" {
			t.Errorf("a second delete's check saw %+v, want it deleted", c)
		}
		return domain.NotFound("comment")
	}); err == nil {
		t.Error("a deleted comment was deleted again")
	}
	list, err = s.Comments(ctx, idea.ID, 0, 10)
	if err != nil || len(list) != 2 || !list[1].Deleted || list[1].Body != "" || list[0].Deleted {
		t.Fatalf("after the delete the comments read %+v (%v)", list, err)
	}
	got, err := s.Idea(ctx, idea.ID)
	if err != nil || got.Comments != 1 {
		t.Errorf("the idea counts %d comments (%v), want 1", got.Comments, err)
	}
	if n, _ := s.UpdateCommentCounts(ctx, p.ID); n[update] != 0 {
		t.Errorf("the update still counts %d answers", n[update])
	}
	if answers, _ := s.UpdateComments(ctx, []int64{update}, 5); len(answers[update]) != 0 {
		t.Errorf("the update still shows %+v", answers[update])
	}
	recs, err := s.SearchRecords(ctx, "comment", []int64{kept.ID, answer.ID})
	if err != nil || len(recs) != 1 || recs[0].ID != kept.ID {
		t.Errorf("search records: %+v (%v), want only the kept comment", recs, err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Errorf("check: %v %v", v, err)
	}
}
