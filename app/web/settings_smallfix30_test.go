package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The settings page shows a fan's own settings first; the API tokens sit
// in a folded "开发者 / For developers" part at its end, closed until the
// page is about them: a token just made (shown once), the token form
// refused, or back from revoking one. Tokens are still made and revoked
// from it.
func TestSmallfix30TokensAreAFoldedPartAtTheEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.confirmedFan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get("/settings", "Accept-Language", "zh-CN").must(t, 200).Body
	dev := strings.Index(page, `<details class="developer" id="developer">`)
	if dev < 0 {
		t.Fatalf("no closed developers' part on the settings page:\n%.4000s", page)
	}
	if !strings.Contains(page[dev:], "<summary><h2>"+jT("zh", "smallfix30.developers")+"</h2></summary>") {
		t.Errorf("the developers' part is not named %q", jT("zh", "smallfix30.developers"))
	}
	end := strings.Index(page[dev:], "</details>")
	if end < 0 {
		t.Fatal("the developers' part does not end")
	}
	inside := page[dev : dev+end]
	if !strings.Contains(inside, `id="token-form"`) || !strings.Contains(inside, jT("zh", "settings.tokens")) {
		t.Error("the token form and heading are not inside the developers' part")
	}
	for _, own := range []string{`id="name-form"`, `id="language-form"`, `id="password-form"`, `action="/settings/email"`, `id="signout-everywhere"`} {
		if i := strings.Index(page, own); i < 0 || i > dev {
			t.Errorf("%s is not before the developers' part", own)
		}
	}
	if rest := page[dev+end:]; strings.Contains(rest, "<form") || strings.Contains(rest, "<h2") {
		t.Error("something comes after the developers' part on the settings page")
	}

	// A refused token form: the part is open, the refusal inside.
	r := b.post("/settings", "/settings/tokens", url.Values{"name": {"脚本"}, "current_password": {"wrong"}})
	if !strings.Contains(r.Body, `<details class="developer" id="developer" open>`) || !strings.Contains(r.Body, `id="token-error"`) {
		t.Errorf("a refused token form: the developers' part is not open with its refusal (%d)", r.Status)
	}
	// A token made: shown once, in the open part; it works.
	r = b.post("/settings", "/settings/tokens", url.Values{"name": {"脚本"}, "current_password": {"fan-password"}}).must(t, 200)
	if !strings.Contains(r.Body, `<details class="developer" id="developer" open>`) {
		t.Error("the token just made is in a closed part")
	}
	m := regexp.MustCompile(`<pre class="token"><code>([^<]+)</code></pre>`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("the token made is not shown")
	}
	h.api("GET", "/api/v1/me", m[1], nil).must(t, 200)
	// Revoked: back to the open part, the token refused.
	rv := regexp.MustCompile(`action="(/settings/tokens/\d+/revoke)"`).FindStringSubmatch(r.Body)
	if rv == nil {
		t.Fatal("no revoke button")
	}
	r = b.post("/settings", rv[1], nil)
	if r.Status != 303 || r.Header.Get("Location") != "/settings?developer=1#developer" {
		t.Fatalf("revoking: %d to %q", r.Status, r.Header.Get("Location"))
	}
	if p := b.get("/settings?developer=1").must(t, 200).Body; !strings.Contains(p, `<details class="developer" id="developer" open>`) {
		t.Error("back from revoking, the developers' part is closed")
	}
	if r := h.api("GET", "/api/v1/me", m[1], nil); r.Status != 401 {
		t.Errorf("the revoked token still works: %d", r.Status)
	}
}

// The settings page on a phone (375×667) in Chinese: the person's own
// settings come first and fit; the developers' part is folded at the end,
// opens with a tap, makes a token shown on the screen without the page
// scrolling sideways, and revokes it.
func TestSmallfix30SettingsOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.confirmedFan("fan@x.cn")
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/settings") // fits (jFits)

	var open, last, tokenShown bool
	var firstHeading string
	jDo(t, ctx,
		chromedp.Evaluate(`document.querySelector("#developer").open`, &open),
		chromedp.Evaluate(`document.querySelector("main section.narrow").lastElementChild.id === "developer"`, &last),
		chromedp.Evaluate(`document.querySelector("#token-form").checkVisibility()`, &tokenShown),
		chromedp.Evaluate(`document.querySelector("main h2").textContent.trim()`, &firstHeading),
	)
	if open || !last || tokenShown {
		t.Errorf("the developers' part: open %v, last %v, token form shown %v; want closed, last, hidden", open, last, tokenShown)
	}
	if firstHeading == jT("zh", "smallfix30.developers") || firstHeading == jT("zh", "settings.tokens") {
		t.Errorf("the page's first section is %q", firstHeading)
	}
	jWant(t, "the developers' part", jText(t, ctx, "#developer > summary"), jT("zh", "smallfix30.developers"))
	jInView(t, ctx, "the name form", "#settings-name")
	overflowing := `Array.from(document.querySelectorAll("main *")).filter(e => e.checkVisibility() && !e.closest("pre") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(e => e.tagName + "#" + e.id + "." + e.className)`
	var wide []string
	jDo(t, ctx, chromedp.Evaluate(overflowing, &wide))
	if len(wide) > 0 {
		t.Errorf("on the settings page at 375 px these stick out: %v", wide)
	}

	// Open it, make a token.
	jDo(t, ctx, chromedp.Click("#developer > summary", chromedp.ByQuery), chromedp.WaitVisible("#token-form", chromedp.ByQuery))
	jFits(t, ctx, "the settings page with the developers' part open")
	jDo(t, ctx,
		chromedp.SendKeys("#token-name", "我的脚本", chromedp.ByQuery),
		chromedp.SendKeys("#token-password", "fan-password", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#token-form button").scrollIntoView({block: "center"})`, nil),
	)
	jGo(t, ctx, "#token-form button")
	jDo(t, ctx, chromedp.Evaluate(`document.querySelector("#developer").open`, &open))
	if !open {
		t.Error("the token just made is in a closed part")
	}
	// The page made lands at the developers' part: the token is on the
	// screen without scrolling to it.
	jInView(t, ctx, "the token made", "pre.token")
	var right, width float64
	jDo(t, ctx,
		chromedp.Evaluate(`document.querySelector("pre.token").getBoundingClientRect().right`, &right),
		chromedp.Evaluate(`document.documentElement.clientWidth`, &width),
	)
	if right > width {
		t.Errorf("the token's box ends at %v px in a %v px screen", right, width)
	}
	jDo(t, ctx, chromedp.Evaluate(overflowing, &wide))
	if len(wide) > 0 {
		t.Errorf("with a token made, these stick out at 375 px: %v", wide)
	}

	// Revoke it: back in the open part, told so.
	before := jCount(t, ctx, ".tokens li")
	jDo(t, ctx, chromedp.Evaluate(`document.querySelector(".tokens button").scrollIntoView({block: "center"})`, nil))
	jGo(t, ctx, ".tokens button")
	jDo(t, ctx, chromedp.Evaluate(`document.querySelector("#developer").open`, &open))
	if !open {
		t.Error("back from revoking, the developers' part is closed")
	}
	jWant(t, "the revoke's message", jText(t, ctx, ".flash"), jT("zh", "settings.token_revoked"))
	jInView(t, ctx, "the revoke's message, under the part's summary", "#developer > summary + .flash")
	if n := jCount(t, ctx, ".tokens li"); n != before-1 {
		t.Errorf("%d tokens listed after revoking one of %d", n, before)
	}
}
