package workflow

import (
	"testing"

	"cocreate/app/domain"
)

func TestCanOwnAndHandOver(t *testing.T) {
	fan := domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan}}
	eng := domain.User{ID: 2, Roles: []domain.Role{domain.RoleFan, domain.RoleEngineer}}
	eng2 := domain.User{ID: 3, Roles: []domain.Role{domain.RoleFan, domain.RoleEngineer}}
	admin := domain.User{ID: 4, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	judge := domain.User{ID: 5, Roles: []domain.Role{domain.RoleFan, domain.RoleJudge}}
	gone := domain.User{ID: 6, Roles: []domain.Role{domain.RoleFan, domain.RoleEngineer}, Suspended: true}
	p := Project{ID: 9, Title: "静音内筒", Owner: domain.Author{ID: eng.ID}}
	code := func(err error) string {
		if e := domain.AsError(err); e != nil {
			return e.Field + " " + e.Code
		}
		return ""
	}
	for _, tc := range []struct {
		name string
		by   *domain.User
		to   domain.User
		want string
	}{
		{"its engineer hands it on", &eng, eng2, ""},
		{"an admin assigns it", &admin, eng2, ""},
		{"an admin takes it", &admin, admin, ""},
		{"its engineer keeps it", &eng, eng, ""},
		{"another engineer", &eng2, eng2, " forbidden"},
		{"a fan", &fan, eng2, " forbidden"},
		{"a visitor", nil, eng2, " unauthorized"},
		{"to a fan", &eng, fan, "owner_id not_an_engineer"},
		{"to a judge", &admin, judge, "owner_id not_an_engineer"},
		{"to a suspended engineer", &admin, gone, "owner_id owner_suspended"},
	} {
		if got := code(CanHandOver(tc.by, p, tc.to)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if err := CanOwn(admin); err != nil {
		t.Errorf("an admin may own a project: %v", err)
	}

	// The new engineer is told, linked to the project; not when they took
	// it themselves.
	p.Owner = domain.Author{ID: eng2.ID}
	got := HandOverNotices(p, eng.ID)
	if len(got) != 1 || got[0].To != eng2.ID || got[0].Kind != NoticeProjectHanded || got[0].URL != "/projects/9" || len(got[0].Args) != 1 || got[0].Args[0] != "静音内筒" {
		t.Errorf("handed on: %+v", got)
	}
	if got := HandOverNotices(p, eng2.ID); len(got) != 0 {
		t.Errorf("taken by themselves: %+v", got)
	}
}

func TestMilestoneStage(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		current Stage
		want    Stage
		err     string
	}{
		{"", Prototype, Prototype, ""},
		{"", Triage, Triage, ""},
		{"", Launched, Launched, ""},
		{"fan_test", Prototype, FanTest, ""},
		{"concept", Pilot, Concept, ""},
		{"launched", Concept, Launched, ""},
		{"shelved", Concept, "", "stage invalid_stage"},
		{"soon", Concept, "", "stage invalid_stage"},
		{"", Shelved, "", " project_shelved"},
		{"concept", Shelved, "", " project_shelved"},
	} {
		got, err := MilestoneStage(tc.raw, tc.current)
		code := ""
		if e := domain.AsError(err); e != nil {
			code = e.Field + " " + e.Code
		}
		if got != tc.want || code != tc.err {
			t.Errorf("MilestoneStage(%q, %s) = %q, %q; want %q, %q", tc.raw, tc.current, got, code, tc.want, tc.err)
		}
	}
}
