package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// A fan looks at the projects, reads a notice elsewhere (another tab, the
// phone's app: the API), goes on to the roadmap and comes Back: the
// projects page comes back from the back-forward cache as it was left,
// not loaded again, and its bell counts what is unread now; once nothing
// is, it shows no count.
func TestJourneyBackShowsAFreshBell(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "自清洁内筒 Self-cleaning drum")
	email := func(size journeySize, lang string) string { return fmt.Sprintf("fan-%s-%s@x.cn", size.name, lang) }
	tokens := map[string]string{}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			tokens[email(size, lang)] = h.fan(email(size, lang))
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), tokens[email(size, lang)], nil).must(t, 200)
		}
	}
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), eng, map[string]any{"body": "第一轮温控测试完成 First heat tests done"}).must(t, 201)

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		token := tokens[email(size, lang)]
		notices := h.api("GET", "/api/v1/me/notifications", token, nil).must(t, 200).JSON["notifications"].([]any)
		if len(notices) != 2 {
			t.Fatalf("%d notices, want 2", len(notices))
		}
		jSignIn(t, ctx, h, email(size, lang), "fan-password", lang)
		// backAfterReading reads one notice elsewhere while the projects
		// page is open, goes on to the roadmap and comes back. (The page
		// is opened by its address: a page the cache gave back is not
		// one chromedp's clicks can find their way in.)
		backAfterReading := func(n int) {
			t.Helper()
			jVisit(t, ctx, h.srv.URL+"/projects")
			h.api("POST", fmt.Sprintf("/api/v1/me/notifications/%d/read", num(notices[n].(map[string]any), "id")), token, nil).must(t, 204)
			jGo(t, ctx, `.nav a[href="/roadmap"]`)
			var count string
			jDo(t, ctx, chromedp.Evaluate(bellCount, &count))
			jWant(t, "the bell on the roadmap", count, map[int]string{0: "1", 1: ""}[n])
			var kept bool
			jDo(t, ctx, chromedp.Evaluate(`history.back()`, nil),
				jUntil(`location.pathname === "/projects" && document.readyState === "complete"`),
				chromedp.Evaluate(`window.__journeyOld === true`, &kept))
			if !kept {
				t.Fatal("Back loaded the projects page again: it was not kept in the back-forward cache")
			}
		}
		jWant(t, "the bell", jText(t, ctx, ".notices .count"), "2")
		backAfterReading(0)
		jDo(t, ctx, jUntil(bellCount+` === "1"`))
		backAfterReading(1)
		jDo(t, ctx, jUntil(bellCount+` === ""`))
	})
}

// bellCount is the header bell's count, "" when it shows none.
const bellCount = `(document.querySelector(".notices .count") || {textContent: ""}).textContent`
