package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// #11 item 6: while a blind challenge is judged, its judges see neither
// author nor votes of its ideas on any read path, not only in their queue.
func TestBlindJudgesSeeNoAuthorsOrVotesAnywhere(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	other := e.ideas[1] // written by the fan, voted for

	// The API: one idea, the list, similar ideas.
	for _, tc := range []struct{ who, name string }{{e.j2, "judge"}, {e.j1, "judge who is also a maker"}} {
		one := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", other), tc.who, nil).must(t, 200)
		if _, ok := one.JSON["author"]; ok {
			t.Errorf("%s: idea API shows the author: %s", tc.name, one.Body)
		}
		if _, ok := one.JSON["votes"]; ok {
			t.Errorf("%s: idea API shows the votes: %s", tc.name, one.Body)
		}
		// (Only a judge's own idea keeps its author: the fan's are hidden.)
		list := h.api("GET", path("ideas"), tc.who, nil).must(t, 200)
		if strings.Contains(list.Body, `"name":"fan"`) || strings.Contains(list.Body, `"votes"`) {
			t.Errorf("%s: list shows authors or votes: %.300s", tc.name, list.Body)
		}
		sim := h.api("GET", path("similar")+"?text=idea", tc.who, nil)
		if sim.Status == 200 && (strings.Contains(sim.Body, `"name":"fan"`) || strings.Contains(sim.Body, `"votes"`)) {
			t.Errorf("%s: similar ideas show authors or votes: %.300s", tc.name, sim.Body)
		}
	}
	// The pages and the feed.
	b := h.browser()
	b.signIn("j2@x.cn", "fan-password")
	for _, p := range []string{fmt.Sprintf("/ideas/%d", other), fmt.Sprintf("/challenges/%d", e.cid), fmt.Sprintf("/challenges/%d/feed.atom", e.cid)} {
		r := b.get(p)
		if r.Status != 200 {
			t.Fatalf("%s: %d", p, r.Status)
		}
		if strings.Contains(r.Body, ">fan<") || strings.Contains(r.Body, "<name>fan</name>") || strings.Contains(r.Body, "fan</span>") {
			t.Errorf("%s shows the author to a blind judge", p)
		}
	}
	// Everyone else still sees them; so does the admin.
	for _, who := range []string{"", e.fan, e.admin} {
		one := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", other), who, nil).must(t, 200)
		if _, ok := one.JSON["author"]; !ok {
			t.Errorf("%q lost the author: %s", who, one.Body)
		}
		if _, ok := one.JSON["votes"]; !ok {
			t.Errorf("%q lost the votes: %s", who, one.Body)
		}
	}
	// A judge's list page is theirs alone: the cache does not hand it on.
	if r := h.api("GET", path("ideas"), e.fan, nil).must(t, 200); !strings.Contains(r.Body, `"author"`) {
		t.Errorf("a fan got the judge's blind list: %.300s", r.Body)
	}
	// Once the results are out, judges see everything again.
	h.api("POST", path("results/publish"), e.admin, nil).must(t, 200)
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", other), e.j2, nil).must(t, 200); r.JSON["author"] == nil || r.JSON["votes"] == nil {
		t.Errorf("after results a judge still sees a blind idea: %s", r.Body)
	}
}

// #11 item 6: a challenge anonymous until results hides every author from
// everyone but admins (and the author themself) until then.
func TestAnonymousUntilResults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("maker@x.cn")
	other := h.fan("other@x.cn")
	cid := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), "", nil).must(t, 200); r.JSON["anonymous_until_results"] != true {
		t.Fatalf("option not kept: %s", r.Body)
	}
	id := h.idea(fan, cid, "匿名的好主意 anonymous idea")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), other, nil).must(t, 200)
	for _, who := range []string{"", other} {
		one := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), who, nil).must(t, 200)
		if _, ok := one.JSON["author"]; ok {
			t.Errorf("idea API as %q shows the author: %s", who, one.Body)
		}
		if num(one.JSON, "votes") != 1 {
			t.Errorf("votes are not hidden by anonymity: %s", one.Body)
		}
		list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), who, nil).must(t, 200)
		if strings.Contains(list.Body, "maker") {
			t.Errorf("list as %q shows the author: %.300s", who, list.Body)
		}
	}
	// The author's own comment would name them.
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), fan, map[string]string{"body": "谢谢支持"}).must(t, 201)
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d/comments", id), other, nil).must(t, 200); strings.Contains(r.Body, "maker") {
		t.Errorf("comments API shows the author: %s", r.Body)
	}
	b := h.browser()
	for _, p := range []string{fmt.Sprintf("/ideas/%d", id), fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/challenges/%d/feed.atom", cid)} {
		if r := b.get(p); r.Status != 200 || strings.Contains(r.Body, "maker") {
			t.Errorf("%s: %d, shows the author: %v", p, r.Status, strings.Contains(r.Body, "maker"))
		}
	}
	// The admin sees it; so does the author, of their own idea.
	for _, who := range []string{admin, fan} {
		if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), who, nil).must(t, 200); r.JSON["author"] == nil {
			t.Errorf("%q does not see the author: %s", who, r.Body)
		}
	}
	// The author can still edit their own idea from its page.
	mb := h.browser()
	mb.signIn("maker@x.cn", "fan-password")
	if r := mb.get(fmt.Sprintf("/ideas/%d/edit", id)); r.Status != 200 {
		t.Errorf("the author's edit page: %d", r.Status)
	}
}

// A blind judge learns the crowd's verdict from no other measure either:
// stars, buyers, units, on the list (its cached page included), the
// queue and the idea's own answer, while fans still see them.
func TestBlindJudgesSeeNoStarsOrBuyers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge := h.fan("judge@x.cn")
	judgeID := num(h.api("GET", "/api/v1/me", judge, nil).JSON, "id")
	h.confirm(int64(judgeID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", judgeID), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	cid := h.openChallenge(admin, map[string]any{"kind": "design_poll", "voting_method": "stars",
		"buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": []int{99, 199}, "shortlist_size": 2, "winners": 1})
	var ideas []int
	for i := range 3 {
		ideas = append(ideas, h.idea(admin, cid, fmt.Sprintf("连衣裙 design %d", i))) // a design poll: the brand posts the designs
	}
	for i := range 3 {
		buyer := h.fan(fmt.Sprintf("buyer%d@x.cn", i))
		for _, id := range ideas {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), buyer, map[string]any{"stars": 4}).must(t, 200)
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", id), buyer, map[string]any{"quantity": 2, "options": map[string]string{"size": "M"}, "max_price": 199}).must(t, 200)
		}
	}
	list := fmt.Sprintf("/api/v1/challenges/%d/ideas", cid)
	crowd := []string{`"buyers":3`, `"rating":`, `"ratings":`}
	// A fan reads the list first, so its ideas' texts are cached.
	fanList := h.api("GET", list, h.fan("reader@x.cn"), nil).must(t, 200)
	for _, c := range crowd {
		if !strings.Contains(fanList.Body, c) {
			t.Fatalf("a fan's list lacks %s: %.400s", c, fanList.Body)
		}
	}
	// Units are the demand report's, which a fan reads once voting is over.
	if strings.Contains(fanList.Body, `"units"`) {
		t.Errorf("a fan's list tells the units while voting runs: %.400s", fanList.Body)
	}
	h.advance(80 * time.Hour) // voting is over: judging
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", cid), admin, map[string]any{
		"criteria":     []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}},
		"crowd_weight": 0.25, "blind": true,
	}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", cid), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	for _, p := range []string{list, list + "?sort=new", "/api/v1/judging/assignments", fmt.Sprintf("/api/v1/ideas/%d", ideas[0])} {
		r := h.api("GET", p, judge, nil).must(t, 200)
		for _, c := range append(crowd, `"units"`, `"votes"`, `"qualified_at"`, `"score"`) {
			if strings.Contains(r.Body, c) {
				t.Errorf("%s shows a blind judge %s: %.400s", p, c, r.Body)
			}
		}
		if !strings.Contains(r.Body, "连衣裙 design") {
			t.Errorf("%s does not show the judge the ideas: %.300s", p, r.Body)
		}
	}
	// Nor the demand, which anyone else reads once voting is over.
	demand := fmt.Sprintf("/api/v1/challenges/%d/demand", cid)
	h.api("GET", demand, judge, nil).must(t, 403)
	reader := h.fan("reader2@x.cn")
	if r := h.api("GET", demand, reader, nil).must(t, 200); !strings.Contains(r.Body, `"buyers":3`) {
		t.Errorf("a fan's demand: %.400s", r.Body)
	}
	// The fans still see the crowd's measures on the same list.
	if r := h.api("GET", list, reader, nil).must(t, 200); !strings.Contains(r.Body, `"buyers":3`) || !strings.Contains(r.Body, `"rating":`) {
		t.Errorf("a fan lost the crowd's measures: %.400s", r.Body)
	}
}

// A challenge anonymous until its results names no author to a judge who
// is not an admin, though its rubric is not blind: not in their queue
// (API) nor on the scorecard's page, which still show the votes.
func TestAnonymousChallengeJudgesSeeNoAuthors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge := h.fan("judge@x.cn")
	judgeID := num(h.api("GET", "/api/v1/me", judge, nil).JSON, "id")
	h.confirm(int64(judgeID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", judgeID), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	cid := h.openChallenge(admin, map[string]any{"anonymous_until_results": true, "shortlist_size": 2, "winners": 1})
	maker, voter := h.fan("maker@x.cn"), h.fan("voter@x.cn")
	var ideas []int
	for i := range 2 {
		id := h.idea(maker, cid, fmt.Sprintf("匿名评审 idea %d", i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), voter, nil).must(t, 200)
		ideas = append(ideas, id)
	}
	h.advance(80 * time.Hour) // voting is over: judging
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{{"key": "novelty", "name": "新颖性", "weight": 1, "min": 0, "max": 10}}, "blind": false,
	}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)

	q := h.api("GET", "/api/v1/judging/assignments", judge, nil).must(t, 200)
	list, _ := q.JSON["assignments"].([]any)
	if len(list) != 2 {
		t.Fatalf("the judge's queue: %.500s", q.Body)
	}
	for _, it := range list {
		idea := it.(map[string]any)["idea"].(map[string]any)
		if _, ok := idea["author"]; ok {
			t.Errorf("the queue names the anonymous author: %v", idea)
		}
		if num(idea, "votes") != 1 {
			t.Errorf("the queue hides the votes of a judging that is not blind: %v", idea)
		}
	}
	b := h.browser()
	b.signIn("judge@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/judging/ideas/%d", ideas[0])).must(t, 200).Body
	if strings.Contains(page, "maker") || !strings.Contains(page, "匿名评审 idea 0") {
		t.Errorf("the scorecard page names the anonymous author (or not the idea): %.2000s", page)
	}
	if strings.Contains(b.get("/judging").must(t, 200).Body, "maker") {
		t.Errorf("the judge's queue page names the anonymous author")
	}
}

// A blind judge who votes is not told the tally by the vote's answer (every
// read hides it from them); a fan still is, and so is a judge whose role
// was taken away (MayBeBlind).
func TestABlindJudgesVoteTellsNoTally(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	ideas := []int{h.idea(admin, cid, "创意 one"), h.idea(admin, cid, "创意 two")}
	for i := range 3 {
		fan := h.fan(fmt.Sprintf("fan%d@x.cn", i))
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[0]), fan, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", cid), admin, map[string]any{
		"criteria":     []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}},
		"crowd_weight": 0.25, "blind": true,
	}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", cid), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	for _, m := range []string{"PUT", "DELETE"} {
		r := h.api(m, fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[0]), judge, nil).must(t, 200)
		if _, ok := r.JSON["votes"]; ok || r.JSON["voted"] != (m == "PUT") {
			t.Errorf("%s vote as a blind judge: %s", m, r.Body)
		}
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[0]), h.fan("late@x.cn"), nil).must(t, 200); num(r.JSON, "votes") != 4 {
		t.Errorf("a fan's vote answer: %s", r.Body)
	}
	// Their role taken away, they judge no more: they read the tally, on
	// the idea and in the vote's answer alike.
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", judgeID), admin, map[string]any{"roles": []string{}}).must(t, 200)
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", ideas[0]), judge, nil).must(t, 200); num(r.JSON, "votes") != 4 {
		t.Errorf("a former judge's idea: %s", r.Body)
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[0]), judge, nil).must(t, 200); num(r.JSON, "votes") != 5 {
		t.Errorf("a former judge's vote answer: %s", r.Body)
	}
}
