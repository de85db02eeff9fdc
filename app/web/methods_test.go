package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The voting method is the organiser's choice at creation, editable only
// until voting opens, shown in the challenge's JSON and on its page; another
// method's endpoint is refused naming the rule.
func TestVotingMethodAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")

	// Default: support.
	cid := h.openChallenge(admin, nil)
	r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), "", nil).must(t, 200)
	if str(r.JSON, "voting_method") != "support" {
		t.Errorf("default method: %s", r.Body)
	}
	// Unknown method: 400 naming the field, nothing created.
	before := len(h.api("GET", "/api/v1/challenges", admin, nil).JSON["challenges"].([]any))
	now := h.clock()
	r = h.api("POST", "/api/v1/challenges", admin, map[string]any{"title": "t", "kind": "open_call", "voting_method": "elo"}).must(t, 400)
	if r.errField() != "voting_method" {
		t.Errorf("bad method: %s", r.Body)
	}
	if n := len(h.api("GET", "/api/v1/challenges", admin, nil).JSON["challenges"].([]any)); n != before {
		t.Errorf("a refused challenge was stored: %d challenges, was %d", n, before)
	}
	// A stars challenge, voting open at once: created with its method.
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	r = h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", stars), "", nil).must(t, 200)
	if str(r.JSON, "voting_method") != "stars" {
		t.Errorf("stars: %s", r.Body)
	}
	// Voting is open: the method is locked.
	r = h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", stars), admin, map[string]any{"voting_method": "pairwise"}).must(t, 409)
	if r.errCode() != "voting_method_locked" {
		t.Errorf("locked: %s", r.Body)
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", stars), "", nil).JSON, "voting_method"); got != "stars" {
		t.Errorf("a refused edit changed the method to %s", got)
	}
	// A support vote on a stars challenge: 409 naming the rule, no vote.
	idea := h.idea(fan, stars, "一个想法")
	r = h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 409)
	if r.errCode() != "wrong_voting_method" || !strings.Contains(str(r.JSON, "error", "message"), "stars") {
		t.Errorf("vote on stars: %s", r.Body)
	}
	if got := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).JSON, "votes"); got != 0 {
		t.Errorf("refused vote counted: %d", got)
	}
	// Before voting opens the method may change.
	later := h.api("POST", "/api/v1/challenges", admin, map[string]any{
		"title": "later", "kind": "design_poll",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(24 * time.Hour),
		"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	}).must(t, 201)
	lid := num(later.JSON, "id")
	r = h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", lid), admin, map[string]any{"voting_method": "pairwise"}).must(t, 200)
	if str(r.JSON, "voting_method") != "pairwise" {
		t.Errorf("edit before voting: %s", r.Body)
	}

	// The page says the method and explains it; the form offers it.
	b := h.browser()
	page := b.get(fmt.Sprintf("/challenges/%d", stars)).Body
	if !strings.Contains(page, "method-stars") || !strings.Contains(page, "1 to 5 stars") {
		t.Errorf("the challenge page does not explain stars")
	}
	zh := b.get(fmt.Sprintf("/challenges/%d", lid), "Accept-Language", "zh-CN").Body
	if !strings.Contains(zh, "两两比较") || !strings.Contains(zh, "每次展示两个创意") {
		t.Errorf("the Chinese page does not explain pairwise")
	}
	b.signIn("admin@brand.cn", "admin-password")
	form := b.get("/challenges/new").Body
	for _, m := range []string{"support", "stars", "pairwise"} {
		if !strings.Contains(form, `value="`+m+`"`) {
			t.Errorf("the form does not offer %s", m)
		}
	}
	// The form post takes the method too.
	v := url.Values{"title": {"表单"}, "kind": {"open_call"}, "voting_method": {"pairwise"}}
	res := b.post("/challenges/new", "/challenges", v)
	if res.Status != 303 {
		t.Fatalf("form create: %d %s", res.Status, res.Body)
	}
	loc := res.Header.Get("Location")
	var id int
	if _, err := fmt.Sscanf(loc, "/challenges/%d", &id); err != nil {
		t.Fatalf("location %q", loc)
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", id), admin, nil).JSON, "voting_method"); got != "pairwise" {
		t.Errorf("form method: %s", got)
	}
}

// Stars: fans rate 1-5 while voting is open, change or withdraw; the idea
// carries its average and count; top ranks by the Bayesian average; bad
// input is a 4xx naming the field or rule and changes nothing.
func TestStarsAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	one, many := h.idea(admin, cid, "一个五星"), h.idea(admin, cid, "很多四星")
	rating := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d/rating", id) }
	idea := func(id int) map[string]any { return h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).JSON }

	fans := make([]string, 6)
	for i := range fans {
		fans[i] = h.fan(fmt.Sprintf("fan%d@example.com", i))
	}
	h.api("PUT", rating(one), "", map[string]any{"stars": 5}).must(t, 401)
	r := h.api("PUT", rating(one), fans[0], map[string]any{"stars": 5}).must(t, 200)
	if r.JSON["rating"] != 5.0 || num(r.JSON, "ratings") != 1 || num(r.JSON, "mine") != 5 {
		t.Errorf("first rating: %s", r.Body)
	}
	for _, f := range fans {
		h.api("PUT", rating(many), f, map[string]any{"stars": 4}).must(t, 200)
	}
	// Changing a rating moves the sum, not the count.
	r = h.api("PUT", rating(many), fans[0], map[string]any{"stars": 2}).must(t, 200)
	if num(r.JSON, "ratings") != 6 || r.JSON["rating"] != 3.67 || num(r.JSON, "mine") != 2 {
		t.Errorf("changed rating: %s", r.Body)
	}
	r = h.api("PUT", rating(many), fans[0], map[string]any{"stars": 4}).must(t, 200)
	if num(r.JSON, "ratings") != 6 || r.JSON["rating"] != 4.0 {
		t.Errorf("changed back: %s", r.Body)
	}
	if got := idea(many); got["rating"] != 4.0 || num(got, "ratings") != 6 {
		t.Errorf("idea shows rating %v of %v", got["rating"], got["ratings"])
	}
	// top: six 4-star ratings beat one 5-star one (Bayesian average).
	list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=top", cid), "", nil).must(t, 200)
	ideas := list.JSON["ideas"].([]any)
	if len(ideas) != 2 || num(ideas[0].(map[string]any), "id") != many {
		t.Errorf("top order: %s", list.Body)
	}
	// Paging by the cursor keeps that order.
	p1 := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=top&limit=1", cid), "", nil).must(t, 200)
	next := str(p1.JSON, "next_cursor")
	p2 := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=top&limit=1&cursor=%s", cid, next), "", nil).must(t, 200)
	if ideas := p2.JSON["ideas"].([]any); len(ideas) != 1 || num(ideas[0].(map[string]any), "id") != one {
		t.Errorf("second page: %s", p2.Body)
	}

	// Bad input: field named, nothing changed.
	for _, body := range []any{
		map[string]any{"stars": 0}, map[string]any{"stars": 6}, map[string]any{"stars": -1},
		map[string]any{"stars": 4.5}, map[string]any{"stars": "5"}, map[string]any{},
	} {
		r := h.api("PUT", rating(one), fans[1], body).must(t, 400)
		if r.errField() != "stars" {
			t.Errorf("%v: %s", body, r.Body)
		}
	}
	if got := idea(one); num(got, "ratings") != 1 || got["rating"] != 5.0 {
		t.Errorf("refused ratings counted: %v", got)
	}
	h.api("PUT", rating(9999), fans[1], map[string]any{"stars": 3}).must(t, 404)
	// Withdraw: count and sum fall; twice is harmless.
	r = h.api("DELETE", rating(one), fans[0], nil).must(t, 200)
	if num(r.JSON, "ratings") != 0 || r.JSON["rating"] != 0.0 || num(r.JSON, "mine") != 0 {
		t.Errorf("withdraw: %s", r.Body)
	}
	h.api("DELETE", rating(one), fans[0], nil).must(t, 200)
	h.api("PUT", rating(one), fans[0], map[string]any{"stars": 5}).must(t, 200)

	// A rating on a support challenge is refused naming the rule.
	support := h.openChallenge(admin, nil)
	sid := h.idea(admin, support, "支持")
	r = h.api("PUT", rating(sid), fans[0], map[string]any{"stars": 3}).must(t, 409)
	if r.errCode() != "wrong_voting_method" {
		t.Errorf("rating a support idea: %s", r.Body)
	}
	// Hidden ideas take no ratings.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", one), admin, map[string]any{"state": "hidden"}).must(t, 200)
	h.api("PUT", rating(one), admin, map[string]any{"stars": 3}).must(t, 409)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", one), admin, map[string]any{"state": "submitted"}).must(t, 200)

	// The results page states the prior and the formula.
	b := h.adminBrowser()
	page := b.get(fmt.Sprintf("/challenges/%d/results", cid)).Body
	if !strings.Contains(page, "Bayesian average") || !strings.Contains(page, "(5 × 3 &#43; the sum of its stars)") {
		t.Errorf("results page states no formula: %s", page)
	}

	// Outside voting: 409 for rating and withdrawing, nothing changed.
	h.advance(73 * time.Hour)
	r = h.api("PUT", rating(many), fans[1], map[string]any{"stars": 1}).must(t, 409)
	if r.errCode() != "voting_closed" {
		t.Errorf("closed: %s", r.Body)
	}
	h.api("DELETE", rating(many), fans[1], nil).must(t, 409)
	if got := idea(many); num(got, "ratings") != 6 || got["rating"] != 4.0 {
		t.Errorf("after close: %v %v", got["rating"], got["ratings"])
	}
}

// The stars form on the challenge page works without JavaScript.
func TestStarsForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	id := h.idea(admin, cid, "好看的裙子")
	b := h.browser()
	b.signIn("fan@example.com", "fan-password")
	path := fmt.Sprintf("/challenges/%d", cid)
	page := b.get(path).Body
	if !strings.Contains(page, fmt.Sprintf(`action="/ideas/%d/rating"`, id)) || !strings.Contains(page, `value="5"`) {
		t.Fatalf("no stars form on the page")
	}
	r := b.post(path, fmt.Sprintf("/ideas/%d/rating", id), url.Values{"stars": {"4"}, "next": {path}})
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), path) {
		t.Fatalf("rate: %d %s", r.Status, r.Header.Get("Location"))
	}
	if page := b.get(path).Body; !strings.Contains(page, "You gave 4 ★") || !strings.Contains(page, "1 rating") {
		t.Errorf("the page does not show the rating")
	}
	r = b.post(path, fmt.Sprintf("/ideas/%d/rating", id), url.Values{"stars": {"9"}, "next": {path}})
	if r.Status != 400 {
		t.Errorf("stars 9 by form: %d", r.Status)
	}
	b.post(path, fmt.Sprintf("/ideas/%d/rating", id), url.Values{"stars": {"0"}, "next": {path}})
	if got := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).JSON, "ratings"); got != 0 {
		t.Errorf("withdrawn by form: %d ratings", got)
	}
}

// Pairwise: a fan is asked pairs, never one twice, answers with the token
// (its own, once, in time), and 204 says nothing is left; ideas added while
// submissions are open join; the refit turns answers into scores.
func TestPairwiseAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan, other := h.fan("fan@example.com"), h.fan("other@example.com")
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	ids := []int{h.idea(admin, cid, "红裙"), h.idea(admin, cid, "黑裙"), h.idea(admin, cid, "白裙")}
	pairURL := fmt.Sprintf("/api/v1/challenges/%d/pair", cid)
	comparisons := func() int {
		n := 0
		for _, id := range ids {
			n += num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).JSON, "comparisons")
		}
		return n
	}

	h.api("GET", pairURL, "", nil).must(t, 401)
	r := h.api("GET", pairURL, fan, nil).must(t, 200)
	token := str(r.JSON, "pair_token")
	left, right := num(r.JSON["left"].(map[string]any), "id"), num(r.JSON["right"].(map[string]any), "id")
	if token == "" || left == right || left == 0 || right == 0 || num(r.JSON, "answered") != 0 {
		t.Fatalf("pair: %s", r.Body)
	}
	// Bad answers: named, nothing recorded.
	for _, tc := range []struct {
		who   string
		body  map[string]any
		field string
		code  string
	}{
		{other, map[string]any{"pair_token": token, "choice": "left"}, "pair_token", "invalid_pair_token"},
		{fan, map[string]any{"pair_token": token + "x", "choice": "left"}, "pair_token", "invalid_pair_token"},
		{fan, map[string]any{"pair_token": token, "choice": "both"}, "choice", "invalid_choice"},
		{fan, map[string]any{"choice": "left"}, "pair_token", "required"},
		{fan, map[string]any{"pair_token": token}, "choice", "required"},
	} {
		r := h.api("POST", pairURL, tc.who, tc.body).must(t, 400)
		if r.errField() != tc.field || r.errCode() != tc.code {
			t.Errorf("%v: %s", tc.body, r.Body)
		}
	}
	// The token of another challenge's pair is refused there.
	other2 := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	r = h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/pair", other2), fan, map[string]any{"pair_token": token, "choice": "left"}).must(t, 400)
	if r.errCode() != "invalid_pair_token" {
		t.Errorf("another challenge: %s", r.Body)
	}
	if n := comparisons(); n != 0 {
		t.Fatalf("refused answers counted: %d", n)
	}
	h.api("POST", pairURL, fan, map[string]any{"pair_token": token, "choice": "left"}).must(t, 200)
	r = h.api("POST", pairURL, fan, map[string]any{"pair_token": token, "choice": "right"}).must(t, 409)
	if r.errCode() != "pair_answered" || r.errField() != "pair_token" {
		t.Errorf("answered twice: %s", r.Body)
	}
	if n := comparisons(); n != 2 {
		t.Errorf("one answer counts %d idea-comparisons, want 2", n)
	}
	if w := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", left), "", nil).JSON, "comparisons"); w != 1 {
		t.Errorf("the winner has %d comparisons", w)
	}
	// Every pair once, then 204; each asked saying how many were answered.
	seen := map[[2]int]bool{{min(left, right), max(left, right)}: true}
	for len(seen) < 3 {
		r := h.api("GET", pairURL, fan, nil).must(t, 200)
		if n := num(r.JSON, "answered"); n != len(seen) {
			t.Errorf("answered %d pairs, the API says %d", len(seen), n)
		}
		a, b := num(r.JSON["left"].(map[string]any), "id"), num(r.JSON["right"].(map[string]any), "id")
		p := [2]int{min(a, b), max(a, b)}
		if seen[p] {
			t.Fatalf("pair %v asked again", p)
		}
		seen[p] = true
		h.api("POST", pairURL, fan, map[string]any{"pair_token": str(r.JSON, "pair_token"), "choice": "skip"}).must(t, 200)
	}
	h.api("GET", pairURL, fan, nil).must(t, 204)
	// A new idea joins the pairs at once; the page counts the fan's three.
	b := h.browser()
	b.signIn("fan@example.com", "fan-password")
	ids = append(ids, h.idea(other, cid, "蓝裙"))
	r = h.api("GET", pairURL, fan, nil).must(t, 200)
	if a, b := num(r.JSON["left"].(map[string]any), "id"), num(r.JSON["right"].(map[string]any), "id"); a != ids[3] && b != ids[3] {
		t.Errorf("the new idea is not in the next pair: %d-%d", a, b)
	}
	if page := b.get(fmt.Sprintf("/challenges/%d/pair", cid)).Body; !strings.Contains(page, "You have answered 3 pairs") {
		t.Errorf("the pair page does not count the fan's answers")
	}
	// An expired token: 400, nothing recorded.
	stale := str(r.JSON, "pair_token")
	h.advance(2 * time.Hour)
	r = h.api("POST", pairURL, fan, map[string]any{"pair_token": stale, "choice": "left"}).must(t, 400)
	if r.errCode() != "pair_token_expired" {
		t.Errorf("expired: %s", r.Body)
	}
	// The refit turns the answers into scores: the winner above the loser.
	if err := h.svc.RefitPairwise(context.Background(), int64(cid)); err != nil {
		t.Fatal(err)
	}
	win := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", left), "", nil).JSON
	lose := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", right), "", nil).JSON
	if win["score"].(float64) <= 50 || lose["score"].(float64) >= 50 || win["score_sd"].(float64) <= 0 {
		t.Errorf("scores after the refit: winner %v±%v, loser %v", win["score"], win["score_sd"], lose["score"])
	}
	list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=top", cid), "", nil).JSON["ideas"].([]any)
	if num(list[0].(map[string]any), "id") != left {
		t.Errorf("top does not lead with the winner: %v", list[0])
	}
	// Another method's challenge, and after voting: refused by rule.
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	h.idea(admin, stars, "a")
	h.idea(admin, stars, "b")
	if r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/pair", stars), fan, nil).must(t, 409); r.errCode() != "wrong_voting_method" {
		t.Errorf("pair on stars: %s", r.Body)
	}
	h.advance(72 * time.Hour)
	if r := h.api("GET", pairURL, fan, nil).must(t, 409); r.errCode() != "voting_closed" {
		t.Errorf("after voting: %s", r.Body)
	}
}

// The pair page works without JavaScript: a form whose buttons are the two
// ideas; an answer shows the next pair at once.
func TestPairPageForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	h.idea(admin, cid, "红裙")
	h.idea(admin, cid, "黑裙")
	b := h.browser()
	b.signIn("fan@example.com", "fan-password")
	path := fmt.Sprintf("/challenges/%d/pair", cid)
	if page := b.get(fmt.Sprintf("/challenges/%d", cid)).Body; !strings.Contains(page, `href="`+path+`"`) {
		t.Errorf("the challenge page has no way to the pairs")
	}
	page := b.get(path).Body
	m := regexp.MustCompile(`name="pair_token" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `value="left"`) || !strings.Contains(page, `value="right"`) || !strings.Contains(page, `value="skip"`) {
		t.Fatalf("no pair form: %.2000s", page)
	}
	r := b.post(path, path, url.Values{"pair_token": {html.UnescapeString(m[1])}, "choice": {"right"}})
	if r.Status != 303 || r.Header.Get("Location") != path {
		t.Fatalf("answer: %d %s", r.Status, r.Header.Get("Location"))
	}
	// The only pair is answered: the page says so.
	if page := b.get(path).Body; !strings.Contains(page, "You have compared every pair") {
		t.Errorf("no end message")
	}
	// Answering again (another tab) returns to the page with the reason.
	r = b.post(path, path, url.Values{"pair_token": {html.UnescapeString(m[1])}, "choice": {"left"}})
	if r.Status != 303 {
		t.Errorf("a second answer by form: %d", r.Status)
	}
	if page := b.get(path).Body; !strings.Contains(page, "already answered") {
		t.Errorf("the reason is not shown")
	}
}

// A node answers "which pair next?" from its copy of the challenge's
// candidates (service.candidatesFor); an idea hidden after the copy was
// made is never put to a fan again, and nobody is shown an error for it.
func TestPairsLeaveAHiddenIdeaAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	ids := []int{h.idea(admin, cid, "红裙"), h.idea(admin, cid, "黑裙"), h.idea(admin, cid, "白裙"), h.idea(admin, cid, "蓝裙")}
	pairURL := fmt.Sprintf("/api/v1/challenges/%d/pair", cid)
	h.api("GET", pairURL, fan, nil).must(t, 200) // the copy is made
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", ids[0]), admin, map[string]any{"state": "hidden"}).must(t, 200)
	asked := 0
	for {
		r := h.api("GET", pairURL, fan, nil)
		if r.Status == 204 {
			break
		}
		r.must(t, 200)
		a, b := num(r.JSON["left"].(map[string]any), "id"), num(r.JSON["right"].(map[string]any), "id")
		if a == ids[0] || b == ids[0] {
			t.Fatalf("the hidden idea %d is put to the fan: %d-%d", ids[0], a, b)
		}
		h.api("POST", pairURL, fan, map[string]any{"pair_token": str(r.JSON, "pair_token"), "choice": "skip"}).must(t, 200)
		if asked++; asked > 3 {
			t.Fatalf("more than the 3 pairs of the 3 listed ideas asked")
		}
	}
	if asked != 3 {
		t.Errorf("%d pairs asked, want the 3 of the listed ideas", asked)
	}
}
