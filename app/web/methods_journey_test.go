package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// Journey: a fan rates a design with stars, then compares designs two at a
// time until none are left, on a phone and a desktop, in English and
// Chinese; every page fits the screen and every step is one tap.
func TestJourneyFanRatesAndComparesPairs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars", "kind": "design_poll"})
	rated := h.idea(admin, stars, "红色连衣裙 Red dress")
	h.idea(admin, stars, "黑色连衣裙 Black dress")
	pairs := h.openChallenge(admin, map[string]any{"voting_method": "pairwise", "kind": "design_poll"})
	for _, title := range []string{"白裙 White", "蓝裙 Blue", "绿裙 Green"} {
		h.idea(admin, pairs, title)
	}

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		email := fmt.Sprintf("rater-%s-%s@x.cn", size.name, lang)
		h.fan(email)
		jSignIn(t, ctx, h, email, "fan-password", lang)

		// Stars: the page says how this poll votes; four stars in one tap.
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, stars))
		jWant(t, "method explained", jText(t, ctx, ".method-explain"), jT(lang, "method.stars_explain"))
		jGo(t, ctx, fmt.Sprintf(`#idea-%d form.stars-form button[value="4"]`, rated))
		jWant(t, "my stars", jText(t, ctx, fmt.Sprintf("#idea-%d .stars-mine", rated)), jT(lang, "stars.mine", 4))
		jWantContains(t, "the tally", jText(t, ctx, fmt.Sprintf("#idea-%d .stars-tally", rated)), "4.0")
		// Changing my mind: withdraw.
		jGo(t, ctx, fmt.Sprintf(`#idea-%d form.stars-form button[value="0"]`, rated))
		if n := len(jTexts(t, ctx, fmt.Sprintf("#idea-%d .stars-mine", rated))); n != 0 {
			t.Errorf("the withdrawn rating still shows")
		}

		// Pairwise: from the challenge page to the pairs, three taps for
		// three pairs, then the end.
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, pairs))
		jWant(t, "method explained", jText(t, ctx, ".method-explain"), jT(lang, "method.pairwise_explain"))
		jGo(t, ctx, ".pair-start")
		for i, side := range []string{"left", "right", "skip"} {
			jWant(t, fmt.Sprintf("question %d", i+1), jText(t, ctx, "main h1"), jT(lang, "pair.question"))
			if n := len(jTexts(t, ctx, "button.pair-pick")); n != 2 {
				t.Fatalf("pair %d shows %d ideas", i+1, n)
			}
			if side == "skip" {
				jGo(t, ctx, "button.pair-skip")
			} else {
				jGo(t, ctx, fmt.Sprintf(`button.pair-pick[value=%q]`, side))
			}
		}
		jWant(t, "the end", jText(t, ctx, "main h1"), jT(lang, "pair.done_title"))
		jGo(t, ctx, "main .actions a.button")
		jDo(t, ctx, chromedp.WaitVisible(".idea-list", chromedp.ByQuery))
	})
}
