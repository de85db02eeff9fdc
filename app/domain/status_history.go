package domain

import "time"

// StatusMove is one public change of a board post's status, as the post's
// page shows it: when, from what to what, with which official response,
// and in which role the brand answered (never the engineer's name or
// account: RoleEngineer or RoleAdmin, "" for moves recorded before the
// role was kept).
type StatusMove struct {
	From, To Status
	Response string
	Role     Role
	At       time.Time
}

// ShownRole is the role a move is shown under, on pages and in the API:
// its recorded role, or "brand" for moves recorded before roles were.
func (m StatusMove) ShownRole() string {
	if m.Role == "" {
		return "brand"
	}
	return string(m.Role)
}

// AnsweredAs is the role a status change is shown under: the engineering
// team when the person is an engineer (an admin who is also an engineer
// answers as one), else the site's admins.
func AnsweredAs(u *User) Role {
	if u.Has(RoleEngineer) {
		return RoleEngineer
	}
	return RoleAdmin
}
