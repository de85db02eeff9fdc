package web

import (
	"fmt"
	"testing"
)

// An engineer who runs a project cannot delete their account until it is
// handed over: its testers and followers would be answered by no one.
func TestDelete50AnEngineerHandsProjectsOverFirst(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	r := h.api("DELETE", "/api/v1/me", e.eng, map[string]string{"current_password": "fan-password"}).must(t, 409)
	if r.errCode() != "projects_to_hand_over" {
		t.Errorf("deleting the account of a project's engineer: %s", r.Body)
	}
	h.api("GET", "/api/v1/me", e.eng, nil).must(t, 200) // nothing changed
	if r := h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), e.admin, nil).must(t, 200); num(r.JSON["owner"].(map[string]any), "id") != e.engID {
		t.Errorf("the project's owner after the refusal: %s", r.Body)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/owner", e.pid), e.admin, map[string]any{"owner_id": e.eng2ID}).must(t, 200)
	h.api("DELETE", "/api/v1/me", e.eng, map[string]string{"current_password": "fan-password"}).must(t, 204)
}
