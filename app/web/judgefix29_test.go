package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageIn fetches a page as token's holder in a language ("zh-CN", "en").
func pageIn(h *harness, path, token, lang string) res {
	h.t.Helper()
	req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", lang)
	return h.do(http.DefaultClient, req)
}

// line is one idea's line of a results answer.
func line(t *testing.T, r res, ideaID int) map[string]any {
	t.Helper()
	for _, l := range r.JSON["ranking"].([]any) {
		m := l.(map[string]any)
		if int(m["idea_id"].(float64)) == ideaID {
			return m
		}
	}
	t.Fatalf("idea %d is not ranked: %s", ideaID, r.Body)
	return nil
}

// Under "exclude voters" a judge who scores an idea and then acts on it
// as a fan (here a vote, cast while the vote still runs) has that card
// set aside: the ranking and the published results count the other
// judge's card only and show one missing, the organiser's desk names the
// card, and the judge's desk says it does not count, with no form. With
// voters allowed again, it counts.
func TestJudgefix29AJudgesCardStopsCountingOnceTheyActOnTheIdea(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ja, jaID := h.staffer(admin, "ja@x.cn", "judge")
	jb, jbID := h.staffer(admin, "jb@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	maker := h.fan("maker@x.cn")
	x, y, z := h.idea(maker, cid, "创意 X"), h.idea(maker, cid, "创意 Y"), h.idea(maker, cid, "创意 Z")
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	rubric := func(exclude bool) map[string]any {
		return map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}, "blind": false, "exclude_voters": exclude}
	}
	h.api("PUT", path("rubric"), admin, rubric(true)).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{jaID, jbID}, "per_idea": 2}).must(t, 200)
	for j, scores := range map[string][3]int{ja: {10, 5, 1}, jb: {2, 6, 8}} {
		for i, id := range []int{x, y, z} {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), j, map[string]any{"scores": map[string]any{"look": scores[i]}}).must(t, 200)
		}
	}
	if l := line(t, h.api("GET", path("results"), admin, nil).must(t, 200), x); l["scored"] != 2.0 {
		t.Fatalf("before the vote X has %v cards, want 2", l["scored"])
	}
	// Judge A, having scored X, votes for it as a fan.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", x), ja, nil).must(t, 200)
	res := h.api("GET", path("results"), admin, nil).must(t, 200)
	if l := line(t, res, x); l["scored"] != 1.0 || l["missing"] != 1.0 {
		t.Errorf("X after its judge A voted for it: scored %v, missing %v; want 1 and 1 (A's card set aside)", l["scored"], l["missing"])
	}
	desk := pageIn(h, fmt.Sprintf("/challenges/%d/judging", cid), admin, "zh-CN").must(t, 200).Body
	if !strings.Contains(desk, "以下评分卡不计入") || !strings.Contains(desk, "ja 对“创意 X”") {
		t.Errorf("the organiser's desk does not name judge A's card of X as not counted")
	}
	card := pageIn(h, fmt.Sprintf("/judging/ideas/%d", x), ja, "zh-CN").must(t, 200).Body
	if !strings.Contains(card, "这张评分卡不计入结果") || strings.Contains(card, fmt.Sprintf(`action="/judging/ideas/%d"`, x)) {
		t.Errorf("judge A's card of X should say it does not count, with no form")
	}
	queue := pageIn(h, "/judging", ja, "en").must(t, 200).Body
	if strings.Count(queue, "Not counted") != 1 {
		t.Errorf("judge A's queue should mark exactly one card (X's) as not counted")
	}
	if strings.Contains(pageIn(h, "/judging", jb, "en").must(t, 200).Body, "Not counted") {
		t.Errorf("judge B acted on nothing: none of their cards is set aside")
	}
	// Voters allowed again: the card counts.
	h.api("PUT", path("rubric"), admin, rubric(false)).must(t, 200)
	if l := line(t, h.api("GET", path("results"), admin, nil).must(t, 200), x); l["scored"] != 2.0 {
		t.Errorf("with voters allowed X has %v cards, want 2", l["scored"])
	}
	h.api("PUT", path("rubric"), admin, rubric(true)).must(t, 200)
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	if l := line(t, h.api("GET", path("results"), "", nil).must(t, 200), x); l["scored"] != 1.0 || l["missing"] != 1.0 {
		t.Errorf("X as published: scored %v, missing %v; want 1 and 1", l["scored"], l["missing"])
	}
	_ = y
}

// Once the results are published the organiser's desk shows the rubric,
// the shortlist and the judges read-only, with a line saying why and no
// form to change them; a judge's desk shows their scores read-only under
// a line saying the results are published, and nothing "to score".
func TestJudgefix29DesksAreReadOnlyOncePublished(t *testing.T) {
	t.Parallel()
	e, _, _ := publishedJudging(t)
	h := e.h
	desk := pageIn(h, fmt.Sprintf("/challenges/%d/judging", e.cid), e.admin, "zh-CN").must(t, 200).Body
	if !strings.Contains(desk, "结果已公布：评分标准、入围名单和评委安排均已定稿") {
		t.Errorf("the organiser's desk does not say the results are published")
	}
	for _, form := range []string{"rubric", "shortlist", "judges", "assignments", "publish"} {
		if strings.Contains(desk, fmt.Sprintf(`action="/challenges/%d/%s"`, e.cid, form)) {
			t.Errorf("the organiser's desk still has the %s form after the results", form)
		}
	}
	if strings.Contains(desk, `name="key"`) || !strings.Contains(desk, "<code>novelty</code>") || !strings.Contains(desk, "新颖性") {
		t.Errorf("the rubric should be shown read-only, its criteria as text")
	}
	for _, j := range []string{e.j1, e.j2} {
		queue := pageIn(h, "/judging", j, "zh-CN").must(t, 200).Body
		if !strings.Contains(queue, "的结果已公布：你在其中的评分已定稿") || !strings.Contains(queue, "已定稿") || strings.Contains(queue, "待评") {
			t.Errorf("a judge's queue after the results should say they are published and list nothing to score")
		}
		if !strings.Contains(queue, `<dl class="card-final">`) {
			t.Errorf("a judge's queue after the results should show their scores")
		}
		q := h.api("GET", "/api/v1/judging/assignments", j, nil).must(t, 200)
		for _, it := range q.JSON["assignments"].([]any) {
			id := int(it.(map[string]any)["idea"].(map[string]any)["id"].(float64))
			card := pageIn(h, fmt.Sprintf("/judging/ideas/%d", id), j, "zh-CN").must(t, 200).Body
			if strings.Contains(card, `<form method="post" action="/judging/ideas/`) || !strings.Contains(card, "结果已公布") {
				t.Errorf("idea %d's scorecard after the results: want its scores read-only under the published line", id)
			}
		}
	}
}

// The judging desks once the results are published, walked on a phone
// (375×667) in Chinese: the judge's queue and scorecard, and the
// organiser's desk, show their read-only parts and nothing scrolls
// sideways.
func TestJudgefix29DesksOnAPhone(t *testing.T) {
	t.Parallel()
	e, _, _ := publishedJudging(t)
	h := e.h
	q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200)
	first := int(q.JSON["assignments"].([]any)[0].(map[string]any)["idea"].(map[string]any)["id"].(float64))
	walk := func(email, password string, pages map[string]string) {
		ctx := newBrowser(t, 375, 667)
		run(t, ctx,
			chromedp.Navigate(h.srv.URL+"/signin"),
			chromedp.SendKeys("#email", email, chromedp.ByQuery),
			chromedp.SendKeys("#password", password, chromedp.ByQuery),
			chromedp.Submit("#password", chromedp.ByQuery),
			chromedp.WaitVisible(".user-name", chromedp.ByQuery),
		)
		var lang string
		run(t, ctx, chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery))
		if !strings.HasPrefix(lang, "zh") {
			run(t, ctx, chromedp.Click(".header-tools button.link", chromedp.ByQuery), chromedp.WaitVisible(`html[lang^="zh"]`, chromedp.ByQuery))
		}
		for p, want := range pages {
			var wide bool
			var text string
			var shot []byte
			run(t, ctx,
				chromedp.Navigate(h.srv.URL+p),
				chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.Evaluate(scrollsSideways, &wide),
				chromedp.Text("main", &text, chromedp.ByQuery),
				chromedp.FullScreenshot(&shot, 70),
			)
			if dir := os.Getenv("COCREATE_SCREENSHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, "judgefix29"+strings.ReplaceAll(p, "/", "_")+".jpg"), shot, 0o644)
			}
			if wide {
				t.Errorf("%s scrolls sideways at 375 px", p)
			}
			if !strings.Contains(text, want) {
				t.Errorf("%s at 375 px (zh) lacks %q", p, want)
			}
			var forms int
			run(t, ctx, chromedp.Evaluate(`document.querySelectorAll('main form:not([action="/settings/verification"])').length`, &forms))
			if forms != 0 {
				t.Errorf("%s has %d forms once the results are published, want none", p, forms)
			}
		}
	}
	walk("j2@x.cn", "fan-password", map[string]string{
		"/judging":                              "你在其中的评分已定稿",
		fmt.Sprintf("/judging/ideas/%d", first): "结果已公布：这张评分卡已定稿",
	})
	walk("admin@brand.cn", "admin-password", map[string]string{
		fmt.Sprintf("/challenges/%d/judging", e.cid): "结果已公布：评分标准、入围名单和评委安排均已定稿",
	})
}
