package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// accountForm is what the sign-up, sign-in and setup pages show again after
// a refused submission, with the error beside its field.
type accountForm struct {
	Email, Name string
	Next        string
	Error       string
	Field       string
	Demo        bool
	// SetupCode is the setup code as typed, shown again on a refused
	// setup (setupcode.go).
	SetupCode string
}

// formError turns a refusal the person can act on into a message on the
// form (bad input, a conflict, a limit, an account to confirm first: the
// form's page is then kept as the one to come back to once confirmed);
// a refusal of who they are, or of what is not there, still goes to the
// error page (ok false).
func (s *Server) formError(c echo.Context, err error) (string, string, bool) {
	e := domain.AsError(err)
	if e == nil || e.Kind == domain.KindNotFound || (e.Kind == domain.KindForbidden && !domain.AwaitsConfirmation(err)) {
		return "", "", false
	}
	setRetryAfter(c, e)
	if domain.AwaitsConfirmation(err) {
		s.rememberVerifyBack(c, refererPage(c)) // the form's page, once confirmed
	}
	return message(s.printer(c), e), e.Field, true
}

// safeNext keeps a post-sign-in redirect on this site: a path, never
// another host. Browsers drop tabs and newlines from a URL and read a
// backslash as a slash ("/\t/evil.example" is "//evil.example"), so control
// characters and backslashes are refused anywhere, also percent-encoded,
// and what is left must parse as a path with no scheme and no host.
func safeNext(next string) string {
	decoded, err := url.PathUnescape(next)
	if err != nil || unsafeInURL(next) || unsafeInURL(decoded) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(decoded, "//") {
		return "/"
	}
	return next
}

// unsafeInURL is true for a string with a backslash, a control character,
// a line or paragraph separator, or bytes that are not UTF-8.
func unsafeInURL(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, func(r rune) bool {
		return r == '\\' || unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf)
	})
}

func (s *Server) setupForm(c echo.Context) error {
	need, err := s.svc.NeedsSetup(c.Request().Context())
	if err != nil {
		return err
	}
	if !need {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	form := accountForm{}
	if r, ok := s.takeLimitRefusal(c, "/setup"); ok {
		// Refused by the address's limit (refusedOnForm): the reason, and
		// what was typed but the password.
		form = accountForm{Email: r.typed("email"), Name: r.typed("name"), Demo: r.typed("demo") != "", Error: r.Error, Field: r.Field}
	}
	return s.render(c, "setup", s.printer(c).T("setup.title"), form)
}

func (s *Server) setupSubmit(c echo.Context) error {
	// The account keeps the language of the page it was made on.
	in := domain.SignUp{Email: c.FormValue("email"), Name: c.FormValue("name"), Password: c.FormValue("password"), Locale: s.lang(c)}
	err := s.checkSetupCode(c, c.FormValue("setup_code"))
	var u domain.User
	var proof service.Proof
	if err == nil {
		u, proof, err = s.svc.SetupSession(c.Request().Context(), in)
	}
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		if e := domain.AsError(err); e.Code == "setup_done" {
			return err
		}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "setup", withTitle{s.printer(c).T("setup.title"),
			accountForm{Email: in.Email, Name: in.Name, Error: msg, Field: field, Demo: c.FormValue("demo") != "", SetupCode: c.FormValue("setup_code")}})
	}
	if err := s.signIn(c, u, proof); err != nil {
		return err
	}
	if c.FormValue("demo") != "" && s.cfg.Demo != nil {
		accounts, err := s.cfg.Demo(u.ID)
		if err != nil {
			return err
		}
		// The passwords are shown here, once, and kept nowhere: this answer
		// is not cached, and a reload finds setup done.
		return s.render(c, "demo_accounts", s.printer(c).T("setup.demo_accounts_title"), accounts)
	}
	return c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) signUpForm(c echo.Context) error {
	need, err := s.svc.NeedsSetup(c.Request().Context())
	if err != nil {
		return err
	}
	if need {
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
	form := accountForm{Next: c.QueryParam("next")}
	if r, ok := s.takeLimitRefusal(c, "/signup"); ok {
		// Refused by the address's limit (refusedOnForm): the reason, and
		// what was typed but the password.
		form.Email, form.Name, form.Error, form.Field = r.typed("email"), r.typed("name"), r.Error, r.Field
	}
	return s.render(c, "signup", s.printer(c).T("auth.signup"), form)
}

func (s *Server) signUpSubmit(c echo.Context) error {
	// The account keeps the language of the page it was made on.
	in := domain.SignUp{Email: c.FormValue("email"), Name: c.FormValue("name"), Password: c.FormValue("password"), Locale: s.lang(c)}
	next := safeNext(c.FormValue("next"))
	u, proof, err := s.svc.SignUp(c.Request().Context(), in)
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "signup", withTitle{s.printer(c).T("auth.signup"),
			accountForm{Email: in.Email, Name: in.Name, Next: next, Error: msg, Field: field}})
	}
	intent := s.takeVoteIntent(c)
	if err := s.signIn(c, u, proof); err != nil {
		return err
	}
	s.knowDevice(c, u.ID)
	s.rememberVerifyBack(c, next) // a new account confirms its email next
	return s.castVoteIntent(c, intent, next, "auth.welcome")
}

func (s *Server) signInForm(c echo.Context) error {
	need, err := s.svc.NeedsSetup(c.Request().Context())
	if err != nil {
		return err
	}
	if need {
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
	// A refused sign-in comes back here (signInSubmit) with the email as
	// typed, and the reason once.
	form := accountForm{Email: s.typedEmailOf(c), Next: c.QueryParam("next")}
	var refused signinRefusal
	if s.takeFlash(c, signinFlashKey, &refused) {
		form.Error, form.Field = refused.Error, refused.Field
	}
	return s.render(c, "signin", s.printer(c).T("auth.signin"), form)
}

func (s *Server) signInSubmit(c echo.Context) error {
	email := c.FormValue("email")
	next := safeNext(c.FormValue("next"))
	u, proof, err := s.svc.SignInFrom(c.Request().Context(), email, c.FormValue("password"), deviceOf(c))
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		// A wrong password, or an account past its limit (its Retry-After
		// set by formError, and the message saying when): back to the
		// sign-in page (signInRefused). The API answers 401 and 429 as
		// they are.
		return s.signInRefused(c, msg, field)
	}
	intent := s.takeVoteIntent(c)
	if err := s.signIn(c, u, proof); err != nil {
		return err
	}
	s.knowDevice(c, u.ID)
	return s.castVoteIntent(c, intent, next, "")
}

// signInRefused answers a refused sign-in form: back to the sign-in page
// with the reason and the email as typed, never the password, so that a
// reload or Back (from "forgot password?") posts nothing again, which
// would count as one more guess. Its refusals all come this way: the
// handler's (signInSubmit) and the address's rate limit's (handleError),
// whose Retry-After stays on the redirect.
func (s *Server) signInRefused(c echo.Context, msg, field string) error {
	s.keepTypedEmail(c, c.FormValue("email"))
	s.putFlash(c, signinFlashKey, signinRefusal{Error: msg, Field: field})
	return c.Redirect(http.StatusSeeOther, signinURL(c.FormValue("next")))
}

// isSignInForm reports whether the request is the sign-in page's form
// (POST /signin), whose refusals go back to it (signInRefused).
func isSignInForm(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == "/signin"
}

func (s *Server) signOutSubmit(c echo.Context) error {
	if err := s.signOut(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}

// langSubmit switches the language: kept on the account when signed in, in
// the session otherwise.
func (s *Server) langSubmit(c echo.Context) error {
	lang := c.FormValue("lang")
	if !slices.Contains(i18n.Languages, lang) {
		return domain.Invalid("lang", "invalid_lang", "language must be en or zh")
	}
	sess := s.session(c)
	sess.Values["lang"] = lang
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	if u := currentUser(c); u != nil {
		if err := s.svc.SetLocale(c.Request().Context(), u, lang); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

// deviceCookie keeps the browser's device token (service.DeviceToken),
// sent only to the sign-in page.
const deviceCookie = "cc_device"

// deviceOf is the device token the browser holds, "" for none.
func deviceOf(c echo.Context) string {
	if ck, err := c.Cookie(deviceCookie); err == nil {
		return ck.Value
	}
	return ""
}

// knowDevice marks the browser as one where userID signed in (or used a
// reset link): its own password checks of that account skip the account's
// shared limit from then on.
func (s *Server) knowDevice(c echo.Context, userID int64) {
	c.SetCookie(&http.Cookie{Name: deviceCookie, Value: s.svc.DeviceToken(userID), Path: "/signin",
		MaxAge: int(domain.DeviceKept.Seconds()), HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}
