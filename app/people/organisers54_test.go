package people

import (
	"slices"
	"testing"

	"cocreate/app/domain"
)

func TestOrganisers54LeftWithoutOrganiser(t *testing.T) {
	for _, c := range []struct {
		acts   bool
		others int
		want   bool
	}{
		{true, 0, true},   // the last who could act
		{true, 1, false},  // another stays
		{true, 3, false},  // others stay
		{false, 0, false}, // suspended already: told when it lost its last
		{false, 2, false},
	} {
		if got := LeftWithoutOrganiser(c.acts, c.others); got != c.want {
			t.Errorf("LeftWithoutOrganiser(%v, %d) = %v, want %v", c.acts, c.others, got, c.want)
		}
	}
}

func TestOrganisers54OrphanWatchers(t *testing.T) {
	staff := func(id int64, roles ...domain.Role) domain.User {
		return domain.User{ID: id, Roles: append([]domain.Role{domain.RoleFan}, roles...)}
	}
	suspended := staff(4, domain.RoleAdmin)
	suspended.Suspended = true
	deleted := staff(5, domain.RoleModerator)
	deleted.Deleted = true
	for _, c := range []struct {
		name string
		in   []domain.User
		want []int64
	}{
		{"none", nil, nil},
		{"admin and moderator", []domain.User{staff(1, domain.RoleAdmin), staff(2, domain.RoleModerator)}, []int64{1, 2}},
		{"judge and engineer are not told", []domain.User{staff(3, domain.RoleJudge), staff(6, domain.RoleEngineer), staff(2, domain.RoleModerator)}, []int64{2}},
		{"suspended or deleted staff are not told", []domain.User{suspended, deleted, staff(1, domain.RoleAdmin)}, []int64{1}},
		{"both roles once", []domain.User{staff(7, domain.RoleAdmin, domain.RoleModerator), staff(7, domain.RoleAdmin, domain.RoleModerator)}, []int64{7}},
		{"a fan", []domain.User{staff(8)}, nil},
	} {
		if got := OrphanWatchers(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: OrphanWatchers = %v, want %v", c.name, got, c.want)
		}
	}
}
