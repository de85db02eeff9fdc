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

// typedEmail is an email address from a query string, fit to fill in a
// form: a plain valid address, else "" (nothing is shown).
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

// signinURL is the sign-in page with the typed email (when a valid
// address) and the return address (when not home) filled in.
func signinURL(email, next string) string {
	v := url.Values{}
	if e := typedEmail(email); e != "" {
		v.Set("email", e)
	}
	if next = safeNext(next); next != "/" {
		v.Set("next", next)
	}
	if len(v) == 0 {
		return "/signin"
	}
	return "/signin?" + v.Encode()
}

// ForgotURL is the "forgot password" link, carrying the typed email so
// that its page has it filled in.
func (f accountForm) ForgotURL() string {
	if e := typedEmail(f.Email); e != "" {
		return "/password/forgot?email=" + url.QueryEscape(e)
	}
	return "/password/forgot"
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
