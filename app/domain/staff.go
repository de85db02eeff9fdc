package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Staff brought in by an admin (session 50): an invitation opens an account
// with its roles and no password the person knows; its email holds a link
// that sets one (a password reset that lives InviteValid and, used, also
// confirms the address, since only its mailbox had it).

// InviteValid is how long an invitation's link works: long enough for a
// judge who reads their mail on Monday about a Friday's invitation.
const InviteValid = 7 * 24 * time.Hour

// NoticeInvited carries an invitation's email (args: the inviting admin's
// name, the roles given as "role.judge,role.engineer": i18n.Notice
// translates the list). Like a reset's, only its email holds the link
// (the mail worker signs it from the reset the notice's URL names), never
// the notification in the app.
// NoticeRoleGranted and NoticeRoleRemoved tell a person an admin gave
// them a role or took one away (args: "role.<name>"), one notice a role.
const (
	NoticeInvited     NoticeKind = "invited"
	NoticeRoleGranted NoticeKind = "role_granted"
	NoticeRoleRemoved NoticeKind = "role_removed"
)

// Invite is what an admin gives to bring a staff member in.
type Invite struct {
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	// Locale is the language the invitation is written in ("" for the
	// installation's default), and the account's until they pick one.
	Locale string `json:"locale"`
}

// Check normalises an invitation and names its first bad field: a valid
// address and name, and at least one granted role (fan alone is a public
// sign-up, not an invitation), each one known. It returns the roles given,
// in GrantableRoles' order, each once.
func (in *Invite) Check(languages []string) ([]Role, error) {
	in.Email = NormalEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	if err := ValidEmail(in.Email); err != nil {
		return nil, err
	}
	if err := DisplayName("name", in.Name, MaxNameLen); err != nil {
		return nil, err
	}
	if in.Locale != "" && !slices.Contains(languages, in.Locale) {
		return nil, Invalid("locale", "invalid_lang", fmt.Sprintf("locale must be one of %v", languages))
	}
	var have []Role
	for i, n := range in.Roles {
		r, ok := ParseRole(strings.TrimSpace(n))
		if !ok {
			return nil, Invalid(fmt.Sprintf("roles[%d]", i), "invalid_role", "role must be judge, engineer, admin or moderator")
		}
		have = append(have, r)
	}
	roles := SortRoles(have)
	if len(roles) == 0 {
		return nil, Invalid("roles", "role_required", "an invitation gives at least one role: judge, engineer, admin or moderator")
	}
	return roles, nil
}

// SortRoles is the granted roles among have, each once, in
// GrantableRoles' order (fan, implicit, left out).
func SortRoles(have []Role) []Role {
	var out []Role
	for _, r := range GrantableRoles {
		if slices.Contains(have, r) {
			out = append(out, r)
		}
	}
	return out
}

// RoleArg is a role as a notice's argument: its translation key.
func RoleArg(r Role) string { return "role." + string(r) }

// InviteNotices carry the invitation email to userID: who invited them,
// to which roles; its link names the reset (the mail worker signs it).
func InviteNotices(userID, resetID int64, inviter string, roles []Role) []Outgoing {
	keys := make([]string, len(roles))
	for i, r := range roles {
		keys[i] = RoleArg(r)
	}
	return []Outgoing{{To: userID, Kind: NoticeInvited, URL: fmt.Sprintf("/password/reset?id=%d", resetID), Args: []string{inviter, strings.Join(keys, ",")}}}
}

// RoleChangeNotices tell userID each granted role they now have and each
// they lost (before and after: their roles either side of the change,
// fan ignored); nothing when nothing changed. A role given links to where
// its work is (StaffHome), one taken away to the home page.
func RoleChangeNotices(userID int64, before, after []Role) []Outgoing {
	var out []Outgoing
	granted, removed := RoleDiff(before, after)
	for _, r := range granted {
		out = append(out, Outgoing{To: userID, Kind: NoticeRoleGranted, URL: StaffHome([]Role{r}), Args: []string{RoleArg(r)}})
	}
	for _, r := range removed {
		out = append(out, Outgoing{To: userID, Kind: NoticeRoleRemoved, URL: "/", Args: []string{RoleArg(r)}})
	}
	return out
}

// RoleDiff is the granted roles after has and before had not (granted),
// and those before had and after has not (removed), in GrantableRoles'
// order; fan, which every account is, never.
func RoleDiff(before, after []Role) (granted, removed []Role) {
	for _, r := range GrantableRoles {
		was, is := slices.Contains(before, r), slices.Contains(after, r)
		switch {
		case is && !was:
			granted = append(granted, r)
		case was && !is:
			removed = append(removed, r)
		}
	}
	return granted, removed
}

// StaffHome is where a person with roles starts their work, by the first
// of these they hold: an admin's people page, a judge's queue of ideas to
// score, the moderation queue, the engineers' triage; the home page for a
// fan.
func StaffHome(roles []Role) string {
	for _, c := range []struct {
		r    Role
		home string
	}{{RoleAdmin, "/admin/users"}, {RoleJudge, "/judging"}, {RoleModerator, "/moderation"}, {RoleEngineer, "/triage"}} {
		if slices.Contains(roles, c.r) {
			return c.home
		}
	}
	return "/"
}

// RolesChanged says whether before and after grant different roles.
func RolesChanged(before, after []Role) bool {
	granted, removed := RoleDiff(before, after)
	return len(granted)+len(removed) > 0
}
