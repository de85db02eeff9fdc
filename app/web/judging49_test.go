package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The audit's case: an idea shortlisted by its supporters stays when the
// organiser builds the shortlist again, unless they take it off by name;
// the desk and the results say it is there for its supporters.
func TestJudging49RebuildingTheShortlistKeepsTheQualified(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, voter := h.fan("maker@x.cn"), h.fan("voter@x.cn")
	cid := h.openChallenge(admin, map[string]any{"support_threshold": 1, "shortlist_size": 2, "winners": 1})
	p, q := h.idea(author, cid, "自清洁滤网"), h.idea(author, cid, "静音电机")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", p), voter, nil).must(t, 200)
	state := func(id int) string {
		return str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil).must(t, 200).JSON, "state")
	}
	if state(p) != "shortlisted" {
		t.Fatalf("P after reaching its threshold: %s", state(p))
	}
	h.advance(80 * time.Hour)
	path := func(s string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, s) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 0, "add": []int{q}}).must(t, 200)
	if state(p) != "shortlisted" || state(q) != "shortlisted" {
		t.Fatalf("after top 0 plus Q: P %s, Q %s; P qualified and must stay", state(p), state(q))
	}
	res := h.api("GET", path("results"), admin, nil).must(t, 200)
	if got := fmt.Sprint(res.JSON["shortlist"]); !strings.Contains(got, fmt.Sprintf("qualified:[%d]", p)) || !strings.Contains(got, fmt.Sprintf("picked:[%d]", q)) {
		t.Errorf("the results' shortlist: %s", got)
	}
	b := h.adminBrowser()
	desk := b.get(fmt.Sprintf("/challenges/%d/judging", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{"支持者达标入围", "达到支持者门槛的创意在重新生成入围名单时会保留"} {
		if !strings.Contains(desk, want) {
			t.Errorf("the desk does not say %q", want)
		}
	}
	preview := b.get(fmt.Sprintf("/challenges/%d/results", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(preview, "1 个因支持者达标入围： 自清洁滤网") {
		t.Errorf("the results page does not say why P is on the list")
	}
	// Taken off by name, it goes, and the desk says it was taken off.
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 0, "add": []int{q}, "remove": []int{p}}).must(t, 200)
	if state(p) != "submitted" {
		t.Fatalf("P after the organiser took it off: %s", state(p))
	}
	desk = b.get(fmt.Sprintf("/challenges/%d/judging", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(desk, "支持者曾达标，后被移出") {
		t.Error("the desk does not say P was taken off after qualifying")
	}
}
