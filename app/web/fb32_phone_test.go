package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese: the engineer opens the bell's notice of a
// report that 59 newer reports have pushed off the project page's newest
// page (the 60th newest), lands on that report, in view, with its reply
// box; an old notice's link (written before reports had their own address,
// "/projects/7#fb-11") lands there too.
func TestFb32PhoneOldReportFromBell(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	project := fmt.Sprintf("/projects/%d", e.pid)
	fid := num(h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 2, "body": "洗到一半门打不开"}).must(t, 201).JSON, "id")
	ids := fb32Reports(t, e, 59, true)
	if ids[59] != fid {
		t.Fatalf("the report is not the 60th newest: %v", ids[55:])
	}

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	notice := fmt.Sprintf(`button[data-href^="%s"][data-href$="#fb-%d"]`, project, fid)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible("a.notices", chromedp.ByQuery),
		chromedp.Click("a.notices", chromedp.ByQuery), chromedp.WaitVisible(notice, chromedp.ByQuery))
	shot(t, ctx, "/tmp/fb32-phone-bell.png", false)
	type landing struct {
		URL, Hash, Tag, Body string
		Top, Height          float64
		Rows                 int
		Wide                 bool
	}
	const look = `(() => {
  const fb = document.getElementById('fb-%d');
  const box = document.getElementById('reply-%d');
  const r = fb ? fb.getBoundingClientRect() : {top: -1};
  return {URL: location.pathname + location.search, Hash: location.hash, Tag: box ? box.tagName : '',
    Body: fb ? fb.textContent : '', Top: r.top, Height: window.innerHeight,
    Rows: document.querySelectorAll('#feedback .feedback').length, Wide: %s};
})()`
	check := func(how string, l landing) {
		t.Helper()
		if l.Hash != fmt.Sprintf("#fb-%d", fid) || !strings.HasPrefix(l.URL, project) {
			t.Errorf("%s: led to %s%s", how, l.URL, l.Hash)
		}
		if !strings.Contains(l.Body, "洗到一半门打不开") || l.Tag != "TEXTAREA" {
			t.Errorf("%s: the report %q, its reply box %q (%d reports on the page)", how, l.Body, l.Tag, l.Rows)
		}
		if l.Top < 0 || l.Top+60 > l.Height {
			t.Errorf("%s: the report is at %v px of a %v px screen", how, l.Top, l.Height)
		}
		if l.Wide {
			t.Errorf("%s: the page scrolls sideways at 375 px", how)
		}
	}
	var l landing
	run(t, ctx, chromedp.Click(notice, chromedp.ByQuery), chromedp.WaitVisible(fmt.Sprintf("#reply-%d", fid), chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(look, fid, fid, scrollsSideways), &l))
	check("the bell's notice", l)
	shot(t, ctx, "/tmp/fb32-phone-report.png", false)

	// The reply box takes a reply, and the engineer is back at the report.
	run(t, ctx, chromedp.SetValue(fmt.Sprintf("#reply-%d", fid), "下一版换门锁", chromedp.ByQuery),
		chromedp.Submit(fmt.Sprintf("#reply-%d", fid), chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf("#fb-%d .reply", fid), chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(look, fid, fid, scrollsSideways), &l))
	check("after replying", l)
	if !strings.Contains(l.Body, "下一版换门锁") {
		t.Errorf("after replying the report reads %q", l.Body)
	}

	// An old notice's link, without report=: the page asks for it.
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s%s#fb-%d", h.srv.URL, project, fid)),
		chromedp.WaitVisible(fmt.Sprintf("#reply-%d", fid), chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(look, fid, fid, scrollsSideways), &l))
	check("an old notice's link", l)
	if want := fmt.Sprintf("%s?report=%d", project, fid); l.URL != want {
		t.Errorf("the old link became %s, want %s", l.URL, want)
	}
	shot(t, ctx, "/tmp/fb32-phone-oldlink.png", false)
}

// On a 375 px phone, in Chinese and English, the count of late answers
// fits where it is said: the project page's answer-time line, the
// reply-time page's section and its project's row; none is cut off and no
// page scrolls sideways.
func TestFb32PhoneLateFits(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	a := num(h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": "洗到一半门打不开"}).must(t, 201).JSON, "id")
	h.advance(50 * time.Hour)
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, a), e.eng, map[string]any{"reply": "下一版换门锁"}).must(t, 200)
	h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": "脱水很吵"}).must(t, 201)
	h.advance(75 * time.Hour)
	cid := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.eng, nil).must(t, 200).JSON, "challenge_id")

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	var fit struct {
		Text               string
		Left, Right, Width float64
		Clipped, Wide      bool
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
	for i, c := range []struct{ lang, late, row string }{
		{"zh-CN", "2 条未在 48 小时内回复", "2 条超过 48 小时"},
		{"en", "2 not answered within 48 hours", "2 past 48 hours"},
	} {
		if i > 0 { // the header's language switch
			run(t, ctx, chromedp.Navigate(h.srv.URL+"/"), chromedp.Click(`form[action="/lang"] button`, chromedp.ByQuery),
				chromedp.WaitReady(fmt.Sprintf(`html[lang=%q]`, c.lang), chromedp.ByQuery))
		}
		for _, p := range []struct{ path, sel, want string }{
			{fmt.Sprintf("/projects/%d#feedback", e.pid), "#answer-times", c.late},
			{fmt.Sprintf("/challenges/%d/replies", cid), "#reports-late", c.late},
			{fmt.Sprintf("/challenges/%d/replies", cid), fmt.Sprintf("#pa-%d", e.pid), c.row},
		} {
			run(t, ctx, chromedp.Navigate(h.srv.URL+p.path), chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Evaluate(fmt.Sprintf(measure, p.sel, scrollsSideways), &fit))
			if !strings.Contains(fit.Text, p.want) {
				t.Errorf("%s %s %s: %q does not say %q", c.lang, p.path, p.sel, fit.Text, p.want)
			}
			if fit.Left < 0 || fit.Right > fit.Width || fit.Clipped || fit.Wide {
				t.Errorf("%s %s: %q spans %.0f–%.0f px of %.0f (clipped %v, page scrolls sideways %v)",
					c.lang, p.sel, fit.Text, fit.Left, fit.Right, fit.Width, fit.Clipped, fit.Wide)
			}
			shot(t, ctx, fmt.Sprintf("/tmp/fb32-late-%s-%s.png", c.lang, p.sel[1:]), false)
		}
	}
}
