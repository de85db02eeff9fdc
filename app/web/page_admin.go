package web

import (
	"net/http"
	"net/url"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

type usersPage struct {
	Users  []domain.User
	Roles  []domain.Role
	Events []store.AccountEvent // the newest suspensions, for every moderator to see
	// Refused: a refused suspension, shown at its reason.
	Refused formRefusal
	// Done: a change made from a row, confirmed on that row.
	Done rowDone
	// Filter is the page's search; Next the next page's (Before 0: none).
	Filter, Next domain.UserFilter
	Filters      []string // the role select's values: the grantable roles, suspended
	// History is each listed person's newest role events, for admins
	// (nil for moderators); Invite the invitation form refused, if it was.
	History   map[int64][]roleLine
	Invite    inviteRefusal
	Languages []string
	Lang      string // the invitation's language unless chosen: the page's
}

// HistoryFor is the role events of the account id shown in its row.
func (p usersPage) HistoryFor(id int64) []roleLine { return p.History[id] }

// Query is the page's filter as a query ("" for the newest of everyone),
// which its forms carry so that a change returns to the same page.
func (p usersPage) Query() string { return usersQuery(p.Filter) }

// OlderURL is the next page's address, "" on the last page.
func (p usersPage) OlderURL() string {
	if p.Next.Before == 0 {
		return ""
	}
	return "/admin/users" + usersQuery(p.Next)
}

// NewestURL is the first page of the same search, "" when this is it.
func (p usersPage) NewestURL() string {
	if p.Filter.Before == 0 {
		return ""
	}
	f := p.Filter
	f.Before = 0
	return "/admin/users" + usersQuery(f)
}

// usersQuery is f as the users page's query (q, role, cursor).
func usersQuery(f domain.UserFilter) string {
	v := url.Values{}
	if f.Text != "" {
		v.Set("q", f.Text)
	}
	if f.Role != "" {
		v.Set("role", f.Role)
	}
	if f.Before > 0 {
		v.Set("cursor", itoa(f.Before))
	}
	if f.ID > 0 {
		v.Set("id", itoa(f.ID))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// usersFilter is the users page's filter in the request's query: the page
// itself, and its forms, which post to an address carrying it.
func usersFilter(c echo.Context) (domain.UserFilter, error) {
	before, err := idCursor(c)
	if err != nil {
		return domain.UserFilter{}, err
	}
	f := domain.UserFilter{Text: c.QueryParam("q"), Role: c.QueryParam("role"), Before: before}
	if raw := c.QueryParam("id"); raw != "" {
		if f.ID, err = strconv.ParseInt(raw, 10, 64); err != nil || f.ID <= 0 {
			return f, domain.Invalid("id", "invalid_number", "id must be an account's number")
		}
	}
	return f, nil
}

// usersBack is the users page a form on it returns to.
func usersBack(c echo.Context) string {
	f, err := usersFilter(c)
	if err != nil {
		return "/admin/users"
	}
	return "/admin/users" + usersQuery(f)
}

func (s *Server) usersPage(c echo.Context) error {
	return s.renderUsers(c)
}

// rowDone is the confirmation of a change made from one row of a list
// page, shown in that row (where the return's anchor puts the person):
// At is the row's id, "" when the row is no longer on the page (the
// confirmation shows at the top then).
type rowDone struct{ At, Text string }

// For is the confirmation for the row with id at, "" for another row.
func (d rowDone) For(at string) string {
	if d.At != "" && d.At == at {
		return d.Text
	}
	return ""
}

// Lost is the confirmation of a row gone from the page.
func (d rowDone) Lost() string {
	if d.At == "" {
		return d.Text
	}
	return ""
}

// backToRow returns (Post/Redirect/Get) to the users page the form was
// on, its search and page kept, at the element anchor (the account's
// row, userRow, or one of its forms), where f is said: a confirmation
// (Done) or a refusal of the row's input f.At, with what was typed in it.
func (s *Server) backToRow(c echo.Context, anchor string, f rowFlash) error {
	s.putFlash(c, usersFlashKey, f)
	return c.Redirect(http.StatusSeeOther, usersBack(c)+"#"+anchor)
}

// rowDone returns to account id's row, saying key's words there.
func (s *Server) rowDone(c echo.Context, id int64, key string) error {
	return s.backToRow(c, userRow(id), rowFlash{At: userRow(id), Text: s.printer(c).T(key), Done: true})
}

// rowRefused returns to anchor with err's words at the row's input at
// and what was typed in it (when it fits in the session: the message
// does; a long text would not): not a page with no way back, nor one a
// reload posts again. An err that is not the person's mistake is
// returned for the error page.
func (s *Server) rowRefused(c echo.Context, err error, anchor, at, typed string) error {
	refused, _, ok := s.refusal(c, err, at, typed)
	if !ok {
		return err
	}
	if len(refused.Typed) > maxKeptTyped {
		refused.Typed = ""
	}
	return s.backToRow(c, anchor, rowFlash{At: refused.At, Text: refused.Error, Typed: refused.Typed})
}

// userRow is the id of account id's row on the users page.
func userRow(id int64) string { return "user-" + itoa(id) }

func (s *Server) usersRoles(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return domain.Invalid("roles", "invalid_form", "the form could not be read")
	}
	if _, err := s.svc.SetRoles(c.Request().Context(), currentUser(c), id, form["roles"]); err != nil {
		// The last admin keeps the role: said on their row.
		return s.backWithError(c, err, usersBack(c), userRow(id))
	}
	return s.rowDone(c, id, "users.saved")
}
