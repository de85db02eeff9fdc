package web

import (
	"net/http"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

// Staff brought in by an admin (session 50): the invitation, from the
// users page and the API, and the short history of each person's roles.

// roleHistoryShown is how many of a person's role events their row shows.
const roleHistoryShown = 5

// inviteFlashKey keeps a refused invitation for the users page's form.
const inviteFlashKey = "staff_invite"

// inviteRefusal is a refused invitation: the message, the field it names
// and what was typed, for the form to show again, open.
type inviteRefusal struct {
	Error string   `json:"error"`
	Field string   `json:"field"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	Lang  string   `json:"lang"`
	// Open: the form shown open, filled with an unconfirmed account's
	// address from its row (invitationFor), no refusal to say.
	Open bool `json:"-"`
}

// invitationFor is the invitation form filled for the one unconfirmed
// account a row's link lists (/admin/users?id=N&invite=1): a staff role
// goes to such an address only through an invitation (session 51,
// domain.CanGrantRoles). Its name is left to the admin: the one the
// account has is whoever signed up's.
func invitationFor(c echo.Context, list []domain.User) inviteRefusal {
	if c.QueryParam("invite") != "1" || len(list) != 1 || c.QueryParam("id") != itoa(list[0].ID) {
		return inviteRefusal{}
	}
	if u := list[0]; !u.Verified && !u.Deleted {
		return inviteRefusal{Email: u.Email, Open: true}
	}
	return inviteRefusal{}
}

// inviteFields are the invitation form's fields that show their own
// message; a refusal naming another (locale) is said at the form's top.
var inviteFields = []string{"email", "name", "roles"}

// At is the message for the form's field (roles: any roles[i]), "" when
// the refusal names another.
func (r inviteRefusal) At(field string) string {
	if r.Field == field || field == "roles" && strings.HasPrefix(r.Field, "roles") {
		return r.Error
	}
	return ""
}

// Top is the message of a refusal no field of the form shows.
func (r inviteRefusal) Top() string {
	for _, f := range inviteFields {
		if r.At(f) != "" {
			return ""
		}
	}
	return r.Error
}

// Picked says whether the refused form had role r ticked.
func (r inviteRefusal) Picked(role domain.Role) bool {
	for _, p := range r.Roles {
		if p == string(role) {
			return true
		}
	}
	return false
}

// roleLine is one role event as the users page shows it: when, and what
// happened in the reader's language.
type roleLine struct {
	At   time.Time
	Text string
}

// roleLines writes each person's role events in p's language: "管理员 张三
// 授予 评委".
func roleLines(p i18n.Printer, events map[int64][]store.RoleEvent) map[int64][]roleLine {
	out := map[int64][]roleLine{}
	for id, list := range events {
		for _, e := range list {
			out[id] = append(out[id], roleLine{At: e.CreatedAt, Text: roleEventText(p, e)})
		}
	}
	return out
}

// roleEventText is what a role event says, in p's language.
func roleEventText(p i18n.Printer, e store.RoleEvent) string {
	granted, removed := domain.RoleDiff(e.Before, e.After)
	actor := e.Actor.Name
	if actor == "" { // a deleted admin's (page.Who)
		actor = p.T("delete50.name")
	}
	switch {
	case e.Action == "invite":
		return p.T("staff50.history_invited", actor, roleNames(p, e.After))
	case len(granted) > 0 && len(removed) > 0:
		return p.T("staff50.history_changed", actor, roleNames(p, granted), roleNames(p, removed))
	case len(granted) > 0:
		return p.T("staff50.history_granted", actor, roleNames(p, granted))
	}
	return p.T("staff50.history_removed", actor, roleNames(p, removed))
}

// roleNames is a list of roles in p's language: "评委、工程师".
func roleNames(p i18n.Printer, roles []domain.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = p.T("role." + string(r))
	}
	return strings.Join(names, p.T("polish.list_sep"))
}

// usersInvite is the users page's invitation form: the account is opened,
// its email queued, and the admin taken to its row, where its history
// starts with the invitation. A refusal comes back to the form, open,
// with what was typed and the message at the field it names.
func (s *Server) usersInvite(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return domain.Invalid("email", "invalid_form", "the form could not be read")
	}
	in := domain.Invite{Email: form.Get("email"), Name: form.Get("name"), Roles: form["roles"], Locale: form.Get("lang")}
	u, err := s.svc.InviteStaff(c.Request().Context(), currentUser(c), in)
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		var ticked []string // kept only if they are roles: the session is a small cookie
		for _, r := range in.Roles {
			if _, ok := domain.ParseRole(r); ok && len(ticked) < len(domain.GrantableRoles) {
				ticked = append(ticked, r)
			}
		}
		s.putFlash(c, inviteFlashKey, inviteRefusal{Error: msg, Field: field, Email: clip(in.Email, 300), Name: clip(in.Name, 300), Roles: ticked, Lang: clip(in.Locale, 10)})
		return c.Redirect(http.StatusSeeOther, "/admin/users#invite")
	}
	s.putFlash(c, usersFlashKey, rowFlash{At: "user-" + itoa(u.ID), Text: s.printer(c).T("staff50.invited", u.Email), Done: true})
	return c.Redirect(http.StatusSeeOther, "/admin/users"+usersQuery(domain.UserFilter{ID: u.ID})+"#user-"+itoa(u.ID))
}

// clip keeps at most n bytes of typed text for the session's cookie.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// roleEventJSON is one role event in the API, for admins.
type roleEventJSON struct {
	At     time.Time     `json:"at"`
	Actor  domain.Author `json:"actor"`
	Action string        `json:"action"` // "invite" or "roles"
	From   []domain.Role `json:"from"`
	To     []domain.Role `json:"to"`
}

// adminUserJSON is a user as an admin's answer gives them: with the
// newest of their role events (role_history).
type adminUserJSON struct {
	userJSON
	RoleHistory []roleEventJSON `json:"role_history"`
}

// toAdminUserJSON is u with their role history, read for actor (an
// admin: the routes that answer it are admins').
func (s *Server) toAdminUserJSON(c echo.Context, u domain.User) (adminUserJSON, error) {
	events, err := s.svc.RoleHistory(c.Request().Context(), currentUser(c), []int64{u.ID}, roleHistoryShown)
	if err != nil {
		return adminUserJSON{}, err
	}
	out := adminUserJSON{userJSON: toUserJSON(u), RoleHistory: []roleEventJSON{}}
	for _, e := range events[u.ID] {
		out.RoleHistory = append(out.RoleHistory, roleEventJSON{At: e.CreatedAt, Actor: e.Actor, Action: e.Action,
			From: nonNilRoles(e.Before), To: nonNilRoles(e.After)})
	}
	return out, nil
}

func nonNilRoles(r []domain.Role) []domain.Role {
	if r == nil {
		return []domain.Role{}
	}
	return r
}

// apiInviteStaff is POST /api/v1/users/invite: 201 {"user": User} with
// its role_history; the language of the email is the body's locale, else
// the request's (apiLocale).
func (s *Server) apiInviteStaff(c echo.Context) error {
	var in domain.Invite
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Locale == "" {
		in.Locale = apiLocale(c)
	}
	u, err := s.svc.InviteStaff(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	out, err := s.toAdminUserJSON(c, u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user": out})
}
