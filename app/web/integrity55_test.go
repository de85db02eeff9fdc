package web

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// integrity55Log writes n entries of challenge cid's integrity log
// straight to the table (two to a millisecond, the reasons "removal-007"),
// and returns the reasons newest first, as the log reads them.
func integrity55Log(t *testing.T, h *harness, cid, n int) []string {
	t.Helper()
	db := h.rawDB()
	var gid int64
	if err := db.QueryRow(`INSERT INTO integrity_groups (challenge_id, status, score, created_at, updated_at) VALUES (?, 'removed', 1, 0, 0) RETURNING id`,
		cid).Scan(&gid); err != nil {
		t.Fatal(err)
	}
	start := h.clock().Add(-time.Hour)
	var want []string
	for i := range n {
		reason := fmt.Sprintf("removal-%03d", i)
		if _, err := db.Exec(`INSERT INTO integrity_log (challenge_id, group_id, idea_ids, votes_removed, reason, created_at) VALUES (?, ?, '[]', 1, ?, ?)`,
			cid, gid, reason, start.Add(time.Duration(i/2)*time.Millisecond).UnixMilli()); err != nil {
			t.Fatal(err)
		}
		want = append([]string{reason}, want...)
	}
	return want
}

// The integrity log's API pages: 50 entries unless asked, limit up to
// 200, each entry read once by next_cursor, null on the last page; a bad
// limit or cursor is 400 naming its field. Its page shows the newest 50
// and 更早的记录 (older entries) to the rest, each entry once.
func TestIntegrity55LogPagesByCursor(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	want := integrity55Log(t, h, cid, 120)
	path := fmt.Sprintf("/api/v1/challenges/%d/integrity/log", cid)

	walk := func(query string) (got []string, sizes []int) {
		t.Helper()
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > len(want) {
				t.Fatalf("%s: the pages never end", query)
			}
			q := path + "?" + query
			if cursor != "" {
				q += "&cursor=" + cursor
			}
			r := h.api("GET", q, "", nil).must(t, 200)
			entries, _ := r.JSON["entries"].([]any)
			sizes = append(sizes, len(entries))
			for _, e := range entries {
				got = append(got, str(e.(map[string]any), "reason"))
			}
			next, ok := r.JSON["next_cursor"]
			if !ok {
				t.Fatalf("%s: no next_cursor in %s", query, r.Body)
			}
			if next == nil {
				return got, sizes
			}
			cursor = next.(string)
		}
	}
	for query, pages := range map[string]string{"": "[50 50 20]", "limit=7": "[7 7 7 7 7 7 7 7 7 7 7 7 7 7 7 7 7 1]", "limit=200": "[120]", "limit=120": "[120]", "limit=60": "[60 60]"} {
		got, sizes := walk(query)
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(sizes) != pages {
			t.Errorf("%q: pages %v of %d entries, want %s of %d each once newest first", query, sizes, len(got), pages, len(want))
		}
	}
	for _, bad := range []string{"0", "201", "-1", "x", "1.5"} {
		if r := h.api("GET", path+"?limit="+bad, "", nil).must(t, 400); r.errCode() != "invalid_limit" || r.errField() != "limit" {
			t.Errorf("limit %q: %s, want invalid_limit naming limit", bad, r.Body)
		}
	}
	for _, bad := range []string{"x", "!!", "bm90LWEtY3Vyc29y"} { // the last: "not-a-cursor"
		if r := h.api("GET", path+"?cursor="+bad, "", nil).must(t, 400); r.errCode() != "invalid_cursor" || r.errField() != "cursor" {
			t.Errorf("cursor %q: %s, want invalid_cursor naming cursor", bad, r.Body)
		}
	}

	// The page: 50 entries, then 更早的记录 to the next 50, then the last 20
	// with the way back to the newest.
	reasonRE := regexp.MustCompile(`<p>(removal-\d{3})</p>`)
	nextRE := regexp.MustCompile(`<a class="button" rel="next" id="log-next" href="([^"]+)">更早的记录</a>`)
	newest := fmt.Sprintf(`href="/challenges/%d/integrity/log">%s</a>`, cid, jT("zh", "integrity.log_newest"))
	b := h.browser()
	page := fmt.Sprintf("/challenges/%d/integrity/log", cid)
	var got, sizes []string
	for n := 0; page != ""; n++ {
		if n > 3 {
			t.Fatal("the page's 下一页 never ends")
		}
		body := b.zhPage(page)
		found := reasonRE.FindAllStringSubmatch(body, -1)
		for _, m := range found {
			got = append(got, m[1])
		}
		sizes = append(sizes, fmt.Sprint(len(found)))
		if later := strings.Contains(body, newest); later != (n > 0) {
			t.Errorf("page %d: the way back to the newest shown %v", n+1, later)
		}
		page = ""
		if m := nextRE.FindStringSubmatch(body); m != nil {
			page = fmt.Sprintf("/challenges/%d/integrity/log", cid) + html.UnescapeString(m[1])
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || strings.Join(sizes, " ") != "50 50 20" {
		t.Errorf("the pages showed %v entries, %d in all; want 50 50 20, each once newest first", sizes, len(got))
	}
	if r := b.get(fmt.Sprintf("/challenges/%d/integrity/log?cursor=x", cid)); r.Status != 400 {
		t.Errorf("the page with a bad cursor: %d, want 400", r.Status)
	}
}
