package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Journeys of #16 items 4 and 5, at a phone's and a desktop's width, in
// Chinese and English: a fan says "I'd buy it"; the organiser reads the
// demand, downloads it and marks a design for production; an idea reaches
// its supporter threshold and another misses it.

func TestJourneyFanSaysIdBuyIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	poll := h.openChallenge(admin, map[string]any{"title": "七格格 本季新款", "kind": "design_poll",
		"buy_options": map[string][]string{"size": {"S", "M", "L"}, "colour": {"红", "黑"}},
		"price_bands": []int{99, 199, 299}})
	designs := map[string]int{}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			designs[size.name+lang] = h.idea(admin, poll, "连衣裙 "+size.name+" "+lang)
			jUser(h, fmt.Sprintf("buyer-%s-%s@fans.cn", size.name, lang), "买家")
		}
	}
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		id := designs[size.name+lang]
		jSignIn(t, ctx, h, fmt.Sprintf("buyer-%s-%s@fans.cn", size.name, lang), "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, id))
		jWant(t, "buy heading", jText(t, ctx, "#buy-title"), jT(lang, "demand.buy.title"))
		jWant(t, "nobody yet", jText(t, ctx, ".buy-count"), jN(lang, "demand.buy.fans", 0))
		// Options and price bands are big tap targets: tap them as a thumb would.
		var box map[string]float64
		jDo(t, ctx, chromedp.Evaluate(`(() => { const r = document.querySelector('.buy-form input[name="option.size"][value="M"] + span').getBoundingClientRect(); return {w: r.width, h: r.height}; })()`, &box))
		if box["w"] < 44 || box["h"] < 44 {
			t.Errorf("a size is a %vx%v px target, want at least 44x44", box["w"], box["h"])
		}
		jDo(t, ctx,
			chromedp.SetValue("#quantity", "2", chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="option.size"][value="M"] + span`, chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="option.colour"][value="红"] + span`, chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="max_price"][value="199"] + span`, chromedp.ByQuery),
		)
		jGo(t, ctx, `.buy-form button[type="submit"]:not([name])`)
		jWant(t, "saved message", jText(t, ctx, ".flash"), jT(lang, "demand.saved"))
		jInView(t, ctx, "the saved message, in the buy box", "#buy > .flash")
		jWant(t, "count after saying it", jText(t, ctx, ".buy-count"), jN(lang, "demand.buy.fans", 1))
		var checked bool
		jDo(t, ctx, chromedp.Evaluate(`document.querySelector('.buy-form input[name="option.size"][value="M"]').checked && document.querySelector('.buy-form input[name="max_price"][value="199"]').checked`, &checked))
		if !checked {
			t.Error("the form does not show the saved choice")
		}
		// Change it: a different size and quantity; still one buyer.
		jDo(t, ctx,
			chromedp.SetValue("#quantity", "3", chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="option.size"][value="L"] + span`, chromedp.ByQuery),
		)
		jWant(t, "change button", jText(t, ctx, `.buy-form button[type="submit"]:not([name])`), jT(lang, "demand.buy.change"))
		jGo(t, ctx, `.buy-form button[type="submit"]:not([name])`)
		jWant(t, "count after changing it", jText(t, ctx, ".buy-count"), jN(lang, "demand.buy.fans", 1))
		// Take it back.
		jGo(t, ctx, `.buy-form button[name="withdraw"]`)
		jWant(t, "taken back", jText(t, ctx, ".flash"), jT(lang, "demand.withdrawn"))
		jInView(t, ctx, "the taken-back message, in the buy box", "#buy > .flash")
		jWant(t, "count after taking it back", jText(t, ctx, ".buy-count"), jN(lang, "demand.buy.fans", 0))
		// And say it again, to leave it said.
		jDo(t, ctx,
			chromedp.Click(`.buy-form input[name="option.size"][value="S"] + span`, chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="option.colour"][value="黑"] + span`, chromedp.ByQuery),
			chromedp.Click(`.buy-form input[name="max_price"][value="299"] + span`, chromedp.ByQuery),
		)
		jGo(t, ctx, `.buy-form button[type="submit"]:not([name])`)
		jWant(t, "count at the end", jText(t, ctx, ".buy-count"), jN(lang, "demand.buy.fans", 1))
	})
}

func TestJourneyOrganiserReadsDemand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	polls := map[string]int{}
	designs := map[string]int{}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			k := size.name + lang
			polls[k] = h.openChallenge(admin, map[string]any{"title": "七格格 " + k, "kind": "design_poll",
				"buy_options": map[string][]string{"size": {"S", "M", "L"}}, "price_bands": []int{199, 299}})
			designs[k] = h.idea(admin, polls[k], "青花瓷连衣裙 "+k)
			h.idea(admin, polls[k], "无人问津 "+k)
			for i, sz := range []string{"M", "M", "L"} {
				fan := jUser(h, fmt.Sprintf("f%d-%s@fans.cn", i, k), "粉丝")
				h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", designs[k]), fan,
					map[string]any{"quantity": 1 + i, "options": map[string]string{"size": sz}, "max_price": []int{199, 299, 299}[i]}).must(t, 200)
			}
		}
	}
	h.advance(80 * time.Hour) // voting is over: designs may go into production
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		k := size.name + lang
		jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, polls[k]))
		jGo(t, ctx, "a.demand-link")
		jWant(t, "demand heading", jText(t, ctx, "main h1"), jT(lang, "demand.title"))
		top := fmt.Sprintf("#idea-%d", designs[k])
		jWant(t, "top design", jText(t, ctx, ".demand-design h2"), "青花瓷连衣裙 "+k)
		jWant(t, "totals", jText(t, ctx, top+" .demand-totals"), jT(lang, "demand.buyers", 3)+" · "+jT(lang, "demand.units", 6))
		var charts int
		jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%q).length`, top+" svg.chart"), &charts))
		if charts != 2 {
			t.Errorf("%d charts for the design, want by size and the demand curve", charts)
		}
		// The spreadsheet link works with the organiser's session.
		var csv string
		jDo(t, ctx, chromedp.Evaluate(`fetch(document.querySelector('a[href$="format=csv"]').href).then(r => r.text())`, &csv,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		jWantContains(t, "CSV", csv, "idea_id,title,buyers,units,size: S,size: M,size: L,max_price: 199,max_price: 299")
		jWantContains(t, "CSV", csv, fmt.Sprintf("%d,青花瓷连衣裙 %s,3,6,0,3,3,1,5", designs[k], k))
		// Going to production, confirmed, tells the three would-be buyers.
		jDo(t, ctx, chromedp.Click(top+" details.confirm summary", chromedp.ByQuery))
		jWantContains(t, "the confirmation", jText(t, ctx, top+` form[action$="/production"] p`), jN(lang, "prod48.confirm", 3))
		jGo(t, ctx, top+` form[action$="/production"] button`)
		jWant(t, "told", jText(t, ctx, ".flash"), jT(lang, "demand.production_told", 3))
		jInView(t, ctx, "the told message, in the design's box", top+" > .flash")
		jWant(t, "production badge", jText(t, ctx, top+" .production-note"), jT(lang, "demand.production.badge"))
	})
}

func TestJourneySupporterThreshold(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := jUser(h, "author@fans.cn", "作者")
	call := h.openChallenge(admin, map[string]any{"support_threshold": 2, "threshold_days": 1})
	early := jUser(h, "early@fans.cn", "早鸟")
	missed, reached := map[string]int{}, map[string]int{}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			k := size.name + lang
			missed[k] = h.idea(author, call, "没赶上 "+k)
			jUser(h, "voter-"+k+"@fans.cn", "支持者")
		}
	}
	// A day later the first ideas have missed; new ones race.
	h.advance(24*time.Hour + time.Minute)
	for k := range missed {
		reached[k] = h.idea(author, call, "差一票 "+k)
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", reached[k]), early, nil).must(t, 200)
	}
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != len(missed) {
		t.Fatalf("the sweep expired %d: %v", n, err)
	}
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		k := size.name + lang
		jSignIn(t, ctx, h, "voter-"+k+"@fans.cn", "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, reached[k]))
		jWant(t, "bar heading", jText(t, ctx, "#threshold-title"), jT(lang, "demand.threshold.title"))
		jWant(t, "count before", jText(t, ctx, ".threshold-count"), jT(lang, "demand.threshold.count", 1, 2))
		jWantContains(t, "days left", jText(t, ctx, ".threshold-left"), jT(lang, "demand.threshold.days_left", 1))
		// The last vote it needs.
		jDo(t, ctx,
			chromedp.Click(".idea-head form.vote button", chromedp.ByQuery),
			chromedp.WaitVisible(".idea-head form.vote.voted", chromedp.ByQuery),
		)
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, reached[k]))
		jWant(t, "reached", jText(t, ctx, ".threshold-reached"), jT(lang, "demand.threshold.reached"))
		jWant(t, "state", jText(t, ctx, ".idea-head .badge"), jT(lang, "state.shortlisted"))
		// The one that missed has left the list; its page stays.
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, call))
		if titles := strings.Join(jTexts(t, ctx, ".idea-card h3, .idea-card h2"), "|"); strings.Contains(titles, "没赶上 "+k) {
			t.Errorf("the expired idea is still listed: %s", titles)
		}
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, missed[k]))
		jWant(t, "missed", jText(t, ctx, ".threshold-missed"), jT(lang, "demand.threshold.missed"))
		jWant(t, "expired state", jText(t, ctx, ".idea-head .badge"), jT(lang, "state.expired"))
		var disabled bool
		jDo(t, ctx, chromedp.Evaluate(`document.querySelector(".idea-head form.vote button").disabled`, &disabled))
		if !disabled {
			t.Error("the expired idea's vote button can be pressed")
		}
	})
}
