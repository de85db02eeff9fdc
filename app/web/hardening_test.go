package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Every write in the route table has a rate limit: a write without one is
// an unmetered way to make the server work (#11).
func TestEveryWriteIsRateLimited(t *testing.T) {
	t.Parallel()
	for _, r := range (&Server{}).Routes() {
		if r.Method != http.MethodGet && r.Limit == NoLimit {
			t.Errorf("%s %s has no rate limit", r.Method, r.Path)
		}
	}
}

// Switching language and marking notifications read are limited like any
// other write.
func TestLanguageAndReadMarksAreLimited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits)
	admin := h.setup()
	limited := func(send func() int) bool {
		for range 200 {
			if send() == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	}
	if !limited(func() int { return h.api("POST", "/api/v1/me/notifications/read", admin, nil).Status }) {
		t.Error("200 read marks in a row were never limited")
	}
	b := h.browser()
	token := b.csrf("/")
	if !limited(func() int {
		return b.post("/", "/lang", url.Values{"lang": {"zh"}, "_csrf": {token}}).Status
	}) {
		t.Error("200 language switches in a row were never limited")
	}
}

// Reading the notifications page changes nothing; a button (a POST) marks
// them read.
func TestNotificationsPageIsReadOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fanTok := h.fan("fan@x.cn")
	id := h.idea(fanTok, cid, "noticed")
	h.api("POST", "/api/v1/ideas/"+itoa(int64(id))+"/comments", admin, map[string]any{"body": "official", "official": true})
	unread := func() int {
		n := 0
		for _, v := range h.api("GET", "/api/v1/me/notifications", fanTok, nil).must(t, 200).JSON["notifications"].([]any) {
			if !v.(map[string]any)["read"].(bool) {
				n++
			}
		}
		return n
	}
	if unread() == 0 {
		t.Fatal("the fan has no unread notice to start with")
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get("/notifications").must(t, 200)
	if n := unread(); n == 0 {
		t.Fatal("GET /notifications marked the notices read")
	}
	if !strings.Contains(page.Body, `action="/notifications/read"`) {
		t.Errorf("no mark-read button on the page")
	}
	r := b.post("/notifications", "/notifications/read", nil)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark read: %d %q", r.Status, r.Header.Get("Location"))
	}
	if n := unread(); n != 0 {
		t.Errorf("%d notices still unread after the button", n)
	}
}

// HSTS when cookies are Secure (the site is behind TLS), not otherwise.
func TestHSTSWhenCookiesAreSecure(t *testing.T) {
	t.Parallel()
	plain := newHarness(t)
	if v := plain.browser().get("/signin").Header.Get("Strict-Transport-Security"); v != "" {
		t.Errorf("HSTS without -secure-cookies: %q", v)
	}
	secure := newHarness(t, func(c *Config) { c.SecureCookies = true })
	for _, path := range []string{"/signin", "/api/v1/challenges", "/nowhere"} {
		if v := secure.browser().get(path).Header.Get("Strict-Transport-Security"); !strings.HasPrefix(v, "max-age=31536000") {
			t.Errorf("%s with -secure-cookies: HSTS %q", path, v)
		}
	}
}

// An engineer declines ideas in triage only (won or picked, not yet a
// project): not any idea, in public, on a brand's site.
func TestDeclineOnlyIdeasInTriage(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	decline := func(id int) int {
		return eng.post("/triage", "/ideas/"+itoa(int64(id))+"/decline", url.Values{"reason": {"not for us"}}).Status
	}
	if got := decline(e.ideaID); got != http.StatusConflict {
		t.Errorf("declining a listed idea nobody sent to triage: %d, want 409", got)
	}
	if page := h.browser().get("/ideas/" + itoa(int64(e.ideaID))).Body; strings.Contains(page, "not for us") {
		t.Error("the refused decline is public on the idea")
	}
	e.open(t)
	if got := decline(e.ideaID); got != http.StatusConflict {
		t.Errorf("declining an idea already a project: %d, want 409", got)
	}
	cid := h.openChallenge(e.admin, nil)
	picked := h.idea(e.author, cid, "picked")
	admin := h.adminBrowser()
	admin.post("/", "/ideas/"+itoa(int64(picked))+"/pick", nil).must(t, http.StatusSeeOther)
	if got := decline(picked); got != http.StatusSeeOther {
		t.Errorf("declining a picked idea: %d, want 303", got)
	}
}

// A hidden (or withdrawn) idea leaves the judges' queues, and takes no
// more scores.
func TestHiddenIdeasLeaveJudgesQueues(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return "/api/v1/challenges/" + itoa(int64(e.cid)) + "/" + p }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	queue := func() []int {
		var ids []int
		for _, it := range h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any) {
			ids = append(ids, num(it.(map[string]any)["idea"].(map[string]any), "id"))
		}
		return ids
	}
	before := queue()
	if len(before) != 2 {
		t.Fatalf("j2's queue: %v", before)
	}
	gone := before[0]
	h.api("PATCH", "/api/v1/ideas/"+itoa(int64(gone)), e.admin, map[string]any{"state": "hidden", "reason": "copied"}).must(t, 200)
	after := queue()
	if len(after) != 1 || after[0] != before[1] {
		t.Errorf("j2's queue after hiding %d: %v, want [%d]", gone, after, before[1])
	}
	card := map[string]any{"scores": map[string]float64{"novelty": 5, "feasibility": 5}}
	if r := h.api("PUT", "/api/v1/ideas/"+itoa(int64(gone))+"/scorecard", e.j2, card); r.Status != http.StatusConflict {
		t.Errorf("scoring a hidden idea: %d %s, want 409", r.Status, r.Body)
	}
	h.api("PUT", "/api/v1/ideas/"+itoa(int64(before[1]))+"/scorecard", e.j2, card).must(t, 200)
}

// Feed links, og:url and canonical links name the configured -base-url,
// never the request's Host header (which anyone can set, poisoning caches
// and share cards).
func TestLinksUseTheBaseURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.BaseURL = "https://cocreate.example/" })
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "linked")
	b := h.browser()
	for _, path := range []string{"/challenges/" + itoa(int64(cid)) + "/feed.atom", "/ideas/" + itoa(int64(id))} {
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil2.example")
		r := h.do(b.client, req).must(t, http.StatusOK)
		if strings.Contains(r.Body, "evil") {
			t.Errorf("%s names the request's host: %.2000s", path, r.Body)
		}
		if !strings.Contains(r.Body, "https://cocreate.example/") || strings.Contains(r.Body, "https://cocreate.example//") {
			t.Errorf("%s does not link to the base URL: %.2000s", path, r.Body)
		}
	}
}

// The judging desk and the triage page offer every judge and engineer, not
// those among the newest thousand accounts.
func TestRoleListsDoNotStopAtAThousand(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	eng := h.fan("eng@x.cn")
	engID := num(h.api("GET", "/api/v1/me", eng, nil).JSON, "id")
	h.confirm(int64(engID))
	h.api("PUT", "/api/v1/users/"+itoa(int64(engID))+"/roles", e.admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	// A thousand fans sign up after them (written straight to the file: a
	// thousand password hashes would be slow).
	db := h.rawDB()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1001 {
		if _, err := tx.Exec(`INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, 'x', 0)`, "crowd"+itoa(int64(i))+"@x.cn", "crowd"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	admin := h.adminBrowser()
	desk := admin.get("/challenges/"+itoa(int64(e.cid))+"/judging").must(t, 200).Body
	for _, judge := range []string{"j1", "j2"} {
		if !strings.Contains(desk, "> "+judge+"</label>") {
			t.Errorf("the judging desk does not offer %s", judge)
		}
	}
	admin.post("/", "/ideas/"+itoa(int64(e.ideas[1]))+"/pick", nil).must(t, http.StatusSeeOther)
	if triage := admin.get("/triage").must(t, 200).Body; !strings.Contains(triage, ">eng</option>") {
		t.Errorf("the triage page does not offer the engineer: %.3000s", triage)
	}
}

// An idea's comments are paged, in the API and on the page, instead of
// silently stopping at a thousand.
func TestCommentsArePaged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "talked about")
	h.api("POST", "/api/v1/ideas/"+itoa(int64(id))+"/comments", admin, map[string]any{"body": "first"}).must(t, 201)
	db := h.rawDB()
	tx, _ := db.Begin()
	for i := range 1200 {
		if _, err := tx.Exec(`INSERT INTO comments (idea_id, author_id, body, official, created_at) VALUES (?, 1, ?, 0, 0)`, id, "comment "+itoa(int64(i+2))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(`UPDATE ideas SET comments = comments + 1200 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// The API: pages of at most a thousand, following next_cursor.
	seen := map[string]bool{}
	path := "/api/v1/ideas/" + itoa(int64(id)) + "/comments"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("next_cursor never ends")
		}
		r := h.api("GET", path, "", nil).must(t, 200)
		list := r.JSON["comments"].([]any)
		if len(list) > 1000 {
			t.Fatalf("a page of %d comments", len(list))
		}
		for _, c := range list {
			seen[c.(map[string]any)["body"].(string)] = true
		}
		path = ""
		if next, _ := r.JSON["next_cursor"].(string); next != "" {
			path = "/api/v1/ideas/" + itoa(int64(id)) + "/comments?cursor=" + url.QueryEscape(next)
		}
	}
	if len(seen) != 1201 || !seen["first"] || !seen["comment 1201"] {
		t.Errorf("following next_cursor gave %d distinct comments, want 1201", len(seen))
	}
	if r := h.api("GET", "/api/v1/ideas/"+itoa(int64(id))+"/comments?limit=10", "", nil).must(t, 200); len(r.JSON["comments"].([]any)) != 10 || r.JSON["next_cursor"] == nil {
		t.Errorf("limit=10: %d comments, next %v", len(r.JSON["comments"].([]any)), r.JSON["next_cursor"])
	}
	for _, bad := range []string{"cursor=x", "cursor=-1", "limit=0", "limit=1001", "limit=x"} {
		if r := h.api("GET", "/api/v1/ideas/"+itoa(int64(id))+"/comments?"+bad, "", nil); r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, r.Status)
		}
	}
	// The page: the first comments, and a link to the next ones.
	b := h.browser()
	page := b.get("/ideas/"+itoa(int64(id))).must(t, 200).Body
	more := regexp.MustCompile(`href="(/ideas/[^"]*comments_after=\d+[^"]*)"`).FindStringSubmatch(page)
	if more == nil || strings.Contains(page, "comment 1201<") {
		t.Fatalf("the idea page shows no link to more comments")
	}
	if !strings.Contains(page, "1201") {
		t.Errorf("the comments heading does not count them all")
	}
	last := page
	for range 20 {
		next := regexp.MustCompile(`href="(/ideas/[^"]*comments_after=\d+[^"]*)"`).FindStringSubmatch(last)
		if next == nil {
			break
		}
		last = b.get(strings.ReplaceAll(next[1], "&amp;", "&")).must(t, 200).Body
	}
	if !strings.Contains(last, "comment 1201") {
		t.Errorf("following the links never shows the last comment")
	}
}
