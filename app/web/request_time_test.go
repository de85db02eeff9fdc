package web

import (
	"fmt"
	"testing"
)

// A time the server cannot read is refused with the field it was in, as
// every other bad field is: on a new challenge, a change to one, and a
// project's milestone-like nested names alike.
func TestABadTimeNamesItsField(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	for _, tc := range []struct {
		method, path string
		body         map[string]any
		field        string
	}{
		{"POST", "/api/v1/challenges", map[string]any{"title": "新挑战", "kind": "open_call", "voting_close_at": "明天 tomorrow"}, "voting_close_at"},
		{"PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), map[string]any{"submissions_open_at": "not a time"}, "submissions_open_at"},
		{"PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), map[string]any{"title": "ok", "voting_open_at": 20261201}, "voting_open_at"},
	} {
		r := h.api(tc.method, tc.path, admin, tc.body)
		if r.Status != 400 || r.errField() != tc.field {
			t.Errorf("%s %s %v: %d field %q, want 400 naming %q: %s", tc.method, tc.path, tc.body, r.Status, r.errField(), tc.field, r.Body)
		}
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, nil).must(t, 200); r.JSON["title"] != "洗衣机二次污染" {
		t.Errorf("a refused change changed the challenge: %s", r.Body)
	}
}
