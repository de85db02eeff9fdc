package web

import (
	"testing"
)

// A change of several settings at once is checked whole before any is
// written: a bad name refuses the request naming name, and the new
// password and the new address beside it change nothing (the old password
// still signs in, the new one does not, the address and the name stay).
func TestMepatch47ABadFieldChangesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("fan@x.cn")
	signIn := func(pw string) int {
		return h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@x.cn", "password": pw}).Status
	}

	for _, body := range []map[string]any{
		{"password": "brand-new-password", "current_password": "fan-password", "name": " "},
		{"email": "moved@x.cn", "current_password": "fan-password", "name": " "},
		{"email": "moved@x.cn", "password": "brand-new-password", "current_password": "fan-password", "name": "李\u202e娜"},
	} {
		if r := h.api("PATCH", "/api/v1/me", fan, body).must(t, 400); r.errField() != "name" {
			t.Errorf("%v: field %q, want name: %s", body, r.errField(), r.Body)
		}
	}
	if got := signIn("fan-password"); got != 201 {
		t.Errorf("the old password signs in with %d, want 201: a refused change changed it", got)
	}
	if got := signIn("brand-new-password"); got == 201 {
		t.Errorf("the refused change's password signs in")
	}
	me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200)
	if str(me.JSON, "email") != "fan@x.cn" || str(me.JSON, "name") != "fan" {
		t.Errorf("after refused changes: %s", me.Body)
	}

	// The same change with a good name is made whole.
	h.api("PATCH", "/api/v1/me", fan, map[string]any{"password": "brand-new-password", "current_password": "fan-password", "name": " 李娜 "}).must(t, 200)
	if signIn("brand-new-password") != 201 || signIn("fan-password") == 201 {
		t.Errorf("the good change did not move the password")
	}
}
