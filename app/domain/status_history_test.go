package domain

import "testing"

func TestAnsweredAs(t *testing.T) {
	for _, tc := range []struct {
		roles []Role
		want  Role
	}{
		{[]Role{RoleFan, RoleEngineer}, RoleEngineer},
		{[]Role{RoleFan, RoleAdmin}, RoleAdmin},
		{[]Role{RoleFan, RoleAdmin, RoleEngineer}, RoleEngineer},
		{[]Role{RoleEngineer, RoleModerator}, RoleEngineer},
	} {
		if got := AnsweredAs(&User{Roles: tc.roles}); got != tc.want {
			t.Errorf("AnsweredAs(%v) = %q, want %q", tc.roles, got, tc.want)
		}
	}
}

func TestShownRole(t *testing.T) {
	for _, tc := range []struct {
		role Role
		want string
	}{{"", "brand"}, {RoleEngineer, "engineer"}, {RoleAdmin, "admin"}} {
		if got := (StatusMove{Role: tc.role}).ShownRole(); got != tc.want {
			t.Errorf("ShownRole of %q = %q, want %q", tc.role, got, tc.want)
		}
	}
}
