package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A second tap on "发布创意" while the first post is on its way (a photo
// over 4G) posts nothing more: one idea, not two spending the fan's quota.
func TestASecondTapPostsNoSecondIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.fan("fan@x.cn")
	ctx := newBrowser(t, 375, 812)
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	before := h.ideaCount()
	var dimmed, busy bool
	jDo(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/challenges/%d/submit", h.srv.URL, cid)),
		chromedp.WaitVisible("#title", chromedp.ByQuery),
		chromedp.SendKeys("#title", "两次点击的创意", chromedp.ByQuery),
		// The first tap; then, in the next task (the post has left, the
		// page is still here), what the fan sees and a second tap.
		chromedp.Evaluate(`(function () {
			var f = document.querySelector('form[data-similar]'), b = f.querySelector('button[type=submit]');
			b.click();
			setTimeout(function () {
				sessionStorage.setItem("dimmed", String(getComputedStyle(b).opacity < 1));
				sessionStorage.setItem("busy", f.getAttribute("aria-busy") || "");
				b.click();
			}, 0);
		})()`, nil),
		chromedp.WaitVisible("article.idea, main h1", chromedp.ByQuery),
	)
	deadline := time.Now().Add(5 * time.Second)
	for h.ideaCount() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a second post, if one went, has landed
	jDo(t, ctx,
		chromedp.Evaluate(`sessionStorage.getItem("dimmed") === "true"`, &dimmed),
		chromedp.Evaluate(`sessionStorage.getItem("busy") === "true"`, &busy),
	)
	if n := h.ideaCount() - before; n != 1 {
		t.Errorf("two taps made %d ideas, want 1", n)
	}
	if !dimmed || !busy {
		t.Errorf("while the post was on its way: button dimmed %v, form busy %v", dimmed, busy)
	}
}
