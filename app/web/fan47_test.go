package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A fan who takes back "I'd buy it" after the vote closed (the page was
// open before) is brought back to the form, told why, not shown an error
// page; the intent stays.
func TestFan47AWithdrawRefusedSaysWhyAtTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("lin@fans.cn")
	_, designs := qigePoll(t, h, admin)
	b := h.browser()
	b.signIn("lin@fans.cn", "fan-password")
	page := "/ideas/" + itoa(int64(designs[1]))
	b.post(page, page+"/intent", url.Values{"quantity": {"2"}, "option.size": {"M"}, "option.colour": {"红"}, "max_price": {"199"}}).must(t, 303)
	token := b.csrf(page)
	h.advance(80 * time.Hour) // the vote is over
	r := b.postLang(page+"/intent", strings.NewReader(url.Values{"withdraw": {"1"}, "_csrf": {token}}.Encode()), "zh-CN")
	if r.Status != 303 || r.Header.Get("Location") != page+"#buy" {
		t.Fatalf("a late withdraw: %d to %q, want back to the form", r.Status, r.Header.Get("Location"))
	}
	body := b.zhPage(page)
	if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, html.EscapeString(jT("zh", "error.voting_closed"))) {
		t.Errorf("the idea page does not say why the withdraw was refused")
	}
	if idea, err := h.svc.Idea(t.Context(), nil, int64(designs[1])); err != nil || idea.Buyers != 1 {
		t.Errorf("the refused withdraw changed the intent: %+v %v", idea.Buyers, err)
	}
}

// In a challenge rated with stars, the similar ideas shown while a fan
// types a new one carry no "▲ 0": the challenge counts no support votes.
func TestFan47SimilarIdeasOfAStarsChallengeShowNoVotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("lin@fans.cn")
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	h.idea(admin, cid, "无孔内筒自动清洁")
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "lin@fans.cn")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/submit", h.srv.URL, cid))
	jDo(t, ctx, chromedp.SendKeys("#title", "无孔内筒", chromedp.ByQuery), chromedp.WaitVisible("#similar li a", chromedp.ByQuery))
	if row := jText(t, ctx, "#similar li"); strings.Contains(row, "▲") || !strings.Contains(row, "无孔内筒自动清洁") {
		t.Errorf("a similar idea of a stars challenge reads %q", row)
	}
}
