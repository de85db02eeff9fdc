package web

import (
	"net/http"

	"cocreate/app/domain"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// commentEdit is a refused edit of a comment, shown again in the
// comment's open edit form with its message.
type commentEdit struct {
	ID          int64
	Body, Error string
}

// MayEditComment is whether the reader may edit comment cm, and so sees
// its edit form (domain.CanChangeComment).
func (v ideaView) MayEditComment(cm domain.Comment) bool {
	return v.viewer != nil && domain.CanChangeComment(v.viewer, v.Idea, cm, domain.EditComment) == nil
}

// MayDeleteComment is whether the reader may delete comment cm.
func (v ideaView) MayDeleteComment(cm domain.Comment) bool {
	return v.viewer != nil && domain.CanChangeComment(v.viewer, v.Idea, cm, domain.DeleteComment) == nil
}

// commentEditSubmit is the edit form of one's own comment on the idea
// page: back at the comment, marked edited; a refusal the writer can
// mend (empty, too long, marked helpful meanwhile) shows the form again
// with the words they wrote.
func (s *Server) commentEditSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	body := c.FormValue("body")
	cm, err := s.svc.EditComment(ctx, u, id, body)
	if err != nil {
		msg, _, ok := s.formError(c, err)
		if !ok {
			return err
		}
		ideaID, ierr := s.svc.CommentIdea(ctx, id)
		if ierr != nil {
			return ierr
		}
		after, perr := s.svc.CommentsPageOf(ctx, u, ideaID, id, service.IdeaPageComments)
		if perr != nil {
			return perr
		}
		p, perr := s.svc.IdeaPageFrom(ctx, u, ideaID, after)
		if perr != nil {
			return perr
		}
		v := ideaView{IdeaPage: p, Now: s.svc.Now(), viewer: u, printer: s.printer(c), Edit: commentEdit{ID: id, Body: body, Error: msg}, commentsAfter: after}
		return s.renderIdeaView(c, statusOf[domain.AsError(err).Kind], v)
	}
	s.flashThere(c, "comment50.saved", "comment-"+itoa(id))
	return c.Redirect(http.StatusSeeOther, domain.CommentLink(cm.IdeaID, id))
}

// commentDeleteSubmit is the delete button of one's own comment: back at
// its place in the thread, where a placeholder now stands.
func (s *Server) commentDeleteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ideaID, err := s.svc.DeleteComment(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	s.flashThere(c, "comment50.deleted_done", "comment-"+itoa(id))
	return c.Redirect(http.StatusSeeOther, domain.CommentLink(ideaID, id))
}

// apiCommentUpdate is PATCH /api/v1/comments/{id}: {body}, the author's
// new words; 200 the comment.
func (s *Server) apiCommentUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body *string `json:"body"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Body == nil {
		return domain.Invalid("body", "required", "body is required")
	}
	cm, err := s.svc.EditComment(c.Request().Context(), currentUser(c), id, *in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCommentJSON(s.md, cm))
}

// apiCommentDelete is DELETE /api/v1/comments/{id}: 204.
func (s *Server) apiCommentDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.DeleteComment(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
