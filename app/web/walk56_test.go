package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/service"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// walk56 is a person on a 375×667 phone in Chinese, walking session 56's
// changed pages in a real Chromium: every page it reaches is checked as
// they would see it (walk56.page), every tap target they use as they
// would tap it (walk56.tap), and every answer the server gave along the
// way, the page's own requests (styles, scripts, images) included, is
// watched for a 4xx or 5xx.
type walk56 struct {
	t   *testing.T
	ctx context.Context
	h   *harness

	mu  sync.Mutex
	bad []string // answers of 400 or more since the last page checked
}

// newWalk56 opens the phone (a tab that lives for life) and signs email
// in through the sign-in page, in Chinese.
func newWalk56(t *testing.T, h *harness, email, password string, life time.Duration) *walk56 {
	t.Helper()
	w := &walk56{t: t, h: h, ctx: newBrowserFor(t, 375, 667, life)}
	journeyOnFailure(t, w.ctx)
	chromedp.ListenTarget(w.ctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Response.Status >= 400 && strings.HasPrefix(e.Response.URL, h.srv.URL) {
			w.mu.Lock()
			w.bad = append(w.bad, fmt.Sprintf("%d %s", e.Response.Status, strings.TrimPrefix(e.Response.URL, h.srv.URL)))
			w.mu.Unlock()
		}
	})
	jSignIn(t, w.ctx, h, email, password, "zh")
	w.page("the page after signing in")
	return w
}

// page checks the page the phone shows as its person notices it: in
// Chinese with each of texts on it, nothing scrolling sideways at 375 px
// (document.scrollWidth within the window), and no answer of 400 or more
// since the page before.
func (w *walk56) page(what string, texts ...string) {
	w.t.Helper()
	t, ctx := w.t, w.ctx
	var lang, body string
	var scroll, inner int
	jDo(t, ctx,
		chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery),
		chromedp.Evaluate(`document.body.innerText`, &body),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		chromedp.Evaluate(`window.innerWidth`, &inner),
	)
	if !strings.HasPrefix(lang, "zh") {
		t.Errorf("%s: the page is in %q, want Chinese", what, lang)
	}
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("%s: the page does not say %q", what, s)
		}
	}
	if scroll > inner {
		t.Errorf("%s scrolls sideways: document.scrollWidth %d > innerWidth %d", what, scroll, inner)
	}
	jFits(t, ctx, what)
	w.mu.Lock()
	bad := w.bad
	w.bad = nil
	w.mu.Unlock()
	if len(bad) != 0 {
		t.Errorf("%s: the server answered %v on the way", what, bad)
	}
}

// at fails the walk unless the address bar is path with query (the
// query's values, whatever their order; "" for none).
func (w *walk56) at(what, path, query string) {
	w.t.Helper()
	var loc string
	jDo(w.t, w.ctx, chromedp.Location(&loc))
	u, err := url.Parse(loc)
	if err != nil {
		w.t.Fatalf("%s: the address %q: %v", what, loc, err)
	}
	want, _ := url.ParseQuery(query)
	if u.Path != path || u.Query().Encode() != want.Encode() {
		w.t.Fatalf("%s: the phone is at %s, want %s?%s (a dead end)", what, u.RequestURI(), path, query)
	}
}

// walk56Box is a tap target's box on the screen, scrolled to.
type walk56Box struct {
	Found, Shown, Covered          bool
	Top, Bottom, Left, Right, Page float64
}

// tap checks sel as a person about to tap it: there, shown, not under
// another element at its middle, a target at least 44 px tall, and
// wholly across the 375 px screen.
func (w *walk56) tap(what, sel string) {
	w.t.Helper()
	var b walk56Box
	jDo(w.t, w.ctx, chromedp.Evaluate(fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e) return {Found: false};
		e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect();
		const at = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
		return {Found: true, Shown: e.checkVisibility(), Covered: !at || !e.contains(at), Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right, Page: document.documentElement.clientWidth};
	})()`, sel), &b))
	switch {
	case !b.Found:
		w.t.Fatalf("%s (%s) is not on the page: a dead end", what, sel)
	case !b.Shown:
		w.t.Fatalf("%s (%s) is not shown: a dead end", what, sel)
	case b.Covered:
		w.t.Errorf("%s (%s) is under another element where it is tapped", what, sel)
	}
	if h := b.Bottom - b.Top; h < 44 {
		w.t.Errorf("%s (%s) is a %.0f px tall target, want at least 44", what, sel, h)
	}
	if b.Left < -0.5 || b.Right > b.Page+0.5 {
		w.t.Errorf("%s (%s) reaches past the screen: %.0f–%.0f of %.0f px", what, sel, b.Left, b.Right, b.Page)
	}
}

// follow taps sel (tap's checks first) and waits for the page it loads.
func (w *walk56) follow(what, sel string) {
	w.t.Helper()
	w.tap(what, sel)
	jDo(w.t, w.ctx, jClickLoad(sel))
}

// text is sel's visible text ("" when it is not there).
func (w *walk56) text(sel string) string {
	w.t.Helper()
	var s string
	jDo(w.t, w.ctx, chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%q)?.innerText ?? "").trim()`, sel), &s))
	return s
}

// A fan on a phone: the clubs list, a club's page, joins (the page says
// so at once: one more member counted, their name in the list, though
// the page's shared part was kept a moment before), a meetup of the club,
// back to the club by the meetup's link, leaves through the confirmation
// (one fewer at once, their name gone), and the list counts as the page.
func TestWalk56FanJoinsAClubSeesAMeetupAndLeaves(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	c.member(t, "wang@x.cn", true)
	ev := num(c.post(h.clock().Add(48*time.Hour), 10).must(t, 201).JSON, "id")
	other := num(h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": "杭州", "name": "杭州同城会"}).must(t, 201).JSON, "id")
	fan := h.fan("zhou@x.cn")
	h.api("PATCH", "/api/v1/me", fan, map[string]string{"name": "小周"}).must(t, 200)
	fanID := jUserID(h, fan)
	club := fmt.Sprintf("/clubs/%d", c.club)
	members := func(n int) string { return jT("zh", "clubs.members", n) }
	me := fmt.Sprintf(`ul.members a[href="/users/%d"]`, fanID)

	w := newWalk56(t, h, "zhou@x.cn", "fan-password", 90*time.Second)
	jVisit(t, w.ctx, h.srv.URL+"/clubs")
	w.at("the clubs list", "/clubs", "")
	w.page("the clubs list", jT("zh", "clubs.title"), "青岛同城会", "杭州同城会")
	jWant(t, "the list's count", w.text(fmt.Sprintf(`.club-list li:has(a[href=%q]) .meta span:nth-child(2)`, club)), members(2))
	w.tap("the other club", fmt.Sprintf(`.club-list a[href="/clubs/%d"]`, other))
	w.follow("the club in the list", fmt.Sprintf(`.club-list a[href=%q]`, club))

	w.at("the club's page", club, "")
	w.page("the club's page", "青岛同城会", members(2), jT("zh", "club.member_list"), "见面会")
	jWant(t, "the count before joining", w.text(".page-head .meta span:nth-child(2)"), members(2))
	if n := jCount(t, w.ctx, me); n != 0 {
		t.Errorf("before joining the fan is listed %d times", n)
	}
	w.follow("加入同城会", "#join-club")

	w.at("the club's page after joining", club, "")
	w.page("the club's page after joining", members(3), "小周", jT("zh", "club.leave"))
	jWant(t, "the count after joining", w.text(".page-head .meta span:nth-child(2)"), members(3))
	if n := jCount(t, w.ctx, me); n != 1 {
		t.Errorf("after joining the fan is listed %d times, want once", n)
	}
	meetup := fmt.Sprintf(`ul.event-list a[href="/events/%d"]`, ev)
	w.follow("the meetup in the club's list", meetup)

	w.at("the meetup's page", fmt.Sprintf("/events/%d", ev), "")
	w.page("the meetup's page", "见面会", "海尔路", "青岛同城会", jT("zh", "event.your_answer"))
	w.follow("the meetup's link back to its club", fmt.Sprintf(`.crumbs a[href=%q]`, club))

	w.at("the club's page again", club, "")
	w.page("the club's page again", members(3), "小周")
	w.follow("退出同城会", "#leave-club")

	w.at("the leave confirmation", club, "leave=1")
	w.page("the leave confirmation", jT("zh", "clubfix29.leave_confirm", "青岛同城会"))
	w.tap("留下", "#leave-no")
	w.follow("确定退出", "#leave-yes")

	w.at("the club's page after leaving", club, "")
	w.page("the club's page after leaving", members(2), jT("zh", "club.join"))
	jWant(t, "the count after leaving", w.text(".page-head .meta span:nth-child(2)"), members(2))
	if n := jCount(t, w.ctx, me); n != 0 {
		t.Errorf("after leaving the fan is listed %d times", n)
	}
	w.tap("加入同城会 again", "#join-club")
	w.follow("the crumb to the clubs list", `.crumbs a[href="/clubs"]`)
	w.at("the clubs list again", "/clubs", "")
	w.page("the clubs list again", "青岛同城会")
	jWant(t, "the list's count after leaving", w.text(fmt.Sprintf(`.club-list li:has(a[href=%q]) .meta span:nth-child(2)`, club)), members(2))
}

// walk56Items are the moderation queue's items on the page, in its order
// (their ids: "idea-12").
func walk56Items(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var out []string
	jDo(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("article.mod-item")].map(e => e.id.replace(/^mod-/, ""))`, &out))
	return out
}

// A moderator on a phone. First with a short queue (an author's review
// request, two reported ideas) and a club without an organiser: 管理's
// badge and 内容审核's say how many wait, and the page says it too, in
// each part's heading, and lists them, the decision log and the club,
// whose link leads to its members. Then with more of each part than a
// page holds (201 review requests, 202 reported ideas): the badge says
// 99+, the page the whole count; each part's 下一页 leads to that part's
// next page (?part=reviews, ?part=reported) with the items left, and
// 回到队列第一页 back.
func TestWalk56ModeratorWalksTheQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	modTok, _ := h.staffer(admin, "mod@x.cn", "moderator")
	authorTok, reporterTok := h.fan("author@x.cn"), h.fan("reporter@x.cn")
	ctx := context.Background()
	mod, err := h.store.User(ctx, h.userID(modTok))
	if err != nil {
		t.Fatal(err)
	}
	author, err := h.store.User(ctx, h.userID(authorTok))
	if err != nil {
		t.Fatal(err)
	}
	reviews := map[string]bool{}
	review := func(ids []int) {
		t.Helper()
		for _, id := range ids {
			if err := h.svc.Moderate(ctx, &mod, "idea", int64(id), "hide", "广告"); err != nil {
				t.Fatal(err)
			}
			if err := h.svc.RequestReview(ctx, &author, "idea", int64(id), "不是广告"); err != nil {
				t.Fatal(err)
			}
			reviews[fmt.Sprintf("idea-%d", id)] = true
		}
	}
	ideas := modq54Flood(t, h, authorTok, reporterTok, cid, 3)
	review(ideas[:1])
	orphan := num(h.api("POST", "/api/v1/clubs", admin, map[string]string{"city": "成都", "name": "成都同城会"}).must(t, 201).JSON, "id")

	w := newWalk56(t, h, "mod@x.cn", "fan-password", 3*time.Minute)
	// firstPage checks the queue's first page: waiting in all, the badge,
	// the parts' headings and items (the reviews first), the log (its
	// newest decision on newest) and the club; the items listed.
	firstPage := func(what, waiting, badge string, nReviews, nReported, newest int) []string {
		t.Helper()
		w.at(what, "/moderation", "")
		w.page(what, jT("zh", "moderation.title"), jT("zh", "modq54.waiting", waiting), jT("zh", "moderation.log"),
			jN("zh", "clubs53.orphaned_title", 1), "成都同城会")
		jWant(t, what+": the menu's badge", w.text(".nav-staff > summary .count"), badge)
		jWant(t, what+": the reviews' heading", w.text("#reviews-title"), jT("zh", "mod46.reviews", nReviews))
		jWant(t, what+": the reported heading", w.text("#reported-title"), jT("zh", "modq54.reported", strconv.Itoa(nReported)))
		items := walk56Items(t, w.ctx)
		shownReviews, shownReported := min(nReviews, service.ModerationQueueSize), min(nReported, service.ModerationQueueSize)
		if len(items) != shownReviews+shownReported {
			t.Fatalf("%s lists %d items, want %d reviews and %d reported", what, len(items), shownReviews, shownReported)
		}
		for i, it := range items {
			if reviews[it] != (i < shownReviews) {
				t.Fatalf("%s: item %d (%s) a review %v, want the reviews first", what, i, it, reviews[it])
			}
		}
		jWantContains(t, what+": the newest decision", w.text(".mod-log li"), fmt.Sprintf("#%d", newest))
		w.tap(what+": the first item's 隐藏", "article.mod-item button[value=hide]")
		w.tap(what+": the club without an organiser", fmt.Sprintf(`#orphaned-clubs a[href="/clubs/%d#members"]`, orphan))
		return items
	}
	// menu goes to the queue from the page shown through 管理, its badge
	// and 内容审核's checked.
	menu := func(what, badge string) {
		t.Helper()
		jWant(t, what+": 管理's badge", w.text(".nav-staff > summary .count"), badge)
		w.tap(what+": 管理", ".nav-staff > summary")
		jDo(t, w.ctx, chromedp.Click(".nav-staff > summary", chromedp.ByQuery), chromedp.WaitVisible(`.nav-staff-links a[href="/moderation"]`, chromedp.ByQuery))
		jWant(t, what+": 内容审核's badge", w.text(`.nav-staff-links a[href="/moderation"] .count`), badge)
		w.follow(what+": 内容审核", `.nav-staff-links a[href="/moderation"]`)
	}

	jVisit(t, w.ctx, h.srv.URL+"/")
	menu("the front page", "3")
	firstPage("the short queue", "3", "3", 1, 2, ideas[0])
	if n := jCount(t, w.ctx, "#reviews-next, #reported-next"); n != 0 {
		t.Errorf("the short queue links %d next pages", n)
	}
	w.follow("the club without an organiser", fmt.Sprintf(`#orphaned-clubs a[href="/clubs/%d#members"]`, orphan))
	w.at("the orphaned club", fmt.Sprintf("/clubs/%d", orphan), "")
	w.page("the orphaned club", "成都同城会", jT("zh", "club.member_list"))
	if w.text("#needs-organiser") == "" {
		t.Error("the orphaned club does not say it needs an organiser")
	}

	// A wave: 200 more review requests, 200 more reported ideas.
	more := modq54Flood(t, h, authorTok, reporterTok, cid, 400)
	review(more[:200])
	nReviews, nReported := 201, 202
	waiting := strconv.Itoa(nReviews + nReported)
	badge := strconv.Itoa(service.ModerationWaitingMost-1) + "+"
	jVisit(t, w.ctx, fmt.Sprintf("%s/clubs/%d", h.srv.URL, orphan)) // read again, after the wave
	w.page("the orphaned club after the wave", "成都同城会")
	menu("the club's page after the wave", badge)
	items := firstPage("the long queue", waiting, badge, nReviews, nReported, more[199])

	var next string
	for _, part := range []struct {
		name, link  string
		left        int
		review      bool
		title, head string
	}{
		{"reviews", "#reviews-next", nReviews - service.ModerationQueueSize, true, "#reviews-title", jT("zh", "mod46.reviews", nReviews)},
		{"reported", "#reported-next", nReported - service.ModerationQueueSize, false, "#reported-title", jT("zh", "modq54.reported", strconv.Itoa(nReported))},
	} {
		what := "the " + part.name + "' next page"
		w.follow("the "+part.name+"' 下一页", part.link)
		jDo(t, w.ctx, chromedp.Location(&next))
		nu, _ := url.Parse(next)
		cursor := nu.Query().Get("cursor")
		if cursor == "" {
			t.Errorf("%s has no cursor", what)
		}
		w.at(what, "/moderation", "part="+part.name+"&cursor="+url.QueryEscape(cursor))
		w.page(what, jT("zh", "modq54.waiting", waiting), jT("zh", "modq54.first"))
		jWant(t, what+": the menu's badge", w.text(".nav-staff > summary .count"), badge)
		jWant(t, what+": its heading", w.text(part.title), part.head)
		left := walk56Items(t, w.ctx)
		if len(left) != part.left {
			t.Errorf("%s lists %d items, want the %d left", what, len(left), part.left)
		}
		for _, it := range left {
			if reviews[it] != part.review || slices.Contains(items, it) {
				t.Errorf("%s lists %s (a review %v, on the first page %v)", what, it, reviews[it], slices.Contains(items, it))
			}
		}
		if n := jCount(t, w.ctx, "#reviews-next, #reported-next"); n != 0 {
			t.Errorf("%s, the last, links %d next pages", what, n)
		}
		w.tap(what+"'s first item's 隐藏", "article.mod-item button[value=hide]")
		w.follow(what+"'s 回到队列第一页", `p.more a[href="/moderation"]`)
		firstPage("the long queue again", waiting, badge, nReviews, nReported, more[199])
	}
}

// An admin on a phone: a challenge's page, its integrity page, its public
// log of 120 entries: the newest 50, 更早的记录 to the next 50 and the
// last 20 (no more 更早的记录), each with 回到最新的记录 back to the
// newest 50.
func TestWalk56AdminWalksALongIntegrityLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	want := integrity55Log(t, h, cid, 120)
	log := fmt.Sprintf("/challenges/%d/integrity/log", cid)
	w := newWalk56(t, h, "admin@brand.cn", "admin-password", 90*time.Second)
	jVisit(t, w.ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
	w.page("the challenge's page", "洗衣机二次污染")
	w.follow("the integrity button", fmt.Sprintf(`a.button[href="/challenges/%d/integrity"]`, cid))
	w.at("the integrity page", fmt.Sprintf("/challenges/%d/integrity", cid), "")
	w.page("the integrity page", jT("zh", "integrity.scan_now"))
	w.follow("the public log", fmt.Sprintf(`a.button[href=%q]`, log))

	reasons := func(what string) []string {
		t.Helper()
		var out []string
		jDo(t, w.ctx, chromedp.Evaluate(`[...document.querySelectorAll(".integrity-entry .card-body > p:not(.meta)")].map(e => e.innerText.trim())`, &out))
		return out
	}
	newest := func(what string) {
		t.Helper()
		w.at(what, log, "")
		w.page(what, jT("zh", "integrity.log_title"), jT("zh", "integrity.log_older"))
		if got := reasons(what); fmt.Sprint(got) != fmt.Sprint(want[:50]) {
			t.Errorf("%s shows %d entries %v…, want the newest 50", what, len(got), got[:min(3, len(got))])
		}
		if w.text(fmt.Sprintf(`.pager a[href=%q]:not(#log-next)`, log)) != "" {
			t.Errorf("%s offers 回到最新的记录", what)
		}
	}
	newest("the integrity log")
	var got []string
	got = append(got, reasons("the newest")...)
	for page := 2; page <= 3; page++ {
		what := fmt.Sprintf("the log's page %d", page)
		w.follow(what+"'s 更早的记录", "#log-next")
		var loc string
		jDo(t, w.ctx, chromedp.Location(&loc))
		u, _ := url.Parse(loc)
		w.at(what, log, "cursor="+u.Query().Get("cursor"))
		if u.Query().Get("cursor") == "" {
			t.Errorf("%s has no cursor", what)
		}
		w.page(what, jT("zh", "integrity.log_title"), jT("zh", "integrity.log_newest"))
		shown := reasons(what)
		if wantN := []int{50, 20}[page-2]; len(shown) != wantN {
			t.Errorf("%s shows %d entries, want %d", what, len(shown), wantN)
		}
		got = append(got, shown...)
		w.tap(what+"'s 回到最新的记录", fmt.Sprintf(`.pager a[href=%q]`, log))
		if older := jCount(t, w.ctx, "#log-next"); (page == 2) != (older == 1) {
			t.Errorf("%s offers 更早的记录 %d times", what, older)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the three pages showed %d entries, want the 120 each once newest first", len(got))
	}
	w.follow("回到最新的记录", fmt.Sprintf(`.pager a[href=%q]`, log))
	newest("the integrity log again")
	w.tap("更早的记录", "#log-next")
}
