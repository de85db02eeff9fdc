package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

// In a stars or pairwise challenge the schedule's steps, why a fan can no
// longer (or cannot yet) act on an idea, and why "I'd buy it" is closed
// speak of rating or comparing, not voting.
func TestScheduleAndReasonsFollowTheMethod(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@x.cn")
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	methods := []string{"support", "stars", "pairwise"}
	over, overIdea, overPoll, overItem := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	now := h.clock()
	closing := map[string]any{"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(2 * time.Hour)}
	for _, m := range methods {
		extra := map[string]any{"voting_method": m}
		for k, v := range closing {
			extra[k] = v
		}
		over[m] = h.openChallenge(admin, extra)
		overIdea[m] = h.idea(admin, over[m], "烘干后自动清洁")
		extra["kind"], extra["buy_options"], extra["price_bands"] = "design_poll", map[string][]string{"size": {"S", "M"}}, []int{99}
		overPoll[m] = h.openChallenge(admin, extra)
		overItem[m] = h.idea(admin, overPoll[m], "春季连衣裙")
	}
	h.advance(3 * time.Hour)
	now = h.clock()
	for _, m := range methods {
		key := func(k string) string {
			if m == "support" {
				return k
			}
			return k + "." + m
		}
		soon := h.openChallenge(admin, map[string]any{"voting_method": m, "voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour)})
		soonIdea := h.idea(admin, soon, "静音滚筒")
		for _, lang := range []string{"zh", "en"} {
			fan.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			step := `<span class="step-name">` + html.EscapeString(jT(lang, key("phase.voting"))) + `</span>`
			if body := fan.get(fmt.Sprintf("/challenges/%d", soon)).must(t, 200).Body; !strings.Contains(body, step) {
				t.Errorf("%s (%s): the schedule has no step %q", m, lang, step)
			}
			pages := map[string]string{
				fmt.Sprintf("/challenges/%d", soon):    key("journeys.voting_not_yet"),
				fmt.Sprintf("/challenges/%d", over[m]): key("journeys.voting_over"),
				fmt.Sprintf("/ideas/%d", overItem[m]):  key("demand.buy.closed"),
			}
			if m != "pairwise" { // a pairwise idea's page offers no act to explain
				pages[fmt.Sprintf("/ideas/%d", soonIdea)] = key("journeys.voting_not_yet")
				pages[fmt.Sprintf("/ideas/%d", overIdea[m])] = key("journeys.voting_over")
			}
			for path, k := range pages {
				want := html.EscapeString(jT(lang, k))
				if body := fan.get(path).must(t, 200).Body; !strings.Contains(body, want) {
					t.Errorf("%s (%s): %s does not say %q", m, lang, path, want)
				}
			}
		}
	}
}

// The integrity page of a stars or pairwise challenge is named for
// ratings or comparisons, as are its count under review and a group's
// timeline, and so is the challenge page's way to it.
func TestIntegrityPageIsNamedForTheMethod(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ad := h.adminBrowser()
	for _, m := range []string{"support", "stars", "pairwise"} {
		key := func(k string) string {
			if m == "support" {
				return k
			}
			return k + "." + m
		}
		cid, _ := wf30Group(t, h, admin, map[string]any{"voting_method": m})
		for _, lang := range []string{"zh", "en"} {
			ad.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
			body := ad.get(fmt.Sprintf("/challenges/%d/integrity", cid)).must(t, 200).Body
			for _, want := range []string{"<h1>" + jT(lang, key("integrity.title")) + "</h1>", jT(lang, key("integrity.quarantined_votes")), "<title>" + jT(lang, key("integrity.title"))} {
				if !strings.Contains(body, html.EscapeString(want)) && !strings.Contains(body, want) {
					t.Errorf("%s (%s): the integrity page lacks %q", m, lang, want)
				}
			}
			link := fmt.Sprintf(`href="/challenges/%d/integrity">%s</a>`, cid, html.EscapeString(jT(lang, key("integrity.title"))))
			if body := ad.get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200).Body; !strings.Contains(body, link) {
				t.Errorf("%s (%s): the challenge page has no link %q", m, lang, link)
			}
		}
	}
}

// The organiser's phase menu names the vote by the method ("立即开放评分"
// in a stars challenge); an empty design poll tells a fan the organiser
// adds the candidates and asks the organiser to add the first, and its
// add page is named for a candidate; a demand page opened before the
// fans' choosing closed says when it opens and leads back to the challenge.
func TestOrganiserAndPollWordsFollowTheKind(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fanToken := h.fan("fan@x.cn")
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	ad := h.adminBrowser()
	now := h.clock()
	for _, m := range []string{"support", "stars", "pairwise"} {
		key := func(k string) string {
			if m == "support" {
				return k
			}
			return k + "." + m
		}
		soon := h.openChallenge(admin, map[string]any{"voting_method": m, "voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour)})
		body := ad.get(fmt.Sprintf("/challenges/%d", soon), "Accept-Language", "zh-CN").must(t, 200).Body
		if want := `<option value="open_voting">` + jT("zh", key("move.open_voting")) + `</option>`; !strings.Contains(body, want) {
			t.Errorf("%s: the phase menu lacks %q", m, want)
		}
	}
	poll := h.openChallenge(admin, map[string]any{"kind": "design_poll", "buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": []int{99}})
	for _, lang := range []string{"zh", "en"} {
		accept := map[string]string{"zh": "zh-CN", "en": "en"}[lang]
		path := fmt.Sprintf("/challenges/%d", poll)
		for who, b := range map[string]*browser{"challenge.no_designs": fan, "challenge.no_designs_add": ad} {
			if body := b.get(path, "Accept-Language", accept).must(t, 200).Body; !strings.Contains(body, html.EscapeString(jT(lang, who))) || strings.Contains(body, html.EscapeString(jT(lang, "challenge.no_ideas"))) {
				t.Errorf("%s: the empty poll does not say %q", lang, jT(lang, who))
			}
		}
		if body := ad.get(path+"/submit", "Accept-Language", accept).must(t, 200).Body; !strings.Contains(body, "<title>"+html.EscapeString(jT(lang, "idea.add_candidate"))) {
			t.Errorf("%s: the poll's add page is not titled %q", lang, jT(lang, "idea.add_candidate"))
		}
		r := fan.get(path+"/demand", "Accept-Language", accept).must(t, 403)
		if !strings.Contains(r.Body, html.EscapeString(jT(lang, "error.demand_not_yet"))) || !strings.Contains(r.Body, `href="`+path+`"`) {
			t.Errorf("%s: the demand page before the vote closed does not say when, or lead back to the challenge", lang)
		}
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/demand", poll), fanToken, nil).must(t, 403); r.JSON["error"].(map[string]any)["code"] != "demand_not_yet" {
		t.Errorf("the API's refusal: %v", r.JSON)
	}
}
