package web

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestUI26LeaderboardFitsAPhone: the leaderboard's challenge picker is as
// wide as its longest challenge title unless it is held to the screen; on a
// 375 px phone the page must not grow sideways. Mobile emulation widens
// innerWidth to overflowing content, so both are checked.
func TestUI26LeaderboardFitsAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.openChallenge(admin, map[string]any{"title": strings.Repeat("洗衣机外观设计大赛", 6)})
	h.openChallenge(admin, map[string]any{"title": "The great washing machine design challenge of the spring season, with prizes"})
	ctx := newBrowser(t, 375, 667)
	for _, lang := range []string{"zh-CN", "en"} {
		for _, path := range []string{"/leaderboard", "/leaderboard?challenge=1"} {
			var scroll, inner float64
			var options int
			run(t, ctx,
				network.SetExtraHTTPHeaders(network.Headers{"Accept-Language": lang}),
				chromedp.Navigate(h.srv.URL+path),
				chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelectorAll("#lb-challenge option").length`, &options),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
				chromedp.Evaluate(`window.innerWidth`, &inner),
			)
			if options < 3 {
				t.Fatalf("%s: the picker offers %d options; the test needs the two challenges", path, options)
			}
			if scroll > 375 || inner != 375 {
				t.Errorf("%s (%s) is %v px wide in a %v px window at 375 px", path, lang, scroll, inner)
			}
		}
	}
}
