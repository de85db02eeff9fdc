package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/integrity"
)

// A judge of a blind rubric, on a phone, opens an idea of the challenge
// they judge from its page: the idea's page names no author and shows
// neither the crowd's stars nor the ratings held for review (which a fan
// does see), and its crumb leads back to the challenge (tidy7: the page
// masks first and reads held acts only for who may see them). At a phone's
// and a desktop's width, in Chinese and in English.
func TestJourneyBlindJudgeOpensAnIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		cid := h.openChallenge(admin, map[string]any{"voting_method": "stars", "title": "盲评 " + size.name + lang, "shortlist_size": 1, "winners": 1})
		author := jUser(h, fmt.Sprintf("maker-%s-%s@x.cn", size.name, lang), "设计师小王")
		idea := h.idea(author, cid, "折叠晾衣架 "+size.name+lang)
		var raters []int64
		for i := range 3 {
			tok := jUser(h, fmt.Sprintf("rater%d-%s-%s@x.cn", i, size.name, lang), "评分者")
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", idea), tok, map[string]any{"stars": 5}).must(t, 200)
			raters = append(raters, int64(jUserID(h, tok)))
		}
		err := h.store.SaveIntegrityScan(context.Background(), int64(cid), 0, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined,
				Group: integrity.Group{Users: raters[:2], Ideas: []int64{int64(idea)}, Votes: 2, Score: 0.99}}}
		})
		if err != nil {
			t.Fatal(err)
		}
		email := fmt.Sprintf("judge-%s-%s@x.cn", size.name, lang)
		blindJudge(t, h, admin, cid, email)
		// A fan sees the held ratings; the judge must not.
		fan := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), author, nil).must(t, 200)
		if fan.JSON["ratings_under_review"] != float64(2) {
			t.Fatalf("the author sees no held ratings: %s", fan.Body)
		}

		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
		jGo(t, ctx, fmt.Sprintf(`#idea-%d .card-title a`, idea))
		if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/ideas/%d-", idea)) {
			t.Fatalf("the idea's link led to %s", p)
		}
		jWant(t, "the idea's title", jText(t, ctx, ".idea-head h1"), "折叠晾衣架 "+size.name+lang)
		jWantContains(t, "the idea's author", jText(t, ctx, ".idea-head .meta"), jT(lang, "idea.anonymous"))
		head := jText(t, ctx, ".idea-head")
		if strings.Contains(head, "设计师小王") {
			t.Errorf("a blind judge sees the author: %q", head)
		}
		if n := jCount(t, ctx, ".idea-head .badge.under-review"); n != 0 {
			t.Errorf("a blind judge sees %d held-acts badges: %q", n, head)
		}
		if n := jCount(t, ctx, ".idea-head .stars-tally"); n != 0 {
			t.Errorf("a blind judge sees the crowd's stars: %q", head)
		}
		// No dead end: the crumb leads back to the challenge.
		jGo(t, ctx, ".idea .crumbs a")
		if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/challenges/%d", cid)) {
			t.Errorf("the crumb led to %s", p)
		}
	})
}
