package store

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	"cocreate/app/domain"
)

// SetRoles hands its check the account as its own write reads it, not as
// a cache or an earlier read had it: here the address is confirmed behind
// the cache's back (as another node's confirmation would be), and the
// check sees it confirmed, with the roles held before the change. A
// refusal writes nothing: the roles stay, no change is recorded.
func TestRoles51TheCheckSeesTheAccountTheWriteReads(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	admin, _ := s.CreateUser(ctx, domain.SignUp{Email: "a@b.cn", Name: "张三"}, "x", true)
	fan, err := s.CreateUser(ctx, domain.SignUp{Email: "judge@brand.cn", Name: "评委"}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	grant := func(was domain.User, admins, _ int) error {
		if err := domain.CanGrantRoles(was, []domain.Role{domain.RoleModerator, domain.RoleJudge}); err != nil {
			return err
		}
		return domain.KeepsAnAdmin(admins)
	}
	if _, err := s.SetRoles(ctx, admin.ID, fan.ID, []domain.Role{domain.RoleModerator, domain.RoleJudge}, grant, tellNoRoles); domain.AsError(err) == nil || domain.AsError(err).Code != "account_unconfirmed" {
		t.Fatalf("roles to an unconfirmed address: %v", err)
	}
	if u, _ := s.User(ctx, fan.ID); len(u.Roles) != 1 || u.Verified { // cached now, unconfirmed
		t.Fatalf("the refusal changed the account: %+v", u)
	}
	if events, _ := s.RoleEvents(ctx, []int64{fan.ID}, 5); len(events[fan.ID]) != 0 {
		t.Fatalf("a refused change was recorded: %+v", events)
	}
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET verified = ? WHERE id = ?`, true, fan.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var seen domain.User
	u, err := s.SetRoles(ctx, admin.ID, fan.ID, []domain.Role{domain.RoleModerator, domain.RoleJudge}, func(was domain.User, admins, projects int) error {
		seen = was
		return grant(was, admins, projects)
	}, tellNoRoles)
	if err != nil {
		t.Fatal(err)
	}
	if seen.ID != fan.ID || !seen.Verified || !reflect.DeepEqual(seen.Roles, []domain.Role{domain.RoleFan}) {
		t.Errorf("the check saw %+v, want the confirmed fan", seen)
	}
	if !u.Has(domain.RoleJudge) || !u.Has(domain.RoleModerator) {
		t.Errorf("roles: %v", u.Roles)
	}
	// Taking one away: the check sees the roles before the change.
	if _, err := s.SetRoles(ctx, admin.ID, fan.ID, []domain.Role{domain.RoleJudge}, func(was domain.User, _, _ int) error {
		seen = was
		return nil
	}, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	if !seen.Has(domain.RoleModerator) || !seen.Has(domain.RoleJudge) {
		t.Errorf("the check saw roles %v, want those before the change", seen.Roles)
	}
}
