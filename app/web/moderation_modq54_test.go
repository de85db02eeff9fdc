package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// modq54Flood is a spam wave: n ideas of author in challenge cid, each
// reported once by reporter (through the store, past the reporter's daily
// reports); their ids, the first made first.
func modq54Flood(t *testing.T, h *harness, author, reporter string, cid, n int) []int {
	t.Helper()
	ctx := context.Background()
	a, err := h.store.User(ctx, h.userID(author))
	if err != nil {
		t.Fatal(err)
	}
	r := h.userID(reporter)
	var ids []int
	for i := range n {
		title, summary, body := fmt.Sprintf("刷单 %03d", i), "s", "b"
		idea, err := h.svc.SubmitIdea(ctx, &a, int64(cid), domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.store.Report(ctx, domain.ItemIdea, idea.ID, r, domain.ReportWindow, func(int) (bool, error) { return true, nil }, "spam", "",
			func(store.ReportTarget, domain.Reported) (bool, error) { return false, nil },
			func(store.ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int(idea.ID))
	}
	return ids
}

// modq54Wave is a challenge with n reported ideas and a moderator
// (mod@x.cn); the moderator's token, the ideas.
func modq54Wave(t *testing.T, h *harness, n int) (string, []int) {
	t.Helper()
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	return mod, modq54Flood(t, h, h.fan("author@x.cn"), h.fan("reporter@x.cn"), cid, n)
}

var modq54NextLink = regexp.MustCompile(`id="reported-next" href="([^"]+)"`)

// GET /api/v1/moderation/queue past its 200: next_cursor walks every
// waiting item once, null on the last page, how many wait said on each;
// a cursor it did not give is 400 invalid_cursor naming cursor. The page
// says how many wait and links its next page, keeping its part; a bad
// cursor on the page is refused, leading to the part's first page; a part it does not
// know is refused naming it.
func TestModq54APICursorWalksTheQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mod, ideas := modq54Wave(t, h, 205)

	seen := map[int]int{}
	cursor, pages := "", 0
	for {
		path := "/api/v1/moderation/queue"
		if cursor != "" {
			path += "?cursor=" + url.QueryEscape(cursor)
		}
		r := h.api("GET", path, mod, nil).must(t, 200)
		pages++
		for _, v := range r.JSON["items"].([]any) {
			seen[num(v.(map[string]any), "id")]++
		}
		if num(r.JSON, "waiting") != 205 || r.JSON["waiting_more"] != false {
			t.Errorf("page %d says %v wait (more %v), want 205", pages, r.JSON["waiting"], r.JSON["waiting_more"])
		}
		next, ok := r.JSON["next_cursor"].(string)
		if !ok {
			if r.JSON["next_cursor"] != nil {
				t.Fatalf("next_cursor %v, want a string or null", r.JSON["next_cursor"])
			}
			break
		}
		if pages == 1 && len(r.JSON["items"].([]any)) != 200 {
			t.Errorf("the first page holds %d items, want 200", len(r.JSON["items"].([]any)))
		}
		if pages > 3 {
			t.Fatal("the cursor does not end")
		}
		cursor = next
	}
	if pages != 2 || len(seen) != len(ideas) {
		t.Errorf("%d pages gave %d distinct items, want 2 pages of the %d", pages, len(seen), len(ideas))
	}
	for _, id := range ideas {
		if seen[id] != 1 {
			t.Errorf("idea %d came %d times", id, seen[id])
		}
	}
	for _, bad := range []string{"nonsense", "MS41OjU.MDo3", "MTo1"} {
		r := h.api("GET", "/api/v1/moderation/queue?cursor="+bad, mod, nil).must(t, 400)
		if r.errCode() != "invalid_cursor" || r.errField() != "cursor" {
			t.Errorf("cursor %q: %s, want invalid_cursor naming cursor", bad, r.Body)
		}
	}

	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	first := b.get("/moderation", "Accept-Language", "en").must(t, 200).Body
	if want := jT("en", "modq54.waiting", "205"); !strings.Contains(first, want) {
		t.Errorf("the page does not say %q", want)
	}
	m := modq54NextLink.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("the page links no next page")
	}
	next := html.UnescapeString(m[1])
	if !strings.HasPrefix(next, "/moderation?cursor=") || !strings.Contains(next, "part=reported") {
		t.Errorf("the next page's link %q does not keep the part", next)
	}
	second := b.get(next, "Accept-Language", "en").must(t, 200).Body
	if n := strings.Count(second, `class="card mod-item"`); n != 5 {
		t.Errorf("the second page shows %d items, want the last 5", n)
	}
	if strings.Contains(second, `id="reported-next"`) || !strings.Contains(second, `href="/moderation"`) {
		t.Errorf("the last page links a next page, or not the first")
	}
	// Its forms post to an address keeping the page.
	if !strings.Contains(second, `action="/moderation/idea/`+itoa(int64(ideas[0]))+html.EscapeString(next[len("/moderation"):])+`"`) {
		t.Errorf("the oldest idea's form does not post to an address keeping the page %s", next)
	}
	// A refused decision there (no reason) shows that page again, the
	// message at the item; a form posted with a cursor this server did
	// not give decides nothing.
	action := "/moderation/idea/" + itoa(int64(ideas[0])) + next[len("/moderation"):]
	refused := b.post(next, action, url.Values{"action": {"hide"}, "reason": {" "}})
	if refused.Status != http.StatusBadRequest || strings.Count(refused.Body, `class="card mod-item"`) != 5 || !strings.Contains(refused.Body, fmt.Sprintf(`id="reason-idea-%d-error"`, ideas[0])) {
		t.Errorf("a refused decision on the second page: %d, %d items, want 400 with the page's 5 and the message at the item", refused.Status, strings.Count(refused.Body, `class="card mod-item"`))
	}
	b.post(next, "/moderation/idea/"+itoa(int64(ideas[0]))+"?part=reported&cursor=nonsense", url.Values{"action": {"hide"}, "reason": {"spam"}}).must(t, 400)
	if n := num(h.api("GET", "/api/v1/moderation/queue", mod, nil).must(t, 200).JSON, "waiting"); n != 205 {
		t.Errorf("after refused decisions %d wait, want the 205", n)
	}
	r := b.get("/moderation?part=reported&cursor=nonsense", "Accept-Language", "en")
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `href="/moderation?part=reported"`) {
		t.Errorf("a bad cursor on the page: %d, want 400 leading to the part's first page: %.3000s", r.Status, r.Body)
	}
	b.get("/moderation?part=everything", "Accept-Language", "en").must(t, 400)
}

// A later page whose items were all decided says so, and leads to the
// first page: not "nothing is waiting" while 200 still wait before it.
func TestModq54AnEmptiedPageIsNoEmptyQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	_, ideas := modq54Wave(t, h, 201)
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	m := modq54NextLink.FindStringSubmatch(b.get("/moderation", "Accept-Language", "zh-CN").must(t, 200).Body)
	if m == nil {
		t.Fatalf("the page links no next page")
	}
	next := html.UnescapeString(m[1])
	action := "/moderation/idea/" + itoa(int64(ideas[0])) + next[len("/moderation"):]
	b.post(next, action, url.Values{"action": {"hide"}, "reason": {"广告"}}).must(t, 303)
	page := b.get(next, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, jT("zh", "modq54.page_empty")) || strings.Contains(page, jT("zh", "moderation.empty")) {
		t.Errorf("the emptied second page does not say it is this page that is done: %.2000s", page)
	}
	if !strings.Contains(page, jT("zh", "modq54.waiting", "200")) || !strings.Contains(page, `href="/moderation"`) {
		t.Errorf("the emptied page does not say 200 still wait, or lead to the first page")
	}
}
