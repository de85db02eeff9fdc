package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, the organiser's desk names the hidden
// finalist as hidden awaiting moderation and, at the publish button, says
// publishing waits for it; the moderator's queue badges it shortlisted;
// neither page scrolls sideways.
func TestJudging51PhoneHiddenFinalist(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid, fav, _, _, _ := judging51Challenge(t, h, admin)
	h.staffer(admin, "mod@x.cn", "moderator")
	for _, r := range []string{h.trustedFan("r1@x.cn"), h.trustedFan("r2@x.cn"), h.trustedFan("r3@x.cn")} {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", fav), r, map[string]string{"reason": "spam"}).must(t, 201)
	}

	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/judging", h.srv.URL, cid))
	if got := jText(t, ctx, "#hidden-finalists"); !strings.Contains(got, "评委最爱 favourite") || !strings.Contains(got, "隐藏待审核") {
		t.Errorf("the desk's hidden finalists on a phone: %q", got)
	}
	jDo(t, ctx, chromedp.ScrollIntoView(`details.confirm:has(form[action$="/publish"]) > summary`, chromedp.ByQuery), chromedp.Click(`details.confirm:has(form[action$="/publish"]) > summary`, chromedp.ByQuery))
	jInView(t, ctx, "the publish warning", "#publish-hidden")
	if got := jText(t, ctx, "#publish-hidden"); !strings.Contains(got, "1 个入围创意隐藏待审核") {
		t.Errorf("the publish warning on a phone: %q", got)
	}
	var wide bool
	jDo(t, ctx, chromedp.Evaluate(scrollsSideways, &wide))
	if wide {
		t.Errorf("the desk scrolls sideways on a phone")
	}
	shot(t, ctx, "/tmp/judging51-phone-desk.png", true)

	mctx := newBrowser(t, 375, 667)
	phoneSignIn(t, mctx, h, "mod@x.cn")
	jVisit(t, mctx, h.srv.URL+"/moderation")
	jWant(t, "the finalist's badge", jText(t, mctx, fmt.Sprintf("#mod-idea-%d .badge.finalist", fav)), "入围")
	jDo(t, mctx, chromedp.Evaluate(scrollsSideways, &wide))
	if wide {
		t.Errorf("the moderation queue scrolls sideways on a phone")
	}
	shot(t, mctx, "/tmp/judging51-phone-queue.png", true)
}
