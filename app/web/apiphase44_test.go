package web

import (
	"fmt"
	"testing"
)

// An app moves a challenge's phase by hand as the page's form does (DESIGN
// §3: "an admin can move a phase by hand"), and reads when it was closed.
func TestApiphase44AnAppMovesAPhase(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	phase := fmt.Sprintf("/api/v1/challenges/%d/phase", cid)
	get := func() res { return h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), "", nil).must(t, 200) }

	closes := str(get().JSON, "voting_close_at")
	if r := h.api("POST", phase, fan, map[string]string{"move": "close_voting"}); r.Status != 403 || str(get().JSON, "voting_close_at") != closes {
		t.Errorf("a fan moved the phase: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", phase, admin, map[string]string{"move": "sideways"}).must(t, 400); r.errField() != "move" || r.errCode() != "invalid_move" {
		t.Errorf("an unknown move: %s", r.Body)
	}
	if r := h.api("POST", phase, admin, map[string]string{}).must(t, 400); r.errField() != "move" {
		t.Errorf("no move: %s", r.Body)
	}
	r := h.api("POST", phase, admin, map[string]string{"move": "close_submissions"}).must(t, 200)
	r = h.api("POST", phase, admin, map[string]string{"move": "close_voting"}).must(t, 200)
	if str(r.JSON, "phase") != "judging" || str(r.JSON, "voting_close_at") == closes || r.JSON["closed_at"] != nil || r.JSON["results_at"] != nil {
		t.Errorf("after closing voting: %s", r.Body)
	}
	if r := h.api("POST", phase, admin, map[string]string{"move": "close_voting"}).must(t, 409); r.errCode() != "phase_not_open" {
		t.Errorf("closing a closed phase: %s", r.Body)
	}
	r = h.api("POST", phase, admin, map[string]string{"move": "close"}).must(t, 200)
	if str(r.JSON, "phase") != "closed" || r.JSON["closed_at"] == nil || str(get().JSON, "closed_at") == "" {
		t.Errorf("after closing the challenge: %s", r.Body)
	}
	if r := h.api("POST", phase, admin, map[string]string{"move": "open_voting"}).must(t, 409); r.errCode() != "challenge_closed" || str(get().JSON, "phase") != "closed" {
		t.Errorf("opening voting on a closed challenge: %s", r.Body)
	}
	r = h.api("POST", phase, admin, map[string]string{"move": "reopen"}).must(t, 200)
	if str(r.JSON, "phase") == "closed" || r.JSON["closed_at"] != nil {
		t.Errorf("after reopening: %s", r.Body)
	}
	board := h.board(admin, "洗衣机反馈")
	if r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", board), admin, map[string]string{"move": "close"}).must(t, 409); r.errCode() != "board_always_open" {
		t.Errorf("closing a board: %s", r.Body)
	}
}
