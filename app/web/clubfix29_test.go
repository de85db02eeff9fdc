package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/people"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// clubfix29Browser signs tok's account (email, with the fans' password)
// in on a browser.
func clubfix29Browser(h *harness, email string) *browser {
	b := h.browser()
	b.signIn(email, "fan-password")
	return b
}

// zhPage is a page in Chinese.
func (b *browser) zhPage(path string) string {
	return b.get(path, "Accept-Language", "zh-CN").Body
}

func clubfix29Has(t *testing.T, what, body, key string, args ...any) {
	t.Helper()
	if want := html.EscapeString(jT("zh", key, args...)); !strings.Contains(body, want) {
		t.Errorf("%s: the page does not say %q", what, want)
	}
}

// The phone walk: 林小雨, the only organiser, tapped 退出同城会 during her
// running meetup and lost the role in one tap. Leaving now asks first, and
// tells an organiser the role ends; the last organiser of a club with a
// meetup coming up or running is refused (409 last_organiser, on the page
// and in the API) until an admin names another organiser.
func TestClubfix29LastOrganiserLeavesOnlyAfterAsking(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	orgID := num(h.api("GET", "/api/v1/me", c.org, nil).JSON, "id")
	club := fmt.Sprintf("/clubs/%d", c.club)
	c.post(h.clock().Add(2*time.Hour), 10).must(t, 201)
	h.advance(3 * time.Hour) // the meetup is running
	b := clubfix29Browser(h, "org@x.cn")

	// One tap (an old page's form, or a tap without the step) leaves nothing.
	r := b.post(club, club+"/members", url.Values{"join": {"0"}})
	if r.Status != 303 || r.Header.Get("Location") != club+"?leave=1#leave-confirm" {
		t.Fatalf("a leave without confirm: %d %q", r.Status, r.Header.Get("Location"))
	}
	if member, organiser, _ := h.store.Membership(t.Context(), int64(c.club), int64(orgID)); !member || !organiser {
		t.Fatal("one tap ended the membership")
	}
	// The step says why she cannot go, and offers no leave button.
	page := b.zhPage(club + "?leave=1")
	if !strings.Contains(page, `id="leave-confirm"`) || !strings.Contains(page, `id="leave-refused"`) || strings.Contains(page, `id="leave-yes"`) {
		t.Errorf("the step for the last organiser: %.2000s", page)
	}
	clubfix29Has(t, "refused", page, "clubfix29.leave_last_organiser")
	// Posted anyway: refused, on the club page, and by the API.
	r = b.post(club, club+"/members", url.Values{"join": {"0"}, "confirm": {"1"}})
	if r.Status != 409 || !strings.Contains(r.Body, `id="err-leave"`) {
		t.Errorf("confirmed leave of the last organiser: %d", r.Status)
	}
	api := fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club)
	if r := h.api("DELETE", api, c.org, nil); r.Status != 409 || r.errCode() != "last_organiser" {
		t.Errorf("API: %d %s", r.Status, r.Body)
	}
	if member, organiser, _ := h.store.Membership(t.Context(), int64(c.club), int64(orgID)); !member || !organiser {
		t.Fatal("the refused leave ended the membership")
	}

	// A second organiser named: she may go, warned that the role ends.
	_, otherID := c.member(t, "org2@x.cn", true)
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, otherID), c.admin, nil).must(t, 200)
	page = b.zhPage(club + "?leave=1")
	if !strings.Contains(page, `id="leave-organiser"`) || !strings.Contains(page, `id="leave-yes"`) || strings.Contains(page, `id="leave-refused"`) {
		t.Errorf("the step for an organiser: %.2000s", page)
	}
	clubfix29Has(t, "warning", page, "clubfix29.leave_organiser_warning")
	r = b.post(club, club+"/members", url.Values{"join": {"0"}, "confirm": {"1"}})
	if r.Status != 303 {
		t.Fatalf("confirmed leave: %d %.500s", r.Status, r.Body)
	}
	if member, _, _ := h.store.Membership(t.Context(), int64(c.club), int64(orgID)); member {
		t.Error("still a member after confirming")
	}
	// The other, now the last organiser, is refused by the API too.
	if r := h.api("DELETE", api, h.fan2tok(t, "org2@x.cn"), nil); r.Status != 409 || r.errCode() != "last_organiser" {
		t.Errorf("the second organiser, now the last: %d %s", r.Status, r.Body)
	}
	// Once the meetups are over, the last organiser may leave.
	h.advance(24 * time.Hour)
	h.api("DELETE", api, h.fan2tok(t, "org2@x.cn"), nil).must(t, 200)

	// A member who organises nothing sees the plain question, no warning.
	c.member(t, "fan@x.cn", true)
	page = clubfix29Browser(h, "fan@x.cn").zhPage(club + "?leave=1")
	if !strings.Contains(page, `id="leave-yes"`) || strings.Contains(page, `id="leave-organiser"`) {
		t.Errorf("the step for a member: %.2000s", page)
	}
	clubfix29Has(t, "question", page, "clubfix29.leave_confirm", c.h.clubName(t, c.club))
}

// fan2tok is a new token for an account with the fans' password.
func (h *harness) fan2tok(t *testing.T, email string) string {
	t.Helper()
	return str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"}).must(t, 201).JSON, "token")
}

func (h *harness) clubName(t *testing.T, id int) string {
	t.Helper()
	return str(h.api("GET", fmt.Sprintf("/api/v1/clubs/%d", id), "", nil).must(t, 200).JSON, "club", "name")
}

// Cancelling an answer to a full meetup gives the place to the waiting
// list for good: it takes a confirmation step saying so. At a meetup with
// places left, one tap still cancels.
func TestClubfix29CancellingAFullMeetupAsksFirst(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	full := num(c.post(h.clock().Add(48*time.Hour), 1).must(t, 201).JSON, "id")
	roomy := num(c.post(h.clock().Add(48*time.Hour), 5).must(t, 201).JSON, "id")
	tok, _ := c.member(t, "going@x.cn", true)
	waiting, _ := c.member(t, "waiting@x.cn", true)
	for _, ev := range []int{full, roomy} {
		h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), tok, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", full), waiting, nil).must(t, 200)
	b := clubfix29Browser(h, "going@x.cn")
	ev := fmt.Sprintf("/events/%d", full)

	// The button leads to the step (a link: no form posted), which is not
	// shown until asked for.
	page := b.zhPage(ev)
	if !strings.Contains(page, `id="rsvp-cancel" href="`+ev+`?cancel=1#cancel-confirm"`) || strings.Contains(page, `id="cancel-confirm"`) {
		t.Errorf("the full meetup's cancel is not a step: %.3000s", page)
	}
	r := b.post(ev, ev+"/rsvp", url.Values{"going": {"0"}})
	if r.Status != 303 || r.Header.Get("Location") != ev+"?cancel=1#cancel-confirm" {
		t.Fatalf("a cancel without confirm: %d %q", r.Status, r.Header.Get("Location"))
	}
	if a, _ := h.store.Answer(t.Context(), int64(full), int64(num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id"))); a != people.Going {
		t.Fatalf("one tap gave the place away: %v", a)
	}
	page = b.zhPage(ev + "?cancel=1")
	if !strings.Contains(page, `id="cancel-confirm"`) || !strings.Contains(page, `id="cancel-yes"`) {
		t.Errorf("the step is not shown: %.3000s", page)
	}
	clubfix29Has(t, "warning", page, "clubfix29.cancel_full_warning")
	r = b.post(ev, ev+"/rsvp", url.Values{"going": {"0"}, "confirm": {"1"}})
	if r.Status != 303 || r.Header.Get("Location") != ev {
		t.Fatalf("a confirmed cancel: %d %q", r.Status, r.Header.Get("Location"))
	}
	if got := h.api("GET", "/api/v1/events/"+fmt.Sprint(full), "", nil).must(t, 200).JSON; num(got, "going") != 1 || num(got, "waitlisted") != 0 {
		t.Errorf("the place did not go to the waiting list: %v", got)
	}

	// Places left: no step.
	ev = fmt.Sprintf("/events/%d", roomy)
	if page := b.zhPage(ev); strings.Contains(page, `id="cancel-confirm"`) || !strings.Contains(page, `id="rsvp-cancel"`) {
		t.Errorf("a step at a meetup with places left: %.3000s", page)
	}
	if r := b.post(ev, ev+"/rsvp", url.Values{"going": {"0"}}); r.Status != 303 || r.Header.Get("Location") != ev {
		t.Errorf("a cancel with places left: %d %q", r.Status, r.Header.Get("Location"))
	}
}

// At a started meetup a booked fan did not come: the organiser lets one
// from the waiting list in. They take a place (their answer is going) and
// earn what any check-in earns; while as many are checked in as there are
// places, nobody else from the list is let in. Before the start, someone
// waiting is still refused as waitlisted.
func TestClubfix29WaitlistedAreLetInAtTheDoor(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 1).must(t, 201).JSON, "id")
	path := fmt.Sprintf("/api/v1/events/%d", ev)
	booked, bookedID := c.member(t, "booked@x.cn", true)
	waiting, waitingID := c.member(t, "waiting@x.cn", true)
	last, lastID := c.member(t, "last@x.cn", true)
	for _, tok := range []string{booked, waiting, last} {
		h.api("PUT", path+"/rsvp", tok, nil).must(t, 200)
	}
	checkin := func(uid int) res { return h.api("POST", path+"/checkins", c.org, map[string]any{"user_id": uid}) }
	if r := checkin(waitingID); r.Status != 400 || r.errCode() != "waitlisted" {
		t.Errorf("before the start: %d %s", r.Status, r.Body)
	}
	h.advance(150 * time.Minute)

	// The organiser's page offers to let those waiting in.
	b := clubfix29Browser(h, "org@x.cn")
	page := b.zhPage(fmt.Sprintf("/events/%d", ev))
	if !strings.Contains(page, `id="waitlist-door"`) || strings.Count(page, "waitlist-checkin") != 2 {
		t.Errorf("the check-in list offers nothing for the waiting list: %.4000s", page)
	}
	r := b.post(fmt.Sprintf("/events/%d", ev), fmt.Sprintf("/events/%d/checkins", ev), url.Values{"user_id": {fmt.Sprint(waitingID)}})
	if r.Status != 303 {
		t.Fatalf("letting in someone waiting: %d %.1000s", r.Status, r.Body)
	}
	if a, _ := h.store.Answer(t.Context(), int64(ev), int64(waitingID)); a != people.Going {
		t.Errorf("let in, still waiting: %v", a)
	}
	if p := profileOf(h, "", waitingID); num(p, "reputation") != people.Points(people.MeetupAttended) {
		t.Errorf("let in, no points: %v", p["reputation"])
	}
	// The place is taken: the next one waiting is not let in; the page no
	// longer offers it.
	if r := checkin(lastID); r.Status != 409 || r.errCode() != "no_place_left" || r.errField() != "user_id" {
		t.Errorf("the next one waiting: %d %s", r.Status, r.Body)
	}
	if page := b.zhPage(fmt.Sprintf("/events/%d", ev)); strings.Contains(page, "waitlist-checkin") {
		t.Error("the page still offers the waiting list a place")
	}
	// The booked fan who turns up late is still checked in.
	checkin(bookedID).must(t, 201)
	if a, _ := h.store.Answer(t.Context(), int64(ev), int64(lastID)); a != people.OnWaitlist {
		t.Errorf("the last one waiting: %v", a)
	}
}

// A meetup posted from the club page lands on its page with a message
// saying it is published, as other forms do; /clubs says how a club comes
// to a city that has none.
func TestClubfix29PublishedMeetupAndCitiesWithoutAClub(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	b := clubfix29Browser(h, "org@x.cn")
	club := fmt.Sprintf("/clubs/%d", c.club)
	r := b.post(club, club+"/events", url.Values{"title": {"拆机沙龙"}, "place": {"海尔路"}, "capacity": {"10"},
		"starts_at": {h.clock().UTC().Add(48 * time.Hour).Format("2006-01-02T15:04")}})
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/events/") {
		t.Fatalf("posting a meetup: %d %.1000s", r.Status, r.Body)
	}
	// (The flash is written in the language of the post: English here.)
	if want := `<p class="flash" role="status">` + html.EscapeString(jT("en", "clubfix29.event_published")); !strings.Contains(b.get(r.Header.Get("Location")).Body, want) {
		t.Errorf("no flash %q on the new meetup's page", want)
	}
	page := b.zhPage("/clubs")
	if !strings.Contains(page, `id="no-club-here"`) {
		t.Error("/clubs says nothing to a city without a club")
	}
	clubfix29Has(t, "no club here", page, "club32.ask_title")
}

// The phone walk of these fixes, at 375×667 in Chinese: the leave step of
// the last organiser (its reason and way back on the screen), the cancel
// step of a full meetup, letting someone waiting in at the door, the
// published meetup's message and /clubs' line for cities without a club;
// nothing scrolls sideways.
func TestClubfix29PhoneWalk(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	running := num(c.post(h.clock().Add(2*time.Hour), 1).must(t, 201).JSON, "id")
	booked, _ := c.member(t, "booked@x.cn", true)
	waiting, waitingID := c.member(t, "waiting@x.cn", true)
	for _, tok := range []string{booked, waiting} {
		h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", running), tok, nil).must(t, 200)
	}
	h.advance(150 * time.Minute)
	full := num(c.post(h.clock().Add(48*time.Hour), 1).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", full), booked, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", full), waiting, nil).must(t, 200)

	// 林小雨 taps 退出同城会 during her running meetup: the step says why
	// she cannot leave, on the screen.
	jSignIn(t, ctx, h, "org@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/clubs/%d", c.club))
	jGo(t, ctx, "#leave-club")
	jInView(t, ctx, "the last organiser's refusal", "#leave-refused")
	jInView(t, ctx, "the way back", "#leave-no")
	jWant(t, "the refusal", jText(t, ctx, "#leave-refused"), jT("zh", "clubfix29.leave_last_organiser"))
	jFits(t, ctx, "the club page with its leave step open")

	// At the door: the one booked has not come; the one waiting is let in.
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", running))
	jWant(t, "let in", jText(t, ctx, fmt.Sprintf("#attendee-%d .waitlist-checkin", waitingID)), jT("zh", "clubfix29.check_in_waitlisted"))
	jGo(t, ctx, fmt.Sprintf("#attendee-%d .waitlist-checkin", waitingID))
	jWant(t, "flash", jText(t, ctx, ".flash"), jT("zh", "event.checked_in"))
	jInView(t, ctx, "the checked-in message, in the attendees", "#attendees > .flash")
	jWant(t, "checked in", jText(t, ctx, fmt.Sprintf("#attendee-%d .checked-in", waitingID)), jT("zh", "event.checked_in_badge"))

	// A meetup posted from the phone: published, said so.
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/clubs/%d", c.club))
	jDo(t, ctx, chromedp.Click(".new-event summary", chromedp.ByQuery),
		chromedp.SendKeys("#event-title", "拆机沙龙", chromedp.ByQuery),
		chromedp.SendKeys("#event-place", "海尔路", chromedp.ByQuery),
		chromedp.SetValue("#event-starts", h.clock().UTC().Add(72*time.Hour).Format("2006-01-02T15:04"), chromedp.ByQuery))
	jGo(t, ctx, "#event-form button[type=submit]")
	jInView(t, ctx, "the published message", ".flash")
	jWant(t, "published", jText(t, ctx, ".flash"), jT("zh", "clubfix29.event_published"))

	// /clubs tells a fan from elsewhere how a club starts.
	jVisit(t, ctx, h.srv.URL+"/clubs")
	jWant(t, "no club here", jText(t, ctx, "#no-club-here"), jT("zh", "club32.ask_title"))

	// The fan going to the full meetup taps 取消报名: the step says the
	// place goes to the waiting list, on the screen.
	jSignIn(t, ctx, h, "booked@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", full))
	jGo(t, ctx, "#rsvp-cancel")
	jInView(t, ctx, "the warning", "#cancel-warning")
	jInView(t, ctx, "the confirm button", "#cancel-yes")
	jInView(t, ctx, "the way back", "#cancel-no")
	jFits(t, ctx, "the meetup with its cancel step open")
	jGo(t, ctx, "#cancel-yes")
	jWant(t, "cancelled", jText(t, ctx, ".flash"), jT("zh", "event.cancelled"))
}
