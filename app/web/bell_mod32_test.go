package web

import (
	"fmt"
	"testing"

	"cocreate/app/domain"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// GET /api/v1/me/notifications/unread is the bell's number alone: 401
// without credentials, and each person's own count, the list's "unread",
// moving as notices are read.
func TestMod32UnreadCount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "自清洁内筒 Self-cleaning drum")
	follower := h.fan("follower@x.cn")
	other := h.fan("other@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), follower, nil).must(t, 200)
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), eng, map[string]any{"body": "第一轮测试完成"}).must(t, 201)

	if r := h.api("GET", "/api/v1/me/notifications/unread", "", nil); r.Status != 401 {
		t.Errorf("without credentials: %d, want 401", r.Status)
	}
	unread := func(tok string) int {
		t.Helper()
		r := h.api("GET", "/api/v1/me/notifications/unread", tok, nil).must(t, 200)
		if len(r.JSON) != 2 || r.JSON["badge"] != domain.UnreadBadge(num(r.JSON, "unread")) {
			t.Errorf("the answer has more than the count and its badge: %s", r.Body)
		}
		return num(r.JSON, "unread")
	}
	list := h.api("GET", "/api/v1/me/notifications", follower, nil).must(t, 200).JSON
	if got, want := unread(follower), num(list, "unread"); got != 2 || got != want {
		t.Fatalf("the follower's unread: %d, want 2 (the list says %d)", got, want)
	}
	if got := unread(other); got != 0 {
		t.Errorf("a fan with no notices has %d unread: another's count", got)
	}
	first := num(list["notifications"].([]any)[0].(map[string]any), "id")
	h.api("POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", first), follower, nil).must(t, 204)
	if got := unread(follower); got != 1 {
		t.Errorf("after reading one: %d unread, want 1", got)
	}
	h.api("POST", "/api/v1/me/notifications/read", follower, nil).must(t, 204)
	if got := unread(follower); got != 0 {
		t.Errorf("after reading all: %d unread, want 0", got)
	}
}

// On a phone in Chinese, Back brings the projects page from the
// back-forward cache and its bell is set from the unread count alone
// (GET /api/v1/me/notifications/unread), not from a page of notices.
func TestMod32BackBellReadsTheUnreadCount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "自清洁内筒 Self-cleaning drum")
	token := h.fan("fan@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), token, nil).must(t, 200)
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), eng, map[string]any{"body": "第一轮温控测试完成"}).must(t, 201)
	notices := h.api("GET", "/api/v1/me/notifications", token, nil).must(t, 200).JSON["notifications"].([]any)

	ctx := newBrowser(t, 375, 667)
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true)); err != nil {
		t.Fatal(err)
	}
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/projects")
	jWant(t, "the bell", jText(t, ctx, ".notices .count"), "2")
	h.api("POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", num(notices[0].(map[string]any), "id")), token, nil).must(t, 204)
	jGo(t, ctx, `.nav a[href="/roadmap"]`)
	var kept bool
	jDo(t, ctx, chromedp.Evaluate(`history.back()`, nil),
		jUntil(`location.pathname === "/projects" && document.readyState === "complete"`),
		chromedp.Evaluate(`window.__journeyOld === true`, &kept))
	if !kept {
		t.Fatal("Back loaded the projects page again: it was not kept in the back-forward cache")
	}
	jDo(t, ctx, jUntil(bellCount+` === "1"`))
	var asked []string
	jDo(t, ctx, chromedp.Evaluate(`performance.getEntriesByType("resource").map(e => new URL(e.name).pathname + new URL(e.name).search).filter(p => p.startsWith("/api/"))`, &asked))
	if len(asked) != 1 || asked[0] != "/api/v1/me/notifications/unread" {
		t.Errorf("after Back the page asked %q, want only /api/v1/me/notifications/unread", asked)
	}
}
