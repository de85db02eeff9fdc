package web

import (
	"context"
	"fmt"
	"testing"
)

// The admin role goes only to a confirmed address: whoever signed up with
// the brand's address first knows its password. The invitation is the way
// for one not yet confirmed (since session 51 for every staff role).
func TestAdminGoesOnlyToAConfirmedAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	squat := h.fan("boss2@brand.cn")
	id := h.userID(squat)
	roles := fmt.Sprintf("/api/v1/users/%d/roles", id)
	if r := h.api("PUT", roles, admin, map[string]any{"roles": []string{"admin"}}).must(t, 409); r.errCode() != "account_unconfirmed" || r.errField() != "roles" {
		t.Errorf("admin to an unconfirmed address: %s", r.Body)
	}
	if r := h.api("GET", "/api/v1/me", squat, nil).must(t, 200); fmt.Sprint(r.JSON["roles"]) != "[fan]" {
		t.Errorf("the refused grant changed the roles: %s", r.Body)
	}
	h.api("PUT", roles, admin, map[string]any{"roles": []string{"judge"}}).must(t, 409) // nor any staff role (session 51)
	if err := h.store.SetVerified(context.Background(), int64(id), true); err != nil {
		t.Fatal(err)
	}
	h.api("PUT", roles, admin, map[string]any{"roles": []string{"admin"}}).must(t, 200)
}
