package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// staff52SignIn signs email in on the browser ctx, in Chinese.
func staff52SignIn(t *testing.T, ctx context.Context, h *harness, email, password string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", email, chromedp.ByQuery),
		chromedp.SendKeys("#password", password, chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	setLanguage(t, ctx, h, "zh")
}

// staff52Box is where an element is on the page, in CSS pixels.
type staff52Box struct {
	Top, Bottom, Left, Right float64
}

// staff52Boxes are the boxes of the elements matching sel that are shown
// (a closed menu's places are not).
func staff52Boxes(t *testing.T, ctx context.Context, sel string) []staff52Box {
	t.Helper()
	var out []staff52Box
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll(%q)].filter(e => e.checkVisibility()).map(e => { const r = e.getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; })`, sel), &out))
	return out
}

// staff52OneRow fails the test unless the shown elements matching sel
// sit in one row: each's middle within the first's top and bottom.
func staff52OneRow(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	boxes := staff52Boxes(t, ctx, sel)
	if len(boxes) == 0 {
		t.Fatalf("%s: nothing shown matches %s", what, sel)
	}
	first := boxes[0]
	for i, b := range boxes {
		if mid := (b.Top + b.Bottom) / 2; mid < first.Top || mid > first.Bottom {
			t.Errorf("%s is not one row: item %d (%q) is at %.0f–%.0f, the first at %.0f–%.0f", what, i, jTexts(t, ctx, sel), b.Top, b.Bottom, first.Top, first.Bottom)
			return
		}
	}
}

// staff52Hrefs are the addresses of the links matching sel, shown or not.
func staff52Hrefs(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	var out []string
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => a.getAttribute("href"))`, sel), &out))
	return out
}

// On a 375×667 phone in Chinese, an admin who holds every role sees the
// header in one row and the menu in one row beneath it (the places
// scroll sideways, 管理 pinned at the end); 管理 opens their seven
// places, all on the screen, and 待回复 leads to /replies, where 管理
// says it holds the page being read. Every other role's menu is one row
// too, with only the places its role may open: /replies for engineers and
// admins alone.
func TestStaff52PhoneMenuIsOneRowForEveryRole(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, allID := h.staffer(admin, "all@brand.cn", "admin")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", allID), admin, map[string]any{"roles": []string{"admin", "engineer", "moderator", "judge"}}).must(t, 200)
	h.staffer(admin, "eng@brand.cn", "engineer")
	h.staffer(admin, "mod@brand.cn", "moderator")
	h.staffer(admin, "judge@brand.cn", "judge")
	h.fan("fan@x.cn")

	ctx := newBrowser(t, 375, 667)
	staff52SignIn(t, ctx, h, "all@brand.cn", "fan-password")
	jVisit(t, ctx, h.srv.URL+"/")
	staff52OneRow(t, ctx, "the header", ".header-row .brand, .header-row .header-tools > *")
	if b := staff52Boxes(t, ctx, ".header-row"); b[0].Bottom-b[0].Top > 70 {
		t.Errorf("the header is %.0f px high: more than one row", b[0].Bottom-b[0].Top)
	}
	staff52OneRow(t, ctx, "the menu", "nav.nav a, nav.nav summary")
	nav, search := staff52Boxes(t, ctx, "nav.nav")[0], staff52Boxes(t, ctx, ".header-search")[0]
	if nav.Bottom-nav.Top > 50 || nav.Right > 375 || search.Top < nav.Bottom {
		t.Errorf("the menu at %+v, the search at %+v: not one row above the search", nav, search)
	}
	shot(t, ctx, "/tmp/staff52-phone-admin-menu.png", false)

	jDo(t, ctx, chromedp.Click(".nav-staff > summary", chromedp.ByQuery), chromedp.WaitVisible(`.nav-staff-links a[href="/replies"]`, chromedp.ByQuery))
	want := []string{"/triage", "/replies", "/judging", "/moderation", "/challenges/new", "/admin/users", "/admin/site"}
	if got := staff52Hrefs(t, ctx, ".nav-staff-links a"); !slices.Equal(got, want) {
		t.Errorf("管理 holds %v, want %v", got, want)
	}
	for _, href := range want {
		jInView(t, ctx, "the menu's "+href, fmt.Sprintf(`.nav-staff-links a[href=%q]`, href))
	}
	jFits(t, ctx, "the open menu")
	shot(t, ctx, "/tmp/staff52-phone-admin-menu-open.png", false)
	jWant(t, "the replies place", jText(t, ctx, `.nav-staff-links a[href="/replies"]`), "待回复")
	jGo(t, ctx, `.nav-staff-links a[href="/replies"]`)
	jWant(t, "where 待回复 leads", jPath(t, ctx), "/replies")
	jWant(t, "the replies page", jText(t, ctx, "h1"), jT("zh", "replies44.title"))
	if jAttr(t, ctx, `.nav-staff-links a[href="/replies"]`, "aria-current") != "page" || len(staff52Boxes(t, ctx, ".nav-staff[data-current] > summary")) != 1 {
		t.Error("on /replies the menu does not mark where the admin is")
	}
	staff52OneRow(t, ctx, "the menu on /replies", "nav.nav a, nav.nav summary")

	for _, who := range []struct {
		email, password string
		pinned          string   // the one place shown as itself
		grouped         []string // the places under 管理
	}{
		{"fan@x.cn", "fan-password", "", nil},
		{"judge@brand.cn", "fan-password", "/judging", nil},
		{"eng@brand.cn", "fan-password", "", []string{"/triage", "/replies"}},
		{"mod@brand.cn", "fan-password", "", []string{"/moderation", "/admin/users"}},
		{"admin@brand.cn", "admin-password", "", []string{"/triage", "/replies", "/moderation", "/challenges/new", "/admin/users", "/admin/site"}},
	} {
		ctx := newBrowser(t, 375, 667)
		staff52SignIn(t, ctx, h, who.email, who.password)
		jVisit(t, ctx, h.srv.URL+"/")
		staff52OneRow(t, ctx, who.email+"'s header", ".header-row .brand, .header-row .header-tools > *")
		staff52OneRow(t, ctx, who.email+"'s menu", "nav.nav a, nav.nav summary")
		if got := strings.Join(staff52Hrefs(t, ctx, ".nav-pinned"), " "); got != who.pinned {
			t.Errorf("%s's pinned place: %q, want %q", who.email, got, who.pinned)
		}
		if got := staff52Hrefs(t, ctx, ".nav-staff-links a"); !slices.Equal(got, who.grouped) {
			t.Errorf("%s's 管理 holds %v, want %v", who.email, got, who.grouped)
		}
		if who.pinned != "" {
			jInView(t, ctx, who.email+"'s "+who.pinned, ".nav-pinned")
		}
		shot(t, ctx, "/tmp/staff52-phone-"+strings.Split(who.email, "@")[0]+".png", false)
	}
}

// jStaffPlace is the menu's link to href, opening 管理 first when it
// holds it closed (on a phone; a wide screen shows every place).
func jStaffPlace(t *testing.T, ctx context.Context, href string) string {
	t.Helper()
	sel := fmt.Sprintf(`.nav a[href=%q]`, href)
	var closed bool
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(function(){ const a = document.querySelector(%q); const d = a && a.closest("details"); return !!d && !d.open; })()`, sel), &closed))
	if closed {
		jDo(t, ctx, chromedp.Click(".nav-staff > summary", chromedp.ByQuery), chromedp.WaitVisible(sel, chromedp.ByQuery))
	}
	return sel
}

// On a wide screen every staff place shows in the menu as before (管理
// opened, its button hidden); on a phone in English the header is one row
// and the menu at most two, nothing in it to scroll sideways (session 55:
// its places wrap, TestPhone55MenuFitsInEveryLanguage).
func TestStaff52WideMenuShowsEveryPlace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, allID := h.staffer(admin, "all@brand.cn", "admin")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", allID), admin, map[string]any{"roles": []string{"admin", "engineer", "moderator", "judge"}}).must(t, 200)

	ctx := newBrowser(t, 1280, 800)
	staff52SignIn(t, ctx, h, "all@brand.cn", "fan-password")
	jVisit(t, ctx, h.srv.URL+"/")
	if n := len(staff52Boxes(t, ctx, ".nav-staff-links a")); n != 7 {
		t.Errorf("a wide screen shows %d staff places, want 7", n)
	}
	if n := len(staff52Boxes(t, ctx, ".nav-staff > summary")); n != 0 {
		t.Error("a wide screen shows 管理 with every place already shown")
	}
	shot(t, ctx, "/tmp/staff52-wide-admin.png", false)

	en := newBrowser(t, 375, 667)
	staff52SignIn(t, en, h, "all@brand.cn", "fan-password")
	setLanguage(t, en, h, "en")
	jVisit(t, en, h.srv.URL+"/")
	staff52OneRow(t, en, "the English header", ".header-row .brand, .header-row .header-tools > *")
	if rows, scrolls := phone55Rows(t, en), phone55Scrolls(t, en); rows > 2 || len(scrolls) != 0 {
		t.Errorf("the English menu takes %d rows, scrolling sideways in %q", rows, scrolls)
	}
	shot(t, en, "/tmp/staff52-phone-admin-en.png", false)
	vis := newBrowser(t, 375, 667)
	setLanguage(t, vis, h, "en")
	jVisit(t, vis, h.srv.URL+"/")
	if rows, scrolls := phone55Rows(t, vis), phone55Scrolls(t, vis); rows > 2 || len(scrolls) != 0 {
		t.Errorf("a visitor's English menu takes %d rows, scrolling sideways in %q", rows, scrolls)
	}
	shot(t, vis, "/tmp/staff52-phone-visitor-en.png", false)
}
