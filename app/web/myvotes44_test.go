package web

import (
	"fmt"
	"strings"
	"testing"
)

// An app started afresh asks what its fan did among the ideas it shows,
// as the page marks them: the ideas they support, their stars, and what is
// left of their budget (DESIGN §5: the API has the pages' rules).
func TestMine44AnAppReadsWhatItsFanDid(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan, other := h.fan("fan@x.cn"), h.fan("other@x.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	a, b, c := h.idea(other, cid, "银离子内筒"), h.idea(other, cid, "自清洁门封"), h.idea(other, cid, "静音电机")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", c), fan, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", a), fan, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", b), other, nil).must(t, 200)

	mine := fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=%d,%d,%d", cid, a, b, c)
	r := h.api("GET", mine, fan, nil).must(t, 200)
	if !strings.Contains(r.Body, fmt.Sprintf(`"voted":[%d,%d]`, a, c)) || num(r.JSON, "votes_left") != 1 || num(r.JSON, "vote_budget") != 3 ||
		str(r.JSON, "voting_method") != "support" || !strings.Contains(r.Body, `"stars":{}`) {
		t.Errorf("the fan's votes: %s", r.Body)
	}
	// Another fan's answer is theirs; no budget says null.
	if r := h.api("GET", mine, other, nil).must(t, 200); !strings.Contains(r.Body, fmt.Sprintf(`"voted":[%d]`, b)) {
		t.Errorf("the other fan's votes: %s", r.Body)
	}
	free := h.openChallenge(admin, nil)
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=%d", free, a), fan, nil).must(t, 200); r.JSON["votes_left"] != nil || !strings.Contains(r.Body, `"votes_left":null`) || !strings.Contains(r.Body, `"voted":[]`) {
		t.Errorf("no budget, and no vote in this challenge (idea %d is another's): %s", a, r.Body)
	}
	// Stars.
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	s := h.idea(other, stars, "冰箱除味")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", s), fan, map[string]int{"stars": 4}).must(t, 200)
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=%d", stars, s), fan, nil).must(t, 200); !strings.Contains(r.Body, fmt.Sprintf(`"stars":{"%d":4}`, s)) {
		t.Errorf("the fan's stars: %s", r.Body)
	}
	// Bad input names the field; a visitor signs in; no ids asks nothing.
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=3,x", cid), fan, nil).must(t, 400); r.errField() != "ids" || r.errCode() != "invalid_number" {
		t.Errorf("bad ids: %s", r.Body)
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes?ids=%s", cid, strings.Repeat("1,", 100)+"1"), fan, nil).must(t, 400); r.errCode() != "too_many_ids" {
		t.Errorf("too many ids: %s", r.Body)
	}
	h.api("GET", mine, "", nil).must(t, 401)
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/my-votes", cid), fan, nil).must(t, 200); !strings.Contains(r.Body, `"voted":[]`) || num(r.JSON, "votes_left") != 1 {
		t.Errorf("no ids: %s", r.Body)
	}
	h.api("GET", "/api/v1/challenges/999/my-votes", fan, nil).must(t, 404)
}
