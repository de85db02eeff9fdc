package service

import (
	"context"

	"cocreate/app/domain"
)

// EditComment changes the words of actor's own comment
// (domain.CanChangeComment): the comment is shown "edited" with the time,
// and search finds its new words.
func (s *Service) EditComment(ctx context.Context, actor *domain.User, commentID int64, body string) (domain.Comment, error) {
	if actor == nil {
		return domain.Comment{}, domain.Unauthorized("sign in first")
	}
	if err := domain.TextField("body", body, 1, domain.MaxCommentLen); err != nil {
		return domain.Comment{}, err
	}
	if err := s.seeCommentIdea(ctx, actor, commentID); err != nil {
		return domain.Comment{}, err
	}
	c, err := s.store.EditComment(ctx, commentID, body, func(idea domain.Idea, c domain.Comment) error {
		return domain.CanChangeComment(actor, idea, c, domain.EditComment)
	})
	if err != nil {
		return domain.Comment{}, err
	}
	c.Author.Name = actor.Name
	return c, nil
}

// DeleteComment deletes actor's own comment (domain.CanChangeComment): a
// placeholder keeps its place in the thread, and everything it counted
// in goes with it (store.DeleteComment). It answers the comment's idea,
// where a page goes back to.
func (s *Service) DeleteComment(ctx context.Context, actor *domain.User, commentID int64) (int64, error) {
	if actor == nil {
		return 0, domain.Unauthorized("sign in first")
	}
	if err := s.seeCommentIdea(ctx, actor, commentID); err != nil {
		return 0, err
	}
	var ideaID int64
	helpful := false
	err := s.store.DeleteComment(ctx, commentID, func(idea domain.Idea, c domain.Comment) error {
		ideaID, helpful = idea.ID, c.Helpful
		return domain.CanChangeComment(actor, idea, c, domain.DeleteComment)
	})
	if err != nil {
		return 0, err
	}
	if helpful {
		s.reputationAfter(ctx) // the points went with the mark; badges follow
	}
	return ideaID, nil
}

// seeCommentIdea refuses a comment on an idea actor may not see (a draft
// challenge's, a hidden idea's) as not found, like the comment itself.
func (s *Service) seeCommentIdea(ctx context.Context, actor *domain.User, commentID int64) error {
	ideaID, err := s.store.CommentIdea(ctx, commentID)
	if err != nil {
		return err
	}
	if _, err := s.Idea(ctx, actor, ideaID); err != nil {
		if e := domain.AsError(err); e != nil && e.Kind == domain.KindNotFound {
			return domain.NotFound("comment")
		}
		return err
	}
	return nil
}
