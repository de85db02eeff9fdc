package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Search as you type (DESIGN §5), on a 375 px phone in Chinese: a visitor
// types in the header's search box and, after a pause, the best matches
// show under it on the screen, each a link, with one to every result and
// the count said to a screen reader; tapping one opens it. A word with no
// match says so; Escape closes the list.
func TestSayt43SearchAsYouTypeOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	want := h.idea(fan, cid, "银离子内筒告别二次污染")
	h.idea(fan, cid, "二次污染的自清洁门封")
	h.idea(fan, cid, "静音电机")
	h.waitTotal("", "q=%E4%BA%8C%E6%AC%A1%E6%B1%A1%E6%9F%93", 2)

	ctx := newBrowser(t, 375, 667)
	jVisit(t, ctx, h.srv.URL+"/")
	jLang(t, ctx, "zh")
	link := fmt.Sprintf(`#header-suggest a[href="/ideas/%d"]`, want)
	jDo(t, ctx, chromedp.SendKeys("#header-q", "二次污染", chromedp.ByQuery))
	jInView(t, ctx, "the suggested idea", link)
	jWant(t, "the suggestion", jText(t, ctx, link), "银离子内筒告别二次污染")
	// The challenge ("洗衣机二次污染") matches too, marked as one.
	if got := len(jTexts(t, ctx, "#header-suggest li")); got != 4 {
		t.Errorf("%d suggestions, want the challenge, the 2 ideas and every result", got)
	}
	jWant(t, "the challenge's mark", jText(t, ctx, fmt.Sprintf(`#header-suggest a[href="/challenges/%d"] .badge`, cid)), jT("zh", "search.type_challenge"))
	jWant(t, "the last link", jText(t, ctx, "#header-suggest .suggest-all"), jT("zh", "sayt43.all"))
	var said string
	jDo(t, ctx, chromedp.TextContent("#header-suggest-said", &said, chromedp.ByQuery))
	jWant(t, "what a screen reader hears", said, jT("zh", "search.total", 3))
	jFits(t, ctx, "the page with its suggestions")
	shot(t, ctx, "/tmp/sayt43-a.png", false)
	jGo(t, ctx, link)
	jWant(t, "the page tapped", jPath(t, ctx), fmt.Sprintf("/ideas/%d", want))

	// Escape closes the list; the same word again opens it.
	jDo(t, ctx, chromedp.SendKeys("#header-q", "二次污染", chromedp.ByQuery))
	jInView(t, ctx, "the suggestions", "#header-suggest .suggest-all")
	jDo(t, ctx, chromedp.SendKeys("#header-q", kb.Escape, chromedp.ByQuery), chromedp.WaitNotVisible("#header-suggest", chromedp.ByQuery))
	jDo(t, ctx, chromedp.SendKeys("#header-q", kb.Backspace+"染", chromedp.ByQuery))
	jInView(t, ctx, "the suggestions again", "#header-suggest .suggest-all")
	// No match (a word half typed): nothing shows, no "nothing found".
	jDo(t, ctx, chromedp.Evaluate(`document.getElementById("header-q").value = ""`, nil), chromedp.SendKeys("#header-q", "zzqxj", chromedp.ByQuery), chromedp.Sleep(time.Second))
	var shown bool
	jDo(t, ctx, chromedp.Evaluate(`!document.getElementById("header-suggest").hidden`, &shown))
	if shown {
		t.Errorf("suggestions show for a word nothing matches")
	}

	// A moderator's suggestions mark an idea no list shows, as the search
	// page does; a fan's leave it out.
	mod := h.fan("mod@x.cn")
	h.confirm(int64(jUserID(h, mod)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, mod)), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", want), mod, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.waitTotal("", "q=%E4%BA%8C%E6%AC%A1%E6%B1%A1%E6%9F%93", 2)
	jSignIn(t, ctx, h, "mod@x.cn", "fan-password", "zh")
	jDo(t, ctx, chromedp.Evaluate(`document.getElementById("header-q").value = ""`, nil), chromedp.SendKeys("#header-q", "二次污染", chromedp.ByQuery))
	jInView(t, ctx, "the hidden idea, for a moderator", link)
	jWant(t, "the hidden idea's mark", jText(t, ctx, link+" .badge"), jT("zh", "state.hidden"))
	shot(t, ctx, "/tmp/sayt44-mod.png", false)
}
