package workflow

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

func TestProjectRules(t *testing.T) {
	fan := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan}}
	eng := &domain.User{ID: 2, Roles: []domain.Role{domain.RoleFan, domain.RoleEngineer}}
	eng2 := &domain.User{ID: 3, Roles: []domain.Role{domain.RoleFan, domain.RoleEngineer}}
	admin := &domain.User{ID: 4, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	winner := domain.Idea{State: domain.StateWinner}
	plain := domain.Idea{State: domain.StateSubmitted}
	hidden := domain.Idea{State: domain.StateHidden}
	kind := func(err error) domain.ErrKind {
		if e := domain.AsError(err); e != nil {
			return e.Kind
		}
		return 0
	}
	for _, tc := range []struct {
		name     string
		u        *domain.User
		idea     domain.Idea
		picked   bool
		declined bool
		want     domain.ErrKind
	}{
		{"visitor", nil, winner, false, false, domain.KindUnauthorized},
		{"fan", fan, winner, false, false, domain.KindForbidden},
		{"fan, declined idea", fan, winner, false, true, domain.KindForbidden},
		{"engineer, winner", eng, winner, false, false, 0},
		{"engineer, declined winner", eng, winner, false, true, domain.KindConflict},
		{"engineer, plain idea", eng, plain, false, false, domain.KindConflict},
		{"engineer, picked idea", eng, plain, true, false, 0},
		{"admin, plain idea", admin, plain, false, false, 0},
		{"admin, declined idea", admin, plain, false, true, domain.KindConflict},
		{"admin, hidden idea", admin, hidden, false, false, domain.KindConflict},
		{"engineer, hidden picked idea", eng, hidden, true, false, domain.KindConflict},
	} {
		if got := kind(CanOpen(tc.u, tc.idea, tc.picked, tc.declined)); got != tc.want {
			t.Errorf("CanOpen %s: %v, want %v", tc.name, got, tc.want)
		}
	}
	p := Project{Owner: domain.Author{ID: eng.ID}, Stage: FanTest}
	for _, tc := range []struct {
		u    *domain.User
		want domain.ErrKind
	}{{nil, domain.KindUnauthorized}, {fan, domain.KindForbidden}, {eng2, domain.KindForbidden}, {eng, 0}, {admin, 0}} {
		if got := kind(CanManage(tc.u, p)); got != tc.want {
			t.Errorf("CanManage %v: %v, want %v", tc.u, got, tc.want)
		}
	}
	if err := CanApply(fan, Project{Stage: Prototype}, "keen", 10); kind(err) != domain.KindConflict {
		t.Errorf("apply outside fan test: %v", err)
	}
	if err := CanApply(fan, p, "   ", 10); kind(err) != domain.KindInvalid {
		t.Errorf("blank motivation: %v", err)
	}
	if err := CanApply(nil, p, "keen", 10); kind(err) != domain.KindUnauthorized {
		t.Errorf("a visitor: %v", err)
	}
	// Level 2 (10 points) opens testing: below it, a 403 that says why.
	if err := CanApply(fan, p, "keen", 9); kind(err) != domain.KindForbidden || domain.AsError(err).Code != "level_too_low" {
		t.Errorf("level 1 applies: %v", err)
	}
	if err := CanApply(fan, p, "keen", 10); err != nil {
		t.Errorf("level 2 refused: %v", err)
	}
	if err := CanApply(fan, p, "keen", 10); err != nil {
		t.Errorf("a fan applying in fan test: %v", err)
	}
	if err := CanApply(eng, p, "keen", 10); kind(err) != domain.KindConflict || domain.AsError(err).Code != "own_project" {
		t.Errorf("the owner engineer applying to test their own project: %v", err)
	}
	if err := CanApply(eng2, p, "keen", 10); err != nil {
		t.Errorf("another engineer applying: %v", err)
	}
	for rating, code := range map[int]string{0: "stars_required", -1: "out_of_range", 6: "out_of_range"} {
		if e := domain.AsError(ValidFeedback(rating, "x")); e == nil || e.Code != code || e.Field != "rating" {
			t.Errorf("rating %d: %v, want %s on rating", rating, e, code)
		}
	}
	for rating, ok := range map[int]bool{0: false, 1: true, 5: true, 6: false} {
		if (ValidFeedback(rating, "x") == nil) != ok {
			t.Errorf("rating %d accepted = %v", rating, !ok)
		}
	}
	now := time.Now()
	done := now.Add(-time.Hour)
	for _, tc := range []struct {
		m     Milestone
		stage Stage
		want  bool
	}{
		{Milestone{DueAt: now.Add(-time.Minute)}, Prototype, true},
		{Milestone{DueAt: now.Add(time.Minute)}, Prototype, false},
		{Milestone{DueAt: now.Add(-time.Minute), DoneAt: &done}, Prototype, false},
		{Milestone{DueAt: now.Add(-time.Minute)}, Triage, true},
		{Milestone{DueAt: now.Add(-time.Minute)}, Pilot, true},
		// Launched or shelved: the work is over, nothing is late.
		{Milestone{DueAt: now.Add(-time.Minute)}, Launched, false},
		{Milestone{DueAt: now.Add(-time.Minute)}, Shelved, false},
		{Milestone{DueAt: now.Add(time.Minute)}, Launched, false},
	} {
		if got := tc.m.Overdue(now, tc.stage); got != tc.want {
			t.Errorf("Overdue(%+v, %s) = %v", tc.m, tc.stage, got)
		}
	}
}

func TestCanGiveFeedback(t *testing.T) {
	for _, tc := range []struct {
		accepted bool
		waiting  int
		kind     domain.ErrKind // 0: allowed
		code     string
	}{
		{true, 0, 0, ""},
		{true, MaxWaitingFeedback - 1, 0, ""},
		{true, MaxWaitingFeedback, domain.KindConflict, "too_many_waiting_reports"},
		{true, MaxWaitingFeedback + 5, domain.KindConflict, "too_many_waiting_reports"},
		{false, 0, domain.KindForbidden, "not_a_tester"},
		// Not a tester says so, whatever they had sent before.
		{false, MaxWaitingFeedback, domain.KindForbidden, "not_a_tester"},
	} {
		err := CanGiveFeedback(FanTest, tc.accepted, tc.waiting)
		if tc.kind == 0 {
			if err != nil {
				t.Errorf("accepted=%v waiting=%d: refused: %v", tc.accepted, tc.waiting, err)
			}
			continue
		}
		if e := domain.AsError(err); e == nil || e.Kind != tc.kind || e.Code != tc.code {
			t.Errorf("accepted=%v waiting=%d: %v, want kind %d %s", tc.accepted, tc.waiting, err, tc.kind, tc.code)
		}
	}
}

func TestPickable(t *testing.T) {
	for _, st := range []domain.State{domain.StateSubmitted, domain.StateShortlisted, domain.StateWinner} {
		if err := Pickable(domain.Idea{State: st}, false); err != nil {
			t.Errorf("a %s idea refused: %v", st, err)
		}
		if e := domain.AsError(Pickable(domain.Idea{State: st}, true)); e == nil || e.Code != "already_declined" {
			t.Errorf("a declined %s idea: %v, want already_declined", st, e)
		}
	}
	for _, st := range []domain.State{domain.StateHidden, domain.StateWithdrawn, domain.StateMerged, domain.StateExpired} {
		for _, declined := range []bool{false, true} {
			if e := domain.AsError(Pickable(domain.Idea{State: st}, declined)); e == nil || e.Code != "idea_not_eligible" {
				t.Errorf("a %s idea: %v, want idea_not_eligible", st, e)
			}
		}
	}
}

func TestCanCredit(t *testing.T) {
	for _, tc := range []struct {
		link CreditLink
		code string // "": allowed
	}{
		{CreditLink{Exists: true, Author: true}, ""},
		{CreditLink{Exists: true, Applicant: true}, ""},
		{CreditLink{Exists: true, Staff: true}, ""},
		{CreditLink{Exists: true, Credited: true}, ""},
		{CreditLink{Exists: true}, "not_linked"},
		{CreditLink{}, "unknown_user"},
		{CreditLink{Author: true}, "unknown_user"},
	} {
		err := CanCredit(2, tc.link)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%+v: refused: %v", tc.link, err)
			}
			continue
		}
		if e := domain.AsError(err); e == nil || e.Kind != domain.KindInvalid || e.Code != tc.code || e.Field != "credits[2].user_id" {
			t.Errorf("%+v: %v, want %s on credits[2].user_id", tc.link, err, tc.code)
		}
	}
}

func TestCanReadFeedback(t *testing.T) {
	p := Project{Owner: domain.Author{ID: 7}}
	owner := &domain.User{ID: 7, Roles: []domain.Role{domain.RoleEngineer}}
	other := &domain.User{ID: 8, Roles: []domain.Role{domain.RoleEngineer}}
	admin := &domain.User{ID: 9, Roles: []domain.Role{domain.RoleAdmin}}
	fan := &domain.User{ID: 10}
	for _, tc := range []struct {
		name   string
		u      *domain.User
		tester bool
		kind   domain.ErrKind // 0: allowed
	}{
		{"owner", owner, false, 0},
		{"admin", admin, false, 0},
		{"tester", fan, true, 0},
		{"another engineer", other, false, domain.KindForbidden},
		{"a fan", fan, false, domain.KindForbidden},
		{"a visitor", nil, false, domain.KindUnauthorized},
	} {
		err := CanReadFeedback(tc.u, p, tc.tester)
		if e := domain.AsError(err); tc.kind == 0 && err != nil || tc.kind != 0 && (e == nil || e.Kind != tc.kind) {
			t.Errorf("%s: %v, want kind %d", tc.name, err, tc.kind)
		}
	}
}

func TestKeepsOwner(t *testing.T) {
	fan, eng, admin := []domain.Role{domain.RoleFan}, []domain.Role{domain.RoleFan, domain.RoleEngineer}, []domain.Role{domain.RoleAdmin}
	for _, tc := range []struct {
		name     string
		roles    []domain.Role
		projects int
		refused  bool
	}{
		{"no projects, any roles", fan, 0, false},
		{"an engineer keeps the role", eng, 3, false},
		{"made admin instead", admin, 1, false},
		{"one project, no longer an engineer", fan, 1, true},
		{"no roles at all", nil, 2, true},
	} {
		err := KeepsOwner(tc.roles, tc.projects)
		if e := domain.AsError(err); (e != nil) != tc.refused || e != nil && (e.Code != "owns_projects" || e.Field != "roles" || e.Args[0] != tc.projects) {
			t.Errorf("%s: %v, refused %v", tc.name, err, tc.refused)
		}
	}
}
