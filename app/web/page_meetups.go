package web

import (
	"net/http"

	"cocreate/app/people"

	"github.com/labstack/echo/v4"
)

// eventEdit is an organiser changing a meetup from its page: every field
// of the form replaces the meetup's, the time once changed.
func (s *Server) eventEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := readEventForm(c)
	fail := func(err error) error {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderEvent(c, id, status, eventView{Editing: true, Form: f, Error: msg, Field: field})
		})
	}
	in, err := s.eventInput(f)
	if err != nil {
		return fail(err)
	}
	patch := people.EventPatch{Title: &in.Title, Body: &in.Body, Place: &in.Place, Capacity: &in.Capacity}
	// The form shows the time to the minute: left as shown
	// (starts_at_was), the meetup keeps its own, seconds and all, and is
	// not moved.
	if f.StartsAt != c.FormValue("starts_at_was") {
		patch.StartsAt = &in.StartsAt
	}
	if _, err := s.svc.EditEvent(c.Request().Context(), currentUser(c), id, patch); err != nil {
		return fail(err)
	}
	// Back where the form was, the words under its section's heading: a
	// phone that scrolled down to the form is not sent to the top, nor
	// left where the words are not.
	s.flashThere(c, "clubs49.edited", "organise-title")
	return c.Redirect(http.StatusSeeOther, "/events/"+itoa(id)+"#organise")
}

// eventCancel is an organiser calling a meetup off from its page, with
// the reason everyone who answered is told.
func (s *Server) eventCancel(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	if _, err := s.svc.CancelEvent(c.Request().Context(), currentUser(c), id, reason); err != nil {
		return s.formFail(c, err, func(msg, field string, status int) error {
			return s.renderEvent(c, id, status, eventView{CallingOff: true, Reason: reason, Error: msg, Field: field})
		})
	}
	s.flash(c, "clubs49.cancelled")
	return c.Redirect(http.StatusSeeOther, "/events/"+itoa(id))
}
