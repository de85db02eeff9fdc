package store

import (
	"context"
	"database/sql"
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
	// Confirmed: an unconfirmed one is taken over (TestStaff50AnInvitationTakesOverAnUnconfirmedAccount).
	if err := s.SetVerified(ctx, fan.ID, true); err != nil {
		t.Fatal(err)
	}
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
	if _, err := s.InviteUser(ctx, admin.ID, "f@b.cn", "重复", "zh", "y", []domain.Role{domain.RoleJudge}, expires, tellInvite, detach51); domain.AsError(err) == nil || domain.AsError(err).Code != "email_taken" {
		t.Fatalf("a taken address: %v", err)
	}
	if n := count("role_events") + count("password_resets") + count("notifications"); n != 0 {
		t.Fatalf("a refused invitation left %d rows", n)
	}
	judge, err := s.InviteUser(ctx, admin.ID, "j@b.cn", "李评委", "zh", "y", []domain.Role{domain.RoleJudge}, expires, tellInvite, detach51)
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

// An invitation to an address an unconfirmed account has takes that
// account over in its one write (session 50's review): whoever signed it
// up, knowing its password, is out — the password is the invitation's,
// their sessions and tokens end, their reset links are void, their name
// and profile go — and the invited roles join any it had, recorded with
// both sides; the account's earlier notices stay as they were, the
// invitation's is filed read. A confirmed account, or the inviting
// admin's own, is refused and nothing changes.
func TestStaff50AnInvitationTakesOverAnUnconfirmedAccount(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	admin, _ := s.CreateUser(ctx, domain.SignUp{Email: "a@b.cn", Name: "张三"}, "x", true) // setup's admin, unconfirmed
	squat, err := s.CreateUser(ctx, domain.SignUp{Email: "judge@brand.cn", Name: "冒名者"}, "attacker-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRoles(ctx, admin.ID, squat.ID, []domain.Role{domain.RoleModerator}, keepsAnAdmin, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET city = '上海', bio = '我是评委' WHERE id = ?`, squat.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, squat.ID, hashOf("squat-session"), time.Time{}, Proof{PasswordHash: "attacker-hash"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, squat.ID, hashOf("squat-token"), "t", 10, Proof{PasswordHash: "attacker-hash"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePasswordReset(ctx, "judge@brand.cn", time.Time{}, s.Now().Add(time.Hour), func([]time.Time) bool { return true }, domain.ResetNotices); err != nil {
		t.Fatal(err)
	}
	count := func(q string, args ...any) int {
		var n int
		if err := s.r.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	unread := count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, squat.ID)
	if unread == 0 {
		t.Fatal("the reset left no notice: the test proves nothing of notices kept")
	}
	tellInvite := func(userID, resetID int64) []domain.Outgoing {
		return domain.InviteNotices(userID, resetID, "张三", []domain.Role{domain.RoleJudge})
	}
	expires := s.Now().Add(domain.InviteValid)

	// The inviting admin's own unconfirmed address is theirs: refused.
	if _, err := s.InviteUser(ctx, admin.ID, "a@b.cn", "我自己", "en", "y", []domain.Role{domain.RoleJudge}, expires, tellInvite, detach51); domain.AsError(err) == nil || domain.AsError(err).Code != "email_taken" {
		t.Fatalf("the admin's own address: %v", err)
	}

	judge, err := s.InviteUser(ctx, admin.ID, "judge@brand.cn", "李评委", "en", "invite-hash", []domain.Role{domain.RoleJudge}, expires, tellInvite, detach51)
	if err != nil {
		t.Fatal(err)
	}
	if judge.ID != squat.ID || judge.Name != "李评委" || judge.Locale != "en" || judge.Verified ||
		!judge.Has(domain.RoleJudge) || !judge.Has(domain.RoleModerator) {
		t.Errorf("the account taken over: %+v", judge)
	}
	if n := count(`SELECT COUNT(*) FROM users WHERE id = ? AND city = '' AND bio = ''`, squat.ID); n != 1 {
		t.Error("the signer-up's city and bio stay")
	}
	if hash, _ := s.PasswordHash(ctx, squat.ID); hash != "invite-hash" {
		t.Errorf("the password hash is still %q", hash)
	}
	if n := count(`SELECT COUNT(*) FROM sessions WHERE user_id = ?`, squat.ID) + count(`SELECT COUNT(*) FROM tokens WHERE user_id = ?`, squat.ID); n != 0 {
		t.Errorf("%d sessions and tokens of the signer-up live on", n)
	}
	if n := count(`SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND used_at IS NULL`, squat.ID); n != 1 {
		t.Errorf("%d reset links open, want the invitation's alone", n)
	}
	if n := count(`SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND used_at IS NULL AND invite = ?`, squat.ID, true); n != 1 {
		t.Error("the open link is not the invitation")
	}
	if n := count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, squat.ID); n != unread {
		t.Errorf("%d notices unread, want the %d from before (the invitation's filed read)", n, unread)
	}
	if n := count(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?`, squat.ID, string(domain.NoticeInvited)); n != 1 {
		t.Errorf("%d invitations written", n)
	}
	events, _ := s.RoleEvents(ctx, []int64{squat.ID}, 1)
	if e := events[squat.ID]; len(e) != 1 || e[0].Action != "invite" ||
		!reflect.DeepEqual(e[0].Before, []domain.Role{domain.RoleModerator}) || !reflect.DeepEqual(e[0].After, []domain.Role{domain.RoleJudge, domain.RoleModerator}) {
		t.Errorf("the invitation's record: %+v", e)
	}

	// Once confirmed (the invitation used), the address is taken.
	var resetID int64
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM password_resets WHERE user_id = ? AND used_at IS NULL`, squat.ID).Scan(&resetID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResetPassword(ctx, resetID, "judge-hash", func(domain.PasswordReset) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InviteUser(ctx, admin.ID, "judge@brand.cn", "又一个", "zh", "other", []domain.Role{domain.RoleEngineer}, expires, tellInvite, detach51); domain.AsError(err) == nil || domain.AsError(err).Code != "email_taken" {
		t.Fatalf("a confirmed address: %v", err)
	}
	if hash, _ := s.PasswordHash(ctx, squat.ID); hash != "judge-hash" {
		t.Errorf("a refused invitation changed the password: %q", hash)
	}
}
