package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPublishedChallengeCannotReopen: once results are published the
// admin's phase control offers no move that opens anything again, and a
// forged one is refused back on the challenge page, changing nothing.
func TestPublishedChallengeCannotReopen(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	before := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", e.cid), "", nil).must(t, 200).Body

	b := h.adminBrowser()
	loc := fmt.Sprintf("/challenges/%d", e.cid)
	page := b.get(loc).must(t, 200).Body
	if !strings.Contains(page, `value="close"`) {
		t.Errorf("published challenge: the admin is not offered closing it")
	}
	for _, move := range []string{"open_submissions", "open_voting", "reopen", "close_submissions", "close_voting"} {
		if strings.Contains(page, `value="`+move+`"`) {
			t.Errorf("published challenge offers %q", move)
		}
	}
	for _, tc := range []struct{ move, lang, want string }{
		{"open_submissions", "en", "The results are published and final"},
		{"open_voting", "zh", "结果已公布，不可更改"},
	} {
		move := tc.move
		b.post(loc, "/lang", url.Values{"lang": {tc.lang}, "next": {loc}}).must(t, http.StatusSeeOther)
		r := b.post(loc, loc+"/phase", url.Values{"move": {move}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != loc {
			t.Fatalf("refused %s: %d → %q, want back to %s", move, r.Status, r.Header.Get("Location"), loc)
		}
		back := b.get(loc).must(t, 200).Body
		if !strings.Contains(back, tc.want) {
			t.Errorf("refused %s: the challenge page does not say why", move)
		}
		if strings.Contains(back, "阶段已切换") || strings.Contains(back, "The phase has moved") {
			t.Errorf("refused %s: the page says the phase moved", move)
		}
	}
	after := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", e.cid), "", nil).must(t, 200)
	if after.Body != before {
		t.Errorf("refused moves changed the challenge:\n%s\n%s", before, after.Body)
	}
	if str(after.JSON, "phase") != "results" {
		t.Errorf("phase = %q, want results", str(after.JSON, "phase"))
	}
	n := h.ideaCount()
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", e.cid), e.fan, map[string]any{"title": "late", "summary": "s", "body": "b"}).must(t, 409)
	if h.ideaCount() != n {
		t.Error("a fan submitted to a finished challenge")
	}
}
