package web

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// crowdFigure is the challenge page header's count of the crowd's acts:
// its measure (votes, ratings, comparisons) and number, "" when none.
var crowdFigure = regexp.MustCompile(`<strong class="crowd-([a-z]+)">(\d+)</strong>`)

func headerCrowd(t *testing.T, body string) string {
	t.Helper()
	all := crowdFigure.FindAllStringSubmatch(body, -1)
	if len(all) > 1 {
		t.Fatalf("the header counts the crowd %d times", len(all))
	}
	if len(all) == 0 {
		return ""
	}
	return all[0][1] + " " + all[0][2]
}

// A challenge's header counts what its method counts: votes, ratings or
// pair choices; a blind judge sees none of them, nor the votes per day.
func TestChallengeHeaderCountsTheMethodsActs(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	page := func(who *browser, cid int) string {
		t.Helper()
		r := who.get(fmt.Sprintf("/challenges/%d", cid))
		if r.Status != 200 {
			t.Fatalf("challenge %d: %d", cid, r.Status)
		}
		return r.Body
	}
	visitor, fan, judge := h.browser(), h.browser(), h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	judge.signIn("j2@x.cn", "fan-password")
	// Support: 5+4+3+2+1+5 votes on the six ideas.
	for _, who := range []*browser{visitor, fan} {
		body := page(who, e.cid)
		if got := headerCrowd(t, body); got != "votes 20" {
			t.Errorf("the support challenge's header counts %q, want votes 20", got)
		}
		if !strings.Contains(body, `class="charts"`) {
			t.Error("the votes per day are not shown to a fan")
		}
	}
	body := page(judge, e.cid)
	if got := headerCrowd(t, body); got != "" {
		t.Errorf("a blind judge's header counts %q", got)
	}
	if strings.Contains(body, `class="charts"`) {
		t.Error("a blind judge sees the votes per day")
	}
	if !strings.Contains(body, `<p class="stats"><strong>6</strong> ideas · <a`) {
		t.Errorf("a blind judge's header: %.300s", body[strings.Index(body, `<p class="stats">`):])
	}

	// Stars: two ratings, no votes.
	stars := h.openChallenge(e.admin, map[string]any{"voting_method": "stars", "title": "星级"})
	idea := h.idea(e.fan, stars, "折叠晾衣架")
	for _, v := range []string{e.j1, e.j2} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", idea), v, map[string]any{"stars": 4}).must(t, 200)
	}
	body = page(fan, stars)
	if got := headerCrowd(t, body); got != "ratings 2" {
		t.Errorf("the stars challenge's header counts %q, want ratings 2", got)
	}
	// Its top tab is by stars, and says so.
	if !topTab(body, "Top rated") {
		t.Errorf("the stars challenge's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
	// Pairwise: one answer, one skip.
	pairs := h.openChallenge(e.admin, map[string]any{"voting_method": "pairwise", "title": "两两"})
	h.idea(e.fan, pairs, "红裙")
	h.idea(e.fan, pairs, "黑裙")
	for i, choice := range []string{"left", "skip"} {
		q := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/pair", pairs), []string{e.j1, e.j2}[i], nil).must(t, 200)
		h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/pair", pairs), []string{e.j1, e.j2}[i],
			map[string]any{"pair_token": str(q.JSON, "pair_token"), "choice": choice}).must(t, 200)
	}
	body = page(visitor, pairs)
	if got := headerCrowd(t, body); got != "comparisons 1" {
		t.Errorf("the pairwise challenge's header counts %q, want comparisons 1", got)
	}
	if !topTab(body, "Top score") {
		t.Errorf("the pairwise challenge's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
	if body := page(visitor, e.cid); !topTab(body, "Top") {
		t.Errorf("the support challenge's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
}

// A fan on a phone sees how many ratings a stars challenge has had; its
// blind judge, once judging, sees how many ideas and nothing of the
// crowd's. In Chinese and in English, at a phone's and a desktop's width.
func TestJourneyChallengeHeaderCountsRatings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		cid := h.openChallenge(admin, map[string]any{"voting_method": "stars", "title": "星级 " + size.name + lang, "shortlist_size": 1, "winners": 1})
		author := jUser(h, fmt.Sprintf("maker8-%s-%s@x.cn", size.name, lang), "设计师小王")
		idea := h.idea(author, cid, "折叠晾衣架 "+size.name+lang)
		for i := range 3 {
			tok := jUser(h, fmt.Sprintf("rater8-%d-%s-%s@x.cn", i, size.name, lang), "评分者")
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", idea), tok, map[string]any{"stars": 4}).must(t, 200)
		}
		fan := fmt.Sprintf("fan8-%s-%s@x.cn", size.name, lang)
		jUser(h, fan, "粉丝")
		jSignIn(t, ctx, h, fan, "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
		stats := jText(t, ctx, ".page-head .stats")
		journeyStep(t, ctx, "fan")
		jWantContains(t, "the header", stats, "1 "+jT(lang, "challenge.ideas"))
		jWantContains(t, "the header", stats, "3 "+jT(lang, "challenge.ratings"))
		if n := jCount(t, ctx, ".page-head .stats .crowd-votes"); n != 0 {
			t.Errorf("a stars challenge's header counts votes: %q", stats)
		}
		jWant(t, "the top tab", jText(t, ctx, `.tabs a[href="?sort=top"]`), jT(lang, "sort.top_stars"))

		email := fmt.Sprintf("judge8-%s-%s@x.cn", size.name, lang)
		blindJudge(t, h, admin, cid, email)
		jSignIn(t, ctx, h, email, "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
		stats = jText(t, ctx, ".page-head .stats")
		journeyStep(t, ctx, "judge")
		jWant(t, "a blind judge's header", stats, "1 "+jT(lang, "challenge.ideas")+" · "+jT(lang, "polish.feed")) // no integrity log: it counts votes
		if n := jCount(t, ctx, `.page-head .stats strong[class^="crowd-"], .charts`); n != 0 {
			t.Errorf("a blind judge sees %d counts of the crowd: %q", n, stats)
		}
		// No dead end: the idea opens from the page.
		jGo(t, ctx, fmt.Sprintf(`#idea-%d .card-title a`, idea))
		if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/ideas/%d-", idea)) {
			t.Errorf("the idea's link led to %s", p)
		}
	})
}

// journeyStep keeps a picture of the page now, as journeyEnd does at the
// end, when COCREATE_JOURNEY_SHOTS names a folder.
func journeyStep(t *testing.T, ctx context.Context, step string) {
	if dir := os.Getenv("COCREATE_JOURNEY_SHOTS"); dir != "" {
		if path, err := journeyShot(ctx, dir, strings.ReplaceAll(t.Name(), "/", "_")+"_"+step+".png", 100); err == nil {
			t.Logf("journey step: %s", path)
		}
	}
}

// blindJudge makes a judge (email, password fan-password) of challenge
// cid's one shortlisted idea, under a blind rubric, once its vote is over.
func blindJudge(t *testing.T, h *harness, admin string, cid int, email string) {
	t.Helper()
	judge := jUser(h, email, "评委")
	h.confirm(int64(jUserID(h, judge)))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", jUserID(h, judge)), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	h.advance(80 * time.Hour) // the vote is over: judging
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{{"key": "novelty", "name": "新颖性 Novelty", "weight": 1, "min": 0, "max": 10}},
		"blind":    true,
	}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{jUserID(h, judge)}, "per_idea": 1}).must(t, 200)
}

// A blind judge lists a challenge's ideas newest first whatever order they
// ask for, on the API and the page (which offers no other tab): an order
// by votes would tell them the crowd's verdict. A fan's top order is by
// votes.
func TestBlindJudgesListNewestFirst(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	order := func(who, sort string) []int {
		t.Helper()
		r := h.api("GET", path("ideas")+"?sort="+sort, who, nil).must(t, 200)
		var ids []int
		for _, it := range r.JSON["ideas"].([]any) {
			ids = append(ids, num(it.(map[string]any), "id"))
		}
		return ids
	}
	newest := order(e.fan, "new")
	if top := order(e.fan, "top"); fmt.Sprint(top) == fmt.Sprint(newest) {
		t.Fatalf("the fixture's top order is the newest first: %v", top)
	}
	for _, sort := range []string{"hot", "top", "new"} {
		for i := range 2 { // the second from the list cache
			if got := order(e.j2, sort); fmt.Sprint(got) != fmt.Sprint(newest) {
				t.Errorf("a blind judge's %s list (%d): %v, want the newest first %v", sort, i, got, newest)
			}
		}
	}
	judge := h.browser()
	judge.signIn("j2@x.cn", "fan-password")
	body := judge.get(fmt.Sprintf("/challenges/%d?sort=top", e.cid)).Body
	if strings.Contains(body, `href="?sort=top"`) || strings.Contains(body, `href="?sort=hot"`) || !strings.Contains(body, `href="?sort=new" aria-current="page"`) {
		t.Errorf("a blind judge's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
	first := regexp.MustCompile(`id="idea-(\d+)"`).FindStringSubmatch(body)
	if first == nil || first[1] != fmt.Sprint(newest[0]) {
		t.Errorf("a blind judge's page starts with %v, want idea %d", first, newest[0])
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	if body := fan.get(fmt.Sprintf("/challenges/%d?sort=top", e.cid)).Body; !strings.Contains(body, `href="?sort=top" aria-current="page"`) {
		t.Errorf("a fan's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
}

// topTab says whether a page's top tab reads label.
func topTab(body, label string) bool {
	return regexp.MustCompile(`href="\?sort=top"[^>]*>` + regexp.QuoteMeta(label) + `</a>`).MatchString(body)
}
