package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone a star-rated challenge's results fit the screen: the crowd's
// measure wraps under its stars, and the final score (总分) is in view
// without scrolling sideways (it was cut off at 375 px).
func TestWalk29StarResultsFitAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars", "shortlist_size": 2, "winners": 1})
	var fans []string
	for i := range 5 {
		fans = append(fans, h.fan(fmt.Sprintf("f%d@x.cn", i)))
	}
	for i := range 3 {
		id := h.idea(admin, cid, fmt.Sprintf("免清洗内筒：自动除菌的洗衣机方案 %d", i))
		for _, f := range fans {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), f, map[string]any{"stars": 5 - i}).must(t, 200)
		}
	}
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "f0@x.cn", "fan-password", "zh")
	var seen struct {
		Width, ScoreRight, Rows float64
		Text, Head              string
	}
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/challenges/%d/results", h.srv.URL, cid)),
		chromedp.WaitVisible("table.results", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
  const th = document.querySelectorAll('table.results')[0].querySelectorAll('thead th');
  return {Width: document.documentElement.scrollWidth, ScoreRight: th[th.length-1].getBoundingClientRect().right,
    Rows: document.querySelectorAll('table.results')[0].querySelectorAll('tbody tr').length,
    Text: document.querySelector('main').innerText, Head: document.querySelector('table.results thead').innerText};
})()`, &seen),
	)
	if dir := os.Getenv("COCREATE_SHOTS"); dir != "" {
		if _, err := journeyShot(ctx, dir, "walk29-results.png", 100); err != nil {
			t.Log(err)
		}
	}
	if seen.Rows < 2 {
		t.Fatalf("the results show %v rows", seen.Rows)
	}
	// A star-rated challenge speaks of stars, not votes, and the default
	// criteria are named in the reader's language only.
	if !strings.Contains(seen.Head, "粉丝评分") || strings.Contains(seen.Head, "票数") {
		t.Errorf("the results table's head: %q", seen.Head)
	}
	// No judge scored: the page says the fans' stars alone ranked them
	// (session 51), not the judges' share and criteria.
	for _, want := range []string{"因粉丝评分最高入围", "评委未评分，按粉丝评分结果排名。"} {
		if !strings.Contains(seen.Text, want) {
			t.Errorf("the results page does not say %q", want)
		}
	}
	for _, wrong := range []string{"Novelty", "票数"} {
		if strings.Contains(seen.Text, wrong) {
			t.Errorf("the results page says %q", wrong)
		}
	}
	if seen.Width > 375 {
		t.Errorf("the results page is %v px wide", seen.Width)
	}
	if seen.ScoreRight > 375 {
		t.Errorf("the final score's column ends at %v px, off a 375 px screen", seen.ScoreRight)
	}
}

// The organiser's shortlist of a star-rated challenge shows each idea's
// stars, not "0 票", under a label that says what "top" means (the
// rubric's form keeps the names as stored: they are what it saves).
func TestWalk29StarShortlistSpeaksOfStars(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars", "shortlist_size": 2, "winners": 1})
	fan := h.fan("f@x.cn")
	for i := range 2 {
		id := h.idea(admin, cid, fmt.Sprintf("方案 %d", i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), fan, map[string]any{"stars": 5 - i}).must(t, 200)
	}
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	desk := b.get(fmt.Sprintf("/challenges/%d/judging", cid)).must(t, 200).Body
	if !strings.Contains(desk, "按粉丝评分取前几名") || strings.Contains(desk, "按票数") {
		i := strings.Index(desk, `for="top"`)
		t.Errorf("the shortlist's label does not speak of stars: %.300s", desk[max(i, 0):])
	}
	if strings.Contains(desk, "0 票") || !strings.Contains(desk, "★ ") {
		t.Errorf("the shortlist's candidates show votes, not stars")
	}
}
