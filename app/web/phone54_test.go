package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
