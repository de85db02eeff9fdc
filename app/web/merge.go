package web

import (
	"net/http"
	"strconv"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// An admin folds a duplicate idea into its original, from the idea's page
// or the API.

func (s *Server) ideaMerge(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	into, err := strconv.ParseInt(c.FormValue("into"), 10, 64)
	if err != nil {
		err = domain.Invalid("into", "invalid_number", "give the number of the original idea")
	} else {
		_, err = s.svc.MergeIdea(c.Request().Context(), currentUser(c), id, into, c.FormValue("reason"))
	}
	if e := domain.AsError(err); e != nil && (e.Kind == domain.KindInvalid || e.Kind == domain.KindConflict) {
		// A wrong number, another challenge's idea, one already merged:
		// back at the form, saying so, not an error page.
		return s.backWithMessage(c, e, "/ideas/"+itoa(id), "merge")
	}
	if err != nil {
		return err
	}
	s.flash(c, "idea.merged")
	return c.Redirect(http.StatusSeeOther, "/ideas/"+itoa(into))
}

func (s *Server) apiIdeaMerge(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Into   int64  `json:"into"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	idea, err := s.svc.MergeIdea(c.Request().Context(), currentUser(c), id, in.Into, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIdeaJSON(s.md, idea))
}
