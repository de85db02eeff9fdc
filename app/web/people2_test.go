package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// nameBadgesAfter is the row of badges right after a link to a person's
// profile on a page: the badge keys in order and the "+N" count, or ok
// false when the name has no row.
func nameBadgesAfter(page string, userID int) (keys []string, more string, ok bool) {
	re := regexp.MustCompile(`<a href="/users/` + itoa(int64(userID)) + `">[^<]*</a>(?:</strong>)?<span class="name-badges">(.*?)</span></span>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return nil, "", false
	}
	for _, k := range regexp.MustCompile(`data-badge="([a-z_]+)"`).FindAllStringSubmatch(m[1], -1) {
		keys = append(keys, k[1])
	}
	if mm := regexp.MustCompile(`class="more-badges" role="img" aria-label="([^"]+)"[^>]*>\+(\d+)`).FindStringSubmatch(m[1] + "</span>"); mm != nil {
		more = mm[2] + " " + mm[1]
	}
	return keys, more, true
}

// Honour badges show beside names wherever names are listed (#17 item 4):
// the idea's author and its commenters, the leaderboard, a club's members
// and a meetup's attendees; at most three, the rarest first, then "+N",
// each named for screen readers in the reader's language. A badge never
// tells what a name's mask hides: an idea posted only in a challenge
// anonymous until results earns no first-idea badge beside a name, and a
// masked author has no badges at all.
func TestBadgesBesideNames(t *testing.T) {
	t.Parallel()
	cw := newClubWorld(t, 3, 10)
	h, admin := cw.h, cw.admin
	a, b, c := cw.fans[0], cw.fans[1], cw.fans[2]
	aID, bID, cID := cw.fanIDs[0], cw.fanIDs[1], cw.fanIDs[2]
	give := func(id int, keys ...string) {
		for _, k := range keys {
			h.api("POST", fmt.Sprintf("/api/v1/users/%d/badges", id), admin, map[string]string{"key": k}).must(t, 201)
		}
	}
	give(aID, "honour_fan")
	give(bID, "founding_fan", "club_star", "honour_fan")
	open := h.openChallenge(admin, nil)
	anon := h.openChallenge(admin, map[string]any{"anonymous_until_results": true})
	idea := h.idea(a, open, "烘干后衣服有异味")
	h.idea(b, open, "希望有童锁")
	hidden := h.idea(c, anon, "只在匿名挑战里发的创意")
	for _, tok := range []string{b, c} {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), tok, map[string]string{"body": "同意，我家也是"}).must(t, 201)
	}

	v := h.browser()
	page := v.get(fmt.Sprintf("/ideas/%d", idea)).must(t, 200).Body
	if keys, more, ok := nameBadgesAfter(page, aID); !ok || strings.Join(keys, ",") != "honour_fan,first_idea" || more != "" {
		t.Errorf("the author's badges: %v %q %v", keys, more, ok)
	}
	// Four badges: the rarest three, then +1 named as one more badge.
	if keys, more, ok := nameBadgesAfter(page, bID); !ok || strings.Join(keys, ",") != "honour_fan,club_star,founding_fan" || more != "1 1 more badge" {
		t.Errorf("a commenter's badges: %v %q %v", keys, more, ok)
	}
	if keys, _, ok := nameBadgesAfter(page, cID); ok {
		t.Errorf("an idea only in an anonymous challenge shows beside the name: %v", keys)
	}
	if !strings.Contains(page, `role="img" data-badge="honour_fan" aria-label="Honour fan"`) {
		t.Error("a badge has no name for screen readers")
	}
	zh := v.get(fmt.Sprintf("/ideas/%d", idea), "Accept-Language", "zh-CN").Body
	if !strings.Contains(zh, `aria-label="荣誉粉丝"`) || !strings.Contains(zh, `aria-label="另有 1 枚勋章"`) {
		t.Error("badges beside names in Chinese")
	}
	// The masked author of the anonymous idea: no name, no badges.
	if p := v.get(fmt.Sprintf("/ideas/%d", hidden)).must(t, 200).Body; strings.Contains(p, "name-badges") || strings.Contains(p, fmt.Sprintf(`/users/%d"`, cID)) {
		t.Error("a masked author's badges show")
	}

	// The leaderboard, the club's members, the meetup's attendees.
	h.earn(aID, 12)
	h.earn(bID, 5)
	if keys, _, ok := nameBadgesAfter(v.get("/leaderboard").must(t, 200).Body, aID); !ok || strings.Join(keys, ",") != "honour_fan,first_idea" {
		t.Errorf("leaderboard: %v %v", keys, ok)
	}
	club := v.get(fmt.Sprintf("/clubs/%d", cw.club)).must(t, 200).Body
	if keys, more, ok := nameBadgesAfter(club, bID); !ok || len(keys) != 3 || more == "" {
		t.Errorf("club members: %v %q %v", keys, more, ok)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", cw.event), a, nil).must(t, 200)
	org := h.adminBrowser()
	if keys, _, ok := nameBadgesAfter(org.get(fmt.Sprintf("/events/%d", cw.event)).must(t, 200).Body, aID); !ok || strings.Join(keys, ",") != "honour_fan,first_idea" {
		t.Errorf("attendees: %v %v", keys, ok)
	}
}

// A board post's page shows its status history (#17 item 4): every move,
// newest first, with when, from and to, the official response, and the
// role the brand answered in, never the engineer's name; a repeat of the
// same status and response adds nothing; in Chinese too.
func TestPostStatusHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "冰箱")
	fan := h.fan("fan@x.cn")
	eng := h.engineer(admin, "secret.engineer@brand.cn")
	post := h.idea(fan, bid, "冷藏室结霜")
	path := fmt.Sprintf("/api/v1/ideas/%d/status", post)
	set := func(tok, status, response string) {
		h.api("PUT", path, tok, map[string]any{"status": status, "response": response}).must(t, 200)
	}
	ip := fmt.Sprintf("/ideas/%d", post)
	v := h.browser()
	if strings.Contains(v.get(ip).must(t, 200).Body, "status-history") {
		t.Error("a post never moved has a history")
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", post), fan, nil).must(t, 200); !strings.Contains(r.Body, `"status_history":[]`) {
		t.Errorf("a post never moved: want an empty status_history: %s", r.Body)
	}
	set(eng, "under_review", "我们在看")
	h.advance(time.Minute)
	set(eng, "planned", "排进三月的固件")
	set(eng, "planned", "排进三月的固件") // a repeat: nothing new
	h.advance(time.Minute)
	set(admin, "done", "固件 3.1 已修复")

	page := v.get(ip).must(t, 200).Body
	i := strings.Index(page, `<ol class="status-history"`)
	if i < 0 {
		t.Fatal("no status history on the post's page")
	}
	list := page[i : i+strings.Index(page[i:], "</ol>")]
	moves := strings.Split(list, `<li class="status-move">`)[1:]
	want := []struct{ from, to, resp, role string }{
		// The newest move's response is the official response shown just
		// above the history: shown once, the move points at it.
		{"planned", "done", "With the official response shown above.", "The brand&#39;s team"},
		{"under_review", "planned", "排进三月的固件", "The brand&#39;s engineers"},
		{"open", "under_review", "我们在看", "The brand&#39;s engineers"},
	}
	if len(moves) != len(want) {
		t.Fatalf("%d moves shown, want %d:\n%s", len(moves), len(want), list)
	}
	for k, w := range want {
		m := moves[k]
		f, to := strings.Index(m, "status-"+w.from+`"`), strings.Index(m, "status-"+w.to+`"`)
		if f < 0 || to < f || !strings.Contains(m, w.resp) || !strings.Contains(m, w.role) || !strings.Contains(m, "<time datetime=") {
			t.Errorf("move %d: want %s → %s by %s with %q:\n%s", k, w.from, w.to, w.role, w.resp, m)
		}
	}
	if strings.Contains(list, "secret.engineer") || strings.Contains(list, "/users/") {
		t.Error("the history names the engineer")
	}
	if n := strings.Count(page, "固件 3.1 已修复"); n != 1 {
		t.Errorf("the official response is on the page %d times, want once", n)
	}
	// The API's post carries the same history, newest first, by role.
	r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", post), fan, nil).must(t, 200)
	hist, _ := r.JSON["status_history"].([]any)
	wantAPI := []struct{ from, to, resp, role string }{
		{"planned", "done", "固件 3.1 已修复", "admin"},
		{"under_review", "planned", "排进三月的固件", "engineer"},
		{"open", "under_review", "我们在看", "engineer"},
	}
	if len(hist) != len(wantAPI) {
		t.Fatalf("the API's status_history has %d moves, want %d: %s", len(hist), len(wantAPI), r.Body)
	}
	for k, w := range wantAPI {
		m := hist[k].(map[string]any)
		if str(m, "from") != w.from || str(m, "to") != w.to || str(m, "response") != w.resp || str(m, "role") != w.role ||
			!strings.Contains(str(m, "response_html"), w.resp) || str(m, "at") == "" {
			t.Errorf("API move %d: %v, want %+v", k, m, w)
		}
	}
	if strings.Contains(r.Body, "secret.engineer") || strings.Contains(r.Body, `"actor`) {
		t.Error("the API's history names the engineer")
	}
	zh := v.get(ip, "Accept-Language", "zh-CN").Body
	if !strings.Contains(zh, "状态记录") || !strings.Contains(zh, "品牌工程师") || !strings.Contains(zh, "品牌团队") {
		t.Error("the status history in Chinese")
	}
	// An idea of a timed challenge has no status history.
	cid := h.openChallenge(admin, nil)
	other := h.idea(fan, cid, "普通创意")
	if strings.Contains(v.get(fmt.Sprintf("/ideas/%d", other)).must(t, 200).Body, "status-history") {
		t.Error("a challenge's idea shows a status history")
	}
	if r := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", other), fan, nil).must(t, 200); strings.Contains(r.Body, "status_history") {
		t.Error("a challenge's idea has a status_history in the API")
	}
}

// The roadmap page keeps each post's item (roadmapcache.go) and is never
// stale: a vote, a new response, a renamed board and a move to another
// column show on the next read, in each language.
func TestRoadmapItemsAreNeverStale(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "冰箱 Fridges")
	eng := h.engineer(admin, "eng@brand.cn")
	fan := h.fan("fan@x.cn")
	post := h.idea(fan, bid, "冷藏室结霜")
	status := fmt.Sprintf("/api/v1/ideas/%d/status", post)
	h.api("PUT", status, eng, map[string]any{"status": "planned", "response": "排进三月"}).must(t, 200)
	v := h.browser()
	item := func(lang string) string {
		t.Helper()
		page := v.get("/roadmap", "Accept-Language", lang).must(t, 200).Body
		i := strings.Index(page, fmt.Sprintf(`id="idea-%d"`, post))
		if i < 0 {
			t.Fatalf("the post is not on the roadmap")
		}
		col := strings.LastIndex(page[:i], `<section class="roadmap-column" aria-labelledby="col-`)
		return page[col:col+80] + page[i:i+strings.Index(page[i:], "</article>")]
	}
	if it := item("en"); !strings.Contains(it, "0 votes") || !strings.Contains(it, "排进三月") || !strings.Contains(it, "col-planned") {
		t.Fatalf("first read: %s", it)
	}
	item("zh-CN")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", post), h.fan("voter@x.cn"), nil).must(t, 200)
	if it := item("en"); !strings.Contains(it, "1 vote<") {
		t.Errorf("after a vote: %s", it)
	}
	if it := item("zh-CN"); !strings.Contains(it, "1 票") {
		t.Errorf("after a vote, in Chinese: %s", it)
	}
	h.api("PUT", status, eng, map[string]any{"status": "planned", "response": "改到四月"}).must(t, 200)
	if it := item("en"); !strings.Contains(it, "改到四月") || strings.Contains(it, "排进三月") {
		t.Errorf("after a new response: %s", it)
	}
	item("zh-CN")
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", bid), admin, map[string]any{"title": "冰箱 Refrigerators"}).must(t, 200)
	if it := item("zh-CN"); !strings.Contains(it, "冰箱 Refrigerators") {
		t.Errorf("after renaming the board: %s", it)
	}
	h.api("PUT", status, eng, map[string]any{"status": "done", "response": "改到四月"}).must(t, 200)
	if it := item("en"); !strings.Contains(it, "col-done") || !strings.Contains(it, "1 vote<") {
		t.Errorf("after moving to done: %s", it)
	}
}
