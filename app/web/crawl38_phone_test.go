package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

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

// crawlNumbered is a step of a path that names something by its number,
// with or without its name after it (/ideas/12-lilac-party-dress).
var crawlNumbered = regexp.MustCompile(`/[0-9]+(-[^/]*)?`)

// crawlWord is what a catalogue key looks like (error.not_a_tester), not
// in an address or a file's name.
var crawlWord = regexp.MustCompile(`(?:^|[^@\w./-])([a-z][a-z0-9_]*)((?:\.[a-z0-9_]+)+)`)

// crawlKeyParts are the first parts of the catalogue's keys (error, nav,
// …): a word of the page that looks like a key and starts with one is a
// key shown instead of its words (i18n.Printer.T shows a key it does not
// have).
var crawlKeyParts = sync.OnceValue(func() map[string]bool {
	parts := map[string]bool{}
	for _, k := range i18n.Keys("en") {
		first, _, _ := strings.Cut(k, ".")
		parts[first] = true
	}
	return parts
})

// crawlKeysShown are the catalogue keys text shows instead of their words.
func crawlKeysShown(text string) []string {
	var shown []string
	for _, m := range crawlWord.FindAllStringSubmatch(text, -1) {
		if crawlKeyParts()[m[1]] {
			shown = append(shown, m[1]+m[2])
		}
	}
	return shown
}

// crawlShape is a link with its numbers (and the names after them) and
// its query values left out, so that the walk visits a few pages of each
// kind (an idea, a challenge's results, a club) rather than every page of
// each list, cursor and sort.
func crawlShape(u *url.URL) string {
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return crawlNumbered.ReplaceAllString(u.Path, "/N") + "?" + strings.Join(keys, "&")
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

// crawlRole is someone who walks the demo: signed in with email and
// password, or a visitor when email is "".
type crawlRole struct{ name, email, password string }

// crawlDemo is a server with the demo loaded, and who walks it: a visitor,
// a demo fan, a fan who has just signed up (no address confirmed, nothing
// done), the judge, the engineer, the moderator and the organiser.
func crawlDemo(t *testing.T) (*harness, []crawlRole) {
	t.Helper()
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
	h.fan("xin@x.cn")
	roles := []crawlRole{{"visitor", "", ""}}
	for _, r := range []struct{ name, email string }{{"fan", "lin@demo.cocreate"}, {"judge", "judge@demo.cocreate"},
		{"engineer", "engineer@demo.cocreate"}, {"moderator", "moderator@demo.cocreate"}} {
		roles = append(roles, crawlRole{r.name, r.email, password[r.email]})
	}
	return h, append(roles, crawlRole{"new fan", "xin@x.cn", "fan-password"}, crawlRole{"admin", "admin@brand.cn", "admin-password"})
}

// crawlBase is the server's address, to tell its links from others.
func crawlBase(t *testing.T, h *harness) *url.URL {
	t.Helper()
	base, err := url.Parse(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return base
}

// phone is a 375 × 667 tab in Chinese, signed in as the role. Its walk
// is long (the admin's, with its forms sent filled in, took 60 s under
// CI's load in session 41 and ran out of newBrowser's minute), so the tab
// lives for five; each step of the walk is bounded apart (jDo).
func (r crawlRole) phone(t *testing.T, h *harness) context.Context {
	t.Helper()
	ctx := newBrowserFor(t, 375, 667, 5*time.Minute)
	if r.email != "" {
		jSignIn(t, ctx, h, r.email, r.password, "zh")
	} else {
		jFresh(t, ctx)
		jVisit(t, ctx, h.srv.URL+"/")
		jLang(t, ctx, "zh")
	}
	return ctx
}

// crawlLinks is what a walk has seen: the links it took, and how many of
// each kind (crawlShape), at most per.
type crawlLinks struct {
	per    int
	seen   map[string]bool
	shapes map[string]int
}

// follow returns the links of a page still to take: of this site, not
// skipped (crawlSkip), not taken, of a kind taken fewer than per times.
func (l *crawlLinks) follow(base *url.URL, links []string) []string {
	var next []string
	for _, link := range links {
		u, err := url.Parse(link)
		if err != nil || u.Host != base.Host || crawlSkip(u) {
			continue
		}
		u.Fragment = ""
		key := u.String()
		if l.seen[key] {
			continue
		}
		l.seen[key] = true
		if shape := crawlShape(u); l.shapes[shape] < l.per {
			l.shapes[shape]++
			next = append(next, key)
		}
	}
	return next
}

// Every role of the demo (crawlDemo), on a phone in Chinese, follows every kind of
// link it is shown, from the home page and a search on: no link leads to an
// error page or a page without the site's frame (a dead end), and every page
// fits the screen without cutting anything off, is in Chinese, names every
// control for a screen reader, makes none too small to touch, loads its
// images and shows words, not a catalogue key or a message its arguments
// did not fit; every form that asks for words, sent empty, says why
// (crawlSendEmpty); and every form, filled in as its user would, leads to
// a page of the site that says what was done or why not (crawlSendFilled).
func TestEveryRoleWalksTheDemoOnAPhone(t *testing.T) {
	sent := map[string]bool{} // a role's name and a kind of form it sent
	// The filled forms nearly double the walk's time: they are sent when
	// go test's -timeout leaves room for them (25m, as for the PostgreSQL
	// pass; CI gives 30m), so that plain go test stays inside its default.
	filled := pgtest.TimeoutUnder(25*time.Minute) == ""
	if !filled {
		t.Log("the forms are not sent filled in: give go test -timeout 25m or more for them")
	}
	crawlEachRole(t, 4, []string{"/", "/search?q=" + url.QueryEscape("洗衣机")}, func(t *testing.T, ctx context.Context, role crawlRole, addr, from string, page crawlPage) {
		switch {
		case page.Status >= 400 || page.Status == 0:
			t.Errorf("%s (linked from %s) answers %d", addr, from, page.Status)
		case !page.Footer:
			t.Errorf("%s (linked from %s) has no footer: not a page of the site", addr, from)
		case page.Wide:
			t.Errorf("%s (linked from %s) scrolls sideways at 375 px", addr, from)
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
		for _, key := range crawlKeysShown(page.Text) {
			t.Errorf("%s shows %q, a catalogue key, instead of its words", addr, key)
		}
		crawlSendEmpty(t, ctx, role, addr, sent)
		if filled {
			crawlSendFilled(t, ctx, role, addr, sent)
		}
	})
}

// stillLinks says whether the page at from still links to addr.
func stillLinks(t *testing.T, ctx context.Context, from, addr string) bool {
	t.Helper()
	var page crawlPage
	jDo(t, ctx, chromedp.Navigate(from), chromedp.Evaluate(crawlRead, &page))
	target, err := url.Parse(addr)
	if err != nil {
		return true
	}
	for _, link := range page.Links {
		u, err := url.Parse(link)
		if err != nil {
			continue
		}
		u.Fragment = ""
		if u.String() == target.String() {
			return true
		}
	}
	return false
}

// crawlSendEmpty sends each form of the page at addr that asks for words,
// of a kind the role has not sent yet (sent), with those words left out:
// it must be refused on a page of the site that says why in Chinese, not
// with an error page, a bare answer or a server error.
func crawlSendEmpty(t *testing.T, ctx context.Context, role crawlRole, addr string, sent map[string]bool) {
	for _, f := range crawlUnsent(t, ctx, addr, crawlForms, role.name+" empty", sent) {
		u := f.url
		var refused crawlPage
		var after crawlAfter
		jDo(t, ctx, chromedp.Navigate(addr),
			chromedp.Evaluate(fmt.Sprintf("%s(%d)", crawlEmpty, f.I), nil),
			crawlLoaded(),
			chromedp.Evaluate(crawlRead, &refused),
			crawlSettled(&after))
		what := fmt.Sprintf("%s sent empty from %s", u.Path, addr)
		switch {
		case refused.Status >= 500 || refused.Status == 0:
			t.Errorf("%s: answered %d", what, refused.Status)
		case !refused.Footer:
			t.Errorf("%s: answered %d with no page of the site", what, refused.Status)
		case role.email == "" && after.Path == "/signin":
			// A visitor is asked to sign in first.
		case !strings.ContainsFunc(after.Reason, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
			t.Errorf("%s: no reason in Chinese on the page it led to (%d %s; %q)", what, refused.Status, after.Path, after.Flash)
		case refused.Wide:
			t.Errorf("%s: the refusal scrolls sideways", what)
		case after.Shown == "":
			t.Errorf("%s: refused with %q off the screen it leads to (%s)", what, after.Reason, after.Path)
		}
		for _, key := range crawlKeysShown(refused.Text) {
			t.Errorf("%s: shows %q, a catalogue key", what, key)
		}
	}
}

// crawlEachRole walks the demo as each of its roles (crawlDemo), in a
// phone's tab of its own, from the pages start on, taking every link of
// the site (crawlLinks: per of each kind), and gives visit each page
// reached, read (crawlRead), with the page it was linked from.
func crawlEachRole(t *testing.T, per int, start []string, visit func(t *testing.T, ctx context.Context, role crawlRole, addr, from string, page crawlPage)) {
	t.Parallel()
	pgtest.SQLiteOnly(t, "browser journeys run in the SQLite pass")
	h, roles := crawlDemo(t)
	base := crawlBase(t, h)
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			ctx := role.phone(t, h)
			links := crawlLinks{per: per, seen: map[string]bool{}, shapes: map[string]int{}}
			from := map[string]string{}
			var queue []string
			for _, p := range start {
				queue = append(queue, h.srv.URL+p)
			}
			for len(queue) > 0 {
				addr := queue[0]
				queue = queue[1:]
				var page crawlPage
				jDo(t, ctx, chromedp.Navigate(addr), chromedp.Evaluate(crawlRead, &page))
				if page.Status == http.StatusNotFound && from[addr] != "" && !stillLinks(t, ctx, from[addr], addr) {
					// The walk's own forms took it away since (a report
					// that hid an idea, a comment deleted): the page that
					// showed the link shows it no more. No dead end.
					continue
				}
				visit(t, ctx, role, addr, from[addr], page)
				for _, next := range links.follow(base, page.Links) {
					from[next] = addr
					queue = append(queue, next)
				}
			}
			kinds := make([]string, 0, len(links.shapes))
			for k := range links.shapes {
				kinds = append(kinds, k)
			}
			slices.Sort(kinds)
			t.Logf("%s: %d kinds of page: %s", role.name, len(kinds), strings.Join(kinds, " "))
		})
	}
}

// crawlForms lists the page's forms that ask for words: sent with a
// required text field, their refusal must say why. Forms that only press
// a button (vote, follow, hide) do something when sent, and are left out.
// A form's address and method are read from its attributes: f.action is
// its field named "action" when it has one (the moderators' forms).
const crawlForms = `Array.from(document.forms).map((f, i) => ({i: i,
  action: new URL(f.getAttribute('action') || location.href, location.href).href,
  method: (f.getAttribute('method') || 'get').toLowerCase(),
  asks: Array.from(f.elements).some(el => el.required && (el.tagName === 'TEXTAREA' ||
    (el.tagName === 'INPUT' && ['text', 'email', 'url', 'number', 'date', 'datetime-local', 'search', 'tel'].includes(el.type))))}))
  .filter(f => f.method === 'post' && f.asks)`

// crawlForm is a form a page posts (crawlForms, crawlPostForms): its
// place among the page's forms, its address and its first named button.
type crawlForm struct {
	I      int    `json:"i"`
	Action string `json:"action"`
	Button string `json:"button"`
	url    *url.URL
}

// crawlUnsent lists the forms that list (a script) finds on the page at
// addr, posting to this site, of a kind (as, the path's shape, the
// button) not sent yet, and marks them sent.
func crawlUnsent(t *testing.T, ctx context.Context, addr, list, as string, sent map[string]bool) []crawlForm {
	t.Helper()
	here, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	var forms, unsent []crawlForm
	jDo(t, ctx, chromedp.Evaluate(list, &forms))
	for _, f := range forms {
		u, err := url.Parse(f.Action)
		if err != nil || u.Host != here.Host {
			continue
		}
		kind := as + " " + crawlShape(u) + " " + f.Button
		if sent[kind] {
			continue
		}
		sent[kind] = true
		f.url = u
		unsent = append(unsent, f)
	}
	return unsent
}

// crawlEmpty empties form i's fields that take words and sends it as a
// phone without the browser's own checks would (form.submit skips both
// them and the page's script).
const crawlEmpty = `((i) => {
  const f = document.forms[i];
  for (const el of f.elements) {
    if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && ['text', 'email', 'url', 'number', 'date', 'datetime-local', 'search', 'tel', 'password'].includes(el.type))) el.value = '';
  }
  window.__crawlOld = true;
  f.submit();
  return true;
})`

// crawlRefusal reads where a form sent led, and what it says there: the
// reasons of a refusal (beside a field, at the top, or on the error page)
// and the confirmation of what was done.
const crawlRefusal = `(crawlOnScreen => ({
  Path: location.pathname,
  Reason: Array.from(document.querySelectorAll('[role=alert], .field-error, .error-page h1 + p')).map(e => e.textContent.trim()).join(' / '),
  Flash: Array.from(document.querySelectorAll('.flash')).map(e => e.textContent.trim()).join(' / '),
  Unseen: Array.from(document.querySelectorAll('.flash')).filter(e => !crawlOnScreen(e)).map(e => e.textContent.trim()).join(' / '),
  Shown: Array.from(document.querySelectorAll('[role=alert], .field-error, .error-page h1 + p')).filter(crawlOnScreen).map(e => e.textContent.trim()).join(' / '),
}))(e => {
  const r = e.getBoundingClientRect(), head = document.querySelector('.site-header');
  return r.height > 0 && r.bottom > (head ? head.getBoundingClientRect().bottom : 0) && r.top < innerHeight;
})`

// crawlAfter is what crawlRefusal reads.
type crawlAfter struct{ Path, Reason, Flash, Unseen, Shown string }

// crawlSettled reads crawlRefusal into after once the page has settled:
// the page's script focuses a refused field, and so scrolls a phone to it,
// after the document is complete, and a loaded machine may take a moment
// to lay it out. It reads again, for up to two seconds, while a reason or
// a flash is still off the screen, and keeps the last read.
func crawlSettled(after *crawlAfter) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(2 * time.Second)
		for {
			if err := chromedp.Evaluate(crawlRefusal, after).Do(ctx); err != nil {
				return err
			}
			if (after.Reason == "" || after.Shown != "") && after.Unseen == "" || time.Now().After(deadline) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// crawlLoaded waits for the document that replaces the one crawlEmpty sent
// a form from, whatever it is.
func crawlLoaded() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var fresh bool
			err := chromedp.Evaluate(`!window.__crawlOld && document.readyState === "complete"`, &fresh).Do(ctx)
			if err == nil && fresh {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

// crawlSendFilled sends each form of the page at addr, of a kind (its
// address and first named button) the role has not sent yet (sent),
// filled in as its user would (crawlFill): it must lead to a page of the
// site in Chinese, one the role may see (a thing just acted on is not
// "not found"), that says in Chinese what was done or why not. Forms that
// change who is signed in or how the site speaks are left out
// (crawlKeepsSession).
func crawlSendFilled(t *testing.T, ctx context.Context, role crawlRole, addr string, sent map[string]bool) {
	for _, f := range crawlUnsent(t, ctx, addr, crawlPostForms, role.name+" filled", sent) {
		u := f.url
		if !crawlKeepsSession(u.Path) {
			continue
		}
		var found bool
		jDo(t, ctx, chromedp.Navigate(addr), chromedp.Evaluate(fmt.Sprintf("%s(%q, %q)", crawlFill, f.Action, f.Button), &found))
		if !found {
			continue // an earlier form of the page changed it (hid, moved, withdrew)
		}
		var landed crawlPage
		var after crawlAfter
		jDo(t, ctx, crawlLoaded(), chromedp.Evaluate(crawlRead, &landed), crawlSettled(&after))
		what := fmt.Sprintf("%s %s filled in from %s", u.Path, f.Button, addr)
		switch {
		case landed.Status >= 500 || landed.Status == 0:
			t.Errorf("%s: answered %d", what, landed.Status)
		case !landed.Footer:
			t.Errorf("%s: answered %d with no page of the site", what, landed.Status)
		case landed.Status == 403 || landed.Status == 404:
			t.Errorf("%s: leads to %s, which answers %d (%q; %q)", what, after.Path, landed.Status, after.Flash, after.Reason)
		case landed.Status >= 400 && !crawlHan(after.Reason):
			t.Errorf("%s: refused (%d) without a reason in Chinese", what, landed.Status)
		case !crawlHan(after.Flash+after.Reason) && (after.Flash != "" || after.Reason != ""):
			t.Errorf("%s: says %q %q, not in Chinese", what, after.Flash, after.Reason)
		case !strings.HasPrefix(landed.Lang, "zh"):
			t.Errorf("%s: leads to a page in %q", what, landed.Lang)
		case landed.Wide:
			t.Errorf("%s: leads to a page that scrolls sideways", what)
		case strings.Contains(landed.Text, "%!"):
			t.Errorf("%s: leads to a badly formatted message", what)
		case after.Unseen != "":
			t.Errorf("%s: says %q off the screen it leads to (%s)", what, after.Unseen, after.Path)
		}
		for _, key := range crawlKeysShown(landed.Text) {
			t.Errorf("%s: shows %q, a catalogue key", what, key)
		}
	}
}

// crawlHan says whether s has Chinese in it.
func crawlHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// crawlKeepsSession: a form posted to p leaves who is signed in, their
// password and address, and the site's language as they were (the walk
// goes on as the same person, in Chinese), and is not the first run's.
func crawlKeepsSession(p string) bool {
	for _, end := range []string{"/signin", "/signup", "/signout", "/setup", "/lang", "/password/forgot", "/password/reset",
		"/settings/sessions/end", "/settings/password", "/settings/email", "/suspension", "/roles"} {
		if strings.HasSuffix(p, end) {
			return false
		}
	}
	return true
}

// crawlPostForms lists the page's forms that post, by their address and
// their first named button (a form with several sends the first's).
const crawlPostForms = `Array.from(document.forms).map((f, i) => {
  const b = f.querySelector('button[name], input[type=submit][name]');
  return {i: i, action: new URL(f.getAttribute('action') || location.href, location.href).href,
    method: (f.getAttribute('method') || 'get').toLowerCase(), button: b ? b.name + '=' + b.value : ''};
}).filter(f => f.method === 'post')`

// crawlFill finds the form posting to action with button, fills in what
// is left empty as its user would (words, an address, a link, the least
// number allowed but at least 1, a day a month ahead, a required box
// ticked), and sends it with that button's name, past the browser's own
// checks and the page's script, as crawlEmpty does. It answers false when
// the page no longer has the form.
const crawlFill = `((action, button) => {
  const named = f => {
    const b = f.querySelector('button[name], input[type=submit][name]');
    return b ? b.name + '=' + b.value : '';
  };
  const f = Array.from(document.forms).find(f =>
    new URL(f.getAttribute('action') || location.href, location.href).href === action && named(f) === button);
  if (!f) return false;
  const day = new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10);
  for (const el of f.elements) {
    if (el.disabled || el.value) continue;
    const type = el.tagName === 'TEXTAREA' ? 'textarea' : el.type;
    let v = null;
    switch (type) {
      case 'text': case 'search': case 'tel': v = '走查一下'; break;
      case 'textarea': v = '走查：填好的表单送出后，去了哪里，说了什么。'; break;
      case 'email': v = 'walk@x.cn'; break;
      case 'url': v = 'https://example.com/walk'; break;
      case 'number': {
        let n = Math.max(el.min !== '' ? Number(el.min) : 1, 1);
        if (el.max !== '') n = Math.min(n, Number(el.max));
        v = String(n);
        break;
      }
      case 'date': v = day; break;
      case 'datetime-local': v = day + 'T19:00'; break;
      case 'checkbox': if (el.required) el.checked = true; break;
    }
    if (v !== null) {
      if (el.minLength > 0) while (v.length < el.minLength) v += v;
      if (el.maxLength > 0) v = v.slice(0, el.maxLength);
      el.value = v;
    }
  }
  if (button) {
    const b = document.createElement('input');
    b.type = 'hidden';
    [b.name, b.value] = button.split(/=(.*)/s);
    f.appendChild(b);
  }
  window.__crawlOld = true;
  f.submit();
  return true;
})`
