package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// searchFor polls the search API until want shows up (or a second passes),
// returning the hits and how long it took.
func (h *harness) searchFor(token, query string, wantID int) ([]map[string]any, time.Duration) {
	start := time.Now()
	for {
		r := h.api("GET", "/api/v1/search?type=all&"+query, token, nil)
		var hits []map[string]any
		for _, x := range r.JSON["hits"].([]any) {
			hits = append(hits, x.(map[string]any))
		}
		for _, hit := range hits {
			if num(hit, "id") == wantID && hit["type"] == "idea" {
				return hits, time.Since(start)
			}
		}
		if time.Since(start) > indexWait {
			return hits, time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSearchFindsNewIdeasWithinASecond(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	id := num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fan, map[string]any{
		"title": "银离子涂层解决二次污染", "summary": "Silver coating stops bacteria in washing machines", "tags": []string{"材料"},
	}).must(t, 201).JSON, "id")
	for _, q := range []string{"二次污染", "污", "washes", "silver+coat", "machines", "材料"} {
		hits, took := h.searchFor("", "q="+url.QueryEscape(q), id)
		if took > time.Second {
			t.Errorf("%q: not found within a second (%v; %d hits)", q, took, len(hits))
		}
	}
	// The challenge matches too; the idea's hit is there, marked.
	hits, _ := h.searchFor("", "q="+url.QueryEscape("二次污染"), id)
	var hit map[string]any
	for _, x := range hits {
		if x["type"] == "idea" {
			hit = x
		}
	}
	if hit == nil || num(hit, "challenge_id") != cid || !strings.Contains(hit["title_highlight"].(string), "<mark>二次污染</mark>") || hit["url"] != fmt.Sprintf("/ideas/%d", id) {
		t.Errorf("idea hit: %v", hit)
	}
}

func TestSearchTakesUserTextLiterally(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(admin, cid, "title: plus+minus- \"quoted\"")
	for _, q := range []string{`title:x +y -z "`, `*`, `~1`, `^2`, `\`, `(a OR b)`, `洗衣机 AND`, strings.Repeat("长", 200)} {
		r := h.api("GET", "/api/v1/search?type=all&q="+url.QueryEscape(q), "", nil)
		if r.Status != 200 {
			t.Errorf("%q: %d %s", q, r.Status, r.Body)
		}
	}
	r := h.api("GET", "/api/v1/search?type=all&q="+url.QueryEscape(strings.Repeat("长", 201)), "", nil).must(t, 400)
	if r.errField() != "q" {
		t.Errorf("over-long query field = %q", r.errField())
	}
	for _, q := range []string{"state=sparkly", "type=user", "limit=500", "limit=0", "limit=x", "offset=-1", "challenge=abc"} {
		if r := h.api("GET", "/api/v1/search?q=x&"+q, "", nil); r.Status != 400 || r.errField() == "" {
			t.Errorf("%s: %d %s", q, r.Status, r.Body)
		}
	}
}

func TestHiddenIdeasAreFoundByAdminsNotFans(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(fan, cid, "蒸汽自清洁 steam self-cleaning")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), fan, map[string]string{"body": "蒸汽 comment"}).must(t, 201)
	if _, took := h.searchFor(fan, "q=steam", id); took > time.Second {
		t.Fatal("idea not indexed")
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id), admin, map[string]any{"state": "hidden"}).must(t, 200)
	deadline := time.Now().Add(2 * time.Second)
	for {
		r := h.api("GET", "/api/v1/search?type=all&q="+url.QueryEscape("蒸汽"), fan, nil)
		if num(r.JSON, "total") == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("hidden idea (or its comment) still found by a fan: %s", r.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if hits, _ := h.searchFor(admin, "q=steam", id); len(hits) == 0 {
		t.Error("an admin cannot find a hidden idea")
	}
	// The search page says so in the person's language.
	b := h.browser()
	if page := b.get("/search?q=steam", "Accept-Language", "zh-CN").Body; !strings.Contains(page, "没有找到结果") {
		t.Error("the search page does not say nothing was found")
	}
}

func TestSearchPageFiltersAndHighlights(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	a := h.openChallenge(admin, map[string]any{"title": "Haier washers"})
	b := h.openChallenge(admin, map[string]any{"title": "Fridges"})
	ia := h.idea(admin, a, "Battery-free door sensor <script>x</script>")
	h.idea(admin, b, "Battery powered fridge light")
	h.searchFor("", "q=battery", ia)
	page := h.browser().get(fmt.Sprintf("/search?q=batteries&challenge=%d", a)).must(t, 200).Body
	if !strings.Contains(page, "<mark>") || !strings.Contains(page, "door sensor") || strings.Contains(page, "fridge light") {
		t.Errorf("filtered search page wrong: %.2000s", page)
	}
	if strings.Contains(page, "<script>x") {
		t.Error("a title's markup reached the search page")
	}
}

func TestSimilarIdeasWhileTyping(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	a := h.openChallenge(admin, nil)
	b := h.openChallenge(admin, nil)
	drum := h.idea(admin, a, "无孔内筒 drum without holes")
	h.idea(admin, a, "Steam cleaning cycle")
	other := h.idea(admin, b, "无孔内筒 in another challenge")
	h.searchFor("", "q=holes", drum)
	h.searchFor("", "q=another", other)
	r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/similar?text=%s", a, url.QueryEscape("内筒没有孔 holes")), "", nil).must(t, 200)
	ideas := r.JSON["ideas"].([]any)
	if len(ideas) == 0 || num(ideas[0].(map[string]any), "id") != drum {
		t.Fatalf("similar: %s", r.Body)
	}
	for _, it := range ideas {
		if num(it.(map[string]any), "challenge_id") != a {
			t.Errorf("similar returned an idea of another challenge: %v", it)
		}
	}
}

func TestMergeMovesSupportersOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	f1, f2, f3 := h.fan("f1@x.cn"), h.fan("f2@x.cn"), h.fan("f3@x.cn")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	orig := h.idea(f1, cid, "original")
	dup := h.idea(f2, cid, "duplicate")
	vote := func(tok string, id int) {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), tok, nil).must(t, 200)
	}
	vote(f1, orig)
	vote(f2, orig)
	vote(f2, dup) // supports both: must count once
	vote(f3, dup)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), f1, map[string]any{"into": orig}).must(t, 403)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), admin, map[string]any{"into": dup}).must(t, 400)
	r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), admin, map[string]any{"into": orig, "reason": "same drum"}).must(t, 200)
	if str(r.JSON, "state") != "merged" || num(r.JSON, "merged_into") != orig || num(r.JSON, "votes") != 0 {
		t.Errorf("duplicate after merge: %s", r.Body)
	}
	if got := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", orig), "", nil).JSON, "votes"); got != 3 {
		t.Errorf("original has %d votes, want 3 (f1, f2 once, f3)", got)
	}
	// f2 held two votes and now holds one: a vote of their budget is free.
	third := h.idea(admin, cid, "third")
	vote(f2, third)
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check after merge: %v %v", v, err)
	}
	// The duplicate's page points to the original; it left the lists.
	page := h.browser().get(fmt.Sprintf("/ideas/%d", dup)).must(t, 200).Body
	if !strings.Contains(page, fmt.Sprintf(`href="/ideas/%d"`, orig)) {
		t.Error("the merged idea's page does not point to the original")
	}
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/merge", dup), admin, map[string]any{"into": orig}).must(t, 409)

	// The duplicate's author, and only they, is told where their idea went.
	told := func(tok string) bool {
		for _, n := range h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).JSON["notifications"].([]any) {
			m := n.(map[string]any)
			if m["kind"] == "merged" && m["url"] == fmt.Sprintf("/ideas/%d", orig) && strings.Contains(m["text"].(string), "duplicate") {
				return true
			}
		}
		return false
	}
	if !told(f2) || told(f1) || told(f3) {
		t.Errorf("merge notices: duplicate's author %v, original's author %v, a supporter %v; want only the duplicate's author", told(f2), told(f1), told(f3))
	}
}

// API.md's search answers ideas: without a type, a comment, an update or a
// challenge that matches is not a hit, and total counts ideas alone, so an
// app that opens /api/v1/ideas/{id} of each hit opens the right idea.
// type=all (the header's suggestions) and the search page find every kind.
func TestSearchAPIAnswersIdeasUnlessAskedForAll(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(fan, cid, "qzkind idea 无水洗涤")
	other := h.idea(fan, cid, "another idea")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", other), fan, map[string]string{"body": "qzkind in a comment"}).must(t, 201)
	r := h.waitTotal("", "q=qzkind", 2) // type=all
	if num(r.JSON, "total") != 2 {
		t.Fatalf("type=all: %s", r.Body)
	}
	r = h.api("GET", "/api/v1/search?q=qzkind", "", nil).must(t, 200)
	hits := r.JSON["hits"].([]any)
	if num(r.JSON, "total") != 1 || len(hits) != 1 {
		t.Fatalf("without a type the comment is a hit: %s", r.Body)
	}
	if hit := hits[0].(map[string]any); hit["type"] != "idea" || num(hit, "id") != id {
		t.Errorf("the hit is %v, want idea %d", hit, id)
	}
	if r := h.api("GET", "/api/v1/search?type=comment&q=qzkind", "", nil).must(t, 200); num(r.JSON, "total") != 1 || !strings.Contains(r.Body, `"type":"comment"`) {
		t.Errorf("type=comment: %s", r.Body)
	}
	if page := h.browser().get("/search?q=qzkind", "Accept-Language", "zh-CN").Body; !strings.Contains(page, fmt.Sprintf("/ideas/%d", id)) || !strings.Contains(page, "in a comment") {
		t.Errorf("the search page no longer finds every kind:\n%s", page)
	}
}
