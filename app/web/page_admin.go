package web

import (
	"net/http"

	"cocreate/app/domain"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

type usersPage struct {
	Users  []domain.User
	Roles  []domain.Role
	Events []store.AccountEvent // the newest suspensions, for every moderator to see
	// Refused: a refused suspension, shown at its reason.
	Refused formRefusal
}

func (s *Server) usersPage(c echo.Context) error {
	return s.renderUsers(c, formRefusal{}, http.StatusOK)
}

func (s *Server) usersRoles(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return domain.Invalid("roles", "invalid_form", "the form could not be read")
	}
	if _, err := s.svc.SetRoles(c.Request().Context(), currentUser(c), id, form["roles"]); err != nil {
		// The last admin keeps the role: said on their row.
		return s.backWithError(c, err, "/admin/users", "user-"+itoa(id))
	}
	s.flash(c, "users.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}
