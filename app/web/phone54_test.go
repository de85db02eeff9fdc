package web

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/demo"
	"cocreate/app/images/imagetest"

	"github.com/chromedp/chromedp"
)

// phone54Item is a place of the menu as a phone shows it: its box, and
// whether a tap at its middle lands on it (nothing drawn over it, not
// scrolled out of its row).
type phone54Item struct {
	Text, Href               string
	Top, Bottom, Left, Right float64
	Clipped, Covered         bool
}

// phone54Menu is every place of the menu, its staff places opened when
// 管理 holds them, as a person at this window sees them.
func phone54Menu(t *testing.T, ctx context.Context) []phone54Item {
	t.Helper()
	var open bool
	jDo(t, ctx, chromedp.Evaluate(`!!document.querySelector(".nav-staff") && !document.querySelector(".nav-staff").open`, &open))
	if open {
		jDo(t, ctx, chromedp.Click(".nav-staff > summary", chromedp.ByQuery), chromedp.WaitVisible(".nav-staff-links a", chromedp.ByQuery))
	}
	var out []phone54Item
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll(".nav a, .nav summary")].filter(e => e.checkVisibility()).map(e => {
		const r = e.getBoundingClientRect();
		// Clipped: any scrolling ancestor hides part of it.
		let clipped = r.left < 0 || r.right > document.documentElement.clientWidth;
		for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			const s = getComputedStyle(p);
			if (s.overflowX !== "visible") {
				const q = p.getBoundingClientRect();
				if (r.left < q.left - 0.5 || r.right > q.right + 0.5) clipped = true;
			}
		}
		const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
		const hit = document.elementFromPoint(x, y);
		return {Text: e.innerText.trim(), Href: e.getAttribute("href") || "", Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right,
			Clipped: clipped, Covered: !(hit && (hit === e || e.contains(hit)))};
	})`, &out))
	return out
}

// On a 375×667 phone in Chinese, every role's menu shows every place it
// offers at once, or in 管理 opened: each a 44 px target, none drawn over
// another nor scrolled under the staff entry (a judge's 排行榜 was, under
// 评审, and everyone's under 管理), 管理 keeping its count with items
// waiting for the moderators.
func TestPhone54MenuShowsEveryPlace(t *testing.T) {
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
		email, password string
		places          int // the menu's links: everyone's five and the staff places
		count           bool
	}{
		{"", "", 5, false},
		{"fan@x.cn", "fan-password", 5, false},
		{"judge@brand.cn", "fan-password", 6, false},
		{"eng@brand.cn", "fan-password", 7, false},
		{"mod@brand.cn", "fan-password", 7, true},
		{"admin@brand.cn", "admin-password", 11, true},
	} {
		name := who.email
		if name == "" {
			name = "a visitor"
		}
		ctx := newBrowser(t, 375, 667)
		if who.email != "" {
			staff52SignIn(t, ctx, h, who.email, who.password)
		} else {
			setLanguage(t, ctx, h, "zh")
		}
		jVisit(t, ctx, h.srv.URL+"/")
		if got := len(staff52Boxes(t, ctx, ".nav-staff > summary .count")); got != map[bool]int{true: 1}[who.count] {
			t.Errorf("%s: 管理 shows %d counts", name, got)
		}
		items := phone54Menu(t, ctx)
		links := 0
		for i, it := range items {
			if it.Href != "" {
				links++
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
		if links != who.places {
			t.Errorf("%s: %d places shown, want %d: %+v", name, links, who.places, items)
		}
		jFits(t, ctx, name+"'s open menu")
		shot(t, ctx, "/tmp/phone54-menu-"+strings.Split(name, "@")[0]+".png", false)
	}
}

// phone54Person signs up a person named name; their token and id.
func phone54Person(h *harness, email, name string) (string, int) {
	h.t.Helper()
	h.api("POST", "/api/v1/users", "", map[string]string{"email": email, "name": name, "password": "fan-password"}).must(h.t, 201)
	tok := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"}).must(h.t, 201).JSON, "token")
	return tok, num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
}

// On a 375×667 phone in Chinese, the credits form lays every row out the
// same way, whatever the length of the name: the name on its line, the
// role's box under it at the form's width (the first row, a short name,
// sat inline beside its name while a long one's box went under it), and
// the form fits the screen.
func TestPhone54CreditRowsAlike(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, _ := phone54Person(h, "lin@x.cn", "林")
	_, engID := phone54Person(h, "eng@x.cn", "王小明（东北大区首席结构工程师）")
	h.confirm(int64(engID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", engID), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "eng@x.cn")
	jVisit(t, ctx, fmt.Sprintf("%s/projects/%d", h.srv.URL, pid))
	jDo(t, ctx, chromedp.ScrollIntoView("#credits-form", chromedp.ByQuery))
	var rows []struct{ Name, Box staff52Box }
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("#credits-form .credit-row")].map(r => {
		const b = e => { const x = r.querySelector(e).getBoundingClientRect(); return {Top: x.top, Bottom: x.bottom, Left: x.left, Right: x.right}; };
		return {Name: b("label.check"), Box: b("input[name^=role_]")};
	})`, &rows))
	if len(rows) != 2 {
		t.Fatalf("the credits form has %d rows, want the author's and the engineer's", len(rows))
	}
	form := staff52Boxes(t, ctx, "#credits-form fieldset")[0]
	for i, r := range rows {
		if r.Box.Top < r.Name.Bottom-1 {
			t.Errorf("row %d: the role's box (%+v) sits beside the name (%+v), not under it", i, r.Box, r.Name)
		}
		if r.Box.Left != rows[0].Box.Left || r.Box.Right != rows[0].Box.Right {
			t.Errorf("row %d: the role's box spans %.0f–%.0f, the first row's %.0f–%.0f", i, r.Box.Left, r.Box.Right, rows[0].Box.Left, rows[0].Box.Right)
		}
		if r.Box.Right > 375 || r.Name.Right > 375 || r.Box.Right-r.Box.Left < (form.Right-form.Left)*0.8 {
			t.Errorf("row %d: the role's box spans %.0f–%.0f in a form at %.0f–%.0f", i, r.Box.Left, r.Box.Right, form.Left, form.Right)
		}
	}
	jFits(t, ctx, "the project page at its credits")
	shot(t, ctx, "/tmp/phone54-credits.png", false)
}

// On a 375×667 phone in Chinese, a site with a long name and a wide logo
// (6:1), a fan with a long name and notifications unread: the site's name
// shows at least four characters before its "…" (about 46 px, under three,
// in session 53), the whole name still its text; the header is one row,
// nothing in it over another or past the screen's edge.
func TestPhone54BrandKeepsItsName(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	name := strings.Repeat("海尔智家创客", 5)
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": name}).must(t, 200)
	h.siteLogoForm(admin, nil, imagetest.JPEG(imagetest.Quadrants(1200, 200), 85)).must(t, 200)
	fan, fanID := phone54Person(h, "fan@x.cn", "王小明（东北大区首席结构工程师）")
	h.confirm(int64(fanID))
	cid := h.openChallenge(admin, nil)
	idea := h.idea(fan, cid, "免清洗内筒")
	for i := 0; i < 12; i++ {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]any{"body": fmt.Sprintf("第 %d 条回复", i)}).must(t, 201)
	}

	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "fan@x.cn")
	jVisit(t, ctx, h.srv.URL+"/")
	var got struct {
		Text, Overflow  string
		Width, FontSize float64
	}
	jDo(t, ctx, chromedp.Evaluate(`(() => { const n = document.querySelector(".brand-name"), s = getComputedStyle(n); return {Text: n.textContent, Overflow: s.textOverflow, Width: n.getBoundingClientRect().width, FontSize: parseFloat(s.fontSize)}; })()`, &got))
	if got.Text != name || got.Overflow != "ellipsis" {
		t.Errorf("the brand's name is %q, cut with %q: want the whole name, cut with …", got.Text, got.Overflow)
	}
	if got.Width < 5*got.FontSize-0.5 {
		t.Errorf("the site's name is %.0f px wide at %.0f px a character: fewer than four characters and the … show", got.Width, got.FontSize)
	}
	parts := ".header-row .brand-logo, .header-row .brand-name, .header-row .header-tools > *"
	boxes := staff52Boxes(t, ctx, parts)
	texts := jTexts(t, ctx, parts)
	for i, b := range boxes {
		if b.Left < 0 || b.Right > 375 {
			t.Errorf("the header's %q is at %.0f–%.0f on a 375 px screen", texts[i], b.Left, b.Right)
		}
		for j, o := range boxes[:i] {
			if b.Left < o.Right-0.5 && o.Left < b.Right-0.5 && b.Top < o.Bottom-0.5 && o.Top < b.Bottom-0.5 {
				t.Errorf("the header's %q (%.0f–%.0f) overlaps %q (%.0f–%.0f)", texts[i], b.Left, b.Right, texts[j], o.Left, o.Right)
			}
		}
		t.Logf("%q %+v", texts[i], b)
	}
	staff52OneRow(t, ctx, "the header", ".header-row .brand, .header-row .header-tools > *")
	shot(t, ctx, "/tmp/phone54-brand.png", false)
}

// On a 375×667 phone, the demo's challenges say their briefs in one
// language, the language of whoever loaded the demo: a Chinese reader of
// a demo loaded in Chinese reads no English in them, an English reader of
// one loaded in English no Chinese (both were there at once).
func TestPhone54DemoBriefsInOneLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang  string
		other *regexp.Regexp
	}{
		{"zh", regexp.MustCompile(`[A-Za-z]{2,}`)},
		{"en", regexp.MustCompile(`\p{Han}`)},
	} {
		h := newHarness(t)
		tok := h.setup()
		if tc.lang == "en" {
			h.api("PATCH", "/api/v1/me", tok, map[string]string{"locale": "en"}).must(t, 200)
		}
		admin, _, err := h.store.UserByEmail(context.Background(), "admin@brand.cn")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadAccounts(context.Background(), h.svc, admin.ID); err != nil {
			t.Fatal(err)
		}
		list, err := h.svc.Challenges(context.Background(), nil)
		if err != nil || len(list) < 5 {
			t.Fatalf("the demo has %d challenges, %v", len(list), err)
		}
		ctx := newBrowser(t, 375, 667)
		setLanguage(t, ctx, h, tc.lang)
		for _, c := range list {
			jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, c.ID))
			brief := jText(t, ctx, ".brief")
			if brief == "" {
				t.Errorf("%s: %q shows no brief", tc.lang, c.Title)
			}
			if w := tc.other.FindString(brief); w != "" {
				t.Errorf("%s: %q's brief is in the other language too (%q): %s", tc.lang, c.Title, w, brief)
			}
		}
		shot(t, ctx, "/tmp/phone54-demo-"+tc.lang+".png", false)
	}
}
