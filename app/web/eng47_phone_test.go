package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// Session 47's loop on a 375 px phone in Chinese: the engineer's bell
// leads from a fan's question to the comment, on the screen; a declined
// tester reads so on the project's page; the organiser's overview names
// the engineer owing a tester an answer. Nothing scrolls sideways.
func TestEng47PhoneWalk(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	h.earn(e.authorID, 10)
	testers := fmt.Sprintf("/api/v1/projects/%d/testers", e.pid)
	h.api("POST", testers, e.author, map[string]string{"motivation": "我也想试"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("%s/%d", testers, e.authorID), e.eng, map[string]bool{"accepted": false}).must(t, 200)
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]any{"body": "内筒多久需要清洗一次？"}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 2, "body": "洗到一半门打不开"}).must(t, 201)

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	notice := fmt.Sprintf(`button[data-href="/ideas/%d?comment=%d#comment-%d"]`, e.ideaID, cm, cm)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/notifications"), chromedp.WaitVisible(notice, chromedp.ByQuery))
	jFits(t, ctx, "the engineer's notifications")
	jWantContains(t, "the question's notice", jText(t, ctx, notice), "等待工程师回复")
	shot(t, ctx, "/tmp/eng47-phone-bell.png", false)
	run(t, ctx, chromedp.Click(notice, chromedp.ByQuery), chromedp.WaitVisible(fmt.Sprintf("#comment-%d", cm), chromedp.ByQuery))
	jInView(t, ctx, "the fan's question", fmt.Sprintf("#comment-%d", cm))
	jFits(t, ctx, "the idea's page at the question")

	jFresh(t, ctx)
	phoneSignIn(t, ctx, h, "author@x.cn")
	jVisit(t, ctx, fmt.Sprintf("%s/projects/%d", h.srv.URL, e.pid))
	jWant(t, "the declined applicant's line", jText(t, ctx, "#tester-declined"), jT("zh", "eng47.declined"))
	shot(t, ctx, "/tmp/eng47-phone-declined.png", false)

	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/replies")
	jWantContains(t, "the overview's waiting project", jText(t, ctx, fmt.Sprintf("#pa-%d", e.pid)), jT("zh", "eng47.engineer", "eng"))
	shot(t, ctx, "/tmp/eng47-phone-replies.png", false)
}
