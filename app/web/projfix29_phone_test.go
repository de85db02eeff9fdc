package web

import (
	"fmt"
	"strings"
	"testing"

	"cocreate/app/service"

	"github.com/chromedp/chromedp"
)

// linkReachable says whether the link matching sel is drawn, inside the
// screen's width, and what it leads to.
const linkReachable = `(() => {
  const a = document.querySelector(%q);
  if (!a) return '';
  const r = a.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0 || r.left < 0 || r.right > window.innerWidth) return 'off:' + r.left + '-' + r.right;
  return a.getAttribute('href');
})()`

// On a 375×667 phone in Chinese: a reply saved on an older page of
// feedback comes back to that page with the report in view; the roadmap's
// and the projects board's "more" links are on the screen and lead on;
// no page scrolls sideways.
func TestProjfix29Phone(t *testing.T) {
	t.Parallel()
	e, cursor := projfixPhoneScene(t)
	h := e.h
	db := h.rawDB()
	bid := h.board(e.admin, "洗衣机建议")
	base := h.clock().UnixMilli()
	for n := 1; n <= service.RoadmapLimit+10; n++ {
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, status, response, status_at, created_at, updated_at) VALUES (?, ?, ?, '', 'planned', '好的，安排上了', ?, ?, ?)`,
			bid, e.authorID, fmt.Sprintf("路线图上的第 %d 条建议：烘干后衣物有异味", n), base-int64(n)*1000, base, base); err != nil {
			t.Fatal(err)
		}
	}
	for n := 1; n <= service.ProjectsPage+5; n++ {
		if _, err := db.Exec(`INSERT INTO ideas (challenge_id, author_id, title, body, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
			1, e.authorID, fmt.Sprintf("项目 %d：静音电机与免清洗内筒", n), base, base); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO projects (idea_id, owner_id, created_at, updated_at) SELECT id, ?, ?, ? FROM ideas WHERE title LIKE '项目 %' ORDER BY id`, e.engID, base, base); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	sideways := func(what string) {
		t.Helper()
		var wide bool
		var scroll float64
		run(t, ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(scrollsSideways, &wide))
		if wide {
			t.Errorf("%s (zh) is %v px wide at 375 px", what, scroll)
		}
	}
	// The reply, from the older page of feedback.
	older := fmt.Sprintf("/projects/%d?cursor=%d", e.pid, cursor)
	var url string
	var top, height float64
	run(t, ctx, chromedp.Navigate(h.srv.URL+older), chromedp.WaitReady("footer", chromedp.ByQuery))
	sideways(older)
	run(t, ctx,
		chromedp.SetValue(`.feedback:last-of-type textarea[name="reply"]`, "已换新门封", chromedp.ByQuery),
		chromedp.Submit(`.feedback:last-of-type textarea[name="reply"]`, chromedp.ByQuery),
		chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Location(&url),
	)
	if !strings.Contains(url, fmt.Sprintf("?cursor=%d#fb-", cursor)) {
		t.Fatalf("after the reply: %s, want the older page at the report", url)
	}
	id := url[strings.Index(url, "#")+1:]
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, id), &top),
		chromedp.Evaluate(`window.innerHeight`, &height))
	if top < -1 || top > height {
		t.Errorf("the report replied to is at %v px of a %v px screen", top, height)
	}
	shot(t, ctx, "/tmp/projfix/phone29-reply.png", false)
	// The roadmap's more link, and the page it leads to.
	for _, step := range []struct{ path, sel, want string }{
		{"/roadmap", `#col-planned ~ p.more a[href*="planned_cursor"], section[aria-labelledby="col-planned"] p.more a[href*="planned_cursor"]`, "planned_cursor="},
		{"/projects", `nav.more a[href*="cursor="]`, "/projects?cursor="},
	} {
		var href string
		run(t, ctx, chromedp.Navigate(h.srv.URL+step.path), chromedp.WaitReady("footer", chromedp.ByQuery))
		sideways(step.path)
		run(t, ctx, chromedp.ScrollIntoView(step.sel, chromedp.ByQuery), chromedp.Evaluate(fmt.Sprintf(linkReachable, step.sel), &href))
		if !strings.Contains(href, step.want) {
			t.Fatalf("%s: the more link is %q", step.path, href)
		}
		shot(t, ctx, "/tmp/projfix/phone29"+strings.ReplaceAll(step.path, "/", "_")+".png", true)
		run(t, ctx, chromedp.Click(step.sel, chromedp.ByQuery), chromedp.WaitReady("footer", chromedp.ByQuery), chromedp.Location(&url))
		if !strings.Contains(url, step.want) {
			t.Errorf("%s: the more link led to %s", step.path, url)
		}
		sideways(url)
		shot(t, ctx, "/tmp/projfix/phone29"+strings.ReplaceAll(step.path, "/", "_")+"-more.png", true)
	}
}
