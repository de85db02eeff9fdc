package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// detach51 is the deletion an invitation gives a squatted account that
// acted, as the service's (InviteStaff): votes in open votes withdrawn.
var detach51 = Deletion{
	Check:     domain.Present,
	Keeps:     domain.KeepsAnAdmin,
	Withdraws: func(domain.Challenge) bool { return true },
	Release: Release{Promote: people.Promotable, TellPromoted: func(ClubEvent, []int64) []domain.Outgoing {
		return nil
	}},
	Runs: domain.KeepsProjectsRun,
}

// An invitation to an address whose unconfirmed account posted an idea
// and voted detaches that account, in the one write: it is deleted (the
// idea stays under it, nameless; its vote in the open vote is withdrawn,
// the tally counted again), and the invitee gets a fresh account with the
// invitation's name, the roles the squatted one had and the invited
// ones; nothing the squatter wrote is under the invitee's name.
func TestStaff51AnInvitationDetachesASquatterWhoActed(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	admin, other := users[0], users[1]
	squat, err := s.CreateUser(ctx, domain.SignUp{Email: "judge@brand.cn", Name: "冒名者"}, "attacker-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRoles(ctx, admin.ID, squat.ID, []domain.Role{domain.RoleModerator}, keepsAnAdmin, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	posted := addIdea(t, s, c, squat.ID, "冒名者的创意")
	voted := addIdea(t, s, c, other.ID, "别人的创意")
	if _, err := s.Vote(ctx, squat.ID, voted.ID, allow); err != nil {
		t.Fatal(err)
	}
	tellInvite := func(userID, resetID int64) []domain.Outgoing {
		return domain.InviteNotices(userID, resetID, "张三", []domain.Role{domain.RoleJudge})
	}
	judge, err := s.InviteUser(ctx, admin.ID, "judge@brand.cn", "李评委", "zh", "invite-hash", []domain.Role{domain.RoleJudge},
		s.Now().Add(domain.InviteValid), tellInvite, detach51)
	if err != nil {
		t.Fatal(err)
	}
	if judge.ID == squat.ID || judge.Email != "judge@brand.cn" || judge.Name != "李评委" || judge.Verified ||
		!judge.Has(domain.RoleJudge) || !judge.Has(domain.RoleModerator) {
		t.Errorf("the invitee's account: %+v", judge)
	}
	gone, err := s.User(ctx, squat.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !gone.Deleted || gone.Name != "" || gone.Email != domain.DeletedEmail(squat.ID) || len(gone.Roles) > 1 {
		t.Errorf("the squatted account: %+v, want deleted", gone)
	}
	if idea, err := s.Idea(ctx, posted.ID); err != nil || idea.Author.ID != squat.ID {
		t.Errorf("the squatter's idea: %+v, %v; want it kept under the deleted account", idea, err)
	}
	if idea, err := s.Idea(ctx, voted.ID); err != nil || idea.Votes != 0 {
		t.Errorf("the idea the squatter voted for counts %d votes (%v), want 0", idea.Votes, err)
	}
	count := func(q string, args ...any) int {
		var n int
		if err := s.r.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM ideas WHERE author_id = ?`, judge.ID) + count(`SELECT COUNT(*) FROM votes WHERE user_id = ?`, judge.ID); n != 0 {
		t.Errorf("%d ideas and votes under the invitee", n)
	}
	if n := count(`SELECT COUNT(*) FROM sessions WHERE user_id = ?`, squat.ID) + count(`SELECT COUNT(*) FROM password_resets WHERE user_id = ?`, squat.ID); n != 0 {
		t.Errorf("%d sessions and resets left to the squatter", n)
	}
	if n := count(`SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND invite = ? AND used_at IS NULL`, judge.ID, true); n != 1 {
		t.Errorf("%d invitation links for the invitee, want 1", n)
	}
	events, _ := s.RoleEvents(ctx, []int64{judge.ID}, 5)
	if e := events[judge.ID]; len(e) != 1 || e[0].Action != "invite" {
		t.Errorf("the invitee's role events: %+v", e)
	}

	// A refused detachment writes nothing: the invitation's address stays
	// the squatter's, taken over by nothing.
	squat2, err := s.CreateUser(ctx, domain.SignUp{Email: "eng@brand.cn", Name: "冒名者二"}, "attacker-hash", false)
	if err != nil {
		t.Fatal(err)
	}
	addIdea(t, s, c, squat2.ID, "又一个")
	refuse := detach51
	refuse.Check = func(domain.User) error { return domain.Conflict("no", "refused") }
	if _, err := s.InviteUser(ctx, admin.ID, "eng@brand.cn", "王工", "zh", "h", []domain.Role{domain.RoleEngineer},
		s.Now().Add(domain.InviteValid), tellInvite, refuse); domain.AsError(err) == nil {
		t.Fatalf("a refused detachment: %v", err)
	}
	if u, err := s.User(ctx, squat2.ID); err != nil || u.Deleted || u.Email != "eng@brand.cn" || u.Name != "冒名者二" {
		t.Errorf("after a refused invitation: %+v, %v", u, err)
	}
	if n := count(`SELECT COUNT(*) FROM users WHERE email = ?`, "eng@brand.cn"); n != 1 {
		t.Errorf("%d accounts at the address", n)
	}
}
