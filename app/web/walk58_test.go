package web

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/pgtest"

	"github.com/chromedp/chromedp"
)

// walk58Shapes are the kinds of page (crawlShape) whose templates hold a
// `button small`: the walk follows links of these kinds only.
var walk58Shapes = regexp.MustCompile(`^/(|ideas/N|challenges/N|challenges/N/judging|projects/N|users/N|leaderboard|clubs|clubs/N|events/N|admin/users|settings|moderation)\?`)

// walk58Read opens every folded part of the page's content (a confirm, a
// report form, a person's suspension: the small buttons inside them are
// tapped too) and measures, for each shown `.button.small`, it and every
// other tap target in its row (the inline form, paragraph, table row or
// opened fold it sits in, else its list item): "text W×H" for each under
// 44 px either way (43.5: a box of 44 px may measure a fraction under).
// Count is how many small buttons were measured; Wide, whether the page
// then scrolls sideways.
const walk58Read = `(() => {
  document.querySelectorAll("main details").forEach(d => { d.open = true; });
  const small = [...document.querySelectorAll(".button.small")].filter(e => e.checkVisibility());
  const rows = new Set(small.map(e => e.closest(".inline, p, tr, dd, details") || e.closest("li") || e.parentElement));
  const targets = new Set(small);
  rows.forEach(r => r.querySelectorAll("a[href], button, summary, input[type=submit]").forEach(e => { if (e.checkVisibility()) targets.add(e); }));
  const short = [...targets].map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.height < 43.5 || r.width < 43.5)
    .map(([e, r]) => (e.innerText || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 24) + " " + Math.round(r.width) + "×" + Math.round(r.height));
  return {Count: small.length, Short: short, Wide: document.documentElement.scrollWidth > document.documentElement.clientWidth, Links: [...document.querySelectorAll("a[href]")].map(a => a.href)};
})()`

// walk58Page is what walk58Read measured.
type walk58Page struct {
	Count int
	Short []string
	Wide  bool
	Links []string
}

// walk58Measure reads the page the phone shows (walk58Read) and fails
// the test for each target under 44 × 44 px and for a page that scrolls
// sideways.
func walk58Measure(t *testing.T, ctx context.Context, what string) walk58Page {
	t.Helper()
	var page walk58Page
	jDo(t, ctx, chromedp.Evaluate(walk58Read, &page))
	if len(page.Short) != 0 {
		t.Errorf("%s: small buttons or their rows' targets under 44×44 px: %q", what, page.Short)
	}
	if page.Wide {
		t.Errorf("%s scrolls sideways at 375 px with its folded parts open", what)
	}
	return page
}

// Every role of the demo on a 375×667 phone in Chinese walks the pages
// that hold small buttons (a comment's 有帮助, a meetup's 签到, a
// project's milestones, the judging desk's ×, the staff's 暂停账号…),
// every folded part of them opened: every small button shown, and every
// tap target in its row, is at least 44 px tall and 44 px wide, and no
// page scrolls sideways. The walk must find small buttons on the pages
// that hold them for those roles, so a walk that measured nothing fails.
// COCREATE_WALK58_SHOTS=dir keeps a screenshot of each page there.
func TestWalk58SmallButtonsAre44pxOnAPhone(t *testing.T) {
	t.Parallel()
	pgtest.SQLiteOnly(t, "browser journeys run in the SQLite pass")
	h, roles := crawlDemo(t)
	base := crawlBase(t, h)
	shots := os.Getenv("COCREATE_WALK58_SHOTS")
	measured := map[string]int{} // a page's kind: small buttons measured on it, by any role
	for _, role := range roles {
		t.Run(strings.ReplaceAll(role.name, " ", "_"), func(t *testing.T) {
			ctx := role.phone(t, h)
			journeyOnFailure(t, ctx)
			links := crawlLinks{per: 2, seen: map[string]bool{}, shapes: map[string]int{}}
			queue := []string{h.srv.URL + "/", h.srv.URL + "/leaderboard", h.srv.URL + "/clubs", h.srv.URL + "/settings",
				h.srv.URL + "/moderation", h.srv.URL + "/admin/users", h.srv.URL + "/projects"}
			for _, addr := range queue {
				links.seen[addr] = true
			}
			for i := 0; len(queue) > 0 && i < 40; i++ {
				addr := queue[0]
				queue = queue[1:]
				u, err := url.Parse(addr)
				if err != nil {
					t.Fatal(err)
				}
				jDo(t, ctx, chromedp.Navigate(addr))
				page := walk58Measure(t, ctx, u.RequestURI()+" as "+role.name)
				measured[crawlShape(u)] += page.Count
				if shots != "" {
					var png []byte
					jDo(t, ctx, chromedp.FullScreenshot(&png, 100))
					name := fmt.Sprintf("%s-%02d-%s.png", strings.ReplaceAll(role.name, " ", "_"), i, strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(u.Path, "-"), "-"))
					if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				for _, next := range links.follow(base, page.Links) {
					nu, err := url.Parse(next)
					if err == nil && walk58Shapes.MatchString(crawlShape(nu)) {
						queue = append(queue, next)
					}
				}
			}
		})
	}
	var kinds []string
	for k, n := range measured {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	slices.Sort(kinds)
	t.Logf("small buttons measured by kind of page: %s", strings.Join(kinds, ", "))
	for _, k := range []string{"/?", "/ideas/N?", "/projects/N?", "/users/N?", "/leaderboard?", "/clubs?", "/clubs/N?", "/events/N?", "/admin/users?", "/settings?", "/moderation?"} {
		if measured[k] == 0 {
			t.Errorf("no small button measured on %s: the walk did not reach the buttons it is for", k)
		}
	}
}

// The admin on a phone at a judging desk with judges assigned by hand
// (the demo's desk has none): each judge's × and each idea's 指派 beside
// its picker are at least 44 × 44 px, and the desk does not scroll
// sideways.
func TestWalk58JudgingDeskOnAPhone(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	e.assignByHand(t, func(i int) string { return fmt.Sprintf("评审%d", i) })

	ctx := newBrowserFor(t, 375, 667, 2*time.Minute)
	journeyOnFailure(t, ctx)
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/judging", h.srv.URL, e.cid))
	page := walk58Measure(t, ctx, "the judging desk")
	if n := jCount(t, ctx, "table.assignments .button.small"); page.Count < n || n < 8 {
		t.Errorf("the desk measured %d small buttons of %d (want the four ideas' × and 指派 each)", page.Count, n)
	}
}
