package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// An admin deletes a person's account on their request (session 52): DELETE
// /api/v1/users/{id} with the account's address typed as it is and a
// reason, or the form on the account's row of /admin/users. The service
// (DeleteAccountFor) decides; both answer from it.

func (s *Server) apiUserDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Email  string `json:"email"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.DeleteAccountFor(c.Request().Context(), currentUser(c), id, in.Email, in.Reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// usersDeletion is the row's deletion form. A refusal goes back to the row
// with the message in the form and the reason as typed (the address is
// typed again: it is what was wrong, or checked again after any refusal).
func (s *Server) usersDeletion(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	if err := s.svc.DeleteAccountFor(c.Request().Context(), currentUser(c), id, c.FormValue("email"), reason); err != nil {
		// To the form itself, open with its message: the row above it
		// (roles, suspension) is taller than a phone's screen.
		return s.rowRefused(c, err, deletionAt(id), deletionAt(id), reason)
	}
	return s.rowDone(c, id, "admindel52.done")
}

// deletionAt is the id of the deletion form of account id's row.
func deletionAt(id int64) string { return "delete-" + itoa(id) }
