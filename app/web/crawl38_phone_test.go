package web

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cocreate/app/demo"
	"cocreate/app/i18n"
	"cocreate/app/pgtest"

	"github.com/chromedp/chromedp"
)

// crawlPage is what the walk reads of a page: how it was answered, whether
// it scrolls sideways or a box of it cuts off what does not fit (a box that
// scrolls, a form's field and an ellipsis are meant to), its words, its
// images that did not load, its fields, links and buttons that a screen
// reader cannot name or a finger can hardly touch (under 24 px, WCAG 2.2's
// minimum, a field's label counting as its target), and where its links
// lead.
type crawlPage struct {
	Status int      `json:"status"`
	Wide   bool     `json:"wide"`
	Footer bool     `json:"footer"`
	Links  []string `json:"links"`
	Text   string   `json:"text"`
	Lang   string   `json:"lang"`
	Broken []string `json:"broken"`
	Cut    []string `json:"cut"`
	Blind  []string `json:"blind"`
	Small  []string `json:"small"`
	Twice  []string `json:"twice"`
}

const crawlRead = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    status: nav ? nav.responseStatus : 0,
    wide: ` + scrollsSideways + `,
    footer: !!document.querySelector('footer'),
    links: Array.from(document.querySelectorAll('a[href]'))
      .filter(a => !a.hasAttribute('download'))
      .map(a => a.href),
    text: document.body.innerText,
    lang: document.documentElement.lang,
    broken: Array.from(document.images)
      .filter(i => i.complete && i.naturalWidth === 0)
      .map(i => i.src),
    cut: Array.from(document.querySelectorAll('body *:not(input, textarea, select)')).filter(el => {
      const cs = getComputedStyle(el);
      return (cs.overflowX === 'hidden' || cs.overflowX === 'clip') && cs.textOverflow !== 'ellipsis' &&
        el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1;
    }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + (el.textContent || '').trim().slice(0, 30)),
    blind: [
      ...Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'))
        .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.title)
        .map(el => el.tagName.toLowerCase() + '[name=' + el.name + ']'),
      ...Array.from(document.querySelectorAll('a[href], button, input[type=submit]'))
        .filter(el => !(el.textContent || el.value || el.getAttribute('aria-label') || el.title || '').trim() &&
          !Array.from(el.querySelectorAll('img[alt]')).some(i => i.alt.trim()) &&
          !el.getAttribute('aria-labelledby') && !el.closest('[aria-hidden=true]') && el.getClientRects().length > 0)
        .map(el => el.tagName.toLowerCase() + ' ' + (el.getAttribute('href') || el.outerHTML.slice(0, 60))),
    ],
    small: Array.from(document.querySelectorAll('button, a.button, input:not([type=hidden]), select, summary'))
      .filter(el => el.getClientRects().length > 0 && !el.closest('[aria-hidden=true]'))
      .map(el => {
        // A field's label is touched for it: the larger of the two counts.
        const boxes = [el, ...(el.labels || [])].map(b => b.getBoundingClientRect());
        return {el, w: Math.max(...boxes.map(r => r.width)), h: Math.max(...boxes.map(r => r.height))};
      })
      .filter(x => x.w < 24 || x.h < 24)
      .map(x => x.el.tagName.toLowerCase() + (x.el.type ? '[' + x.el.type + ']' : '') + ' ' + Math.round(x.w) + 'x' + Math.round(x.h) + ' ' + (x.el.textContent || x.el.name || '').trim().slice(0, 20)),
    twice: Array.from(document.querySelectorAll('[id]')).map(el => el.id)
      .filter((id, i, ids) => ids.indexOf(id) !== i),
  };
})()`

var crawlNumber = regexp.MustCompile(`[0-9]+`)

// crawlWord is what a catalogue key looks like (error.not_a_tester), not
// in an address or a file's name.
var crawlWord = regexp.MustCompile(`(?:^|[^@\w./-])([a-z][a-z0-9_]*)((?:\.[a-z0-9_]+)+)`)

// crawlKeys are the first parts of the catalogue's keys (error, nav, …): a
// word of the page that looks like a key and starts with one is a key
// shown instead of its words (i18n.Printer.T shows a key it does not have).
func crawlKeys() map[string]bool {
	parts := map[string]bool{}
	for _, k := range i18n.Keys("en") {
		first, _, _ := strings.Cut(k, ".")
		parts[first] = true
	}
	return parts
}

// crawlShape is a link with its numbers and query values left out, so that
// the walk visits a page of each kind (a challenge's results, a club, an
// idea by its name) twice at most, rather than every page of each list,
// cursor and sort.
func crawlShape(u *url.URL) string {
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return crawlNumber.ReplaceAllString(u.Path, "N") + "?" + strings.Join(keys, "&")
}

// crawlSkip is a link the walk does not follow: another site, a file to
// download, the API, or a change of session.
func crawlSkip(u *url.URL) bool {
	p := u.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") ||
		strings.HasPrefix(p, "/uploads/") || strings.HasPrefix(p, "/images/") ||
		strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".zip") ||
		strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".ics") || strings.HasSuffix(p, ".atom") ||
		strings.Contains(p, "/export") || strings.Contains(p, "/backup") ||
		p == "/signout" || p == "/healthz" || p == "/metrics"
}

// Every role of the demo (a visitor, a fan, a fan who has just signed up,
// the judge, the engineer, the moderator and the organiser), on a phone in Chinese, follows every kind of
// link it is shown, from the home page and a search on: no link leads to an
// error page or a page without the site's frame (a dead end), and every page
// fits the screen without cutting anything off, is in Chinese, names every
// control for a screen reader, makes none too small to touch, loads its
// images and shows words, not a catalogue key or a message its arguments
// did not fit.
func TestEveryRoleWalksTheDemoOnAPhone(t *testing.T) {
	t.Parallel()
	pgtest.SQLiteOnly(t, "browser journeys run in the SQLite pass")
	h := newHarness(t)
	h.setup()
	admin, _, err := h.store.UserByEmail(context.Background(), "admin@brand.cn")
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := demo.LoadAccounts(context.Background(), h.svc, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	password := map[string]string{}
	for _, a := range accounts {
		password[a.Email] = a.Password
	}
	base, err := url.Parse(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	keys := crawlKeys()
	h.fan("xin@x.cn") // signed up a minute ago: no address confirmed, nothing done
	roles := []struct{ name, email, password string }{
		{"visitor", "", ""},
		{"fan", "lin@demo.cocreate", password["lin@demo.cocreate"]},
		{"new fan", "xin@x.cn", "fan-password"},
		{"judge", "judge@demo.cocreate", password["judge@demo.cocreate"]},
		{"engineer", "engineer@demo.cocreate", password["engineer@demo.cocreate"]},
		{"moderator", "moderator@demo.cocreate", password["moderator@demo.cocreate"]},
		{"admin", "admin@brand.cn", "admin-password"},
	}
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			ctx := newBrowser(t, 375, 667)
			if role.email != "" {
				jSignIn(t, ctx, h, role.email, role.password, "zh")
			} else {
				jFresh(t, ctx)
				jVisit(t, ctx, h.srv.URL+"/")
				jLang(t, ctx, "zh")
			}
			const perShape = 2
			shapes := map[string]int{}
			seen := map[string]bool{}
			from := map[string]string{}
			queue := []string{h.srv.URL + "/", h.srv.URL + "/search?q=" + url.QueryEscape("洗衣机")}
			visited := 0
			for len(queue) > 0 {
				addr := queue[0]
				queue = queue[1:]
				var page crawlPage
				jDo(t, ctx, chromedp.Navigate(addr), chromedp.Evaluate(crawlRead, &page))
				visited++
				switch {
				case page.Status >= 400 || page.Status == 0:
					t.Errorf("%s (linked from %s) answers %d", addr, from[addr], page.Status)
				case !page.Footer:
					t.Errorf("%s (linked from %s) has no footer: not a page of the site", addr, from[addr])
				case page.Wide:
					t.Errorf("%s (linked from %s) scrolls sideways at 375 px", addr, from[addr])
				case !strings.HasPrefix(page.Lang, "zh"):
					t.Errorf("%s is in %q, not Chinese", addr, page.Lang)
				case len(page.Cut) > 0:
					t.Errorf("%s cuts off what does not fit its box at 375 px: %q", addr, page.Cut)
				case len(page.Blind) > 0:
					t.Errorf("%s has fields or links a screen reader cannot name: %q", addr, page.Blind)
				case len(page.Small) > 0:
					t.Errorf("%s has controls smaller than 24 px to touch: %q", addr, page.Small)
				case len(page.Twice) > 0:
					t.Errorf("%s gives two elements one id (a label or link then finds the first): %q", addr, page.Twice)
				case len(page.Broken) > 0:
					t.Errorf("%s shows images that do not load: %v", addr, page.Broken)
				case strings.Contains(page.Text, "%!"):
					_, after, _ := strings.Cut(page.Text, "%!")
					t.Errorf("%s shows a badly formatted message: %%!%.40s", addr, after)
				}
				for _, m := range crawlWord.FindAllStringSubmatch(page.Text, -1) {
					if keys[m[1]] {
						t.Errorf("%s shows %q, a catalogue key, instead of its words", addr, m[1]+m[2])
					}
				}
				for _, link := range page.Links {
					u, err := url.Parse(link)
					if err != nil || u.Host != base.Host || crawlSkip(u) {
						continue
					}
					u.Fragment = ""
					key := u.String()
					if seen[key] {
						continue
					}
					seen[key] = true
					shape := crawlShape(u)
					if shapes[shape] >= perShape {
						continue
					}
					shapes[shape]++
					from[key] = addr
					queue = append(queue, key)
				}
			}
			kinds := make([]string, 0, len(shapes))
			for k := range shapes {
				kinds = append(kinds, k)
			}
			slices.Sort(kinds)
			t.Logf("%s: %d pages of %d kinds: %s", role.name, visited, len(shapes), strings.Join(kinds, " "))
		})
	}
}
