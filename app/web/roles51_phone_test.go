package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese: the admin finds the row of an address
// someone signed up with unconfirmed; its staff boxes are off and the row
// says why, beside them, with a link; the link opens the invitation with
// the address filled in, and the invitation makes the account a
// moderator. Nothing scrolls sideways.
func TestRoles51PhoneAnUnconfirmedRowLeadsToTheInvitation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	id := h.userID(h.fan("mod@brand.cn"))

	ctx := newBrowser(t, 375, 667)
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "admin@brand.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "admin-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
	jVisit(t, ctx, h.srv.URL+"/admin/users")
	row := fmt.Sprintf("#user-%d", id)
	jDo(t, ctx, chromedp.ScrollIntoView(row+" .roles-unconfirmed", chromedp.ByQuery))
	jInView(t, ctx, "the row's note", row+" .roles-unconfirmed")
	jWantContains(t, "the row's note", jText(t, ctx, row+" .roles-unconfirmed"), "工作人员角色只授予已验证的邮箱")
	var disabled bool
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('%s input[value=moderator]').disabled`, row), &disabled))
	if !disabled {
		t.Error("the moderator box of the unconfirmed row can be ticked")
	}
	shot(t, ctx, "/tmp/roles51-phone-unconfirmed-row.png", false)
	jGo(t, ctx, row+" .roles-unconfirmed a")
	jInView(t, ctx, "the invitation's address", "#invite-email")
	jWant(t, "the invitation's address", jValue(t, ctx, "#invite-email"), "mod@brand.cn")
	shot(t, ctx, "/tmp/roles51-phone-invitation.png", false)
	jDo(t, ctx,
		chromedp.SendKeys("#invite-name", "郑版主", chromedp.ByQuery),
		chromedp.Click(`#invite input[name=roles][value=moderator]`, chromedp.ByQuery),
		chromedp.ScrollIntoView(".invite-form button.primary", chromedp.ByQuery))
	jGo(t, ctx, ".invite-form button.primary")
	jWant(t, "the confirmation on the row", jText(t, ctx, row+" .flash"), "已向 mod@brand.cn 发出邀请。")
	var checked bool
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('%s input[value=moderator]').checked`, row), &checked))
	if !checked {
		t.Error("the invited account is no moderator")
	}
	shot(t, ctx, "/tmp/roles51-phone-invited.png", true)
}
