package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Session 48's trust work on a 375×667 phone in Chinese, nothing scrolling
// sideways: the moderator opens an item's reporters in the queue and taps
// through to one's account; on an idea's page hides a comment with a
// reason and is back at it; the organiser is stopped at the publish
// button by a group that waits, and taps through to the integrity page;
// a fan suspended meanwhile reads why, under a heading that says so.
func TestReport48PhoneWalk(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	idea := e.ideas[0]
	cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), e.fan, map[string]string{"body": "加我微信领优惠券，长长的一段评论也要在手机上换行显示"}).must(t, 201).JSON, "id")
	reporter := h.fan("reporter@x.cn")
	reporterID := num(h.api("GET", "/api/v1/me", reporter, nil).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", e.ideas[1]), reporter, map[string]string{"reason": "spam", "note": "像是广告"}).must(t, 201)
	h.staffer(e.admin, "mod@x.cn", "moderator")

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "mod@x.cn")
	jVisit(t, ctx, h.srv.URL+"/moderation")
	item := fmt.Sprintf("#mod-idea-%d", e.ideas[1])
	jWant(t, "the reporters' summary", jText(t, ctx, item+" .mod-reporters summary"), "举报人（1）")
	jDo(t, ctx, chromedp.ScrollIntoView(item+" .mod-reporters summary", chromedp.ByQuery), chromedp.Click(item+" .mod-reporters summary", chromedp.ByQuery))
	jDo(t, ctx, chromedp.ScrollIntoView(item+" .mod-reporters li", chromedp.ByQuery))
	jWantContains(t, "the reporter's line", jText(t, ctx, item+" .mod-reporters li"), "邮箱未验证")
	jFits(t, ctx, "the queue, reporters open")
	shot(t, ctx, "/tmp/report48-phone-queue.png", true)
	jGo(t, ctx, item+" .mod-reporters li a")
	if got := jPath(t, ctx); got != "/admin/users" {
		t.Errorf("the reporter's link led to %s", got)
	}
	jInView(t, ctx, "the reporter's row", fmt.Sprintf("#user-%d", reporterID))

	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
	hide := fmt.Sprintf("#comment-%d .mod-hide", cm)
	jDo(t, ctx, chromedp.ScrollIntoView(hide+" summary", chromedp.ByQuery), chromedp.Click(hide+" summary", chromedp.ByQuery))
	reason := fmt.Sprintf("#reason-comment-%d", cm)
	jDo(t, ctx, chromedp.SendKeys(reason, "广告", chromedp.ByQuery))
	jFits(t, ctx, "the idea page, the hide form open")
	jGo(t, ctx, hide+` button[value="hide"]`)
	jInView(t, ctx, "the hidden comment", fmt.Sprintf("#comment-%d", cm))
	jWantContains(t, "the words at the comment", jText(t, ctx, fmt.Sprintf(`.flash[data-at="comment-%d"]`, cm)), jT("zh", "moderation.done"))

	// The organiser, a group of accounts voting together open.
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	waitingGroup(t, h, e.cid, e.ideas[2])
	actx := newBrowser(t, 375, 667)
	jSignIn(t, actx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, actx, fmt.Sprintf("%s/challenges/%d/judging", h.srv.URL, e.cid))
	jDo(t, actx, chromedp.ScrollIntoView(".confirm summary", chromedp.ByQuery), chromedp.Click(".confirm summary", chromedp.ByQuery))
	jInView(t, actx, "the waiting group's words", "#publish-integrity")
	jWantContains(t, "the waiting group's words", jText(t, actx, "#publish-integrity"), "还有 1 个疑似协同的账号组")
	jFits(t, actx, "the desk, the publish confirmation open")
	shot(t, actx, "/tmp/report48-phone-desk.png", true)
	jGo(t, actx, "#publish-integrity a")
	if got := jPath(t, actx); got != fmt.Sprintf("/challenges/%d/integrity", e.cid) {
		t.Errorf("the desk's link led to %s", got)
	}

	// The reporter, suspended while signed in.
	fctx := newBrowser(t, 375, 667)
	phoneSignIn(t, fctx, h, "reporter@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", reporterID), e.admin, map[string]any{"suspended": true, "reason": "恶意举报"}).must(t, 200)
	jVisit(t, fctx, h.srv.URL+"/notifications")
	jWant(t, "the suspended page's heading", jText(t, fctx, "h1"), "账号已停用")
	if body := jText(t, fctx, ".error-page"); !strings.Contains(body, "恶意举报") || !strings.Contains(body, "像访客一样浏览") {
		t.Errorf("the suspended page on a phone: %q", body)
	}
	shot(t, fctx, "/tmp/report48-phone-suspended.png", true)
}
