package web

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// phone55Everyone are the menu's places everyone has, in its order.
var phone55Everyone = []string{"/", "/projects", "/roadmap", "/clubs", "/leaderboard"}

// phone55Rows is how many rows the menu's shown places (管理 closed) take:
// the distinct middles of their boxes.
func phone55Rows(t *testing.T, ctx context.Context) int {
	t.Helper()
	var rows int
	jDo(t, ctx, chromedp.Evaluate(`new Set([...document.querySelectorAll("nav.nav a, nav.nav summary")].filter(e => e.checkVisibility() && !e.closest(".nav-staff-links")).map(e => { const r = e.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2); })).size`, &rows))
	return rows
}

// phone55Scrolls names the parts of the menu that scroll sideways (their
// content wider than their box, and theirs to scroll) and the menu itself
// when it reaches past the screen's edge.
func phone55Scrolls(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var out []string
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll(".site-nav, .nav-row, nav.nav, nav.nav *")].filter(e => {
		if (!e.checkVisibility()) return false;
		const r = e.getBoundingClientRect(), o = getComputedStyle(e).overflowX;
		return r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5 ||
			((o === "auto" || o === "scroll") && e.scrollWidth > e.clientWidth + 1);
	}).map(e => e.className || e.tagName)`, &out))
	return out
}

// On a 375×667 phone, and on a 320 px one, in English as in Chinese,
// every role's menu shows every place it offers without scrolling
// sideways (in English at 375 px they needed about 510 px and scrolled
// under 管理/Manage, reachable only by a swipe): each place on the
// screen or in Manage opened, a 44 px target, none cut by its row nor
// drawn over another, none overlapping another. In Chinese at 375 px the
// menu stays the one row session 54 made fit; in English it takes at
// most two rows.
func TestPhone55MenuFitsInEveryLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.staffer(admin, "eng@brand.cn", "engineer")
	h.staffer(admin, "mod@brand.cn", "moderator")
	h.staffer(admin, "judge@brand.cn", "judge")
	h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	reported := h.idea(admin, cid, "加我微信领优惠券")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", reported), h.confirmedFan("r@x.cn"), map[string]string{"reason": "spam"}).must(t, 201)
	for _, who := range []struct {
		name, email, password string
		staff                 []string // the staff places the role reaches
	}{
		{"visitor", "", "", nil},
		{"fan", "fan@x.cn", "fan-password", nil},
		{"judge", "judge@brand.cn", "fan-password", []string{"/judging"}},
		{"engineer", "eng@brand.cn", "fan-password", []string{"/triage", "/replies"}},
		{"moderator", "mod@brand.cn", "fan-password", []string{"/moderation", "/admin/users"}},
		{"admin", "admin@brand.cn", "admin-password", []string{"/triage", "/replies", "/moderation", "/challenges/new", "/admin/users", "/admin/site"}},
	} {
		want := append(slices.Clone(phone55Everyone), who.staff...)
		slices.Sort(want)
		for _, lang := range []string{"zh", "en"} {
			ctx := newBrowser(t, 375, 667)
			if who.email != "" {
				staff52SignIn(t, ctx, h, who.email, who.password)
			}
			setLanguage(t, ctx, h, lang)
			for _, width := range []int64{375, 320} {
				name := fmt.Sprintf("%s in %s at %d px", who.name, lang, width)
				jDo(t, ctx, emulation.SetDeviceMetricsOverride(width, 667, 1, true))
				jVisit(t, ctx, h.srv.URL+"/")
				rows := phone55Rows(t, ctx)
				t.Logf("%s: the menu takes %d rows", name, rows)
				if lang == "zh" && width == 375 && rows != 1 {
					t.Errorf("%s: the menu takes %d rows, want the one session 54 made fit", name, rows)
				}
				if rows > 2 {
					t.Errorf("%s: the menu takes %d rows, want at most two", name, rows)
				}
				if got := phone55Scrolls(t, ctx); len(got) != 0 {
					t.Errorf("%s: the menu scrolls sideways in %q", name, got)
				}
				shot(t, ctx, fmt.Sprintf("/tmp/phone55-menu-%s-%s-%d.png", who.name, lang, width), false)

				items := phone54Menu(t, ctx)
				var hrefs []string
				for i, it := range items {
					if it.Href != "" {
						hrefs = append(hrefs, it.Href)
					}
					if it.Clipped || it.Covered {
						t.Errorf("%s: %s is hidden (cut %v, under another %v) at %.0f–%.0f", name, it.Text, it.Clipped, it.Covered, it.Left, it.Right)
					}
					if it.Right-it.Left < 44 || it.Bottom-it.Top < 44 {
						t.Errorf("%s: %s is a %.0f×%.0f px target", name, it.Text, it.Right-it.Left, it.Bottom-it.Top)
					}
					for _, o := range items[:i] {
						if it.Left < o.Right-0.5 && o.Left < it.Right-0.5 && it.Top < o.Bottom-0.5 && o.Top < it.Bottom-0.5 {
							t.Errorf("%s: %s (%.0f–%.0f) overlaps %s (%.0f–%.0f)", name, it.Text, it.Left, it.Right, o.Text, o.Left, o.Right)
						}
					}
				}
				slices.Sort(hrefs)
				if !slices.Equal(hrefs, want) {
					t.Errorf("%s: the places shown are %v, want %v", name, hrefs, want)
				}
				if got := phone55Scrolls(t, ctx); len(got) != 0 {
					t.Errorf("%s: the open menu scrolls sideways in %q", name, got)
				}
				jFits(t, ctx, name+"'s open menu")
				if len(who.staff) > 1 {
					shot(t, ctx, fmt.Sprintf("/tmp/phone55-menu-%s-%s-%d-open.png", who.name, lang, width), false)
				}
			}
		}
	}

	// By the keyboard alone, in English at 375 px: Manage opens with Enter
	// from its own focus, its places shown and on the screen, and Escape
	// closes it, the focus back on Manage.
	ctx := newBrowser(t, 375, 667)
	staff52SignIn(t, ctx, h, "admin@brand.cn", "admin-password")
	setLanguage(t, ctx, h, "en")
	jVisit(t, ctx, h.srv.URL+"/")
	jDo(t, ctx, chromedp.Focus(".nav-staff > summary", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter))
	for _, href := range []string{"/triage", "/admin/site"} {
		jInView(t, ctx, "Manage's "+href+" opened by the keyboard", fmt.Sprintf(`.nav-staff-links a[href=%q]`, href))
	}
	var closed bool
	jDo(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.Evaluate(`!document.querySelector(".nav-staff").open && document.activeElement === document.querySelector(".nav-staff > summary")`, &closed))
	if !closed {
		t.Error("Escape leaves Manage open, or the focus elsewhere than on Manage")
	}
}
