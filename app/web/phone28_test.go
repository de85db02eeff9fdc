package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone the users page's suspension reason is a one-line field under
// its label, not a tall empty box with the label pushed to the right edge
// (the form's column layout made the field's width its height).
func TestPhone28TheSuspensionReasonIsOneLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.userID(h.fan("fan@x.cn"))
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	var seen struct{ FieldHeight, LabelLeft, Width float64 }
	id := fmt.Sprintf("reason-%d", fan)
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+"/admin/users"),
		chromedp.WaitVisible("#"+id, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
  const f = document.getElementById('`+id+`').getBoundingClientRect();
  const l = document.querySelector('label[for="`+id+`"]').getBoundingClientRect();
  return {FieldHeight: f.height, LabelLeft: l.left, Width: document.documentElement.scrollWidth};
})()`, &seen),
	)
	if seen.FieldHeight > 60 {
		t.Errorf("the reason field is %v px tall", seen.FieldHeight)
	}
	if seen.LabelLeft > 60 {
		t.Errorf("the reason's label starts %v px from the left", seen.LabelLeft)
	}
	if seen.Width > 375 {
		t.Errorf("the page is %v px wide", seen.Width)
	}
}
