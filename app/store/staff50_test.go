package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"cocreate/app/domain"
)

// tellNoRoles tells nobody of a change of roles: for tests about the
// change alone.
func tellNoRoles(_, _ []domain.Role) []domain.Outgoing { return nil }

// An invitation writes the account, its roles, its record and its link
// at once, or nothing: an address taken leaves no half-made account, no
// record and no email owed. A role change is recorded with its actor and
// both sides in the write that makes it, and told as asked; the same
// roles again record and tell nothing. RoleEvents gives each person their
// newest events, at most as many as asked, newest first.
func TestStaff50InvitationsAndRoleEventsAreWrittenWithTheirChange(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	admin, _ := s.CreateUser(ctx, domain.SignUp{Email: "a@b.cn", Name: "张三"}, "x", true)
	fan, _ := s.CreateUser(ctx, domain.SignUp{Email: "f@b.cn", Name: "f"}, "x", false)
	expires := s.Now().Add(domain.InviteValid)
	tellInvite := func(userID, resetID int64) []domain.Outgoing {
		return domain.InviteNotices(userID, resetID, "张三", []domain.Role{domain.RoleJudge})
	}
	count := func(table string) int {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := s.InviteUser(ctx, admin.ID, "f@b.cn", "重复", "zh", "y", []domain.Role{domain.RoleJudge}, expires, tellInvite); domain.AsError(err) == nil || domain.AsError(err).Code != "email_taken" {
		t.Fatalf("a taken address: %v", err)
	}
	if n := count("role_events") + count("password_resets") + count("notifications"); n != 0 {
		t.Fatalf("a refused invitation left %d rows", n)
	}
	judge, err := s.InviteUser(ctx, admin.ID, "j@b.cn", "李评委", "zh", "y", []domain.Role{domain.RoleJudge}, expires, tellInvite)
	if err != nil || !judge.Has(domain.RoleJudge) || judge.Verified || judge.Locale != "zh" {
		t.Fatalf("the invited judge: %+v %v", judge, err)
	}
	var resetID int64
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM password_resets WHERE user_id = ?`, judge.ID).Scan(&resetID); err != nil {
		t.Fatal(err)
	}
	r, err := s.PasswordReset(ctx, resetID)
	if err != nil || !r.Invite || !r.ExpiresAt.Equal(expires.Truncate(time.Millisecond)) {
		t.Errorf("the invitation's link: %+v %v", r, err)
	}
	if n := count("mail_jobs"); n != 1 {
		t.Errorf("%d emails owed, want the invitation", n)
	}
	used, err := s.ResetPassword(ctx, resetID, "z", func(domain.PasswordReset) error { return nil })
	if err != nil || !used.Invite {
		t.Fatal(used, err)
	}
	if u, _ := s.User(ctx, judge.ID); !u.Verified {
		t.Error("the invitation's use does not confirm the address")
	}

	var told [][2][]domain.Role
	tell := func(before, after []domain.Role) []domain.Outgoing {
		told = append(told, [2][]domain.Role{before, after})
		return domain.RoleChangeNotices(fan.ID, before, after)
	}
	for _, roles := range [][]domain.Role{{domain.RoleModerator}, {domain.RoleModerator}, {domain.RoleEngineer, domain.RoleJudge}} {
		if _, err := s.SetRoles(ctx, admin.ID, fan.ID, roles, keepsAnAdmin, tell); err != nil {
			t.Fatal(err)
		}
	}
	if len(told) != 2 {
		t.Errorf("told %d times, want 2 (the same roles again tell nothing)", len(told))
	}
	// A refused change records nothing.
	if _, err := s.SetRoles(ctx, admin.ID, admin.ID, nil, keepsAnAdmin, tell); err == nil {
		t.Fatal("the last admin lost the role")
	}
	events, err := s.RoleEvents(ctx, []int64{fan.ID, judge.ID, admin.ID}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(events[admin.ID]) != 0 || len(events[fan.ID]) != 1 || len(events[judge.ID]) != 1 {
		t.Fatalf("events: %+v", events)
	}
	e := events[fan.ID][0]
	want := RoleEvent{UserID: fan.ID, Actor: domain.Author{ID: admin.ID, Name: "张三"}, Action: "roles",
		Before: []domain.Role{domain.RoleModerator}, After: []domain.Role{domain.RoleJudge, domain.RoleEngineer}, CreatedAt: e.CreatedAt}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("the newest change: %+v, want %+v", e, want)
	}
	if j := events[judge.ID][0]; j.Action != "invite" || len(j.Before) != 0 || !reflect.DeepEqual(j.After, []domain.Role{domain.RoleJudge}) {
		t.Errorf("the invitation's record: %+v", j)
	}
	all, _ := s.RoleEvents(ctx, []int64{fan.ID}, 5)
	if len(all[fan.ID]) != 2 || len(all[fan.ID][1].Before) != 0 {
		t.Errorf("the fan's history: %+v", all[fan.ID])
	}
}
