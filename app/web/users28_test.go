package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Past a hundred accounts the users page pages, newest first, and finds
// anyone by name or address or role: an early engineer of a site with 250
// newer sign-ups can still be found and suspended, and the page returns to
// the same search after the change.
func TestTheUsersPageReachesEveryAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, engID := h.staffer(admin, "early-eng@x.cn", "engineer")
	h.fan("lin.wei@x.cn")
	h.api("PATCH", "/api/v1/me", h.fan("elodie@x.cn"), map[string]any{"name": "Élodie Öztürk"}).must(t, 200)
	h.api("PATCH", "/api/v1/me", h.fan("under_score@x.cn"), map[string]any{"name": "林 100%"}).must(t, 200)
	db := h.rawDB()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 250 {
		if _, err := tx.Exec(`INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, 'x', 0)`, fmt.Sprintf("crowd%d@x.cn", i), "crowd"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	b := h.adminBrowser()
	rows := func(body string) int { return strings.Count(body, `class="user-row`) }
	row := func(id int) string { return fmt.Sprintf(`id="user-%d"`, id) }
	olderLink := func(body string) string {
		i := strings.Index(body, `class="pager"`)
		if i < 0 {
			return ""
		}
		for _, part := range strings.Split(body[i:strings.Index(body[i:], "</nav>")+i], `href="`)[1:] {
			link := strings.ReplaceAll(part[:strings.Index(part, `"`)], "&amp;", "&")
			if strings.Contains(part, "更早的账号") {
				return link
			}
		}
		return ""
	}

	// Newest first, a hundred at a time, every account reached once.
	seen, path, pages := 0, "/admin/users", 0
	for path != "" {
		page := b.get(path, "Accept-Language", "zh-CN").must(t, 200).Body
		seen += rows(page)
		if pages == 0 && (rows(page) != 100 || strings.Contains(page, row(engID))) {
			t.Fatalf("the first page: %d rows, early engineer shown %v", rows(page), strings.Contains(page, row(engID)))
		}
		path = olderLink(page)
		pages++
		if pages > 5 {
			t.Fatal("the pages never end")
		}
	}
	if want := 250 + 5; seen != want || pages != 3 {
		t.Errorf("%d accounts over %d pages, want %d over 3", seen, pages, want)
	}

	// Found by address, by role, by a name in Chinese; typed text is literal.
	for _, tc := range []struct {
		query string
		want  int
		has   string
	}{
		{"q=EARLY-ENG", 1, row(engID)},
		{"role=engineer", 1, row(engID)},
		{"q=" + url.QueryEscape("林"), 1, "林 100%"},
		{"q=" + url.QueryEscape("%"), 1, "林 100%"},
		{"q=_", 1, "under_score@x.cn"},
		{"q=crowd1", 111, ""}, // crowd1, crowd10–19, crowd100–199
		{"q=nobody", 0, "没有匹配的账号"},
		{"q=" + url.QueryEscape("élodie öZTÜRK"), 1, "elodie@x.cn"}, // every script's case, on both engines
	} {
		page := b.get("/admin/users?"+tc.query, "Accept-Language", "zh-CN").must(t, 200).Body
		if n := rows(page); n != min(tc.want, 100) || !strings.Contains(page, tc.has) {
			t.Errorf("%s: %d rows (want %d), %q shown %v", tc.query, n, tc.want, tc.has, strings.Contains(page, tc.has))
		}
	}
	if r := b.get("/admin/users?role=fan"); r.Status != 400 || !strings.Contains(r.Body, "role") {
		t.Errorf("an unknown role: %d", r.Status)
	}
	if r := b.get("/admin/users?q=a%00b", "Accept-Language", "zh-CN"); r.Status != 400 || !strings.Contains(r.Body, "搜索内容包含") {
		t.Errorf("a search with a NUL byte: %d", r.Status)
	}

	// Suspended from a search, back to that search, at the row.
	r := b.post("/admin/users?q=early-eng", fmt.Sprintf("/admin/users/%d/suspension?q=early-eng", engID), url.Values{"suspended": {"true"}, "reason": {"离职"}})
	if loc := r.Header.Get("Location"); r.Status != 303 || loc != fmt.Sprintf("/admin/users?q=early-eng#user-%d", engID) {
		t.Fatalf("suspend from a search: %d to %q", r.Status, loc)
	}
	if page := b.get("/admin/users?role=suspended").must(t, 200).Body; rows(page) != 1 || !strings.Contains(page, row(engID)) {
		t.Errorf("the suspended accounts: %d rows", rows(page))
	}
}
