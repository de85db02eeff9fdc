package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// hotTestChallenge is a challenge of method with an older idea that the
// crowd prefers (rated 5 by three fans, or chosen over the newer one) and
// a newer one nobody has rated or chosen: its top order (for stars at
// once, for pairwise after a refit) is not its newest first. It returns
// the challenge and the two ideas, older first.
func hotTestChallenge(t *testing.T, h *harness, admin, method, tag string) (cid, older, newer int) {
	t.Helper()
	cid = h.openChallenge(admin, map[string]any{"voting_method": method, "title": "阳台收纳 " + method + " " + tag})
	author := jUser(h, "maker9-"+method+"-"+tag+"@x.cn", "设计师小李")
	older = h.idea(author, cid, "折叠晾衣架 "+tag)
	newer = h.idea(author, cid, "免打孔置物架 "+tag)
	for i := range 3 {
		fan := jUser(h, fmt.Sprintf("crowd9-%s-%s-%d@x.cn", method, tag, i), "粉丝")
		switch method {
		case "stars":
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", older), fan, map[string]any{"stars": 5}).must(t, 200)
		case "pairwise":
			q := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/pair", cid), fan, nil).must(t, 200)
			choice := "left"
			if num(q.JSON["right"].(map[string]any), "id") == older {
				choice = "right"
			}
			h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/pair", cid), fan,
				map[string]any{"pair_token": str(q.JSON, "pair_token"), "choice": choice}).must(t, 200)
		}
	}
	return cid, older, newer
}

// A stars or pairwise challenge takes no votes, so its hot order (votes
// with time decay) would be by age alone, the new tab's list again: its
// page offers top and new only, and shows hot, asked or by default, as the
// newest first under the new tab; the API's hot list is the newest first.
// A support challenge keeps its hot tab, the default.
func TestHotTabOnlyWhereVotesCount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	visitor := h.browser()
	for _, method := range []string{"stars", "pairwise"} {
		cid, older, newer := hotTestChallenge(t, h, admin, method, "api")
		list := func(sort string) string {
			r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=%s", cid, sort), "", nil).must(t, 200)
			var ids []int
			for _, it := range r.JSON["ideas"].([]any) {
				ids = append(ids, num(it.(map[string]any), "id"))
			}
			return fmt.Sprint(ids)
		}
		newest, best := fmt.Sprint([]int{newer, older}), fmt.Sprint([]int{older, newer})
		// (A pairwise score moves at the next refit, in the background.)
		if got := list("top"); method == "stars" && got != best {
			t.Errorf("%s: the top list is %s, want %s", method, got, best)
		}
		for _, sort := range []string{"hot", "new"} {
			if got := list(sort); got != newest {
				t.Errorf("%s: the %s list is %s, want the newest first %s", method, sort, got, newest)
			}
		}
		for _, q := range []string{"", "?sort=hot", "?sort=new"} {
			body := visitor.get(fmt.Sprintf("/challenges/%d%s", cid, q)).Body
			tabs := body[strings.Index(body, `class="tabs"`):]
			tabs = tabs[:strings.Index(tabs, "</nav>")]
			if strings.Contains(tabs, `sort=hot`) || !strings.Contains(tabs, `href="?sort=new" aria-current="page"`) || !strings.Contains(tabs, `href="?sort=top"`) {
				t.Errorf("%s%s: the tabs %s", method, q, tabs)
			}
			if i, j := strings.Index(body, fmt.Sprintf(`id="idea-%d"`, newer)), strings.Index(body, fmt.Sprintf(`id="idea-%d"`, older)); i < 0 || j < i {
				t.Errorf("%s%s: the newer idea is not listed first", method, q)
			}
		}
	}
	support := h.openChallenge(admin, map[string]any{"title": "支持"})
	body := visitor.get(fmt.Sprintf("/challenges/%d", support)).Body
	if !strings.Contains(body, `href="?sort=hot" aria-current="page"`) || !strings.Contains(body, `href="?sort=top"`) || !strings.Contains(body, `href="?sort=new"`) {
		t.Errorf("a support challenge's tabs: %.400s", body[strings.Index(body, `class="tabs"`):])
	}
}

// A fan on a phone, in Chinese and in English, opens a stars challenge:
// two tabs, the newest first chosen; the top tab orders by stars and says
// so; back to the newest. No hot tab that would list the same again.
func TestJourneyStarsTabs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		cid, older, newer := hotTestChallenge(t, h, admin, "stars", size.name+lang)
		fan := fmt.Sprintf("fan9-%s-%s@x.cn", size.name, lang)
		jUser(h, fan, "粉丝")
		jSignIn(t, ctx, h, fan, "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
		journeyStep(t, ctx, "new")
		want := []string{jT(lang, "sort.top_stars"), jT(lang, "sort.new")}
		if got := jTexts(t, ctx, ".tabs a"); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the tabs read %q, want %q", got, want)
		}
		first := func() string {
			return jAttr(t, ctx, ".idea-list [id^=idea-]", "id")
		}
		jWant(t, "the chosen tab", jText(t, ctx, `.tabs a[aria-current="page"]`), jT(lang, "sort.new"))
		jWant(t, "the first idea", first(), fmt.Sprintf("idea-%d", newer))
		jGo(t, ctx, `.tabs a[href="?sort=top"]`)
		journeyStep(t, ctx, "top")
		jWant(t, "the chosen tab", jText(t, ctx, `.tabs a[aria-current="page"]`), jT(lang, "sort.top_stars"))
		jWant(t, "the first idea by stars", first(), fmt.Sprintf("idea-%d", older))
		jGo(t, ctx, `.tabs a[href="?sort=new"]`)
		jWant(t, "the chosen tab", jText(t, ctx, `.tabs a[aria-current="page"]`), jT(lang, "sort.new"))
		jWant(t, "the first idea", first(), fmt.Sprintf("idea-%d", newer))
		// No dead end: the idea opens from the list.
		jGo(t, ctx, fmt.Sprintf(`#idea-%d .card-title a`, newer))
		if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/ideas/%d-", newer)) {
			t.Errorf("the idea's link led to %s", p)
		}
	})
}
