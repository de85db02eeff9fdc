package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone the answer-time line under the project's feedback
// heading, its target badge and the replies page's line for the project
// fit the screen, in Chinese and in English: none is cut off and the page
// does not scroll sideways.
func TestReply31PhoneAnswerLine(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	send := func(body string) int {
		return num(h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": body}).must(t, 201).JSON, "id")
	}
	a := send("洗到一半门打不开")
	h.advance(5 * time.Hour)
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, a), e.eng, map[string]any{"reply": "下一版换门锁"}).must(t, 200)
	send("脱水很吵")
	h.advance(75 * time.Hour)
	cid := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.eng, nil).must(t, 200).JSON, "challenge_id")

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	type fit struct {
		Text        string
		Left, Right float64
		Width       float64
		Clipped     bool
		Wide        bool
	}
	const measure = `(() => {
  const el = document.querySelector(%q);
  if (!el) return {Text: ''};
  el.scrollIntoView({block: 'center'});
  let right = el.getBoundingClientRect().right, left = el.getBoundingClientRect().left;
  for (const b of el.querySelectorAll('*')) { const r = b.getBoundingClientRect(); right = Math.max(right, r.right); left = Math.min(left, r.left); }
  return {Text: el.textContent, Left: left, Right: right, Width: document.documentElement.clientWidth,
    Clipped: el.scrollWidth > el.clientWidth, Wide: %s};
})()`
	for i, lang := range []string{"zh-CN", "en"} {
		if i > 0 { // the header's language switch
			run(t, ctx, chromedp.Click(`form[action="/lang"] button`, chromedp.ByQuery),
				chromedp.WaitReady(fmt.Sprintf(`html[lang=%q]`, lang), chromedp.ByQuery))
		}
		var now string
		run(t, ctx, chromedp.AttributeValue("html", "lang", &now, nil, chromedp.ByQuery))
		if now != lang {
			t.Fatalf("the page speaks %q, want %q", now, lang)
		}
		for _, c := range []struct{ path, sel string }{
			{fmt.Sprintf("/projects/%d#feedback", e.pid), "#answer-times"},
			{fmt.Sprintf("/challenges/%d/replies", cid), fmt.Sprintf("#pa-%d", e.pid)},
		} {
			var f fit
			run(t, ctx, chromedp.Navigate(h.srv.URL+c.path), chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Evaluate(fmt.Sprintf(measure, c.sel, scrollsSideways), &f))
			if f.Text == "" {
				t.Errorf("%s %s: no %s", lang, c.path, c.sel)
				continue
			}
			if f.Left < 0 || f.Right > f.Width || f.Clipped || f.Wide {
				t.Errorf("%s %s: %q spans %.0f–%.0f px of %.0f (clipped %v, page scrolls sideways %v)",
					lang, c.path, f.Text, f.Left, f.Right, f.Width, f.Clipped, f.Wide)
			}
			shot(t, ctx, fmt.Sprintf("/tmp/reply31-phone-%s-%s.png", lang, c.sel[1:]), false)
		}
	}
}
