package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese: the engineer opens the bell's notice of a
// report that 59 newer reports have pushed off the project page's newest
// page (the 60th newest), lands on that report, in view, with its reply
// box; an old notice's link (written before reports had their own address,
// "/projects/7#fb-11") lands there too.
func TestFb32PhoneOldReportFromBell(t *testing.T) {
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
