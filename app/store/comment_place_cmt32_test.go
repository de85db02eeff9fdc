package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// CommentPlace finds the comments page (the cursor Comments pages by) that
// holds a comment, hidden ones counted, on both engines; a comment of
// another idea, or none, is not found.
func TestCommentPlaceFindsItsPage(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "a")
	other := addIdea(t, s, c, users[0].ID, "b")
	add := func(ideaID int64, by domain.User) domain.Comment {
		t.Helper()
		cm, err := s.CreateComment(ctx, ideaID, 0, domain.Author{ID: by.ID, Name: by.Name}, "x", false, nil,
			func(domain.Idea) error { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		return cm
	}
	var mine []domain.Comment
	var elsewhere domain.Comment
	for i := 0; i < 23; i++ {
		mine = append(mine, add(idea.ID, users[i%2]))
		if i%3 == 0 {
			elsewhere = add(other.ID, users[1])
		}
	}
	if err := s.Moderate(ctx, domain.ItemComment, mine[4].ID, users[0].ID, domain.ActionHide, "spam",
		func(ReportTarget) (bool, bool, error) { return true, false, nil },
		func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
		t.Fatal(err)
	}
	const size = 5
	for k, cm := range mine {
		after, author, hidden, found, err := s.CommentPlace(ctx, idea.ID, cm.ID, size)
		if err != nil || !found {
			t.Fatalf("comment %d: found %v, %v", k, found, err)
		}
		var want int64
		if k >= size {
			want = mine[k/size*size-1].ID
		}
		if after != want || author != users[k%2].ID || hidden != (k == 4) {
			t.Errorf("comment %d: after %d author %d hidden %v, want %d %d %v", k, after, author, hidden, want, users[k%2].ID, k == 4)
		}
		page, err := s.Comments(ctx, idea.ID, after, size)
		if err != nil {
			t.Fatal(err)
		}
		on := false
		for _, p := range page {
			on = on || p.ID == cm.ID
		}
		if !on {
			t.Errorf("comment %d is not on the page after %d", k, after)
		}
	}
	for _, id := range []int64{elsewhere.ID, mine[len(mine)-1].ID + 1000, 0} {
		if _, _, _, found, err := s.CommentPlace(ctx, idea.ID, id, size); err != nil || found {
			t.Errorf("comment %d of another idea or none: found %v, %v", id, found, err)
		}
	}
}
