package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, a moderator facing a wave of 205 reported
// ideas is told 共 205 项待处理, taps 下一页 to the queue's second page (the
// part kept in its address), hides an item there with a reason and comes
// back to that second page, not the first: told so, the item gone, one
// fewer waiting, nothing scrolling sideways.
func TestModq54PhoneSecondPageAndBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	_, ideas := modq54Wave(t, h, 205)
	ctx := newBrowser(t, 375, 667)
	staff52SignIn(t, ctx, h, "mod@x.cn", "fan-password")

	jVisit(t, ctx, h.srv.URL+"/moderation")
	jWant(t, "the count", jText(t, ctx, "#queue-waiting strong"), jT("zh", "modq54.waiting", "205"))
	jWant(t, "the next page's link", jText(t, ctx, "#reported-next"), "下一页")
	if box := staff52Boxes(t, ctx, "#reported-next"); len(box) != 1 || box[0].Bottom-box[0].Top < 40 {
		t.Errorf("下一页 is %+v, want one link at least 40 px tall", box)
	}
	jDo(t, ctx, chromedp.ScrollIntoView("#reported-next", chromedp.ByQuery))
	jGo(t, ctx, "#reported-next")
	second := modq54Where(t, ctx)
	if !strings.HasPrefix(second, "/moderation?") || !strings.Contains(second, "part=reported") || !strings.Contains(second, "cursor=") {
		t.Fatalf("下一页 led to %q, want the queue's reported part after a cursor", second)
	}
	var shown []string
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("article.mod-item")].map(a => a.id)`, &shown))
	if len(shown) != 5 {
		t.Fatalf("the second page shows %d items (%v), want the last 5", len(shown), shown)
	}
	// The first made, the oldest of equal reports, is on the last page.
	target := fmt.Sprintf("mod-idea-%d", ideas[0])
	if !strings.Contains(strings.Join(shown, " "), target) {
		t.Fatalf("the second page holds %v, not %s", shown, target)
	}
	reason := fmt.Sprintf("#reason-idea-%d", ideas[0])
	jDo(t, ctx, chromedp.ScrollIntoView(reason, chromedp.ByQuery), chromedp.SendKeys(reason, "刷单广告", chromedp.ByQuery))
	jGo(t, ctx, fmt.Sprintf(`#%s button[value="hide"]`, target))

	jWant(t, "the page after the decision", modq54Where(t, ctx), second)
	jDo(t, ctx, chromedp.WaitVisible(".flash", chromedp.ByQuery))
	jWant(t, "what the page says", jText(t, ctx, ".flash"), jT("zh", "moderation.done"))
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("article.mod-item")].map(a => a.id)`, &shown))
	if len(shown) != 4 || strings.Contains(strings.Join(shown, " "), target) {
		t.Errorf("back on the second page: %d items (%.200v), want its other 4", len(shown), shown)
	}
	jWant(t, "the count after", jText(t, ctx, "#queue-waiting strong"), jT("zh", "modq54.waiting", "204"))
	shot(t, ctx, "/tmp/modq54-phone-second.png", false)
}

// modq54Where is the tab's address: its path and query.
func modq54Where(t *testing.T, ctx context.Context) string {
	t.Helper()
	var where string
	jDo(t, ctx, chromedp.Evaluate(`location.pathname + location.search`, &where))
	return where
}
