package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Results published before the vote's planned end: the challenge's steps
// say the vote ended then, not "until" a day that will not come; the
// organiser is offered no window to close (publishing closed them); and
// publishing itself asks first, saying it is final.
func TestPhase29ResultsPublishedEarly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 1, "winners": 1})
	h.idea(admin, cid, "idea A")
	b := h.adminBrowser()
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)

	desk := b.get(fmt.Sprintf("/challenges/%d/judging", cid)).must(t, 200).Body
	i := strings.Index(desk, `action="/challenges/`+itoa(int64(cid))+`/publish"`)
	if i < 0 {
		t.Fatal("no publish form on the desk")
	}
	if d := strings.LastIndex(desk[:i], `<details class="confirm">`); d < 0 || strings.Contains(desk[d:i], "</details>") {
		t.Error("publishing is one tap: its form is not behind a confirmation")
	}
	if !strings.Contains(desk[i:], "cannot be undone") {
		t.Error("the confirmation does not say publishing is final")
	}

	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	page := b.get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200).Body
	start, end := strings.Index(page, `<ol class="timeline"`), strings.Index(page, `</ol>`)
	if start < 0 || end < start {
		t.Fatal("no timeline on the challenge page")
	}
	timeline := page[start:end]
	for name, planned := range map[string]string{"voting's end": "2026-11-27", "submissions' end": "2026-11-26"} {
		if strings.Contains(timeline, planned) {
			t.Errorf("the steps still show the %s as planned (%s) after the results: %s", name, planned, timeline)
		}
	}
	if strings.Contains(page, `value="close_submissions"`) || strings.Contains(page, `value="close_voting"`) {
		t.Error("the phase menu offers to close a window the results closed")
	}
	// A typed /challenges (where a refused create form was posted) leads
	// to the list, not a 405.
	if r := b.get("/challenges"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Errorf("GET /challenges: %d %s", r.Status, r.Header.Get("Location"))
	}
}
