package web

import (
	"net/http"
	"slices"
	"strconv"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

type settingsPage struct {
	Token  string         // shown once, right after it was made
	Tokens []domain.Token // the user's tokens, newest first
	// A refused name, address, password or token form, shown again with
	// its message.
	Form      string // "name", "address", "password" or "token"
	Name      string
	Email     string // the new address as typed
	TokenName string // the token's name as typed
	Error     string
	Field     string
	// Developer opens the page's folded developers' part (API tokens):
	// ?developer=1, where revoking a token comes back to.
	Developer bool
	// EmailKinds are the groups of emails the person may turn off one by
	// one (domain.EmailChoices), each ticked while it is mailed.
	EmailKinds []emailKind
}

// emailKind is one group's checkbox on the settings page.
type emailKind struct {
	Group string
	On    bool
}

func (s *Server) settingsPage(c echo.Context) error {
	page := settingsPage{Developer: c.QueryParam("developer") == "1"}
	// A form refused by the address's limit (refusedOnForm): its reason
	// at the form, and the token's name as typed (never a password).
	if r, ok := s.takeLimitRefusal(c, "/settings/password"); ok {
		page.Form, page.Error, page.Field = "password", r.Error, r.Field
	}
	if r, ok := s.takeLimitRefusal(c, "/settings/address"); ok {
		page.Form, page.Error, page.Field, page.Email = "address", r.Error, r.Field, r.typed("email")
	}
	if r, ok := s.takeLimitRefusal(c, "/settings/tokens"); ok {
		page.Form, page.Error, page.Field, page.TokenName = "token", r.Error, r.Field, r.typed("name")
	}
	return s.renderSettingsPage(c, http.StatusOK, page)
}

func (s *Server) settingsToken(c echo.Context) error {
	name := c.FormValue("name")
	tok, err := s.svc.NewTokenWithPassword(c.Request().Context(), currentUser(c), name, c.FormValue("current_password"))
	if err != nil {
		return s.settingsFormError(c, err, settingsPage{Form: "token", TokenName: name})
	}
	return s.renderSettings(c, tok)
}

func (s *Server) renderSettings(c echo.Context, made string) error {
	return s.renderSettingsPage(c, http.StatusOK, settingsPage{Token: made})
}

func (s *Server) renderSettingsPage(c echo.Context, status int, page settingsPage) error {
	tokens, err := s.svc.Tokens(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	page.Tokens = tokens
	u := currentUser(c)
	if page.Form != "name" {
		page.Name = u.Name
	}
	for _, g := range domain.EmailChoices(u) {
		page.EmailKinds = append(page.EmailKinds, emailKind{Group: g, On: !slices.Contains(u.EmailMuted, g)})
	}
	return s.renderStatus(c, status, "settings", withTitle{s.printer(c).T("settings.title"), page})
}

// settingsFormError shows the settings page again with a refused form's
// message at its field; anything that is not the person's mistake goes to
// the error page.
func (s *Server) settingsFormError(c echo.Context, err error, page settingsPage) error {
	msg, field, ok := s.formError(c, err)
	if !ok {
		return err
	}
	page.Error, page.Field = msg, field
	return s.renderSettingsPage(c, statusOf[domain.AsError(err).Kind], page)
}

// settingsName changes the name the person is shown by.
func (s *Server) settingsName(c echo.Context) error {
	name := c.FormValue("name")
	if _, err := s.svc.SetName(c.Request().Context(), currentUser(c), name); err != nil {
		return s.settingsFormError(c, err, settingsPage{Form: "name", Name: name})
	}
	s.flash(c, "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}

// settingsPassword changes the password; every other session and token
// ends, this browser stays signed in.
func (s *Server) settingsPassword(c echo.Context) error {
	_, err := s.svc.ChangePassword(c.Request().Context(), currentUser(c),
		c.FormValue("current_password"), c.FormValue("password"), credentials(c))
	if err != nil {
		return s.settingsFormError(c, err, settingsPage{Form: "password"})
	}
	s.flash(c, "settings.password_changed")
	return c.Redirect(http.StatusSeeOther, "/settings")
}

// settingsAddress moves the account to a new email address, after the
// current password; the new address gets its confirmation link.
func (s *Server) settingsAddress(c echo.Context) error {
	email := c.FormValue("email")
	_, sent, err := s.svc.ChangeEmail(c.Request().Context(), currentUser(c), c.FormValue("current_password"), email)
	if err != nil {
		return s.settingsFormError(c, err, settingsPage{Form: "address", Email: email})
	}
	if sent {
		s.flash(c, "address45.changed")
	} else {
		s.flash(c, "address45.changed_later")
	}
	return c.Redirect(http.StatusSeeOther, "/settings")
}

// settingsSignOutEverywhere ends every other session and every token; this
// browser stays signed in.
func (s *Server) settingsSignOutEverywhere(c echo.Context) error {
	if err := s.svc.SignOutEverywhere(c.Request().Context(), currentUser(c), credentials(c)); err != nil {
		return err
	}
	s.flash(c, "settings.signed_out_everywhere")
	return c.Redirect(http.StatusSeeOther, "/settings")
}

func (s *Server) settingsRevokeToken(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	return s.backTo(c, "/settings?developer=1", "developer", "settings.token_revoked")
}

// settingsEmail turns the person's notification emails on or off, and
// each group of them the form showed (checkboxes: absent means off; a
// group the form did not show, as a page from before the groups, stays as
// it was).
func (s *Server) settingsEmail(c echo.Context) error {
	ctx := c.Request().Context()
	// As FormValue reads a form: one that does not parse shows as missing
	// fields (the groups then stay as they were).
	_ = c.Request().ParseMultipartForm(32 << 10)
	form := c.Request().Form
	mailed := map[string]bool{}
	for _, g := range form["email_kinds_shown"] {
		mailed[g] = slices.Contains(form["email_kinds"], g)
	}
	// One write: a group that is none refuses the form, the switch too.
	on := c.FormValue("email_notices") == "on"
	if _, err := s.svc.SetEmailChoices(ctx, currentUser(c), &on, mailed); err != nil {
		return err
	}
	s.flash(c, "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}

// unsubscribePage is where an email's link lands: it names whose emails
// stop and asks for a press of the button, since mail scanners follow GET
// links by themselves. Done says they are off.
type unsubscribePage struct {
	UserID int64
	Token  string
	Name   string
	Done   bool
	// Error is the button's refusal by the address's limit (refusedOnForm).
	Error string
}

// unsubscribeLink reads the link's person and token, from the query (the
// link as sent, and RFC 8058's one-click POST to it) or the form.
func unsubscribeLink(c echo.Context) (int64, string, error) {
	id, err := strconv.ParseInt(c.FormValue("u"), 10, 64)
	if err != nil || id <= 0 {
		return 0, "", domain.Invalid("u", "invalid_link", "this link is not valid")
	}
	return id, c.FormValue("t"), nil
}

func (s *Server) unsubscribeShow(c echo.Context) error {
	id, tok, err := unsubscribeLink(c)
	if err != nil {
		return err
	}
	u, err := s.svc.CheckUnsubscribeLink(c.Request().Context(), id, tok)
	if err != nil {
		return err
	}
	page := unsubscribePage{UserID: u.ID, Token: tok, Name: u.Name, Done: !u.EmailNotices}
	if r, ok := s.takeLimitRefusal(c, unsubscribeRoute); ok {
		page.Error = r.Error
	}
	return s.render(c, "unsubscribe", s.printer(c).T("unsubscribe.title"), page)
}

// unsubscribe stops the emails. It needs no session and no CSRF token: the
// link's signature is the authority, and mail programs POST to it directly.
func (s *Server) unsubscribe(c echo.Context) error {
	id, tok, err := unsubscribeLink(c)
	if err != nil {
		return err
	}
	u, err := s.svc.Unsubscribe(c.Request().Context(), id, tok)
	if err != nil {
		return err
	}
	return s.renderUnsubscribe(c, u, tok)
}

// renderUnsubscribe shows the link's page: the button while u's emails are
// on, the confirmation once they are off.
func (s *Server) renderUnsubscribe(c echo.Context, u domain.User, tok string) error {
	return s.render(c, "unsubscribe", s.printer(c).T("unsubscribe.title"),
		unsubscribePage{UserID: u.ID, Token: tok, Name: u.Name, Done: !u.EmailNotices})
}
