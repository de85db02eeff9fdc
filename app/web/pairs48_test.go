package web

import (
	"fmt"
	"strings"
	"testing"
)

// A fan who has been asked their share of a challenge's pairs reads so on
// the pair page (not that they compared every pair), and the API answers
// 204 as when nothing is left.
func TestPairs48EnoughIsSaid(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.svc.PairsPerFan = 1
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	for _, title := range []string{"红裙", "黑裙", "白裙"} {
		h.idea(admin, cid, title)
	}
	fan := h.fan("fan@x.cn")
	path := fmt.Sprintf("/api/v1/challenges/%d/pair", cid)
	q := h.api("GET", path, fan, nil).must(t, 200).JSON
	h.api("POST", path, fan, map[string]string{"pair_token": q["pair_token"].(string), "choice": "left"}).must(t, 200)
	h.api("GET", path, fan, nil).must(t, 204)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/challenges/%d/pair", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "你已经比较了很多组") || strings.Contains(page, "所有组合你都比较过了") {
		t.Errorf("the pair page at the fan's share:\n%s", page)
	}
}
