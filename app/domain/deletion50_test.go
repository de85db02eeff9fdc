package domain

import (
	"testing"
	"time"
)

func TestDeletedEmailIsNoAddress(t *testing.T) {
	for _, id := range []int64{1, 42, 1 << 40} {
		e := DeletedEmail(id)
		if err := ValidEmail(e); err == nil {
			t.Errorf("DeletedEmail(%d) = %q is a valid address: someone could sign up with it", id, e)
		}
		if e == DeletedEmail(id+1) {
			t.Errorf("DeletedEmail(%d) is not unique", id)
		}
	}
}

func TestCanDeleteAccount(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    User
		code string
	}{
		{"a fan", User{ID: 1}, ""},
		{"an admin (the admins are counted after)", User{ID: 1, Roles: []Role{RoleAdmin}}, ""},
		{"deleted already", User{ID: 1, Deleted: true}, "not_found"},
		{"suspended", User{ID: 1, Suspended: true}, "suspended"},
	} {
		err := CanDeleteAccount(tc.u)
		if got := codeOf(err); got != tc.code {
			t.Errorf("%s: code %q, want %q (%v)", tc.name, got, tc.code, err)
		}
	}
}

func codeOf(err error) string {
	if e := AsError(err); e != nil {
		return e.Code
	}
	return ""
}

func TestWithdrawnOnDeletion(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	for _, tc := range []struct {
		name string
		s    Schedule
		want bool
	}{
		{"vote open", Schedule{VotingOpenAt: at(-time.Hour), VotingCloseAt: at(time.Hour)}, true},
		{"vote open, no end", Schedule{VotingOpenAt: at(-time.Hour)}, true},
		{"vote closed, judging", Schedule{VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(-time.Hour)}, false},
		{"results published while the vote ran", Schedule{VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(time.Hour), ResultsAt: at(-time.Minute)}, false},
		{"closed", Schedule{VotingOpenAt: at(-2 * time.Hour), ClosedAt: at(-time.Minute)}, false},
		{"vote not open yet", Schedule{VotingOpenAt: at(time.Hour)}, false},
	} {
		if got := WithdrawnOnDeletion(Challenge{Schedule: tc.s}, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestKeepsProjectsRun(t *testing.T) {
	t.Parallel()
	if err := KeepsProjectsRun(0); err != nil {
		t.Errorf("no projects: %v", err)
	}
	for _, n := range []int{1, 3} {
		e := AsError(KeepsProjectsRun(n))
		if e == nil || e.Kind != KindConflict || e.Code != "projects_to_hand_over" || len(e.Args) != 1 || e.Args[0] != n {
			t.Errorf("%d projects: %+v", n, e)
		}
	}
}

func TestCanGrantRoles(t *testing.T) {
	t.Parallel()
	unconfirmed := User{ID: 2, Roles: []Role{RoleFan}}
	confirmed := User{ID: 3, Roles: []Role{RoleFan}, Verified: true}
	unconfirmedAdmin := User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}
	unconfirmedJudge := User{ID: 6, Roles: []Role{RoleFan, RoleJudge, RoleModerator}}
	for _, c := range []struct {
		name  string
		u     User
		roles []Role
		code  string
	}{
		{"a judge, confirmed", confirmed, []Role{RoleJudge}, ""},
		{"every staff role, confirmed", confirmed, []Role{RoleJudge, RoleEngineer, RoleModerator, RoleAdmin}, ""},
		{"an admin, confirmed", confirmed, []Role{RoleAdmin}, ""},
		{"a judge, unconfirmed", unconfirmed, []Role{RoleJudge}, "account_unconfirmed"},
		{"an engineer, unconfirmed", unconfirmed, []Role{RoleEngineer}, "account_unconfirmed"},
		{"a moderator, unconfirmed", unconfirmed, []Role{RoleModerator}, "account_unconfirmed"},
		{"an admin, unconfirmed", unconfirmed, []Role{RoleJudge, RoleAdmin}, "account_unconfirmed"},
		{"a staff role after fan, unconfirmed", unconfirmed, []Role{RoleFan, RoleModerator}, "account_unconfirmed"},
		{"fan only, unconfirmed", unconfirmed, []Role{RoleFan}, ""},
		{"no roles, unconfirmed", unconfirmed, nil, ""},
		{"an admin kept, unconfirmed (the first admin)", unconfirmedAdmin, []Role{RoleAdmin}, ""},
		{"an admin kept and a judge added, unconfirmed", unconfirmedAdmin, []Role{RoleAdmin, RoleJudge}, "account_unconfirmed"},
		{"roles taken away, unconfirmed", unconfirmedAdmin, nil, ""},
		{"one of two kept, unconfirmed", unconfirmedJudge, []Role{RoleFan, RoleModerator}, ""},
		{"both kept, unconfirmed", unconfirmedJudge, []Role{RoleModerator, RoleJudge}, ""},
		{"a deleted account", User{ID: 5, Deleted: true, Verified: true}, []Role{RoleJudge}, "not_found"},
		{"a deleted account, nothing given", User{ID: 5, Deleted: true}, nil, "not_found"},
	} {
		err := CanGrantRoles(c.u, c.roles)
		got := ""
		if e := AsError(err); e != nil {
			got = e.Code
			if e.Code == "account_unconfirmed" && (e.Field != "roles" || e.Kind != KindConflict) {
				t.Errorf("%s: %+v", c.name, e)
			}
		} else if err != nil {
			t.Errorf("%s: not a domain error: %v", c.name, err)
		}
		if got != c.code {
			t.Errorf("%s: %v, want %q", c.name, err, c.code)
		}
	}
}
