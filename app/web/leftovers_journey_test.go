package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cocreate/app/i18n"
	"cocreate/app/integrity"

	"github.com/chromedp/chromedp"
)

// An author on a phone sees the bell count a comment on their idea, opens
// it from the notices, and on the idea's page sees the star ratings held
// for review, which lead to the public integrity log; once moderators hide
// the comment, the bell counts nothing and the list no longer shows it
// (leftovers: #13's badge, #16's held acts). At a phone's and a desktop's
// width, in Chinese and in English.
func TestJourneyUnreadBadgeAndHeldRatings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		cid := h.openChallenge(admin, map[string]any{"voting_method": "stars", "title": "星级评选 " + size.name + lang})
		email := fmt.Sprintf("author-%s-%s@x.cn", size.name, lang)
		author := jUser(h, email, "设计师")
		idea := h.idea(author, cid, "折叠晾衣架 "+size.name+lang)
		var raters []int64
		for i := range 3 {
			tok := jUser(h, fmt.Sprintf("rater%d-%s-%s@x.cn", i, size.name, lang), "评分者")
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", idea), tok, map[string]any{"stars": 5}).must(t, 200)
			raters = append(raters, int64(jUserID(h, tok)))
		}
		// A scan quarantines two of the raters (through the store's own
		// path for a scan's decision).
		err := h.store.SaveIntegrityScan(context.Background(), int64(cid), 0, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined,
				Group: integrity.Group{Users: raters[:2], Ideas: []int64{int64(idea)}, Votes: 2, Score: 0.99}}}
		})
		if err != nil {
			t.Fatal(err)
		}
		commenter := jUser(h, fmt.Sprintf("commenter-%s-%s@x.cn", size.name, lang), "路人")
		comment := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), commenter, map[string]string{"body": "加我微信买便宜货"}).must(t, 201).JSON, "id")

		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, h.srv.URL+"/")
		jWant(t, "the bell's count", jText(t, ctx, "a.notices .count"), "1")
		jGo(t, ctx, "a.notices")
		jGo(t, ctx, fmt.Sprintf(`.notice button[data-href="/ideas/%d?comment=%d#comment-%d"]`, idea, comment, comment))
		// Up to the idea's head, past the comment the notice pointed at.
		jDo(t, ctx, chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
		held := i18n.For(lang).N("leftovers.ratings_under_review", 2)
		jWant(t, "the ratings held", jText(t, ctx, ".idea-head .badge.under-review"), held)
		jGo(t, ctx, ".idea-head .badge.under-review")
		jWant(t, "where the held ratings lead", jPath(t, ctx), fmt.Sprintf("/challenges/%d/integrity/log", cid))

		h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", comment), admin, map[string]string{"action": "hide", "reason": "广告 spam"}).must(t, 200)
		h.advance(time.Second)
		jVisit(t, ctx, h.srv.URL+"/")
		if n := jCount(t, ctx, "a.notices .count"); n != 0 {
			t.Errorf("the bell still counts the hidden comment's notice: %q", jText(t, ctx, "a.notices"))
		}
		jGo(t, ctx, "a.notices")
		if n := jCount(t, ctx, ".notice"); n != 0 {
			t.Errorf("%d notices listed after the comment was hidden, want none", n)
		}
		jWant(t, "no notices", jText(t, ctx, ".empty p"), jT(lang, "notice.none"))
	})
}
