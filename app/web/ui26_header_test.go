package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestUI26HeaderNameEllipsis signs in people with long names on a 375 px
// phone and checks the header shows the start of the name and ends it with
// "…": the name box must not be a centred flex box (which clips both ends
// and never shows an ellipsis).
func TestUI26HeaderNameEllipsis(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	people := []struct{ email, name string }{
		{"xiaomei@x.cn", "爱设计的洗衣机达人小美"},
		{"mod@x.cn", "Moderator 郑版主"},
	}
	for _, p := range people {
		jUser(h, p.email, p.name)
	}
	jUser(h, "li@x.cn", "李")
	ctx := newBrowser(t, 375, 667)
	// A short name is still a 44 px tap target.
	jSignIn(t, ctx, h, "li@x.cn", "fan-password", "zh")
	var size []float64
	jDo(t, ctx, chromedp.Evaluate(`(() => { const r = document.querySelector(".user-name").getBoundingClientRect(); return [r.width, r.height]; })()`, &size))
	if size[0] < 44 || size[1] < 44 {
		t.Errorf("a one-character name's link is %v x %v px, want at least 44 x 44", size[0], size[1])
	}
	for _, lang := range []string{"zh", "en"} {
		for _, p := range people {
			jSignIn(t, ctx, h, p.email, "fan-password", lang)
			var got struct {
				Text         string  `json:"text"`
				Display      string  `json:"display"`
				TextOverflow string  `json:"textOverflow"`
				Scroll       float64 `json:"scroll"`
				Client       float64 `json:"client"`
				BoxLeft      float64 `json:"boxLeft"`
				FirstLeft    float64 `json:"firstLeft"`
			}
			jDo(t, ctx, chromedp.Evaluate(`(() => {
				const el = document.querySelector(".user-name");
				const cs = getComputedStyle(el);
				const r = document.createRange();
				r.setStart(el.firstChild, 0); r.setEnd(el.firstChild, 1);
				return {text: el.textContent, display: cs.display, textOverflow: cs.textOverflow,
					scroll: el.scrollWidth, client: el.clientWidth,
					boxLeft: el.getBoundingClientRect().left + parseFloat(cs.paddingLeft),
					firstLeft: r.getBoundingClientRect().left};
			})()`, &got))
			if got.Text != p.name {
				t.Errorf("%s: the header names %q, want %q", lang, got.Text, p.name)
			}
			if got.Display == "flex" || got.Display == "inline-flex" {
				t.Errorf("%s, %s: the name is display:%s, where text-overflow cannot apply", lang, p.name, got.Display)
			}
			if got.TextOverflow != "ellipsis" {
				t.Errorf("%s, %s: text-overflow is %q, want ellipsis", lang, p.name, got.TextOverflow)
			}
			if got.Scroll <= got.Client {
				t.Errorf("%s, %s: the name fits (%v <= %v px); the test needs it clipped", lang, p.name, got.Scroll, got.Client)
			}
			if got.FirstLeft < got.BoxLeft-0.5 {
				t.Errorf("%s, %s: the first character starts %v px left of the name's box: its start is cut off", lang, p.name, got.BoxLeft-got.FirstLeft)
			}
		}
	}
}
