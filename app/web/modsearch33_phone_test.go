package web

import (
	"fmt"
	"testing"

	"cocreate/app/domain"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone, in Chinese, a moderator types a word of a hidden idea
// (then of a hidden comment) into the search page, sees the hit marked
// 已隐藏, taps it and reaches the restore form, on screen; neither page
// scrolls sideways.
func TestModsearch33PhoneModeratorFindsAndRestores(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "qzphoneword 一个很长很长的创意标题，用来看看手机上的搜索结果会不会横向滚动")
	other := h.idea(author, cid, "listed idea")
	comment := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", other), author, map[string]string{"body": "qzphonecomment 加微信买清洁剂"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", comment), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.waitTotal(mod, "q=qzphoneword", 1)
	h.waitTotal(mod, "q=qzphonecomment", 1)

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "mod@x.cn")
	type fit struct {
		Found, Visible, Wide bool
		Text                 string
		Left, Right, Width   float64
	}
	const measure = `(() => {
  const b = document.querySelector(%q);
  if (!b) return {Found: false, Wide: %s};
  b.scrollIntoView({block: 'center'});
  const r = b.getBoundingClientRect(), s = getComputedStyle(b);
  return {Found: true, Visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none',
    Text: b.textContent.trim(), Left: r.left, Right: r.right, Width: document.documentElement.clientWidth, Wide: %s};
})()`
	onScreen := func(what, sel string) fit {
		t.Helper()
		var f fit
		run(t, ctx, chromedp.Evaluate(fmt.Sprintf(measure, sel, scrollsSideways, scrollsSideways), &f))
		if !f.Found || !f.Visible || f.Left < 0 || f.Right > f.Width || f.Wide {
			t.Errorf("%s: %s is not on screen, or the page scrolls sideways: %+v", what, sel, f)
		}
		return f
	}
	for _, c := range []struct {
		word, typ string
		id        int
		url       string
	}{
		{"qzphoneword", "idea", idea, fmt.Sprintf("/ideas/%d", idea)},
		{"qzphonecomment", "comment", comment, domain.CommentLink(int64(other), int64(comment))},
	} {
		run(t, ctx, chromedp.Navigate(h.srv.URL+"/search"),
			chromedp.WaitVisible("#search-q", chromedp.ByQuery),
			chromedp.SendKeys("#search-q", c.word, chromedp.ByQuery),
			chromedp.Submit("#search-q", chromedp.ByQuery),
			chromedp.WaitVisible(".hits .hit", chromedp.ByQuery))
		if f := onScreen(c.word, ".hits .hit .badge.state-hidden"); f.Text != "已隐藏" {
			t.Errorf("%s: the hit is marked %q, want 已隐藏", c.word, f.Text)
		}
		link := fmt.Sprintf(`.hits .hit h2 a[href=%q]`, c.url)
		onScreen(c.word, link)
		shot(t, ctx, fmt.Sprintf("/tmp/modsearch33-phone-search-%s.png", c.typ), true)
		restore := fmt.Sprintf(`#restore-%s-%d button[value="restore"]`, c.typ, c.id)
		run(t, ctx, chromedp.Click(link, chromedp.ByQuery), chromedp.WaitReady(restore, chromedp.ByQuery))
		var at string
		run(t, ctx, chromedp.Location(&at))
		if at != h.srv.URL+c.url {
			t.Errorf("%s: the tap leads to %s, want %s", c.word, at, h.srv.URL+c.url)
		}
		onScreen(c.word, fmt.Sprintf("#reason-%s-%d", c.typ, c.id))
		onScreen(c.word, restore)
		shot(t, ctx, fmt.Sprintf("/tmp/modsearch33-phone-restore-%s.png", c.typ), true)
	}
}
