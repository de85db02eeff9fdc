package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Once voting has opened, who may vote stays as it was (votes already cast
// by unconfirmed accounts would stay counted in a "confirmed accounts only"
// vote), and the vote budget may grow but not shrink (votes over it would
// stay counted): the API refuses with the field named, changes nothing,
// and the edit form shows who may vote disabled with its reason.
func TestVoteRulesStayOnceVotingOpens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	author := h.fan("author@fans.cn")
	idea := h.idea(author, cid, "烘干机")
	fan := h.fan("unconfirmed@fans.cn") // not confirmed
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 200)

	path := fmt.Sprintf("/api/v1/challenges/%d", cid)
	for _, tc := range []struct {
		body        map[string]any
		code, field string
	}{
		{map[string]any{"voters": "verified"}, "voters_locked", "voters"},
		{map[string]any{"vote_budget": 2}, "vote_budget_locked", "vote_budget"},
		{map[string]any{"vote_budget": 0, "voters": "signed_in"}, "", ""}, // lifting the budget
	} {
		r := h.api("PATCH", path, admin, tc.body)
		if tc.code == "" {
			r.must(t, 200)
			continue
		}
		if r.Status != 409 || r.errCode() != tc.code || !strings.Contains(r.Body, `"field":"`+tc.field+`"`) {
			t.Errorf("%v: %d %s", tc.body, r.Status, r.Body)
		}
	}
	got := h.api("GET", path, "", nil).must(t, 200).JSON
	if str(got, "voters") != "signed_in" {
		t.Errorf("after the refused edits: voters %q", str(got, "voters"))
	}
	if n := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON, "votes"); n != 1 {
		t.Errorf("the vote cast before: %d votes", n)
	}

	b := h.adminBrowser()
	for lang, why := range map[string]string{"en": "Who may vote is fixed once voting has opened.", "zh-CN": "投票开始后不能再更改谁可以投票。"} {
		page := b.get(fmt.Sprintf("/challenges/%d/edit", cid), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, `<select id="voters" name="voters" disabled`) || !strings.Contains(page, why) {
			t.Errorf("%s: who may vote is not shown locked with its reason", lang)
		}
	}
	later := h.openChallenge(admin, map[string]any{"voting_open_at": h.clock().Add(24 * time.Hour), "voting_close_at": h.clock().Add(96 * time.Hour)})
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", later), admin, map[string]any{"voters": "verified", "vote_budget": 1}).must(t, 200)
	if page := b.get(fmt.Sprintf("/challenges/%d/edit", later)).Body; strings.Contains(page, `name="voters" disabled`) {
		t.Error("who may vote is locked before voting opens")
	}
}
