package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The voting method is the organiser's choice at creation, editable only
// until voting opens, shown in the challenge's JSON and on its page; another
// method's endpoint is refused naming the rule.
func TestVotingMethodAPI(t *testing.T) {
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
