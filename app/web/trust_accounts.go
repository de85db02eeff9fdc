package web

import (
	"net/http"
	"slices"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/i18n"

	"github.com/labstack/echo/v4"
)

// refuseSuspended is identify's check once it knows who is asking: a
// suspended account's every session and token is refused (401 suspended).
func (s *Server) refuseSuspended(c echo.Context, u domain.User) error {
	if err := domain.Active(u); err != nil {
		c.Set(ctxSuspendedReason, u.SuspendedReason)
		return err
	}
	return nil
}

const ctxSuspendedReason = "suspended_reason"

// suspendedPage tells a suspended person so, with the reason, and ends the
// browser's session: they can still read the site as a visitor, which the
// page says, under a heading that is not "sign in first".
func (s *Server) suspendedPage(c echo.Context, p i18n.Printer, e *domain.Error) {
	_ = s.signOut(c) // the page below says why; a session left behind is refused again
	msg := message(p, e)
	if reason, _ := c.Get(ctxSuspendedReason).(string); reason != "" {
		msg += " " + p.T("trust.suspended_reason", reason)
	}
	_ = s.renderStatus(c, http.StatusUnauthorized, "error", errorPage{Status: http.StatusUnauthorized, Message: msg, // as in the error handler
		Heading: "mod48.suspended_title", Note: p.T("mod48.suspended_after")})
}

// apiVerificationRequest queues a new confirmation email (202).
func (s *Server) apiVerificationRequest(c echo.Context) error {
	if err := s.svc.RequestVerification(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"queued": true})
}

// apiVerify confirms an address with the token from the link.
func (s *Server) apiVerify(c echo.Context) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.svc.Verify(c.Request().Context(), currentUser(c), in.Token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}

// apiSuspension suspends or reinstates an account.
func (s *Server) apiSuspension(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Suspended *bool  `json:"suspended"`
		Reason    string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Suspended == nil {
		return domain.Invalid("suspended", "required", "suspended is required")
	}
	u, err := s.svc.SetSuspended(c.Request().Context(), currentUser(c), id, *in.Suspended, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}

// verifyPage is the confirmation link's page.
type verifyPage struct {
	Token string
	Name  string
	Email string
	Done  bool
	// Error is the button's refusal by the address's limit (refusedOnForm).
	Error string
	// Back is the page that asked this browser's person to confirm (a
	// vote, an idea, an RSVP refused until then; the banner's "send
	// again"): where confirming leads back to. "" when none is known.
	Back string
}

// verifyBackKey keeps, in the session, the page Back names, at most
// maxVerifyBack bytes long (the session is a cookie of at most 4 KB).
const (
	verifyBackKey = "verify_back"
	maxVerifyBack = 512
)

// rememberVerifyBack keeps next as the page to come back to once the
// person's email is confirmed (verifyPage.Back), for this browser.
func (s *Server) rememberVerifyBack(c echo.Context, next string) {
	if next = safeNext(next); next == "/" || len(next) > maxVerifyBack {
		return // home is offered anyway; a long address would crowd the session's cookie out
	}
	sess := s.session(c)
	sess.Values[verifyBackKey] = next
	_ = sess.Save(c.Request(), c.Response()) // at worst the page offers only home
}

// takeVerifyBack is the page rememberVerifyBack kept, once.
func (s *Server) takeVerifyBack(c echo.Context) string {
	sess := s.session(c)
	back, _ := sess.Values[verifyBackKey].(string)
	if back == "" {
		return ""
	}
	delete(sess.Values, verifyBackKey)
	_ = sess.Save(c.Request(), c.Response()) // at worst it is offered again
	return safeNext(back)
}

// verifyShow is where the email's link lands. It only asks: mail scanners
// open links by themselves, so confirming takes the button's POST.
func (s *Server) verifyShow(c echo.Context) error {
	tok := c.QueryParam("token")
	u, err := s.svc.VerificationTarget(c.Request().Context(), currentUser(c), tok)
	if err != nil {
		return err
	}
	page := verifyPage{Token: tok, Name: u.Name, Email: u.Email, Done: u.Verified}
	if r, ok := s.takeLimitRefusal(c, "/verify"); ok {
		page.Error = r.Error
	}
	return s.render(c, "verify", s.printer(c).T("verify.title"), page)
}

func (s *Server) verifySubmit(c echo.Context) error {
	tok := c.FormValue("token")
	u, err := s.svc.Verify(c.Request().Context(), currentUser(c), tok)
	if err != nil {
		return err
	}
	if a := authOf(c); a != nil && a.user.ID == u.ID {
		// The page shows the person as they are now, confirmed: not the
		// banner asking them to confirm, read before the button.
		a.user.Verified = u.Verified
	}
	page := verifyPage{Name: u.Name, Email: u.Email, Done: true}
	if a := authOf(c); a != nil && a.user.ID == u.ID { // this browser's own person
		page.Back = s.takeVerifyBack(c)
	}
	return s.render(c, "verify", s.printer(c).T("verify.title"), page)
}

// settingsVerification is the resend button of the banner and settings.
func (s *Server) settingsVerification(c echo.Context) error {
	next := safeNext(c.FormValue("next"))
	if currentUser(c) != nil && !currentUser(c).Verified {
		s.rememberVerifyBack(c, next)
	}
	if err := s.svc.RequestVerification(c.Request().Context(), currentUser(c)); err != nil {
		// Pressed again too soon, or already confirmed (a page from
		// before): back to the page it was on, saying so, not an error
		// page with nothing to do.
		e := domain.AsError(err)
		if e == nil || (e.Kind != domain.KindRateLimited && e.Kind != domain.KindConflict) {
			return err
		}
		// A refusal, shown as one (the layout's alert), not in the
		// confirmations' green.
		s.flashRefusalTop(c, message(s.printer(c), e))
		return c.Redirect(http.StatusSeeOther, next)
	}
	s.flash(c, "verify.sent")
	return c.Redirect(http.StatusSeeOther, next)
}

// usersSuspension is the users page's suspend or reinstate form.
func (s *Server) usersSuspension(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	suspend, err := strconv.ParseBool(c.FormValue("suspended"))
	if err != nil {
		return domain.Invalid("suspended", "required", "suspended must be true or false")
	}
	reason := c.FormValue("reason")
	if _, err := s.svc.SetSuspended(c.Request().Context(), currentUser(c), id, suspend, reason); err != nil {
		// Refused (a blank reason): back to the row, the message beside
		// the reason and the reason as typed.
		return s.rowRefused(c, err, userRow(id), "reason-"+itoa(id), reason)
	}
	key := "users.reinstated_done"
	if suspend {
		key = "users.suspended_done"
	}
	return s.rowDone(c, id, key)
}

// renderUsers shows the users page, with the confirmation or refusal of
// a row's form (returned to by backToRow) in that row.
func (s *Server) renderUsers(c echo.Context) error {
	ctx, u := c.Request().Context(), currentUser(c)
	var refused formRefusal
	var done rowDone
	var f rowFlash
	if s.takeFlash(c, usersFlashKey, &f) {
		if f.Done {
			done = rowDone{At: f.At, Text: f.Text}
		} else {
			refused = formRefusal{At: f.At, Error: f.Text, Typed: f.Typed}
		}
	}
	filter, err := usersFilter(c)
	if err != nil {
		return err
	}
	list, next, err := s.svc.Users(ctx, u, filter)
	if err != nil {
		return err
	}
	events, err := s.svc.AccountEvents(ctx, u)
	if err != nil {
		return err
	}
	if refused.At != "" && !slices.ContainsFunc(list, func(x domain.User) bool {
		return "reason-"+itoa(x.ID) == refused.At || deletionAt(x.ID) == refused.At
	}) {
		refused.At = "" // gone from the list meanwhile: the message goes to the top
	}
	if done.At != "" && !slices.ContainsFunc(list, func(x domain.User) bool { return userRow(x.ID) == done.At }) {
		done.At = "" // off this list now (reinstated from the suspended): at the top
	}
	filters := []string{domain.FilterSuspended}
	for _, r := range domain.GrantableRoles {
		filters = append(filters, string(r))
	}
	p := usersPage{Users: list, Roles: domain.GrantableRoles, Events: events, Refused: refused, Done: done, Filter: filter, Next: next, Filters: filters,
		Languages: i18n.Languages, Lang: s.printer(c).Lang}
	if u.Has(domain.RoleAdmin) {
		ids := make([]int64, len(list))
		for i, x := range list {
			ids[i] = x.ID
		}
		history, err := s.svc.RoleHistory(ctx, u, ids, roleHistoryShown)
		if err != nil {
			return err
		}
		p.History = roleLines(s.printer(c), history)
		if !s.takeFlash(c, inviteFlashKey, &p.Invite) {
			p.Invite = invitationFor(c, list)
		}
		if p.Invite.Lang == "" {
			p.Invite.Lang = p.Lang
		}
	}
	return s.renderStatus(c, http.StatusOK, "users", withTitle{s.printer(c).T("users.title"), p})
}
