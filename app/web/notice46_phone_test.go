package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, a moderator sees the queue counted in
// the menu, finds the review an author asked for at the top, under its
// own heading, keeps the idea hidden with a reason, and is back at the
// queue with the item gone, the count down; the author's phone then shows
// the decision in the idea's history and notifications, nothing
// scrolling sideways.
func TestNotice46PhoneModeratorAnswersAReview(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	h.staffer(admin, "mod@x.cn", "moderator")
	hidden := h.idea(author, cid, "免清洗内筒：滚筒自动清洗不留死角，长标题也要在手机上换行")
	reported := h.idea(admin, cid, "加我微信领优惠券")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", hidden), admin, map[string]string{"action": "hide", "reason": "广告"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d/review", hidden), author, map[string]string{"note": "不是广告，是真实的设计"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", reported), h.confirmedFan("r@x.cn"), map[string]string{"reason": "spam"}).must(t, 201)

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "mod@x.cn")
	jVisit(t, ctx, h.srv.URL+"/")
	jWant(t, "the menu's count", jText(t, ctx, `.nav-staff > summary .count`), "2")
	jWant(t, "the moderation place's count", jText(t, ctx, jStaffPlace(t, ctx, "/moderation")+" .count"), "2")
	jGo(t, ctx, `.nav a[href="/moderation"]`)
	jWant(t, "the reviews' heading", jText(t, ctx, "#reviews-title"), jT("zh", "mod46.reviews", 1))
	first := jTexts(t, ctx, ".mod-item .mod-excerpt")
	if len(first) != 2 || first[0] != "免清洗内筒：滚筒自动清洗不留死角，长标题也要在手机上换行" {
		t.Fatalf("the queue on a phone: %q, want the review first", first)
	}
	item := fmt.Sprintf("#mod-idea-%d", hidden)
	keep := item + ` button[value="hide"]`
	jWant(t, "the hidden item's first button", jText(t, ctx, keep), jT("zh", "mod46.keep_hidden"))
	reason := fmt.Sprintf("#reason-idea-%d", hidden)
	jDo(t, ctx, chromedp.ScrollIntoView(reason, chromedp.ByQuery), chromedp.SendKeys(reason, "仍像广告", chromedp.ByQuery),
		// the buttons under the reason, where the moderator scrolls next
		// (the field may be at the screen's foot: a confirmed moderator
		// has no banner at the top since session 51)
		chromedp.ScrollIntoView(item+" .mod-actions", chromedp.ByQuery))
	jInView(t, ctx, "the keep-hidden button", keep)
	jGo(t, ctx, keep)
	if left := jTexts(t, ctx, ".mod-item .mod-excerpt"); len(left) != 1 || left[0] != "加我微信领优惠券" {
		t.Errorf("after the decision the queue holds %q, want the reported idea alone", left)
	}
	jWant(t, "the menu's count after", jText(t, ctx, `.nav-staff > summary .count`), "1")
	shot(t, ctx, "/tmp/notice46-phone-queue.png", true)

	actx := newBrowser(t, 375, 667)
	phoneSignIn(t, actx, h, "author@x.cn")
	jVisit(t, actx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, hidden))
	history := jTexts(t, actx, ".history .events li")
	if n := len(history); n == 0 || !strings.Contains(history[n-1], jT("zh", "history46.kept_hidden")) || !strings.Contains(history[n-1], "仍像广告") {
		t.Errorf("the author's history on a phone: %q", history)
	}
	jVisit(t, actx, h.srv.URL+"/notifications")
	if got := jTexts(t, actx, ".notice"); len(got) == 0 || !strings.Contains(got[0], "版主复核了") {
		t.Errorf("the author's newest notification: %q", got)
	}
}
