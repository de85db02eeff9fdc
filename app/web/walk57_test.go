package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// walk57Short lists the links under sel (a list) that are less than 44 px
// tall on the page the phone shows: "text (h px)", the short ones a person
// taps at the edge of and misses.
func walk57Short(t *testing.T, w *walk56, sel string) []string {
	t.Helper()
	var out []string
	jDo(t, w.ctx, chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll(%q)].map(a => [a.innerText.trim(), a.getBoundingClientRect().height]).filter(([, h]) => h < 44).map(([s, h]) => s + " (" + Math.round(h) + " px)")`, sel), &out))
	return out
}

// walk57Names walks a list of people's names, each a link to their
// profile: every name a 44 px target on screen, and each tapped lands on
// that person's profile, in Chinese, with their name on it; then back to
// the page at back. names are the hrefs' ids and the names shown.
func walk57Names(t *testing.T, w *walk56, what, list, back string, names map[int]string) {
	t.Helper()
	if short := walk57Short(t, w, list+" a"); len(short) != 0 {
		t.Errorf("%s: links under 44 px tall: %v", what, short)
	}
	for id, name := range names {
		sel := fmt.Sprintf(`%s a[href="/users/%d"]`, list, id)
		jWant(t, what+": the name", w.text(sel), name)
		w.follow(what+": "+name, sel)
		w.at(name+"'s profile", fmt.Sprintf("/users/%d", id), "")
		w.page(name+"'s profile", name)
		if got := w.text("main h1"); !strings.HasPrefix(got, name) {
			t.Errorf("%s's profile is headed %q", name, got)
		}
		jVisit(t, w.ctx, w.h.srv.URL+back)
		w.page(what+" again", name)
	}
}

// walk57Club is a club (青岛同城会) with an organiser and members who have
// names of their own; the members' ids and names.
func walk57Club(t *testing.T) (*people27Club, map[int]string) {
	t.Helper()
	c := newPeople27Club(t, "青岛")
	h := c.h
	names := map[int]string{}
	for i, name := range []string{"王小明", "李娜", "张伟伟", "陈静"} {
		tok, id := c.member(t, fmt.Sprintf("m%d@x.cn", i), true)
		h.api("PATCH", "/api/v1/me", tok, map[string]string{"name": name}).must(t, 200)
		names[id] = name
	}
	h.api("PATCH", "/api/v1/me", c.org, map[string]string{"name": "组织者老周"}).must(t, 200)
	names[jUserID(h, c.org)] = "组织者老周"
	return c, names
}

// A fan on a phone opens a club with several members: each member's name
// is a 44 px target on screen, not under anything, and taps through to
// their profile.
func TestWalk57FanTapsAClubsMembers(t *testing.T) {
	t.Parallel()
	c, names := walk57Club(t)
	h := c.h
	fanTok, fanID := c.member(t, "zhou@x.cn", true)
	h.api("PATCH", "/api/v1/me", fanTok, map[string]string{"name": "小周"}).must(t, 200)
	names[fanID] = "小周"
	club := fmt.Sprintf("/clubs/%d", c.club)

	w := newWalk56(t, h, "zhou@x.cn", "fan-password", 2*time.Minute)
	jVisit(t, w.ctx, h.srv.URL+club)
	w.at("the club's page", club, "")
	w.page("the club's page", "青岛同城会", jT("zh", "club.member_list"), "王小明", "陈静", "小周")
	if n := jCount(t, w.ctx, "ul.members li"); n != len(names) {
		t.Errorf("the club lists %d members, want %d", n, len(names))
	}
	walk57Names(t, w, "the club's members", "ul.members", club, names)
}

// The organiser on a phone opens a meetup several members answered: each
// attendee's name is a 44 px target and taps through to their profile.
func TestWalk57OrganiserTapsAMeetupsAttendees(t *testing.T) {
	t.Parallel()
	c, names := walk57Club(t)
	h := c.h
	ev := num(c.post(h.clock().Add(48*time.Hour), 10).must(t, 201).JSON, "id")
	delete(names, jUserID(h, c.org))
	for id := range names {
		tok := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": walk57Email(t, h, id), "password": "fan-password"}).must(t, 201)
		h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), str(tok.JSON, "token"), nil).must(t, 200)
	}
	event := fmt.Sprintf("/events/%d", ev)

	w := newWalk56(t, h, "org@x.cn", "fan-password", 2*time.Minute)
	jVisit(t, w.ctx, h.srv.URL+event)
	w.at("the meetup's page", event, "")
	w.page("the meetup's page", "见面会", jT("zh", "event.attendees"), "王小明", "陈静")
	if n := jCount(t, w.ctx, "#attendees li"); n != len(names) {
		t.Errorf("the meetup lists %d attendees, want %d", n, len(names))
	}
	// The organiser's other taps on the page, short lines before.
	w.tap("加入日历", fmt.Sprintf(`a[href="/events/%d/calendar.ics"]`, ev))
	w.tap("修改见面会", "#edit-event > summary")
	w.tap("取消见面会", "#call-off > summary")
	walk57Names(t, w, "the meetup's attendees", "#attendees ul", event, names)
}

// walk57Email is the email of the user id.
func walk57Email(t *testing.T, h *harness, id int) string {
	t.Helper()
	u, err := h.store.User(context.Background(), int64(id))
	if err != nil {
		t.Fatal(err)
	}
	return u.Email
}

// A moderator on a phone opens the moderation page after several
// decisions on ideas and a comment: each decision's link in the log is a
// 44 px target on screen, not under anything, and taps through to its
// idea (a comment's to the comment on its idea's page).
func TestWalk57ModeratorTapsTheLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	modTok, _ := h.staffer(admin, "mod@x.cn", "moderator")
	fan := h.fan("author@x.cn")
	ctx := context.Background()
	mod, err := h.store.User(ctx, h.userID(modTok))
	if err != nil {
		t.Fatal(err)
	}
	decide := func(typ string, id int, action, reason string) {
		t.Helper()
		if err := h.svc.Moderate(ctx, &mod, typ, int64(id), action, reason); err != nil {
			t.Fatal(err)
		}
	}
	ideas := []int{h.idea(fan, cid, "可折叠的晾衣架"), h.idea(fan, cid, "自清洁滚筒"), h.idea(fan, cid, "静音洗衣模式")}
	comment := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", ideas[2]), fan, map[string]string{"body": "快来买我的东西"}).must(t, 201).JSON, "id")
	decide("idea", ideas[0], "hide", "广告")
	decide("idea", ideas[1], "hide", "重复的点子")
	decide("comment", comment, "hide", "广告链接")
	decide("idea", ideas[0], "restore", "误判，不是广告")
	// The log, newest first: where each decision's link leads.
	log := []struct{ href, path, query, fragment, title string }{
		{fmt.Sprintf("/ideas/%d", ideas[0]), fmt.Sprintf("/ideas/%d", ideas[0]), "", "", "可折叠的晾衣架"},
		{fmt.Sprintf("/ideas/%d?comment=%d#comment-%d", ideas[2], comment, comment), fmt.Sprintf("/ideas/%d", ideas[2]), fmt.Sprintf("comment=%d", comment), fmt.Sprintf("comment-%d", comment), "静音洗衣模式"},
		{fmt.Sprintf("/ideas/%d", ideas[1]), fmt.Sprintf("/ideas/%d", ideas[1]), "", "", "自清洁滚筒"},
		{fmt.Sprintf("/ideas/%d", ideas[0]), fmt.Sprintf("/ideas/%d", ideas[0]), "", "", "可折叠的晾衣架"},
	}

	w := newWalk56(t, h, "mod@x.cn", "fan-password", 2*time.Minute)
	open := func(what string) {
		t.Helper()
		jVisit(t, w.ctx, h.srv.URL+"/moderation")
		w.at(what, "/moderation", "")
		w.page(what, jT("zh", "moderation.title"), jT("zh", "moderation.log"), "误判，不是广告", "广告链接")
	}
	open("the moderation page")
	if n := jCount(t, w.ctx, ".mod-log li"); n != len(log) {
		t.Fatalf("the log lists %d decisions, want %d", n, len(log))
	}
	if short := walk57Short(t, w, ".mod-log a"); len(short) != 0 {
		t.Errorf("the log's links under 44 px tall: %v", short)
	}
	// "#12" is short: its target is as wide as it is tall.
	var narrow []string
	jDo(t, w.ctx, chromedp.Evaluate(`[...document.querySelectorAll(".mod-log li > a:not(.button)")].filter(a => a.getBoundingClientRect().width < 44).map(a => a.innerText)`, &narrow))
	if len(narrow) != 0 {
		t.Errorf("the log's links under 44 px wide: %v", narrow)
	}
	for i := range 2 {
		w.tap(fmt.Sprintf("the log's restore button %d", i+1), fmt.Sprintf(".mod-log li:nth-child(%d) .log-restore", i+2))
	}
	for i, e := range log {
		sel := fmt.Sprintf(`.mod-log li:nth-child(%d) a[href=%q]`, i+1, e.href)
		what := fmt.Sprintf("the log's decision %d (%s)", i+1, e.href)
		w.follow(what, sel)
		w.at(what+"'s item", e.path, e.query)
		w.page(what+"'s item", e.title)
		if e.fragment != "" {
			var hash string
			jDo(t, w.ctx, chromedp.Evaluate(`location.hash`, &hash))
			jWant(t, what+": the address's fragment", hash, "#"+e.fragment)
			if n := jCount(t, w.ctx, "#"+e.fragment); n != 1 {
				t.Errorf("%s: the page holds #%s %d times, want the comment once", what, e.fragment, n)
			}
		}
		open("the moderation page again")
	}
}
