package web

import (
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/people"
	"cocreate/app/service"
)

// pagefix30Roadmap is a roadmap whose planned column has visible posts
// and, every eighth from the fourth (the 100th read among them), posts on
// a board still in draft (seen by admins only), and a hidden post: the
// planned posts by title, with which are seen by everyone.
func pagefix30Roadmap(t *testing.T, h *harness, admin string) (byID map[int64]string, public map[int64]bool) {
	t.Helper()
	open := h.board(admin, "洗衣机建议")
	draft := h.board(admin, "烘干机（筹备中）")
	author := h.userID(h.fan("poster@x.cn"))
	db := h.rawDB()
	future := h.clock().Add(30 * 24 * time.Hour).UnixMilli()
	if _, err := db.Exec(`UPDATE challenges SET submissions_open_at = ?, submissions_close_at = NULL, voting_open_at = ?, voting_close_at = NULL, results_at = NULL, closed_at = NULL WHERE id = ?`,
		future, future, draft); err != nil {
		t.Fatal(err)
	}
	base := h.clock().UnixMilli()
	byID, public = map[int64]string{}, map[int64]bool{}
	for k := 0; k < 160; k++ {
		bid, state := open, "submitted"
		if k%8 == 3 {
			bid = draft
		}
		if k == 150 {
			state = "hidden"
		}
		title := fmt.Sprintf("rm30-%03d", k)
		var id int64
		if err := db.QueryRow(`INSERT INTO ideas (challenge_id, author_id, title, body, state, status, response, status_at, created_at, updated_at) VALUES (?, ?, ?, '', ?, 'planned', '', ?, ?, ?) RETURNING id`,
			bid, author, title, state, base-int64(k)*1000, base, base).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if state == "hidden" {
			continue
		}
		byID[id] = title
		public[id] = bid == open
	}
	return byID, public
}

// A roadmap column's next cursor names the last post its reader was
// shown, never one they may not see (a post on a draft board), and a page
// is full while the column goes on: for a visitor and for an admin, by the
// API and by the page's "more" link.
func TestPagefix30RoadmapCursorsNameShownPosts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	byID, public := pagefix30Roadmap(t, h, admin)
	visible := 0
	for _, p := range public {
		if p {
			visible++
		}
	}
	for _, who := range []struct {
		name, token string
		want        int
	}{{"a visitor", "", visible}, {"an admin", admin, len(byID)}} {
		seen := map[int64]bool{}
		next := ""
		for pages := 0; pages == 0 || next != ""; pages++ {
			if pages > 5 {
				t.Fatalf("%s: next_cursors never ends", who.name)
			}
			q := "/api/v1/roadmap"
			if next != "" {
				q += "?planned_cursor=" + url.QueryEscape(next)
			}
			r := h.api("GET", q, who.token, nil).must(t, 200)
			var shown []int64
			for _, p := range r.JSON["planned"].([]any) {
				id := int64(num(p.(map[string]any), "id"))
				if who.token == "" && !public[id] {
					t.Fatalf("%s is shown %s, on a draft board", who.name, byID[id])
				}
				seen[id] = true
				shown = append(shown, id)
			}
			next, _ = r.JSON["next_cursors"].(map[string]any)["planned"].(string)
			if next == "" {
				continue
			}
			if len(shown) != service.RoadmapLimit {
				t.Errorf("%s, page %d: %d posts while the column goes on, want %d", who.name, pages, len(shown), service.RoadmapLimit)
			}
			cur, err := domain.ParseCursor(next)
			if err != nil || cur == nil {
				t.Fatalf("%s: next cursor %q: %v", who.name, next, err)
			}
			if who.token == "" && !public[cur.ID] {
				t.Errorf("%s's next cursor names %s, a post on a draft board", who.name, byID[cur.ID])
			}
			if len(shown) > 0 && cur.ID != shown[len(shown)-1] {
				t.Errorf("%s's next cursor names %s, not the last shown %s", who.name, byID[cur.ID], byID[shown[len(shown)-1]])
			}
		}
		if len(seen) != who.want {
			t.Errorf("%s reaches %d planned posts, want %d", who.name, len(seen), who.want)
		}
	}
	// The page's more link, as a visitor.
	body := h.browser().get("/roadmap").must(t, 200).Body
	m := regexp.MustCompile(`href="/roadmap\?planned_cursor=([^"#&]+)#col-planned"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no more link on the planned column")
	}
	raw, _ := url.QueryUnescape(m[1])
	if cur, err := domain.ParseCursor(raw); err != nil || !public[cur.ID] || !strings.Contains(body, byID[cur.ID]+"<") {
		t.Errorf("the page's more link names a post not shown (%v)", err)
	}
}

// A roadmap column's count is the whole column's as its reader may see
// it (every page, a draft board's posts for admins only), on the page and
// in the API's totals, not the length of the page.
func TestPagefix30RoadmapTotals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	byID, public := pagefix30Roadmap(t, h, admin)
	visible := 0
	for _, p := range public {
		if p {
			visible++
		}
	}
	count := regexp.MustCompile(`id="col-planned">.*?<span class="count"[^>]*>(\d+)</span>`)
	for _, who := range []struct {
		name, token, email string
		want               int
	}{{"a visitor", "", "", visible}, {"an admin", admin, "admin@brand.cn", len(byID)}} {
		r := h.api("GET", "/api/v1/roadmap", who.token, nil).must(t, 200)
		totals, _ := r.JSON["totals"].(map[string]any)
		if got := num(totals, "planned"); got != who.want || num(totals, "done") != 0 || num(totals, "in_progress") != 0 {
			t.Errorf("%s: the API's totals %v, want %d planned", who.name, totals, who.want)
		}
		b := h.browser()
		if who.email != "" {
			b.signIn(who.email, "admin-password")
		}
		for _, path := range []string{"/roadmap", "/roadmap?planned_cursor=" + url.QueryEscape(r.JSON["next_cursors"].(map[string]any)["planned"].(string))} {
			m := count.FindStringSubmatch(b.get(path).must(t, 200).Body)
			if m == nil || m[1] != strconv.Itoa(who.want) {
				t.Errorf("%s, %s: the planned column counts %v, want %d", who.name, path, m, who.want)
			}
		}
	}
	// The counts are kept while the store's ContentVersion stays (on
	// SQLite, where nothing else writes), and a move is seen at once.
	srv := h.srv.Config.Handler.(*Server)
	if h.dbURL() == "" {
		srv.roadmap.mu.Lock()
		at := srv.roadmap.countsAt
		srv.roadmap.mu.Unlock()
		if at != h.svc.ContentVersion() {
			t.Errorf("the counts are not kept under the ContentVersion they were read at")
		}
	}
	eng := h.engineer(admin, "eng@x.cn")
	var moved int64
	for id, p := range public {
		if p {
			moved = id
			break
		}
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", moved), eng, map[string]any{"status": "done", "response": "已上线"}).must(t, 200)
	totals := h.api("GET", "/api/v1/roadmap", "", nil).must(t, 200).JSON["totals"].(map[string]any)
	if num(totals, "planned") != visible-1 || num(totals, "done") != 1 {
		t.Errorf("after a move to done: %v, want %d planned and 1 done", totals, visible-1)
	}
}

// Paging the roadmap deep (a crawler walking a column of more than the
// cache's bound to its end) keeps every column's first page in the item
// cache: only first pages are kept.
func TestPagefix30RoadmapDeepPagingKeepsFirstPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机建议")
	author := h.userID(h.fan("author@x.cn"))
	db := h.rawDB()
	base := h.clock().UnixMilli()
	n := roadmapItemsMax + 2*service.RoadmapLimit
	for k := 0; k < n; k++ {
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, status, response, status_at, created_at, updated_at) VALUES (?, ?, ?, '', 'planned', '', ?, ?, ?)`,
			bid, author, fmt.Sprintf("deep-%04d", k), base-int64(k)*1000, base, base); err != nil {
			t.Fatal(err)
		}
	}
	srv := h.srv.Config.Handler.(*Server)
	firstPage := func() []string {
		srv.roadmap.mu.Lock()
		defer srv.roadmap.mu.Unlock()
		var keys []string
		for k := range srv.roadmap.m {
			keys = append(keys, k)
		}
		return keys
	}
	b := h.browser()
	b.get("/roadmap").must(t, 200)
	kept := firstPage()
	if len(kept) != service.RoadmapLimit {
		t.Fatalf("the first page keeps %d items, want %d", len(kept), service.RoadmapLimit)
	}
	path, pages := "/roadmap", 0
	more := regexp.MustCompile(`href="(/roadmap\?planned_cursor=[^"#]+)#col-planned"`)
	for ; path != ""; pages++ {
		if pages > n/service.RoadmapLimit+2 {
			t.Fatal("the more links never end")
		}
		body := b.get(path).must(t, 200).Body
		path = ""
		if m := more.FindStringSubmatch(body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if pages < n/service.RoadmapLimit {
		t.Fatalf("walked %d pages of %d posts", pages, n)
	}
	now := firstPage()
	for _, k := range kept {
		if !slices.Contains(now, k) {
			t.Fatalf("after walking %d pages the first page's items are no longer kept (%d kept)", pages, len(now))
		}
	}
}

// pagefix30Projects is more than a page of projects (service.ProjectsPage
// + 20), those of every tenth idea from the first hidden (the 10th read
// from the newest among them): project ids by title, and whether a
// visitor may see each.
func pagefix30Projects(t *testing.T, h *harness, admin string) (ids []int64, public map[int64]bool) {
	t.Helper()
	cid := h.openChallenge(admin, nil)
	owner := h.userID(admin)
	db := h.rawDB()
	base := h.clock().UnixMilli()
	const total = service.ProjectsPage + 20
	for k := 1; k <= total; k++ {
		state := "submitted"
		if k%10 == 1 {
			state = "hidden"
		}
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, state, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?)`,
			cid, owner, fmt.Sprintf("pj30-%03d", k), state, base, base); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO projects (idea_id, owner_id, created_at, updated_at) SELECT id, ?, ?, ? FROM ideas WHERE title LIKE 'pj30-%' ORDER BY id`, owner, base, base); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT p.id, i.state FROM projects p JOIN ideas i ON i.id = p.idea_id ORDER BY p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	public = map[int64]bool{}
	for rows.Next() {
		var id int64
		var state string
		if err := rows.Scan(&id, &state); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		public[id] = state != "hidden"
	}
	return ids, public
}

var (
	pf30Card  = regexp.MustCompile(`href="/projects/(\d+)"`)
	pf30Older = regexp.MustCompile(`href="/projects\?cursor=(\d+)"`)
	pf30Newer = regexp.MustCompile(`href="/projects\?after=(\d+)"`)
)

// boardShown is the projects a page of the board shows, newest first.
func boardShown(body string) []int64 {
	var out []int64
	for _, m := range pf30Card.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b int64) int { return int(b - a) })
	return out
}

func linkID(re *regexp.Regexp, body string) int64 {
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// The projects list's cursors name projects shown, never a project whose
// idea is hidden from the reader, and its pages are full while the list
// goes on: the API's next_cursor, the board's older and newer links.
func TestPagefix30ProjectCursorsNameShownProjects(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ids, public := pagefix30Projects(t, h, admin)
	visible := 0
	for _, p := range public {
		if p {
			visible++
		}
	}
	seen := map[int64]bool{}
	next := ""
	for pages := 0; pages == 0 || next != ""; pages++ {
		if pages > 10 {
			t.Fatal("next_cursor never ends")
		}
		q := "/api/v1/projects?limit=10"
		if next != "" {
			q += "&cursor=" + next
		}
		r := h.api("GET", q, "", nil).must(t, 200)
		var shown []int64
		for _, p := range r.JSON["projects"].([]any) {
			id := int64(num(p.(map[string]any), "id"))
			if !public[id] {
				t.Fatalf("a visitor is shown project %d, of a hidden idea", id)
			}
			seen[id], shown = true, append(shown, id)
		}
		next, _ = r.JSON["next_cursor"].(string)
		if next == "" {
			continue
		}
		if len(shown) != 10 {
			t.Errorf("page %d: %d projects while the list goes on", pages, len(shown))
		}
		if next != strconv.FormatInt(shown[len(shown)-1], 10) {
			t.Errorf("page %d: next_cursor %s, not the last shown %d (of a hidden idea: %v)", pages, next, shown[len(shown)-1], !public[atoi64(next)])
		}
	}
	if len(seen) != visible {
		t.Errorf("the API's pages reach %d of %d projects", len(seen), visible)
	}
	// The board, older and back newer.
	b := h.browser()
	first := b.get("/projects").must(t, 200).Body
	shown := boardShown(first)
	older := linkID(pf30Older, first)
	if len(shown) != service.ProjectsPage || older != shown[len(shown)-1] {
		t.Fatalf("the board's first page: %d projects, older link %d, want %d and the last shown %d", len(shown), older, service.ProjectsPage, shown[len(shown)-1])
	}
	second := b.get(fmt.Sprintf("/projects?cursor=%d", older)).must(t, 200).Body
	shown2 := boardShown(second)
	if newer := linkID(pf30Newer, second); newer != shown2[0] || !public[newer] {
		t.Errorf("the older page's newer link names %d, not the first shown %d", newer, shown2[0])
	}
	if len(shown2)+len(shown) != visible || linkID(pf30Older, second) != 0 {
		t.Errorf("the two pages show %d of %d projects", len(shown2)+len(shown), visible)
	}
	_ = ids
}

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }

// The board's "newer" link is exact whatever cursor is typed: it is given
// only when a newer project the reader may see exists, it names a project
// shown, and the page it leads to holds the projects just newer, a full
// page (fewer are the newest page).
func TestPagefix30ProjectsNewerExact(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	ids, public := pagefix30Projects(t, h, admin)
	var visible []int64 // newest first
	for i := len(ids) - 1; i >= 0; i-- {
		if public[ids[i]] {
			visible = append(visible, ids[i])
		}
	}
	b := h.browser()
	newest := ids[len(ids)-1]
	// Past the newest: the newest page, nothing newer.
	body := b.get(fmt.Sprintf("/projects?cursor=%d", newest+100)).must(t, 200).Body
	if got := boardShown(body); len(got) != service.ProjectsPage || got[0] != visible[0] {
		t.Errorf("a cursor past the newest: %d projects from %v", len(got), got[:min(1, len(got))])
	}
	if pf30Newer.MatchString(body) || strings.Contains(body, i18n.For("zh").T("projfix29.projects_newest")) || strings.Contains(body, i18n.For("en").T("projfix29.projects_newest")) {
		t.Errorf("a cursor past the newest offers newer projects")
	}
	// After the newest: nothing newer, so the newest page, full.
	body = b.get(fmt.Sprintf("/projects?after=%d", newest)).must(t, 200).Body
	if got := boardShown(body); len(got) != service.ProjectsPage || got[0] != visible[0] || pf30Newer.MatchString(body) {
		t.Errorf("after the newest: %d projects, newer link %v", len(got), pf30Newer.MatchString(body))
	}
	// A cursor typed in the middle: the newer link names the first shown,
	// and leads to the projects just newer than it.
	mid := visible[len(visible)/2]
	body = b.get(fmt.Sprintf("/projects?cursor=%d", mid)).must(t, 200).Body
	got := boardShown(body)
	newer := linkID(pf30Newer, body)
	if len(got) == 0 || newer != got[0] {
		t.Fatalf("cursor=%d: the newer link names %d, the page starts at %v", mid, newer, got[:min(1, len(got))])
	}
	up := boardShown(b.get(fmt.Sprintf("/projects?after=%d", newer)).must(t, 200).Body)
	i := slices.Index(visible, newer)
	want := visible[max(0, i-service.ProjectsPage):i]
	if i < service.ProjectsPage { // fewer newer than a page: the newest page
		want = visible[:service.ProjectsPage]
	}
	if !slices.Equal(up, want) {
		t.Errorf("the newer page from %d: %v, want %v", newer, up, want)
	}
	// The oldest shown: nothing older, the newer link back.
	body = b.get(fmt.Sprintf("/projects?cursor=%d", visible[len(visible)-1])).must(t, 200).Body
	if got := boardShown(body); len(got) != 0 || pf30Older.MatchString(body) || linkID(pf30Newer, body) == 0 {
		t.Errorf("below the oldest: %v shown, links older %v newer %d", got, pf30Older.MatchString(body), linkID(pf30Newer, body))
	}
}

// The profile says why an addressed report past people.FeedbackCap shows
// +0, in both languages, with the cap's number from Go.
func TestPagefix30ProfileSaysWhyCapped(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	n := people.FeedbackCap + 2
	for i := 1; i <= n; i++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": fmt.Sprintf("门封 %d 有点松", i)}).must(t, 201)
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, num(r.JSON, "id")), e.eng, map[string]any{"addressed": true, "reply": "好"}).must(t, 200)
	}
	for _, lang := range i18n.Languages {
		b := h.browser()
		b.post("/", "/lang", url.Values{"lang": {lang}}).must(t, 303)
		b.signIn("fan@x.cn", "fan-password")
		body := b.get(fmt.Sprintf("/users/%d", e.fanID)).must(t, 200).Body
		why := template.HTMLEscapeString(i18n.For(lang).T("pagefix30.past_cap", people.FeedbackCap))
		if !strings.Contains(why, strconv.Itoa(people.FeedbackCap)) {
			t.Fatalf("%s: %q does not name the cap", lang, why)
		}
		if got := strings.Count(body, why); got != n-people.FeedbackCap {
			t.Errorf("%s: the profile says %q %d times, want %d (the reports past the cap)", lang, why, got, n-people.FeedbackCap)
		}
		if got := strings.Count(body, `<span class="points">+0</span>`); got != n-people.FeedbackCap {
			t.Errorf("%s: %d reasons at +0, want %d", lang, got, n-people.FeedbackCap)
		}
	}
}
