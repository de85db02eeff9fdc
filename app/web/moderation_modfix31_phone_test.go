package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone the hidden idea's restore (its reason and button) is
// on screen for a moderator, in Chinese and in English, and the page does
// not scroll sideways; filled in and tapped, it restores the idea and
// returns to its page.
func TestModfix31PhoneRestoreFromIdeaPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "mod@x.cn")
	type fit struct {
		Found, Visible, Wide bool
		Left, Right, Width   float64
	}
	const measure = `(() => {
  const b = document.querySelector(%q);
  if (!b) return {Found: false};
  b.scrollIntoView({block: 'center'});
  const r = b.getBoundingClientRect(), s = getComputedStyle(b);
  return {Found: true, Visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none',
    Left: r.left, Right: r.right, Width: document.documentElement.clientWidth, Wide: %s};
})()`
	for i, lang := range []string{"zh-CN", "en"} {
		if i > 0 { // the header's language switch
			run(t, ctx, chromedp.Click(`form[action="/lang"] button`, chromedp.ByQuery),
				chromedp.WaitReady(fmt.Sprintf(`html[lang=%q]`, lang), chromedp.ByQuery))
		}
		id := h.idea(author, cid, "广告 spam "+lang)
		h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", id), mod, map[string]string{"action": "hide", "reason": "广告内容"}).must(t, 200)
		page := fmt.Sprintf("%s/ideas/%d", h.srv.URL, id)
		run(t, ctx, chromedp.Navigate(page), chromedp.WaitReady("body", chromedp.ByQuery))
		for _, sel := range []string{fmt.Sprintf("#reason-idea-%d", id), fmt.Sprintf(`#restore-idea-%d button[value="restore"]`, id)} {
			var f fit
			run(t, ctx, chromedp.Evaluate(fmt.Sprintf(measure, sel, scrollsSideways), &f))
			if !f.Found || !f.Visible || f.Left < 0 || f.Right > f.Width || f.Wide {
				t.Errorf("%s: %s is not on screen: %+v", lang, sel, f)
			}
		}
		shot(t, ctx, fmt.Sprintf("/tmp/modfix31-phone-restore-%s.png", lang), true)
		run(t, ctx, chromedp.SendKeys(fmt.Sprintf("#reason-idea-%d", id), "误判", chromedp.ByQuery),
			chromedp.Click(fmt.Sprintf(`#restore-idea-%d button[value="restore"]`, id), chromedp.ByQuery),
			chromedp.WaitVisible(".flash", chromedp.ByQuery))
		var url string
		run(t, ctx, chromedp.Location(&url))
		if url != page {
			t.Errorf("%s: after the restore the phone is at %s, want %s", lang, url, page)
		}
		if st := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).must(t, 200).JSON, "state"); st != "submitted" {
			t.Errorf("%s: the idea restored from the phone is %s", lang, st)
		}
	}
}
