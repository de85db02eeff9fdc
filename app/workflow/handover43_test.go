package workflow

import (
	"reflect"
	"testing"

	"cocreate/app/domain"
)

// Outgoing is domain's, for the tables.
type Outgoing = domain.Outgoing

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

	// The new engineer is told, and the one it was taken from whom it went
	// to, both linked to the project; nobody of their own act.
	p.Owner = domain.Author{ID: eng2.ID, Name: "王工"}
	from := domain.Author{ID: eng.ID, Name: "李工"}
	handed := Outgoing{To: eng2.ID, Kind: NoticeProjectHanded, URL: "/projects/9", Args: []string{"静音内筒"}}
	away := Outgoing{To: eng.ID, Kind: NoticeProjectHandedAway, URL: "/projects/9", Args: []string{"静音内筒", "王工"}}
	for _, tc := range []struct {
		name  string
		from  domain.Author
		actor int64
		want  []Outgoing
	}{
		{"handed on by its engineer", from, eng.ID, []Outgoing{handed}},
		{"assigned by an admin", from, admin.ID, []Outgoing{handed, away}},
		{"taken by the new engineer", from, eng2.ID, []Outgoing{away}},
		{"no engineer before", domain.Author{}, admin.ID, []Outgoing{handed}},
		{"to its own engineer", domain.Author{ID: eng2.ID}, admin.ID, []Outgoing{handed}},
	} {
		if got := HandOverNotices(p, tc.from, tc.actor); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
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

func TestPlansMilestones(t *testing.T) {
	for _, st := range Stages {
		if got, want := PlansMilestones(st), st != Shelved; got != want {
			t.Errorf("PlansMilestones(%s) = %v, want %v", st, got, want)
		}
	}
}
