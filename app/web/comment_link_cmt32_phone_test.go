package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, the author opens the bell, then the
// notice of the 230th of 255 comments on their idea: the phone is on the
// comments page that holds it, the comment on the screen.
func TestCmt32PhoneBellNoticeOfALateComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	commenter := h.fan("commenter@x.cn")
	idea, cm := cmt32LateComment(t, h, admin, author, commenter, cid)
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "author@x.cn")

	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
	jGo(t, ctx, "a.notices")
	jGo(t, ctx, fmt.Sprintf(`button[data-href$="#comment-%d"]`, cm))
	var where, lang string
	jDo(t, ctx, chromedp.Evaluate(`location.pathname + location.search + location.hash`, &where),
		chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery))
	jWant(t, "the page the notice opens", where, fmt.Sprintf("/ideas/%d?comment=%d#comment-%d", idea, cm, cm))
	if !strings.HasPrefix(lang, "zh") {
		t.Errorf("the page is in %q, want Chinese", lang)
	}
	jInView(t, ctx, "the 230th comment", fmt.Sprintf("#comment-%d", cm))
	shot(t, ctx, "/tmp/cmt32-phone-notice.png", false)

	// A notice written before comments had their own address links to
	// the idea with the anchor alone: the page asks for the one that holds
	// the comment.
	jDo(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/ideas/%d#comment-%d", h.srv.URL, idea, cm)),
		chromedp.WaitVisible(fmt.Sprintf("#comment-%d", cm), chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname + location.search + location.hash`, &where))
	jWant(t, "an old notice's link", where, fmt.Sprintf("/ideas/%d?comment=%d#comment-%d", idea, cm, cm))
	jInView(t, ctx, "the 230th comment, from an old link", fmt.Sprintf("#comment-%d", cm))
}
