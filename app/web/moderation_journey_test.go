package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Journey: on a phone, a fan reports a comment from the small form under it
// and is told the report arrived; a moderator finds it in the queue from
// the menu, hides it with a reason, and sees the decision in the log.
func TestJourneyReportAndModerate(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := jUser(h, "author@x.cn", "Author 作者")
	jUser(h, "fan@x.cn", "Fan 粉丝")
	mod := jUser(h, "mod@x.cn", "Mod 版主")
	h.confirm(int64(jUserID(h, mod)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, mod)), admin, map[string]any{"roles": []string{"moderator"}}).must(t, 200)

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		idea := h.idea(author, cid, "Quiet spin "+size.name+" "+lang)
		cm := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), author, map[string]string{"body": "Buy followers cheap " + lang}).must(t, 201).JSON, "id")

		jSignIn(t, ctx, h, "fan@x.cn", "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, idea))
		form := fmt.Sprintf(`#comment-%d details.report`, cm)
		jDo(t, ctx,
			chromedp.Click(form+" summary", chromedp.ByQuery),
			chromedp.WaitVisible(form+` input[value="spam"]`, chromedp.ByQuery),
			chromedp.Click(form+` input[value="spam"]`, chromedp.ByQuery),
			chromedp.SendKeys(form+` textarea[name="note"]`, "ads", chromedp.ByQuery),
		)
		jFits(t, ctx, "the idea page with the report form open")
		jGo(t, ctx, form+` button`)
		jWant(t, "the reporter's confirmation", jText(t, ctx, ".flash"), jT(lang, "report.received"))

		jSignIn(t, ctx, h, "mod@x.cn", "fan-password", lang)
		jGo(t, ctx, jStaffPlace(t, ctx, "/moderation"))
		item := fmt.Sprintf(`#mod-comment-%d`, cm)
		jWantContains(t, "the queued comment", jText(t, ctx, item+" .mod-excerpt"), "Buy followers cheap "+lang)
		jWantContains(t, "its reasons", jText(t, ctx, item+" .mod-reasons"), jT(lang, "report.reason.spam"))
		jDo(t, ctx, chromedp.SendKeys(item+` input[name="reason"]`, "spam 广告", chromedp.ByQuery))
		jGo(t, ctx, item+` button[value="hide"]`)
		jWant(t, "the decision's confirmation", jText(t, ctx, ".flash"), jT(lang, "moderation.done"))
		jWantContains(t, "the log", jText(t, ctx, ".mod-log li"), "spam 广告")
		if n := len(jTexts(t, ctx, item)); n != 0 {
			t.Error("the decided comment is still in the queue")
		}
		if body := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), "", nil).must(t, 200).Body; strings.Contains(body, "Buy followers") {
			t.Error("the hidden comment is still public")
		}
	})
}
