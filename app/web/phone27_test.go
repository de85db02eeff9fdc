package web

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
)

// On a phone, in Chinese, an engineer whose milestone is refused sees why
// without scrolling: the reason is in the milestone form, which the page
// brings into view by giving its title the focus.
func TestPhone27ARefusedMilestoneIsInView(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	ctx := newBrowser(t, 375, 667)
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "eng@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery),
	)
	setLanguage(t, ctx, h, "zh")
	var seen struct {
		Top, Bottom, Height float64
		Focus, Text         string
	}
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/projects/%d", h.srv.URL, e.pid)),
		chromedp.WaitVisible("#ms-title", chromedp.ByQuery),
		chromedp.SetValue("#ms-title", "   ", chromedp.ByQuery),
		chromedp.SetValue("#ms-due", "2026-12-20", chromedp.ByQuery),
		chromedp.Submit("#ms-title", chromedp.ByQuery),
		chromedp.WaitReady(`form[action$="/milestones"] .alert`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
  const a = document.querySelector('form[action$="/milestones"] .alert').getBoundingClientRect();
  return {Top: a.top, Bottom: a.bottom, Height: window.innerHeight,
    Focus: document.activeElement.id, Text: document.querySelector('form[action$="/milestones"] .alert').textContent};
})()`, &seen),
	)
	if seen.Focus != "ms-title" {
		t.Errorf("the focus is on %q, not the refused milestone's title", seen.Focus)
	}
	if seen.Top < 0 || seen.Bottom > seen.Height {
		t.Errorf("the reason (%q) is at %v–%v px of a %v px screen: out of view", seen.Text, seen.Top, seen.Bottom, seen.Height)
	}
	if seen.Text == "" || !strings.ContainsFunc(seen.Text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("the reason is not in Chinese: %q", seen.Text)
	}
}
