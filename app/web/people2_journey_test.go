package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/i18n"

	"github.com/chromedp/chromedp"
)

// A fan opens a board post from the board on a phone and sees, beside the
// commenter's name, the commenter's honour badges (the rarest first, named
// for screen readers), and the post's status history, newest first, with
// the brand's role and not the engineer's name (#17 items 3 and 4). At a
// phone's and a desktop's width, in Chinese and in English.
func TestJourneyBadgesBesideNamesAndStatusHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机")
	eng := h.engineer(admin, "hidden.engineer@brand.cn")
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		author := jUser(h, fmt.Sprintf("author-%s-%s@x.cn", size.name, lang), "发帖的粉丝")
		post := h.idea(author, bid, "脱水太吵 "+size.name+lang)
		commenter := jUser(h, fmt.Sprintf("commenter-%s-%s@x.cn", size.name, lang), "热心的王芳")
		cid := jUserID(h, commenter)
		for _, k := range []string{"honour_fan", "club_star", "founding_fan"} {
			h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", cid), admin, map[string]string{"key": k}).must(t, 201)
		}
		h.idea(commenter, bid, "门封圈发霉 "+size.name+lang) // first idea: a fourth badge
		comment := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", post), commenter, map[string]string{"body": "我家也是，晚上吵得睡不着"}).must(t, 201).JSON, "id")
		status := fmt.Sprintf("/api/v1/ideas/%d/status", post)
		h.api("PUT", status, eng, map[string]any{"status": "planned", "response": "已排期"}).must(t, 200)
		h.api("PUT", status, eng, map[string]any{"status": "in_progress", "response": "固件开发中"}).must(t, 200)

		email := fmt.Sprintf("reader-%s-%s@x.cn", size.name, lang)
		jUser(h, email, "读者")
		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d?sort=new", h.srv.URL, bid))
		jGo(t, ctx, fmt.Sprintf(`.card-title a[href="/ideas/%d"], .card-title a[href^="/ideas/%d-"]`, post, post))

		row := fmt.Sprintf("#comment-%d .name-badges", comment)
		jWant(t, "the commenter's name", jText(t, ctx, fmt.Sprintf("#comment-%d .meta strong a", comment)), "热心的王芳")
		jWant(t, "first badge's name", jAttr(t, ctx, row+" .name-badge", "aria-label"), jT(lang, "badge.honour_fan"))
		if n := jCount(t, ctx, row+" .name-badge"); n != 3 {
			t.Errorf("%d badges beside the name, want 3", n)
		}
		jWant(t, "+N", jText(t, ctx, row+" .more-badges"), "+1")
		jWant(t, "+N's name", jAttr(t, ctx, row+" .more-badges", "aria-label"), i18n.For(lang).N("people2.more_badges", 1))
		// The badges sit on the commenter's line, on screen.
		var onScreen bool
		jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(function(){var b=document.querySelector(%q).getBoundingClientRect(),
			a=document.querySelector(%q).getBoundingClientRect();
			return b.right <= window.innerWidth && b.left >= 0 && b.top < a.bottom && b.bottom > a.top})()`,
			row, fmt.Sprintf("#comment-%d .meta strong a", comment)), &onScreen))
		if !onScreen {
			t.Error("the badges are not beside the name, on screen")
		}

		moves := jTexts(t, ctx, ".status-history .status-move .by-role")
		if len(moves) != 2 || moves[0] != jT(lang, "people2.answered_as.engineer") {
			t.Errorf("status history roles %q", moves)
		}
		// The newest move's response is the official response just above:
		// shown there once, the move points at it.
		jWantContains(t, "the official response", jText(t, ctx, "#post-status .official-response"), "固件开发中")
		jWantContains(t, "newest move first", jText(t, ctx, ".status-history .status-move"), jT(lang, "leftovers.response_above"))
		if n := strings.Count(jText(t, ctx, "#post-status"), "固件开发中"); n != 1 {
			t.Errorf("the official response is shown %d times, want once", n)
		}
		jWantContains(t, "to in progress", jText(t, ctx, ".status-history .status-move p:nth-child(2)"), jT(lang, "post_status.in_progress"))
		if html := jText(t, ctx, ".status-history"); strings.Contains(html, "hidden.engineer") {
			t.Errorf("the history names the engineer: %q", html)
		}
	})
}
