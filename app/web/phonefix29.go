package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// Forms answered by Post/Redirect/Get keep what the next page says in the
// session for one read: a reload or Back never posts the form again.

// Flash keys of the users page (its row's confirmation or refusal) and
// of the sign-in page (its refusal).
const (
	usersFlashKey  = "users_row"
	signinFlashKey = "signin_refused"
)

// maxKeptTyped is the most bytes of a refused form's typed text kept for
// the page it returns to: the session is a cookie (4 KB at most), and a
// message that does not fit is not shown at all.
const maxKeptTyped = 1500

// rowFlash is a message for one row of a list page after a redirect: a
// confirmation (Done) or a refusal, with what was typed in the row's input.
type rowFlash struct {
	At    string `json:"at"`
	Text  string `json:"text"`
	Typed string `json:"typed,omitempty"`
	Done  bool   `json:"done,omitempty"`
}

// putFlash keeps v (JSON) under key for the next page.
func (s *Server) putFlash(c echo.Context, key string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		return
	}
	sess := s.session(c)
	sess.AddFlash(string(raw), key)
	_ = sess.Save(c.Request(), c.Response()) // at worst the message is not shown
}

// takeFlash reads (once) what putFlash kept under key into v; false when
// there is none.
func (s *Server) takeFlash(c echo.Context, key string, v any) bool {
	sess := s.session(c)
	flashes := sess.Flashes(key)
	if len(flashes) == 0 {
		return false
	}
	_ = sess.Save(c.Request(), c.Response()) // at worst the message shows again
	raw, _ := flashes[0].(string)
	return json.Unmarshal([]byte(raw), v) == nil
}

// flashRefusalTop leaves a refusal for the top of the next page (the
// layout's alert, as backWithError's without a row).
func (s *Server) flashRefusalTop(c echo.Context, msg string) {
	sess := s.session(c)
	sess.AddFlash("\n"+msg, flashErrorKey)
	_ = sess.Save(c.Request(), c.Response()) // at worst the message is not shown
}

// typedEmail is an email address typed into the sign-in form (or given in
// a link's query), fit to fill in a form: a plain valid address, else ""
// (nothing is shown).
func typedEmail(s string) string {
	s = strings.TrimSpace(s)
	if unsafeInURL(s) || domain.ValidEmail(s) != nil {
		return ""
	}
	return s
}

// signinRefusal is a refused sign-in, kept for the sign-in page it
// redirects to.
type signinRefusal struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// signinURL is the sign-in page with the return address (when not home).
// The typed email is not in it: an address would sit in access logs,
// proxies' and the browser's history; the session keeps it (typedEmailKey).
func signinURL(next string) string {
	if next = safeNext(next); next != "/" {
		return "/signin?" + url.Values{"next": {next}}.Encode()
	}
	return "/signin"
}

// typedEmailKey keeps, in the session, the email a refused sign-in typed,
// for the sign-in page read again (Back from "forgot password?", a
// reload) and the forgot-password page to fill in.
const typedEmailKey = "typed_email"

// keepTypedEmail remembers the email a refused sign-in typed (when a
// plain valid address), and forgets it otherwise.
func (s *Server) keepTypedEmail(c echo.Context, email string) {
	sess := s.session(c)
	if e := typedEmail(email); e != "" {
		sess.Values[typedEmailKey] = e
	} else {
		delete(sess.Values, typedEmailKey)
	}
}

// typedEmailOf is the email to fill in on the sign-in and forgot-password
// pages: a link's ?email=, else the one a refused sign-in typed.
func (s *Server) typedEmailOf(c echo.Context) string {
	if e := typedEmail(c.QueryParam("email")); e != "" {
		return e
	}
	e, _ := s.session(c).Values[typedEmailKey].(string)
	return typedEmail(e)
}

// firstPage is, for a page refused for its paging (a cursor this server
// did not give, or no longer reads: invalid_cursor), the same list without
// its paging (cursor, after, a roadmap column's <status>_cursor): its first
// page, its search and sort kept. "" for anything else.
func firstPage(c echo.Context, e *domain.Error) string {
	r := c.Request()
	if e.Code != "invalid_cursor" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return ""
	}
	q := r.URL.Query()
	n := len(q)
	for k := range q {
		if k == "cursor" || k == "after" || strings.HasSuffix(k, "_cursor") {
			q.Del(k)
		}
	}
	if len(q) == n {
		return ""
	}
	first := r.URL.Path
	if len(q) > 0 {
		first += "?" + q.Encode()
	}
	return safeNext(first)
}
