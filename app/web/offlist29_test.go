package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// An author whose idea the organiser takes off the shortlist is told so,
// in their language (their "you made the shortlist" notice was no longer
// true, and nothing else would ever follow it); ideas that stay are not
// told again.
func TestOfflist29TheAuthorIsToldTheIdeaLeftTheShortlist(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	maker, other := h.fan("maker@x.cn"), h.fan("other@x.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(maker), "zh"); err != nil {
		t.Fatal(err)
	}
	x := h.idea(maker, cid, "免清洗内筒")
	h.idea(other, cid, "静音模式")
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2, "remove": []int{x}}).must(t, 200)
	kinds := func(tok string) []string {
		var out []string
		for _, n := range h.notices(tok) {
			out = append(out, str(n, "kind"))
		}
		return out
	}
	got := h.notices(maker)
	if len(got) != 2 || str(got[0], "kind") != "unshortlisted" || !strings.HasSuffix(str(got[0], "url"), fmt.Sprintf("/ideas/%d", x)) ||
		!strings.Contains(str(got[0], "text"), "移出入围名单") || !strings.Contains(str(got[0], "text"), "免清洗内筒") {
		t.Errorf("the maker's notices: %v", got)
	}
	if k := kinds(other); len(k) != 1 || k[0] != "shortlisted" {
		t.Errorf("the author whose idea stayed: %v", k)
	}
	// Building the same shortlist again tells no one anything new.
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2, "remove": []int{x}}).must(t, 200)
	if n := len(h.notices(maker)); n != 2 {
		t.Errorf("the same shortlist again: %d notices", n)
	}
}
