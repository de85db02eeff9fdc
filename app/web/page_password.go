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
	// Invite: the link is an invitation (domain.InviteNotices), whose page
	// welcomes its person and sets their first password.
	Invite bool
}

// resetTitle is the reset page's title: an invitation's sets a password.
func (p passwordPage) resetTitle(pr interface{ T(string, ...any) string }) string {
	if p.Invite {
		return pr.T("staff50.set_title")
	}
	return pr.T("reset.title")
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
		r, err := s.svc.ResetLink(c.Request().Context(), page.Token)
		if err != nil {
			msg, field, ok := s.formError(c, err)
			if !ok {
				return err
			}
			page.Error, page.Field, status = msg, field, statusOf[domain.AsError(err).Kind]
		}
		page.Invite = r.Invite
	}
	if r, ok := s.takeLimitRefusal(c, "/password/reset"); ok && page.Error == "" {
		// The form refused by the address's limit (refusedOnForm), back
		// at its link: the reason; the password is typed again.
		page.Error, page.Field = r.Error, r.Field
	}
	return s.renderStatus(c, status, "password_reset", withTitle{page.resetTitle(s.printer(c)), page})
}

// resetSubmit sets the new password; every session and token of the
// account ends, so the person signs in afresh. An invitation's link signs
// its person in at once, at the work of their roles (domain.StaffHome):
// setting their first password is their first sign-in.
func (s *Server) resetSubmit(c echo.Context) error {
	page := passwordPage{Token: c.FormValue("token")}
	ctx := c.Request().Context()
	u, proof, invite, err := s.svc.UseResetLink(ctx, page.Token, c.FormValue("password"))
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		page.Error, page.Field = msg, field
		if r, err := s.svc.ResetLink(ctx, page.Token); err == nil {
			page.Invite = r.Invite // a refused password: the invitation's page again
		}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "password_reset", withTitle{page.resetTitle(s.printer(c)), page})
	}
	if err := s.signOut(c); err != nil {
		return err
	}
	if invite && domain.Active(u) == nil { // suspended meanwhile: to the sign-in page, which says so
		if err := s.signIn(c, u, proof); err != nil {
			return err
		}
		s.knowDevice(c, u.ID)
		s.flash(c, "staff50.welcome")
		return c.Redirect(http.StatusSeeOther, domain.StaffHome(u.Roles))
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
