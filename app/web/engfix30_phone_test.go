package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese: the engineer sees the tester's report in
// the bell, opens the notice and lands on the report, marked waiting, with
// a several-line reply box in view; a milestone due yesterday is refused
// at its date, in view; once the project is launched the
// tester finds no report form, and the page says why.
func TestEngfix30PhoneWalk(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	project := fmt.Sprintf("/projects/%d", e.pid)
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 2, "body": "洗到一半门打不开"}).must(t, 201)
	fid := num(r.JSON, "id")

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	var bell string
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible("a.notices .count", chromedp.ByQuery),
		chromedp.Text("a.notices .count", &bell, chromedp.ByQuery))
	if bell != "4" { // the engineer's role given to them, the project, the application, the report
		t.Errorf("the bell counts %q, want 4", bell)
	}
	notice := fmt.Sprintf(`button[data-href="%s?report=%d#fb-%d"]`, project, fid, fid)
	var text string
	run(t, ctx, chromedp.Click("a.notices", chromedp.ByQuery), chromedp.WaitVisible(notice, chromedp.ByQuery),
		chromedp.Text(notice, &text, chromedp.ByQuery))
	if !strings.Contains(text, "等待你的回复") {
		t.Errorf("the report's notice reads %q", text)
	}
	shot(t, ctx, "/tmp/engfix30-phone-bell.png", false)
	var landed struct {
		URL, Tag, Badge, Count string
		Top, Bottom, Height    float64
		Wide                   bool
	}
	run(t, ctx, chromedp.Click(notice, chromedp.ByQuery), chromedp.WaitVisible(fmt.Sprintf("#fb-%d", fid), chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`(() => {
  const fb = document.getElementById('fb-%d');
  const r = fb.getBoundingClientRect();
  const badge = fb.querySelector('.waiting-badge');
  const box = document.getElementById('reply-%d');
  return {URL: location.pathname + location.hash, Tag: box ? box.tagName : '', Badge: badge ? badge.textContent : '',
    Count: (document.getElementById('feedback-waiting') || {}).textContent || '',
    Top: r.top, Bottom: r.top + 60, Height: window.innerHeight, Wide: %s};
})()`, fid, fid, scrollsSideways), &landed))
	if landed.URL != fmt.Sprintf("%s#fb-%d", project, fid) {
		t.Errorf("the notice led to %s", landed.URL)
	}
	if landed.Top < 0 || landed.Bottom > landed.Height {
		t.Errorf("the report is at %v px of a %v px screen", landed.Top, landed.Height)
	}
	if landed.Badge != "待回复" || landed.Count != "待回复 1" || landed.Tag != "TEXTAREA" {
		t.Errorf("the report: badge %q, count %q, reply box %s", landed.Badge, landed.Count, landed.Tag)
	}
	if landed.Wide {
		t.Error("the project page scrolls sideways at 375 px")
	}
	shot(t, ctx, "/tmp/engfix30-phone-report.png", false)

	// A milestone due yesterday: refused in the form, in view, the date focused.
	var v inView
	run(t, ctx, chromedp.Navigate(h.srv.URL+project), chromedp.WaitVisible("#ms-title", chromedp.ByQuery),
		chromedp.SetValue("#ms-title", "样机评审", chromedp.ByQuery),
		chromedp.SetValue("#ms-due", h.clock().AddDate(0, 0, -1).Format("2006-01-02"), chromedp.ByQuery),
		chromedp.Submit("#ms-title", chromedp.ByQuery),
		chromedp.WaitReady(`form[action$="/milestones"] .alert`, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(refusalInView, "/milestones"), &v))
	v.check(t, "the milestone due yesterday", "due_at")
	if !strings.Contains(v.Text, "截止日期不能早于今天") {
		t.Errorf("the milestone refusal reads %q", v.Text)
	}
	shot(t, ctx, "/tmp/engfix30-phone-due.png", false)

	for _, to := range []string{"pilot", "launched"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	fan := newBrowser(t, 375, 667)
	phoneSignIn(t, fan, h, "fan@x.cn")
	var seen struct {
		Form  bool
		Why   string
		Top   float64
		Wide  bool
		Stage string
	}
	run(t, fan, chromedp.Navigate(h.srv.URL+project), chromedp.WaitVisible("#testing-over", chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`({Form: !!document.querySelector('#fb-body, form[action$="/feedback"]'),
  Why: document.getElementById('testing-over').textContent, Stage: document.querySelector('.stage-badge').textContent, Wide: %s})`, scrollsSideways), &seen))
	if seen.Form {
		t.Error("the tester is offered the report form after launch")
	}
	if !strings.Contains(seen.Why, "已上市，测试已结束") {
		t.Errorf("the page says %q, not why the form is gone", seen.Why)
	}
	if seen.Wide {
		t.Error("the launched project page scrolls sideways at 375 px")
	}
	shot(t, fan, "/tmp/engfix30-phone-launched.png", true)
}
