package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The phone walk (375×667, zh-CN and the others): a fan taps an unread
// notice, reads the project, comes back: that notice is read, the other
// still unread, the bell counts one.
func TestJourneyOpeningANoticeReadsIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	author := h.fan("author@fans.cn")
	cid := h.openChallenge(admin, nil)
	const title = "自清洁内筒 Self-cleaning drum"
	idea := h.idea(author, cid, title)
	email := func(size journeySize, lang string) string { return fmt.Sprintf("fan-%s-%s@x.cn", size.name, lang) }
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), h.fan(email(size, lang)), nil).must(t, 200)
		}
	}
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", pid), eng, map[string]any{"body": "第一轮温控测试完成 First heat tests done"}).must(t, 201)

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jSignIn(t, ctx, h, email(size, lang), "fan-password", lang)
		jWant(t, "the bell", jText(t, ctx, ".notices .count"), "2")
		jGo(t, ctx, "a.notices")
		notices := jTexts(t, ctx, "article.notice p:first-child")
		if len(notices) != 2 || !strings.Contains(notices[0], "First heat tests done") || notices[1] != jT(lang, "notice.project_started", title) {
			t.Fatalf("the notices: %q", notices)
		}
		jGo(t, ctx, "article.notice:nth-of-type(1) button")
		if p := jPath(t, ctx); p != fmt.Sprintf("/projects/%d", pid) {
			t.Errorf("the notice leads to %s", p)
		}
		jWant(t, "the bell on the project", jText(t, ctx, ".notices .count"), "1")
		// Back, as the phone's button goes (history.back): the page, were it
		// kept in the back-forward cache (it still has the mark jGo left on
		// it), is read again.
		jDo(t, ctx, chromedp.Evaluate(`history.back()`, nil))
		jDo(t, ctx, jUntil(`!window.__journeyOld && location.pathname === "/notifications" && document.readyState === "complete" && !!document.querySelector("footer")`))
		var unread []string
		jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("article.notice")].map(a => a.classList.contains("unread") ? "unread" : "read")`, &unread))
		if strings.Join(unread, ",") != "read,unread" {
			t.Errorf("back on the notifications: %v, want the opened one read", unread)
		}
		jWant(t, "the bell back on the list", jText(t, ctx, ".notices .count"), "1")
	})
}
