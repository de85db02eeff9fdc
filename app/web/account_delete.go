package web

import (
	"net/http"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

// settingsDelete deletes the person's own account (service.DeleteAccount)
// after their current password and the box ticked that says they know it
// cannot be undone; this browser is signed out and lands on the home page,
// told it is done.
func (s *Server) settingsDelete(c echo.Context) error {
	if c.FormValue("confirm") != "yes" {
		return s.settingsFormError(c, domain.Invalid("confirm", "required", "tick the box to say you understand"), settingsPage{Form: "delete"})
	}
	if err := s.svc.DeleteAccount(c.Request().Context(), currentUser(c), c.FormValue("current_password")); err != nil {
		return s.settingsFormError(c, err, settingsPage{Form: "delete"})
	}
	p := s.printer(c)
	if err := s.signOut(c); err != nil {
		return err
	}
	s.flashText(c, p.T("delete50.done"))
	return c.Redirect(http.StatusSeeOther, "/")
}

// apiMeDelete deletes the caller's own account: {"current_password"}.
// Every session and token of it ends, the one calling too.
func (s *Server) apiMeDelete(c echo.Context) error {
	var in struct {
		CurrentPassword string `json:"current_password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.DeleteAccount(c.Request().Context(), currentUser(c), in.CurrentPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// Who is the name a person is shown by: a deleted account's name is empty
// (its personal data is gone) and shows as a deleted user in the reader's
// language, so no language's words are stored in its place.
func (p *page) Who(name string) string {
	if name == "" {
		return p.T("delete50.name")
	}
	return name
}

// apiMeExport gives the caller their own data as a JSON file: the account
// (as GET /api/v1/me, with its language, city, bio and when it was made)
// and what it made (store.AccountData). The settings page links to it.
func (s *Server) apiMeExport(c echo.Context) error {
	u, d, err := s.svc.ExportAccount(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	type profile struct {
		userJSON
		Locale    string    `json:"locale"`
		City      string    `json:"city"`
		Bio       string    `json:"bio"`
		CreatedAt time.Time `json:"created_at"`
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="cocreate-account.json"`)
	return c.JSON(http.StatusOK, struct {
		ExportedAt time.Time `json:"exported_at"`
		Profile    profile   `json:"profile"`
		store.AccountData
	}{time.Now().UTC(), profile{toUserJSON(u), u.Locale, d.City, d.Bio, u.CreatedAt}, d})
}
