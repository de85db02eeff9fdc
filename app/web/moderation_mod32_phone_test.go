package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, a moderator opens the second comments
// page of an idea and restores a hidden comment there without a reason:
// the answer is that page, the comment on it, the reason focused on the
// screen with its message and as typed, nothing scrolling sideways. With
// a reason, the phone is back on that page at the comment, told.
func TestMod32PhoneRestoreOnALaterCommentsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	idea, cm, after := mod32LaterComment(t, h, admin, author, mod, cid)
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "mod@x.cn")

	reason := fmt.Sprintf("#reason-comment-%d", cm)
	button := fmt.Sprintf(`#restore-comment-%d button[value="restore"]`, cm)
	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
	jGo(t, ctx, fmt.Sprintf(`a[href$="?comments_after=%s#comments-title"]`, after))
	var label string
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('label[for="reason-comment-%d"]').textContent`, cm), &label))
	jWant(t, "the restore's reason label", label, jT("zh", "mod32.restore_reason"))
	jDo(t, ctx, chromedp.ScrollIntoView(reason, chromedp.ByQuery), chromedp.SendKeys(reason, "  ", chromedp.ByQuery))
	jGo(t, ctx, button)

	type seen struct {
		Comment, Focused, Kept bool
		Message                string
	}
	var s seen
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(() => {
  const r = document.querySelector(%q), m = document.querySelector(%q);
  return {Comment: !!document.querySelector("#comment-%d.hidden-comment"), Focused: document.activeElement === r,
    Kept: !!r && r.value === "  ", Message: m ? m.textContent : ""};
})()`, reason, reason+"-error", cm), &s))
	if !s.Comment || !s.Focused || !s.Kept || s.Message == "" {
		t.Errorf("the refused restore's answer: %+v, want the comment, its reason focused and kept, a message", s)
	}
	jInView(t, ctx, "the reason", reason)
	jInView(t, ctx, "the reason's message", reason+"-error")
	shot(t, ctx, "/tmp/mod32-phone-refused.png", false)

	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).value = ""`, reason), nil), chromedp.SendKeys(reason, "误判", chromedp.ByQuery))
	jGo(t, ctx, button)
	var where string
	jDo(t, ctx, chromedp.Evaluate(`location.pathname + location.search + location.hash`, &where))
	jWant(t, "the page after the restore", where, fmt.Sprintf("/ideas/%d?comments_after=%s#comment-%d", idea, after, cm))
	jDo(t, ctx, chromedp.WaitVisible(".flash", chromedp.ByQuery))
	jInView(t, ctx, "the restored comment", fmt.Sprintf("#comment-%d", cm))
}
