package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Publishing tells a winner's backers (its voters and followers, in their
// language) that the idea they backed won, linking to the results; its
// author is told once that they won; backers of an idea not selected are
// not told a loss.
func TestWinnews29BackersHearTheirIdeaWon(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	maker, other := h.fan("maker@x.cn"), h.fan("other@x.cn")
	voter, follower, loser := h.fan("voter@x.cn"), h.fan("follower@x.cn"), h.fan("loser@x.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(voter), "zh"); err != nil {
		t.Fatal(err)
	}
	win, lose := h.idea(maker, cid, "免清洗内筒"), h.idea(other, cid, "静音模式")
	for _, tok := range []string{voter, maker, h.fan("v2@x.cn")} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", win), tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", win), follower, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", lose), loser, nil).must(t, 200)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	kinds := func(tok string) []string {
		var out []string
		for _, n := range h.notices(tok) {
			out = append(out, str(n, "kind"))
		}
		return out
	}
	n := h.notices(voter)
	if len(n) != 1 || str(n[0], "kind") != "backed_won" || !strings.Contains(str(n[0], "text"), "你支持的创意“免清洗内筒”获胜了") ||
		!strings.HasSuffix(str(n[0], "url"), fmt.Sprintf("/challenges/%d/results", cid)) {
		t.Errorf("the voter's notices: %v", n)
	}
	if k := kinds(follower); len(k) != 1 || k[0] != "backed_won" {
		t.Errorf("the follower's notices: %v", k)
	}
	if k := kinds(maker); strings.Count(strings.Join(k, ","), "won") != 1 || !strings.Contains(strings.Join(k, ","), "won") || strings.Contains(strings.Join(k, ","), "backed_won") {
		t.Errorf("the author (who voted for it too): %v, want won once and no backed_won", k)
	}
	if k := kinds(loser); len(k) != 0 {
		t.Errorf("the backer of the idea not selected: %v, want nothing", k)
	}
}
