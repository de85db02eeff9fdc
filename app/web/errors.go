package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cocreate/app/domain"
	"cocreate/app/i18n"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

var statusOf = map[domain.ErrKind]int{
	domain.KindInvalid:      http.StatusBadRequest,
	domain.KindUnauthorized: http.StatusUnauthorized,
	domain.KindForbidden:    http.StatusForbidden,
	domain.KindNotFound:     http.StatusNotFound,
	domain.KindConflict:     http.StatusConflict,
	domain.KindTooLarge:     http.StatusRequestEntityTooLarge,
	domain.KindRateLimited:  http.StatusTooManyRequests,
	domain.KindUnsupported:  http.StatusUnsupportedMediaType,
	domain.KindUnavailable:  http.StatusServiceUnavailable,
}

// apiError is the API's JSON error body: {"error": {"code", "message", "field"}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// toDomain turns any error into the one users see: domain errors as they
// are, echo's own (unknown route, body too large, CSRF) by status, and
// anything else as a 500 whose detail stays in the log.
func toDomain(err error) (*domain.Error, int) {
	if e := domain.AsError(err); e != nil {
		return e, statusOf[e.Kind]
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, msg := "error", http.StatusText(he.Code)
		switch he.Code {
		case http.StatusNotFound:
			code, msg = "not_found", "not found"
		case http.StatusMethodNotAllowed:
			code = "method_not_allowed"
		case http.StatusRequestEntityTooLarge:
			code, msg = "too_large", "the request body is too large"
		case http.StatusTooManyRequests:
			code, msg = "rate_limited", "too many requests; slow down and try again shortly"
		case http.StatusForbidden, http.StatusBadRequest:
			if errors.Is(err, middleware.ErrCSRFInvalid) || isCSRF(he) {
				code, msg = "csrf", "the form has expired; reload the page and try again"
				he.Code = http.StatusForbidden
			}
		}
		return &domain.Error{Code: code, Message: msg}, he.Code
	}
	return &domain.Error{Code: "internal", Message: "something went wrong on our side"}, http.StatusInternalServerError
}

func isCSRF(he *echo.HTTPError) bool {
	m, _ := he.Message.(string)
	return strings.Contains(strings.ToLower(m), "csrf")
}

// message is the error's text in the person's language, from the
// catalogues like every other string; the domain's English text is the
// fallback for a code the catalogues do not know, or leave empty (English
// for most codes added since session 26: the Go message names the field,
// the values allowed or the limit, where one sentence a code would not). The field is named
// separately (the API's "field", the form's highlighted input). The
// error's Args are formatted into the translation (a limit the rule holds).
func message(p i18n.Printer, e *domain.Error) string {
	// A refusal with values for its words may have words of its own
	// field ("error.out_of_range.quantity": "from 1 to 10"), its code
	// the same.
	if key := "error." + e.Code + "." + e.Field; len(e.Args) > 0 && e.Field != "" && i18n.Has(key) {
		return p.T(key, e.Args...)
	}
	if key := "error." + e.Code; i18n.Has(key) {
		if m := p.T(key, e.Args...); m != "" {
			return m
		}
	}
	return e.Message
}

// handleError answers an error once: JSON under /api, a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e, status := toDomain(err)
	if status >= 500 {
		s.log.Error("request failed", "path", c.Request().URL.Path, "err", err)
	}
	if currentUser(c) == nil && !isAPI(c) {
		// Errors raised before identify ran (an unknown path, a body over
		// the limit) still show the page as the person knows it.
		_ = s.identify(func(echo.Context) error { return nil })(c)
	}
	setRetryAfter(c, e)
	p := s.printer(c)
	if isAPI(c) {
		if a := authOf(c); a != nil && !a.bearer && domain.AwaitsConfirmation(err) {
			// A page's script refused (a vote tapped): confirming the
			// email leads back to that page (verifyPage.Back).
			s.rememberVerifyBack(c, refererPage(c))
		}
		if status == http.StatusUnauthorized {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="cocreate"`)
		}
		_ = c.JSON(status, apiError{Error: apiErrorBody{Code: e.Code, Message: message(p, e), Field: e.Field}})
		return
	}
	if e.Code == "suspended" {
		s.suspendedPage(c, p, e)
		return
	}
	if status == http.StatusUnauthorized {
		// A visitor who pressed a button (vote, comment) signs in and comes
		// back to the page they were on.
		// The form says where (its next); an upload's (an idea's photos,
		// up to 135 MB) is not read for a visitor. A form that says
		// nothing (a comment's; an idea's whose session ended while it
		// was written) leads back to the page it was on, this site's,
		// as its Referer says; home when none does.
		r := c.Request()
		next := r.URL.RequestURI()
		if m := r.Method; m != http.MethodGet && m != http.MethodHead {
			next = "/"
			if r.ContentLength >= 0 && r.ContentLength <= visitorFormBytes {
				next = safeNext(c.FormValue("next"))
				s.rememberVoteIntent(c)
			}
			if ref := refererPage(c); next == "/" && ref != "" {
				next = ref
			}
		}
		_ = c.Redirect(http.StatusSeeOther, "/signin?next="+url.QueryEscape(next))
		return
	}
	if status == http.StatusTooManyRequests && s.refusedOnForm(c, message(p, e), e.Field) {
		// The address's limit refuses a page's form where the person
		// looks: back on the form (limitedForms).
		return
	}
	if r := c.Request(); r.Method == http.MethodGet && (status == http.StatusMethodNotAllowed || s.places.forms[r.URL.Path]) {
		// A form's address opened again (a reload after a refusal shown
		// there, a shared link, Back): the page it belongs to. (A form's
		// own address that a page's pattern takes, /clubs/requests as
		// the club "requests", was a 404.)
		_ = c.Redirect(http.StatusSeeOther, s.nearestPage(r.URL))
		return
	}
	page := errorPage{Status: status, Message: message(p, e), Field: e.Field, Back: backTo(c)}
	if first := firstPage(c, e); first != "" {
		// A list's page refused for its cursor leads to the list's first
		// page, wherever the person came from.
		page.Back, page.BackKey = first, "phonefix29.first_page"
	}
	// The answer to an error has no one left to report its own failure to.
	_ = s.renderStatus(c, status, "error", page)
}

// setRetryAfter says when to ask again, for a refusal that knows
// (domain.Error.RetryAfter): on the error page, the API's error and a
// form shown again with its message alike.
func setRetryAfter(c echo.Context, e *domain.Error) {
	if e.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds())))
	}
}

type errorPage struct {
	Status  int
	Message string
	Field   string
	// Back is the page of this site the person came from (a refused
	// form's), "" when there is none other than this.
	Back string
	// BackKey names the Back link, "" for "back to the page".
	BackKey string
	// Heading is the message key of the page's heading, "" for the
	// status's own words; Note a paragraph after the message.
	Heading, Note string
}

// BackLabel is the message key of the Back link's words.
func (p errorPage) BackLabel() string {
	if p.BackKey != "" {
		return p.BackKey
	}
	return "back27.back"
}

// backTo is the page of this site a request came from (its Referer, when
// it is this host's and a safe local path other than the request's own),
// so that an error page leads back to it and not only home.
func backTo(c echo.Context) string {
	back := refererPage(c)
	if back == "/" || back == c.Request().URL.RequestURI() {
		return ""
	}
	return back
}

// postedFrom is the page a form post came from (its Referer, when it is
// this host's and a safe local path), which a page shown again in answer
// to the post names as its own: its language switch and "send the email
// again" come back to it, not to the post's address, which takes no GET.
// Without a Referer, the post's own address.
func postedFrom(c echo.Context) string {
	if from := refererPage(c); from != "" {
		return from
	}
	return c.Request().URL.RequestURI()
}

// refererPage is the page of this site the request came from (its
// Referer, on this host, as a safe local path), "" when there is none.
func refererPage(c echo.Context) string {
	r := c.Request()
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		return safeNext(ref.RequestURI())
	}
	return ""
}

// visitorFormBytes is the largest form a visitor's refused write is read
// for (the route's own limit for every form but an upload's).
const visitorFormBytes = 1 << 20

// limitedForm is a page's form behind the address's rate limit
// (PerAddress), whose refusal by a limit goes back to the form's page
// (refusedOnForm) as the sign-in form's does: Post/Redirect/Get, the
// reason at the top of the form, what was typed kept where it is safe to
// show again (an email, a name; never a password or a token).
type limitedForm struct {
	// back is the form's page for this request; "" when the request is not
	// the page's form (a mail program's one-click unsubscribe), which is
	// answered 429, as the API is.
	back func(c echo.Context) string
	// keep are the fields kept as typed, for the page to fill in again.
	keep []string
}

// limitedForms are the page forms behind the address's limit, by the path
// they post to. The sign-in form's refusals have their own way back
// (signInRefused); every other's page reads its refusal with
// takeLimitRefusal.
var limitedForms = map[string]limitedForm{
	"/setup":             {back: formPage("/setup"), keep: []string{"email", "name", "demo"}},
	"/signup":            {back: func(c echo.Context) string { return withNext("/signup", c.FormValue("next")) }, keep: []string{"email", "name"}},
	"/password/forgot":   {back: formPage("/password/forgot"), keep: []string{"email"}},
	"/password/reset":    {back: linkPage("/password/reset", "token")},
	"/settings/tokens":   {back: formPage("/settings#developer"), keep: []string{"name"}},
	"/settings/password": {back: formPage("/settings#password-form")},
	"/settings/address":  {back: formPage("/settings#address-form"), keep: []string{"email"}},
	unsubscribeRoute:     {back: unsubscribePageOf},
	"/verify":            {back: linkPage("/verify", "token")},
}

// refusedOnForm answers a page's form refused by a limit (a 429) with a
// 303 back to the form's page (limitedForms; Retry-After, already set,
// stays on the redirect), the reason and what was typed kept in the
// session for that page to show once. False when the request is no such
// form: it is answered as before.
func (s *Server) refusedOnForm(c echo.Context, msg, field string) bool {
	if c.Request().Method != http.MethodPost {
		return false
	}
	if isSignInForm(c) {
		_ = s.signInRefused(c, msg, field)
		return true
	}
	form, ok := limitedForms[c.Path()]
	if !ok {
		return false
	}
	back := form.back(c)
	if back == "" {
		return false
	}
	refused := limitRefusal{Error: msg, Field: field}
	for _, name := range form.keep {
		if v := c.FormValue(name); v != "" && len(v) <= maxKeptField {
			if refused.Typed == nil {
				refused.Typed = map[string]string{}
			}
			refused.Typed[name] = v
		}
	}
	s.putFlash(c, limitFlashKey(c.Path()), refused)
	_ = c.Redirect(http.StatusSeeOther, back)
	return true
}

// limitRefusal is a page's form refused by a limit, kept for the form's
// page (refusedOnForm, takeLimitRefusal).
type limitRefusal struct {
	Error string            `json:"error"`
	Field string            `json:"field,omitempty"`
	Typed map[string]string `json:"typed,omitempty"`
}

// typed is the value the refused form had for its field name ("" for one
// not kept).
func (r limitRefusal) typed(name string) string { return r.Typed[name] }

// maxKeptField is the longest value of one field kept for the form's page:
// an email (254 bytes at most) or a name fits; anything longer is not the
// form's own and is not kept.
const maxKeptField = 320

// limitFlashKey is the session's flash key of the refusal of the form that
// posts to path.
func limitFlashKey(path string) string { return "limit_refused " + path }

// takeLimitRefusal reads (once) the refusal of the form that posts to
// path, kept by refusedOnForm; false when there is none.
func (s *Server) takeLimitRefusal(c echo.Context, path string) (limitRefusal, bool) {
	var r limitRefusal
	ok := s.takeFlash(c, limitFlashKey(path), &r)
	return r, ok && r.Error != ""
}

// formPage is a form's page that is the same for every request.
func formPage(page string) func(echo.Context) string {
	return func(echo.Context) string { return page }
}

// withNext is page with the return address the form carried (when not
// home), as signinURL.
func withNext(page, next string) string {
	if next = safeNext(next); next != "/" {
		return page + "?" + url.Values{"next": {next}}.Encode()
	}
	return page
}

// maxLinkToken is the longest token of an email's link put back into its
// page's address; the site's own are far shorter.
const maxLinkToken = 512

// linkPage is the page an email's link opens (a reset or confirmation
// link), its token (param) from the form, which carried it from there: the
// address the person opened, nothing they typed.
func linkPage(page, param string) func(echo.Context) string {
	return func(c echo.Context) string {
		tok := c.FormValue(param)
		if tok == "" || len(tok) > maxLinkToken || unsafeInURL(tok) {
			return page
		}
		return page + "?" + url.Values{param: {tok}}.Encode()
	}
}

// unsubscribePageOf is the unsubscribe link's page for its button's post;
// "" for a mail program's one-click post (RFC 8058), which no one looks
// at: it is answered 429 with Retry-After, for the program to ask again.
func unsubscribePageOf(c echo.Context) string {
	if c.Request().PostFormValue("List-Unsubscribe") != "" {
		return ""
	}
	id, err := strconv.ParseInt(c.FormValue("u"), 10, 64)
	tok := c.FormValue("t")
	if err != nil || id <= 0 || len(tok) > maxLinkToken || unsafeInURL(tok) {
		return "" // no link's page to go back to
	}
	return unsubscribeRoute + "?" + url.Values{"u": {strconv.FormatInt(id, 10)}, "t": {tok}}.Encode()
}
