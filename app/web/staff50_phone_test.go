package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese: the admin opens the invitation form on
// the users page, invites a judge (whose address someone else signed up
// with, unconfirmed: the invitation takes it over, and their token ends), and lands at the new row, confirmed
// there with its history; the invitation email's link opens the
// set-password page on the judge's phone, and the password set, the
// judge is signed in at their queue, the judge's menu there. Nothing
// scrolls sideways.
func TestStaff50PhoneAdminInvitesAJudge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	// Someone signed up with the judge's address first (session 50's
	// review): the invitation takes that account over.
	squatter := h.fan("li.judge@brand.cn")
	h.mailOut("zh")

	ctx := newBrowser(t, 375, 667)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "admin@brand.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "admin-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
	jVisit(t, ctx, h.srv.URL+"/admin/users")
	jWant(t, "the invitation's button", jText(t, ctx, "#invite > summary"), "邀请工作人员")
	jInView(t, ctx, "the invitation's button", "#invite > summary")
	jDo(t, ctx, chromedp.Click("#invite > summary", chromedp.ByQuery), chromedp.WaitVisible("#invite-email", chromedp.ByQuery))
	jFits(t, ctx, "the open invitation form")
	shot(t, ctx, "/tmp/staff50-phone-invite-form.png", true)
	jDo(t, ctx,
		chromedp.SendKeys("#invite-email", "li.judge@brand.cn", chromedp.ByQuery),
		chromedp.SendKeys("#invite-name", "李评委", chromedp.ByQuery),
		chromedp.Click(`#invite input[name=roles][value=judge]`, chromedp.ByQuery))
	jWant(t, "the invitation's language", jValue(t, ctx, "#invite-lang"), "zh")
	jDo(t, ctx, chromedp.ScrollIntoView(".invite-form button.primary", chromedp.ByQuery))
	jInView(t, ctx, "the send button", ".invite-form button.primary")
	jGo(t, ctx, ".invite-form button.primary")
	jWant(t, "the confirmation on the new row", jText(t, ctx, ".user-row .flash"), "已向 li.judge@brand.cn 发出邀请。")
	jInView(t, ctx, "the confirmation", ".user-row .flash")
	if got := jText(t, ctx, ".user-row .role-history li"); !strings.HasSuffix(got, "管理员 管理员 邀请加入：评委") {
		t.Errorf("the new row's history: %q", got)
	}
	shot(t, ctx, "/tmp/staff50-phone-invited.png", true)
	h.api("GET", "/api/v1/me", squatter, nil).must(t, 401)

	m := mailLang(t, h.mailOut("en"), "li.judge@brand.cn", "zh")
	link := staff50LinkOf(t, m)

	jctx := newBrowser(t, 375, 667)
	setLanguage(t, jctx, h, "zh")
	jVisit(t, jctx, h.srv.URL+link)
	jWant(t, "the set-password page", jText(t, jctx, "h1"), "设置你的密码")
	shot(t, jctx, "/tmp/staff50-phone-set-password.png", true)
	jDo(t, jctx, chromedp.SendKeys("#password", "judge-password", chromedp.ByQuery))
	jGo(t, jctx, "form button.primary")
	jWant(t, "where the judge lands", jPath(t, jctx), "/judging")
	jWantContains(t, "the welcome", jText(t, jctx, ".flash"), "欢迎加入")
	jWant(t, "the judge's menu", jText(t, jctx, `.nav a[href="/judging"]`), jT("zh", "nav.judging"))
	if n := jTexts(t, jctx, ".bell .count, .notice-count"); len(n) != 0 {
		t.Errorf("the judge's bell counts %q: the invitation is no news once used", n)
	}
	shot(t, jctx, "/tmp/staff50-phone-judge-queue.png", true)
}

// jValue is the value of the form control sel.
func jValue(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var v string
	jDo(t, ctx, chromedp.Value(sel, &v, chromedp.ByQuery))
	return v
}
