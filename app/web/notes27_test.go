package web

import (
	"fmt"
	"strings"
	"testing"
)

// Every notice can be reached: past the newest hundred, the API gives a
// next_cursor and the page an "older notifications" link, each page older
// than the one before, until the last (next_cursor null, no link). A
// cursor this server did not give is refused, naming the field.
func TestOlderNotificationsCanBeRead(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@fans.cn")
	idea := h.idea(author, cid, "不会二次污染的洗衣机")
	fan := h.fan("talker@fans.cn")
	const comments = 103
	for i := range comments {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), fan, map[string]any{"body": fmt.Sprintf("第 %d 条评论", i+1)}).must(t, 201)
		// Comments while one is unread gather into it: reading makes the
		// next one a notice of its own.
		h.api("POST", "/api/v1/me/notifications/read", author, nil).must(t, 204)
	}
	seen := map[int]bool{}
	cursor, pages := "", 0
	for {
		path := "/api/v1/me/notifications"
		if cursor != "" {
			path += "?cursor=" + cursor
		}
		r := h.api("GET", path, author, nil).must(t, 200)
		list := r.JSON["notifications"].([]any)
		last := 1 << 62
		for _, n := range list {
			id := num(n.(map[string]any), "id")
			if seen[id] || id >= last {
				t.Fatalf("page %d: notice %d again or out of order", pages, id)
			}
			seen[id], last = true, id
		}
		pages++
		next, _ := r.JSON["next_cursor"].(string)
		if next == "" {
			if r.JSON["next_cursor"] != nil {
				t.Fatalf("the last page's next_cursor is %v, not null", r.JSON["next_cursor"])
			}
			break
		}
		if len(list) != 100 {
			t.Fatalf("a page before the last holds %d notices", len(list))
		}
		cursor = next
	}
	if pages != 2 || len(seen) != comments {
		t.Fatalf("%d pages held %d notices, want 2 pages and all %d", pages, len(seen), comments)
	}
	for _, bad := range []string{"0", "-5", "abc", "1e3"} {
		r := h.api("GET", "/api/v1/me/notifications?cursor="+bad, author, nil)
		if r.Status != 400 || r.errCode() != "invalid_cursor" || !strings.Contains(r.Body, `"field":"cursor"`) {
			t.Errorf("cursor %q: %d %s", bad, r.Status, r.Body)
		}
	}

	b := h.browser()
	b.signIn("author@fans.cn", "fan-password")
	first := b.get("/notifications", "Accept-Language", "zh-CN").must(t, 200).Body
	at := strings.Index(first, `href="/notifications?cursor=`)
	if at < 0 || !strings.Contains(first, "更早的通知") || strings.Count(first, `<article class="notice`) != 100 {
		t.Fatalf("the first page: link at %d, %d notices", at, strings.Count(first, `<article class="notice`))
	}
	link := first[at+len(`href="`):]
	link = link[:strings.IndexByte(link, '"')]
	older := b.get(link, "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(first, "最新通知") || !strings.Contains(older, `<a class="button" href="/notifications">最新通知</a>`) {
		t.Error("only an older page links back to the newest notifications")
	}
	if n := strings.Count(older, `<article class="notice`); n != comments-100 || strings.Contains(older, "更早的通知") {
		t.Errorf("the older page holds %d notices (want %d) and links on: %v", n, comments-100, strings.Contains(older, "更早的通知"))
	}
}
