package web

import (
	"net/http"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// passwordPage is the "forgot password" and reset pages' state.
type passwordPage struct {
	Email string
	Sent  bool   // the request was taken (whether or not the address has an account)
	Token string // the reset link's token, carried by the form
	Error string
	Field string
}

func (s *Server) forgotForm(c echo.Context) error {
	// The email typed on the sign-in page, kept in the session; or this
	// form's, refused by the address's limit (refusedOnForm).
	page := passwordPage{Email: s.typedEmailOf(c)}
	if r, ok := s.takeLimitRefusal(c, "/password/forgot"); ok {
		page.Error, page.Field = r.Error, r.Field
		if e := r.typed("email"); e != "" {
			page.Email = e
		}
	}
	return s.render(c, "password_forgot", s.printer(c).T("reset.forgot_title"), page)
}

// forgotSubmit answers the same whether or not the address has an account.
func (s *Server) forgotSubmit(c echo.Context) error {
	email := c.FormValue("email")
	title := s.printer(c).T("reset.forgot_title")
	if err := s.svc.ForgotPassword(c.Request().Context(), email); err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "password_forgot",
			withTitle{title, passwordPage{Email: email, Error: msg, Field: field}})
	}
	return s.render(c, "password_forgot", title, passwordPage{Email: email, Sent: true})
}

// resetForm is where the emailed link lands. Opening it changes nothing
// (mail scanners open links); it says at once when the link is no good.
func (s *Server) resetForm(c echo.Context) error {
	page := passwordPage{Token: c.QueryParam("token")}
	status := http.StatusOK
	if page.Token != "" {
		if err := s.svc.CheckResetToken(c.Request().Context(), page.Token); err != nil {
			msg, field, ok := s.formError(c, err)
			if !ok {
				return err
			}
			page.Error, page.Field, status = msg, field, statusOf[domain.AsError(err).Kind]
		}
	}
	if r, ok := s.takeLimitRefusal(c, "/password/reset"); ok && page.Error == "" {
		// The form refused by the address's limit (refusedOnForm), back
		// at its link: the reason; the password is typed again.
		page.Error, page.Field = r.Error, r.Field
	}
	return s.renderStatus(c, status, "password_reset", withTitle{s.printer(c).T("reset.title"), page})
}

// resetSubmit sets the new password; every session and token of the
// account ends, so the person signs in afresh.
func (s *Server) resetSubmit(c echo.Context) error {
	page := passwordPage{Token: c.FormValue("token")}
	u, err := s.svc.ResetPassword(c.Request().Context(), page.Token, c.FormValue("password"))
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		page.Error, page.Field = msg, field
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "password_reset", withTitle{s.printer(c).T("reset.title"), page})
	}
	if err := s.signOut(c); err != nil {
		return err
	}
	// The link came from the account's mailbox: this browser signs in
	// outside the account's shared limit, however many guess at it.
	s.knowDevice(c, u.ID)
	s.flash(c, "reset.done")
	return c.Redirect(http.StatusSeeOther, "/signin")
}

func (s *Server) apiForgotPassword(c echo.Context) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.ForgotPassword(c.Request().Context(), in.Email); err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{})
}

func (s *Server) apiResetPassword(c echo.Context) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.svc.ResetPassword(c.Request().Context(), in.Token, in.Password)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}
