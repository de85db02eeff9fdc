package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese, a fan reads an engineer's update far down
// a project's timeline, opens "评论这条进展" under it, and posts: back on
// the project page, the comment is under that update, on the screen, with
// the words saying it was posted beside it. A blank comment comes back
// with the update's own box in focus and its reason on the screen.
func TestUpd42AFanAnswersAnUpdateOnAPhone(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	var uid int
	for i := range 4 { // a long timeline: the update is screens down
		body := fmt.Sprintf("第 %d 次进展：%s", i, strings.Repeat("样机的内筒改了卡扣，门封换了材料。", 6))
		uid = upd42Update(t, e, e.pid, body)
	}
	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, e.h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/projects/%d", e.h.srv.URL, e.pid))
	at := fmt.Sprintf("#update-%d", uid)
	box := fmt.Sprintf("#answer-%d", uid)
	jWant(t, "the update's comment summary", jText(t, ctx, at+" details.answer-update summary"), jT("zh", "upd42.answer"))
	jDo(t, ctx, chromedp.Click(at+" details.answer-update summary", chromedp.ByQuery),
		chromedp.WaitVisible(box, chromedp.ByQuery),
		chromedp.SendKeys(box, "门封的新材料耐洗涤剂吗？", chromedp.ByQuery))
	jGo(t, ctx, at+" form button")
	jInView(t, ctx, "the new comment", at+" .update-comment")
	jWantContains(t, "the comment under the update", jText(t, ctx, at+" .update-comment"), "门封的新材料耐洗涤剂吗？")
	jInView(t, ctx, "the words saying it was posted", at+" .update-comment > .flash")
	jWant(t, "the words", jText(t, ctx, at+" .update-comment > .flash"), jT("zh", "upd42.posted"))
	jWant(t, "the count", jText(t, ctx, at+" .update-comment-count"), jT("zh", "upd42.count", 1))
	shot(t, ctx, "/tmp/upd42-a.png", false)

	// A blank comment: the box in focus, its reason on the screen.
	jDo(t, ctx, chromedp.Click(at+" details.answer-update summary", chromedp.ByQuery),
		chromedp.WaitVisible(box, chromedp.ByQuery),
		chromedp.Evaluate(fmt.Sprintf(`(f => { f.value = "   "; f.removeAttribute("required"); })(document.querySelector(%q))`, box), nil))
	jGo(t, ctx, at+" form button")
	var focused string
	jDo(t, ctx, chromedp.Evaluate(`document.activeElement.id`, &focused))
	jWant(t, "the box in focus", focused, strings.TrimPrefix(box, "#"))
	jInView(t, ctx, "the reason", box+"-error")
	jInView(t, ctx, "the box", box)
	jFits(t, ctx, "the refused comment's page")
	shot(t, ctx, "/tmp/upd42-b.png", false)
}
