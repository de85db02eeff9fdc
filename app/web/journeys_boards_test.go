package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"cocreate/app/i18n"

	"github.com/chromedp/chromedp"
)

// Journey (issue 17): a fan posts on an always-open board from the home
// page (similar posts suggested while typing); an engineer answers it
// "planned" with an official response from the post's page, after a
// refused decline shown at its field; the fan who voted for it reads the
// notice; a visitor finds it on the roadmap from the header, with its vote
// and the response. At a phone's and a desktop's size, in both languages.
func TestJourneyBoardPostToRoadmap(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机 · Washing machines")
	lookalike := h.idea(admin, bid, "脱水噪音太大 spin noise")
	jWaitSimilar(t, h, bid, lookalike, "脱水噪音")
	eng := jUser(h, "eng@brand.cn", "吴工 Engineer Wu")
	h.confirm(int64(jUserID(h, eng)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, eng)), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		who := size.name + "-" + lang
		poster := "poster-" + who
		jUser(h, poster+"@x.cn", poster)
		voter := jUser(h, "voter-"+who+"@x.cn", "voter-"+who)

		// The fan posts, from the home page's boards.
		jSignIn(t, ctx, h, poster+"@x.cn", "fan-password", lang)
		jVisit(t, ctx, h.srv.URL+"/")
		jWant(t, "boards heading", jText(t, ctx, "main h2.section-title"), jT(lang, "home.boards"))
		jGo(t, ctx, fmt.Sprintf(`.boards .card-title a[href^="/challenges/%d"]`, bid))
		jWant(t, "board badge", jText(t, ctx, ".page-head .badge"), jT(lang, "board.always_open"))
		jGo(t, ctx, fmt.Sprintf(`.actions a[href="/challenges/%d/submit"]`, bid))
		title := "脱水噪音 " + who
		jDo(t, ctx,
			chromedp.SendKeys("#title", "脱水噪音", chromedp.ByQuery),
			chromedp.WaitVisible(fmt.Sprintf(`#similar li a[href="/ideas/%d"]`, lookalike), chromedp.ByQuery),
			chromedp.SendKeys("#title", " "+who, chromedp.ByQuery),
			chromedp.SendKeys("#summary", "夜里脱水太吵 / too loud at night", chromedp.ByQuery),
		)
		jGo(t, ctx, `main form[data-similar] button[type="submit"]`)
		jWant(t, "post heading", jText(t, ctx, "main h1"), title)
		jWantContains(t, "the new post's status", jText(t, ctx, "#status-title"), jT(lang, "post_status.open"))
		p := strings.TrimPrefix(jPath(t, ctx), "/ideas/")
		post, err := strconv.Atoi(strings.SplitN(p, "-", 2)[0])
		if err != nil {
			t.Fatalf("the post's address is /ideas/%s", p)
		}
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", post), voter, nil).must(t, 200)

		// The engineer answers from the post's page: a decline with no
		// reason is refused at the response field, then "planned".
		jSignIn(t, ctx, h, "eng@brand.cn", "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d", h.srv.URL, post))
		jDo(t, ctx, chromedp.SetValue("#status", "declined", chromedp.ByQuery))
		jGo(t, ctx, `form.status-form button`)
		jWant(t, "error at the response", jText(t, ctx, "#response-error"), jT(lang, "error.response_required"))
		jWantContains(t, "status after the refusal", jText(t, ctx, "#status-title"), jT(lang, "post_status.open"))
		response := "下个固件版本降低噪音 next firmware " + who
		jDo(t, ctx,
			chromedp.SetValue("#status", "planned", chromedp.ByQuery),
			chromedp.SendKeys("#response", response, chromedp.ByQuery),
		)
		jGo(t, ctx, `form.status-form button`)
		jWant(t, "saved message", jText(t, ctx, ".flash"), jT(lang, "board.status_saved"))
		jInView(t, ctx, "the saved message, in the post's status", "#post-status > .flash")
		jWantContains(t, "status after saving", jText(t, ctx, "#status-title"), jT(lang, "post_status.planned"))
		jWantContains(t, "the official response", jText(t, ctx, ".post-status .official-response"), response)

		// The voter is told, in their language.
		jSignIn(t, ctx, h, "voter-"+who+"@x.cn", "fan-password", lang)
		jWant(t, "unread count", jText(t, ctx, ".notices .count"), "1")
		jGo(t, ctx, ".notices")
		jWantContains(t, "the notice", jText(t, ctx, "main"), jT(lang, "notice.status", title, jT(lang, "post_status.planned")))

		// A visitor reads the roadmap from the header.
		jFresh(t, ctx)
		jVisit(t, ctx, h.srv.URL+"/")
		jLang(t, ctx, lang)
		jGo(t, ctx, `.nav a[href="/roadmap"]`)
		jWant(t, "roadmap heading", jText(t, ctx, "main h1"), jT(lang, "roadmap.title"))
		item := fmt.Sprintf(`#col-planned ~ #idea-%d`, post)
		jWantContains(t, "the planned post", jText(t, ctx, item+" .card-title"), title)
		jWantContains(t, "its vote", jText(t, ctx, item+" .votes"), i18n.For(lang).N("roadmap.votes", 1))
		jWantContains(t, "its response", jText(t, ctx, item+" .official-response"), response)
	})
}
