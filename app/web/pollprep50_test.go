package web

import (
	"fmt"
	"strings"
	"testing"
)

// The organiser prepares a design poll in draft: its candidates are
// posted and mended before anyone sees the poll, which is then published
// with them, not empty. Fans see none of it until then.
func TestADesignPollIsPreparedInDraft(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := num(h.api("POST", "/api/v1/challenges", admin, map[string]any{"title": "七格春季新款", "kind": "design_poll"}).must(t, 201).JSON, "id")
	ideas := fmt.Sprintf("/api/v1/challenges/%d/ideas", cid)
	var ids []int
	for _, title := range []string{"青瓷长裙", "水墨衬衫"} {
		ids = append(ids, num(h.api("POST", ideas, admin, map[string]string{"title": title, "summary": "候选"}).must(t, 201).JSON, "id"))
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", ids[1]), admin, map[string]string{"title": "水墨真丝衬衫"}).must(t, 200)
	// A fan can neither see the draft's candidates nor post one.
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", ids[0]), fan, nil).must(t, 404)
	h.api("POST", ideas, fan, map[string]string{"title": "我的设计"}).must(t, 404)
	// The organiser's page of the draft offers to add a candidate.
	b := h.adminBrowser()
	if r := b.get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200); !strings.Contains(r.Body, fmt.Sprintf(`href="/challenges/%d/submit"`, cid)) {
		t.Error("the draft's page offers the organiser no way to add a candidate")
	}
	b.get(fmt.Sprintf("/challenges/%d/submit", cid)).must(t, 200)
	// Published: fans see both candidates, as mended.
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", cid), admin, map[string]string{"move": "open_voting"}).must(t, 200)
	r := h.api("GET", ideas+"?sort=new", fan, nil).must(t, 200)
	if got := r.Body; !strings.Contains(got, "青瓷长裙") || !strings.Contains(got, "水墨真丝衬衫") {
		t.Errorf("the published poll's candidates: %s", got)
	}
	// Voting open, submissions not: no candidate is added any more.
	if r := h.api("POST", ideas, admin, map[string]string{"title": "迟到的候选"}).must(t, 409); r.errCode() != "submissions_closed" {
		t.Errorf("a candidate during the vote: %s", r.Body)
	}
}
