package web

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"cocreate/app/i18n"
	"cocreate/app/people"

	"github.com/chromedp/chromedp"
)

// inScreen says whether the element matching sel is drawn inside the
// screen's width, and its text.
const inScreen = `(() => {
  const e = document.querySelector(%q);
  if (!e) return '';
  const r = e.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0 || r.left < 0 || r.right > window.innerWidth) return 'off:' + r.left + '-' + r.right;
  return e.textContent;
})()`

// On a 375×667 phone in Chinese: the profile says why a report past the
// cap earned +0, in the screen; the roadmap's planned column shows its
// whole count; neither page scrolls sideways.
func TestPagefix30Phone(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	for i := 1; i <= people.FeedbackCap+1; i++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": fmt.Sprintf("烘干后门封 %d 处有水渍", i)}).must(t, 201)
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, num(r.JSON, "id")), e.eng, map[string]any{"addressed": true, "reply": "已修复"}).must(t, 200)
	}
	_, public := pagefix30Roadmap(t, h, e.admin)
	visible := 0
	for _, p := range public {
		if p {
			visible++
		}
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "fan@x.cn")
	for _, step := range []struct{ path, sel, want string }{
		{fmt.Sprintf("/users/%d", e.fanID), `.reasons .past-cap`, i18n.For("zh").T("pagefix30.past_cap", people.FeedbackCap)},
		{"/roadmap", `#col-planned .count`, strconv.Itoa(visible)},
	} {
		var got string
		var wide bool
		var scroll float64
		run(t, ctx, chromedp.Navigate(h.srv.URL+step.path), chromedp.WaitReady("footer", chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(scrollsSideways, &wide))
		if wide {
			t.Errorf("%s (zh) is %v px wide at 375 px", step.path, scroll)
		}
		run(t, ctx, chromedp.ScrollIntoView(step.sel, chromedp.ByQuery), chromedp.Evaluate(fmt.Sprintf(inScreen, step.sel), &got))
		if strings.TrimSpace(got) != step.want {
			t.Errorf("%s: %s reads %q, want %q", step.path, step.sel, got, step.want)
		}
		shot(t, ctx, "/tmp/pagefix30/phone"+strings.ReplaceAll(step.path, "/", "_")+".png", false)
	}
}
