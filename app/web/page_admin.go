package web

import (
	"net/http"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

type usersPage struct {
	Users []domain.User
	Roles []domain.Role
}

func (s *Server) usersPage(c echo.Context) error {
	list, err := s.svc.Users(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return s.render(c, "users", s.printer(c).T("users.title"), usersPage{Users: list, Roles: domain.GrantableRoles})
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
		return err
	}
	s.flash(c, "users.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}

type settingsPage struct {
	Token  string         // shown once, right after it was made
	Tokens []domain.Token // the user's tokens, newest first
}

func (s *Server) settingsPage(c echo.Context) error {
	return s.renderSettings(c, "")
}

func (s *Server) settingsToken(c echo.Context) error {
	tok, err := s.svc.NewToken(c.Request().Context(), currentUser(c), c.FormValue("name"))
	if err != nil {
		return err
	}
	return s.renderSettings(c, tok)
}

func (s *Server) renderSettings(c echo.Context, made string) error {
	tokens, err := s.svc.Tokens(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return s.render(c, "settings", s.printer(c).T("settings.title"), settingsPage{Token: made, Tokens: tokens})
}

func (s *Server) settingsRevokeToken(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	s.flash(c, "settings.token_revoked")
	return c.Redirect(http.StatusSeeOther, "/settings")
}
