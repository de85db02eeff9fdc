package service

import (
	"testing"

	"cocreate/app/domain"
)

// staff is u, their address confirmed (a staff role goes only to a
// confirmed one: domain.CanGrantRoles), given role.
func (w *world) staff(u domain.User, role string) domain.User {
	w.t.Helper()
	if err := w.s.store.SetVerified(w.ctx, u.ID, true); err != nil {
		w.t.Fatal(err)
	}
	u, err := w.s.SetRoles(w.ctx, &w.admin, u.ID, []string{role})
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// SetRoles checks the account inside its write: an unconfirmed fan gets
// no staff role and keeps none it was refused; confirmed, they get it; a
// deleted account is not found.
func TestRoles51SetRolesChecksTheAccount(t *testing.T) {
	w := newWorld(t)
	fan := w.fan(1)
	for _, role := range []string{"judge", "engineer", "moderator", "admin"} {
		_, err := w.s.SetRoles(w.ctx, &w.admin, fan.ID, []string{role})
		if e := domain.AsError(err); e == nil || e.Code != "account_unconfirmed" || e.Field != "roles" {
			t.Errorf("%s to an unconfirmed address: %v", role, err)
		}
	}
	if u, _ := w.s.store.User(w.ctx, fan.ID); len(u.Roles) != 1 {
		t.Errorf("refused grants changed the roles: %v", u.Roles)
	}
	if u := w.staff(fan, "moderator"); !u.Has(domain.RoleModerator) {
		t.Errorf("the confirmed fan is no moderator: %v", u.Roles)
	}
	if _, err := w.s.SetRoles(w.ctx, &w.admin, 9999, []string{"judge"}); domain.AsError(err) == nil || domain.AsError(err).Code != "not_found" {
		t.Errorf("roles of no account: %v", err)
	}
}
