package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// A notice about a comment hidden since keeps nobody waiting: the next
// comment on the idea tells its author again (on both engines).
func TestCommentAudienceSkipsHiddenComments(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	author, spammer, other := users[0], users[1], users[2]
	idea := addIdea(t, s, c, author.ID, "a")
	var waiting map[int64]bool
	comment := func(by domain.User) domain.Comment {
		t.Helper()
		cm, err := s.CreateComment(ctx, idea.ID, 0, domain.Author{ID: by.ID, Name: by.Name}, "x", false, nil,
			func(domain.Idea) error { return nil },
			func(i domain.Idea, cm domain.Comment, updateAuthor, engineer int64, followers []int64, w map[int64]bool) []domain.Outgoing {
				waiting = w
				return domain.CommentNotices(i, cm, updateAuthor, engineer, followers, w)
			})
		if err != nil {
			t.Fatal(err)
		}
		return cm
	}
	comment(other)
	first := comment(spammer) // the author's unread notice now points here (domain.ThreadComments)
	if !waiting[author.ID] {
		t.Fatal("an unread notice of a shown comment does not keep the author waiting")
	}
	if err := s.Moderate(ctx, domain.ItemComment, first.ID, other.ID, domain.ActionHide, "spam",
		func(ReportTarget) (bool, bool, error) { return true, false, nil },
		func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
		t.Fatal(err)
	}
	comment(other)
	if waiting[author.ID] {
		t.Error("the unread notice of a hidden comment still keeps the author waiting: no later comment reaches them")
	}
}
