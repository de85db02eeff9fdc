package people

import (
	"slices"
	"strings"
	"testing"

	"cocreate/app/domain"
)

func TestOrganisers53WhoNamesAndWhy(t *testing.T) {
	fan := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan}}
	mod := &domain.User{ID: 2, Roles: []domain.Role{domain.RoleFan, domain.RoleModerator}}
	admin := &domain.User{ID: 3, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	judge := &domain.User{ID: 4, Roles: []domain.Role{domain.RoleFan, domain.RoleJudge}}
	for _, c := range []struct {
		u    *domain.User
		want bool
	}{{nil, false}, {fan, false}, {judge, false}, {mod, true}, {admin, true}} {
		if got := MayNameOrganisers(c.u); got != c.want {
			t.Errorf("MayNameOrganisers(%v) = %v, want %v", c.u, got, c.want)
		}
	}
	for _, c := range []struct {
		u      *domain.User
		reason string
		want   string
		code   string
	}{
		{mod, "", "", "required"},
		{mod, "   ", "", "required"},
		{mod, " 原组织者注销了 ", "原组织者注销了", ""},
		{mod, strings.Repeat("理", domain.MaxReasonLen+1), "", "too_long"},
		{admin, "", "", ""},
		{admin, "换人", "换人", ""},
	} {
		got, err := OrganiserReason(c.u, c.reason)
		code := ""
		if e, ok := err.(*domain.Error); ok {
			code = e.Code
			if e.Field != "reason" {
				t.Errorf("OrganiserReason(%q) names %q, want reason", c.reason, e.Field)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || got != c.want {
			t.Errorf("OrganiserReason(%v, %q) = %q, %q; want %q, %q", c.u.ID, c.reason, got, code, c.want, c.code)
		}
	}
}

func TestOrganisers53Notices(t *testing.T) {
	out := OrphanedNotices(7, "青岛同城会", "青岛", []int64{5, 9, 5, 0, 3}, 9)
	var to []int64
	for _, o := range out {
		to = append(to, o.To)
		if o.Kind != domain.NoticeClubOrphaned || o.URL != "/clubs/7" || !slices.Equal(o.Args, []string{"青岛同城会", "青岛"}) {
			t.Errorf("notice %+v", o)
		}
	}
	if !slices.Equal(to, []int64{5, 3}) {
		t.Errorf("told %v, want [5 3] (once each, not the actor)", to)
	}
	if n := OrganiserNotices(7, "青岛同城会", 4, 4, true, ""); n != nil {
		t.Errorf("naming oneself tells %v", n)
	}
	n := OrganiserNotices(7, "青岛同城会", 4, 2, false, "长期不活跃")
	if len(n) != 1 || n[0].To != 4 || n[0].Kind != domain.NoticeOrganiserRemoved || !slices.Equal(n[0].Args, []string{"青岛同城会", "长期不活跃"}) {
		t.Errorf("removal notice %+v", n)
	}
	if n := OrganiserNotices(7, "c", 4, 2, true, "最活跃"); len(n) != 1 || n[0].Kind != domain.NoticeOrganiserNamed {
		t.Errorf("naming notice %+v", n)
	}
	if n := OrganiserNotices(7, "c", 4, 2, true, ""); n != nil {
		t.Errorf("an admin's naming without a reason tells %v", n)
	}
}

func TestMayNameOrganiser(t *testing.T) {
	admin := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	mod := &domain.User{ID: 2, Roles: []domain.Role{domain.RoleFan, domain.RoleModerator}}
	member := domain.User{ID: 3, Roles: []domain.Role{domain.RoleFan}}
	suspended := domain.User{ID: 4, Roles: []domain.Role{domain.RoleFan}, Suspended: true}
	for _, c := range []struct {
		name   string
		actor  *domain.User
		target domain.User
		on     bool
		code   string
	}{
		{"a moderator names a member", mod, member, true, ""},
		{"a moderator names themselves", mod, *mod, true, "self_organiser"},
		{"a moderator steps down", mod, *mod, false, ""},
		{"an admin names themselves", admin, *admin, true, ""},
		{"a suspended member is named", mod, suspended, true, "suspended"},
		{"an admin names a suspended member", admin, suspended, true, "suspended"},
		{"a suspended organiser is removed", mod, suspended, false, ""},
	} {
		err := MayNameOrganiser(c.actor, c.target, c.on)
		if got := codeOf(err); got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
}

func codeOf(err error) string {
	if e := domain.AsError(err); e != nil {
		return e.Code
	}
	return ""
}
