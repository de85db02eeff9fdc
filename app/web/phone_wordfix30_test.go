package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cocreate/app/demo"
	"cocreate/app/domain"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// wf30CurveFits checks, in the browser, that a labelled demand curve shows
// every band's price and count inside the drawing, none touching another,
// at 11 px or more; it answers what the texts read.
const wf30CurveFits = `(() => {
  const svg = document.querySelector(%q);
  if (!svg) return {err: 'no curve'};
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')].map(e => ({t: e.textContent, c: e.getAttribute('class'), r: e.getBoundingClientRect()}));
  const bad = [];
  if (box.left < 0 || box.right > window.innerWidth) bad.push('the drawing is off the screen: ' + box.left + '-' + box.right);
  if (12 * scale < 11) bad.push('text is ' + (12 * scale) + ' px');
  for (const a of texts) {
    if (a.r.left < box.left - 0.5 || a.r.right > box.right + 0.5 || a.r.top < box.top - 0.5 || a.r.bottom > box.bottom + 0.5) bad.push(a.t + ' leaves the drawing');
    for (const b of texts) {
      if (a !== b && a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) bad.push(a.t + ' touches ' + b.t);
    }
  }
  return {labels: texts.filter(x => x.c === 'chart-label').map(x => x.t), notes: texts.filter(x => x.c === 'chart-note').map(x => x.t), bad: bad};
})()`

type wf30Curve struct {
	Err    string   `json:"err"`
	Labels []string `json:"labels"`
	Notes  []string `json:"notes"`
	Bad    []string `json:"bad"`
}

// The phone walk of wordfix30, at 375×667 in Chinese: the demand curve of
// ten dear price bands labels every band; a remove without a reason is
// refused at its field; a pairwise score says what it is; a stars
// challenge's badge and integrity page say rating; the reply times join
// with 、; a quantity of 11 says 1 to 10; the demo's dress poll speaks of
// choosing between two and its people joined before they acted.
func TestWordfix30Phone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	zh := func(k string, args ...any) string { return jT("zh", k, args...) }
	seen := func(sel string) string {
		t.Helper()
		var got string
		jDo(t, ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.Evaluate(fmt.Sprintf(inScreen, sel), &got))
		return strings.TrimSpace(got)
	}

	// 1. Ten dear bands, each chosen by someone.
	bands := make([]int, 10)
	for i := range bands {
		bands[i] = 100000 + i*99999
	}
	poll := h.openChallenge(admin, map[string]any{"title": "七格格 本季新款", "kind": "design_poll",
		"buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": bands})
	dress := h.idea(admin, poll, "青花瓷连衣裙")
	for i, b := range bands {
		fan := h.fan(fmt.Sprintf("buyer%d@fans.cn", i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", dress), fan, map[string]any{"quantity": 1 + i%3, "options": map[string]string{"size": "M"}, "max_price": b}).must(t, 200)
	}
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/demand", h.srv.URL, poll))
	sel := fmt.Sprintf(`#idea-%d svg[data-kind="labelled-columns"]`, dress)
	jDo(t, ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery))
	var curve wf30Curve
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(wf30CurveFits, sel), &curve))
	if curve.Err != "" || len(curve.Labels) != 10 || len(curve.Notes) != 10 || len(curve.Bad) > 0 {
		t.Errorf("the demand curve at 375 px: %+v", curve)
	}
	shot(t, ctx, "/tmp/wordfix30/demand.png", false)

	// 2 and 4. A stars challenge: its badge, and its integrity page.
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, stars))
	if got, want := seen(".page-head .badge"), zh("phase.submissions")+" · "+zh("phase.voting.stars"); got != want {
		t.Errorf("the stars challenge's badge reads %q, want %q", got, want)
	}
	cid, gid := wf30Group(t, h, admin, map[string]any{"voting_method": "stars"})
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/integrity", h.srv.URL, cid))
	if got := seen(".evidence li"); !strings.Contains(got, "评分") || strings.Contains(got, "投票") {
		t.Errorf("the evidence reads %q", got)
	}
	remove := fmt.Sprintf(`#group-%d button[value="remove"]`, gid)
	if got := seen(remove); got != zh("integrity.remove.stars") {
		t.Errorf("the remove button reads %q", got)
	}
	jGo(t, ctx, remove)
	if got := seen(fmt.Sprintf("#reason-%d-error", gid)); got != zh("error.required") {
		t.Errorf("remove without a reason: the field says %q, want %q", got, zh("error.required"))
	}
	shot(t, ctx, "/tmp/wordfix30/integrity.png", false)

	// 3. A pairwise score.
	pair := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	h.idea(h.fan("maker@fans.cn"), pair, "无孔内筒")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, pair))
	if got := seen(".pair-score-label"); got != zh("results.crowd.pairwise") {
		t.Errorf("the pairwise score's label reads %q", got)
	}
	shot(t, ctx, "/tmp/wordfix30/pairwise.png", false)

	// 5. The reply times.
	h.advance(3 * time.Hour)
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/replies", h.srv.URL, pair))
	if got := seen(".waiting"); !strings.Contains(got, zh("replies.kind_idea")+" · "+strings.Split(zh("replies.waited", "x"), " ")[0]) {
		t.Errorf("a waiting idea reads %q", got)
	}

	// 6. A quantity of 11, past the form's own check.
	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, dress))
	jDo(t, ctx, chromedp.Evaluate(`(() => { const f = document.querySelector('.buy-form'); f.noValidate = true; f.querySelector('#quantity').value = '11'; f.querySelector('input[name="option.size"]').checked = true; f.querySelector('input[name="max_price"]').checked = true; })()`, nil))
	jGo(t, ctx, `.buy-form button[type="submit"]:not([name])`)
	if got, want := seen("#quantity-error"), zh("error.out_of_range.quantity", domain.MinIntentQuantity, domain.MaxIntentQuantity); got != want {
		t.Errorf("a quantity of 11 says %q, want %q", got, want)
	}
	shot(t, ctx, "/tmp/wordfix30/quantity.png", false)

	// 7. The demo.
	organiser, _, err := h.store.UserByEmail(context.Background(), "admin@brand.cn")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), h.svc, organiser.ID); err != nil {
		t.Fatal(err)
	}
	list, err := h.svc.Challenges(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if strings.HasPrefix(c.Title, "七格格 2027") {
			jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, c.ID))
			if got := seen(".brief p"); !strings.Contains(got, "两款") || strings.Contains(got, "票") {
				t.Errorf("the demo dress poll's brief reads %q", got)
			}
			shot(t, ctx, "/tmp/wordfix30/demo-poll.png", false)
		}
	}
	zhang, _, err := h.store.UserByEmail(context.Background(), "zhang@demo.cocreate")
	if err != nil {
		t.Fatal(err)
	}
	jVisit(t, ctx, fmt.Sprintf("%s/users/%d", h.srv.URL, zhang.ID))
	var joined string
	jDo(t, ctx, chromedp.AttributeValue(".page-head .meta time, main .meta time", "datetime", &joined, nil, chromedp.ByQuery))
	if at, err := time.Parse(time.RFC3339, joined); err != nil || !at.Before(h.clock().Add(-12*24*time.Hour)) {
		t.Errorf("zhang joined %q, want before the demo's oldest history (12 days back): %v", joined, err)
	}
	shot(t, ctx, "/tmp/wordfix30/demo-profile.png", false)
}
