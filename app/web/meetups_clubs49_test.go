package web

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// clubs49Meetup is a club's meetup in two days with people who answered
// it: going (two, filling its places) and waiting (one), and a member
// who did not answer.
type clubs49Meetup struct {
	*people27Club
	ev                     int
	path                   string // the API's address of the meetup
	going, going2, waiting string
	waitingID, goingID     int
	silent                 string
}

func newClubs49Meetup(t *testing.T) *clubs49Meetup {
	t.Helper()
	c := newPeople27Club(t, "青岛")
	m := &clubs49Meetup{people27Club: c}
	m.ev = num(c.post(c.h.clock().Add(48*time.Hour), 2).must(t, 201).JSON, "id")
	m.path = fmt.Sprintf("/api/v1/events/%d", m.ev)
	m.going, m.goingID = c.member(t, "going@x.cn", true)
	m.going2, _ = c.member(t, "going2@x.cn", true)
	m.waiting, m.waitingID = c.member(t, "waiting@x.cn", true)
	m.silent, _ = c.member(t, "silent@x.cn", true)
	for _, tok := range []string{m.going, m.going2, m.waiting} {
		c.h.api("PUT", m.path+"/rsvp", tok, nil).must(t, 200)
	}
	return m
}

// An organiser changes a meetup through the API: the rules of a new
// meetup hold for the change (a fan is refused; a capacity below the
// people going and a new time too soon are refused at their field), a
// capacity raised moves the waiting list up, and a new place or title
// tells everyone who answered, in the app and by email as their
// settings say, but not those who did not answer nor the organiser; a
// mended description tells nobody.
func TestClubs49OrganiserChangesAMeetupAndThoseWhoAnsweredAreTold(t *testing.T) {
	t.Parallel()
	m := newClubs49Meetup(t)
	h := m.h
	h.api("PATCH", "/api/v1/me", m.going2, map[string]any{"email_kinds": map[string]bool{"clubs": false}}).must(t, 200)
	h.owedMail("zh") // the sign-ups' confirmations

	if r := h.api("PATCH", m.path, m.going, map[string]any{"title": "改了"}); r.Status != 403 || r.errCode() != "not_an_organiser" {
		t.Errorf("a fan's change: %d %s", r.Status, r.Body)
	}
	if r := h.api("PATCH", m.path, m.org, map[string]any{"capacity": 1}); r.Status != 400 || r.errCode() != "capacity_below_going" || r.errField() != "capacity" {
		t.Errorf("capacity below the two going: %d %s", r.Status, r.Body)
	}
	if r := h.api("PATCH", m.path, m.org, map[string]any{"starts_at": h.clock().Add(30 * time.Minute)}); r.Status != 400 || r.errCode() != "starts_too_soon" {
		t.Errorf("moved to half an hour from now: %d %s", r.Status, r.Body)
	}
	if r := h.api("PATCH", m.path, m.org, map[string]any{"title": ""}); r.Status != 400 || r.errField() != "title" {
		t.Errorf("an empty title: %d %s", r.Status, r.Body)
	}
	if n := len(h.notices(m.going)); n != 0 {
		t.Fatalf("refused changes told %d", n)
	}

	got := h.api("PATCH", m.path, m.org, map[string]any{"place": "海尔路 1 号", "capacity": 3}).must(t, 200).JSON
	if str(got, "place") != "海尔路 1 号" || str(got, "title") != "见面会" || num(got, "capacity") != 3 || num(got, "going") != 3 || num(got, "waitlisted") != 0 {
		t.Errorf("the meetup as changed: %v", got)
	}
	for _, tok := range []string{m.going, m.going2, m.waiting} {
		zh := noticesOf(t, h, tok, "meetup_changed", "zh-CN")
		if len(zh) != 1 || zh[0]["text"] != jT("zh", "notice.meetup_changed", "见面会") || zh[0]["url"] != fmt.Sprintf("/events/%d", m.ev) {
			t.Errorf("the changed notice: %v", zh)
		}
		if en := noticesOf(t, h, tok, "meetup_changed", "en"); len(en) != 1 || en[0]["text"] != jT("en", "notice.meetup_changed", "见面会") {
			t.Errorf("in English: %v", en)
		}
	}
	if n := len(noticesOf(t, h, m.waiting, "meetup_promoted", "en")); n != 1 {
		t.Errorf("the one waiting, moved up by the larger capacity, was told %d times", n)
	}
	for who, tok := range map[string]string{"the silent member": m.silent, "the organiser": m.org} {
		if n := len(h.notices(tok)); n != 0 {
			t.Errorf("%s was told %d things", who, n)
		}
	}
	mail := h.owedMail("zh")
	for to, want := range map[string][]string{
		"going@x.cn":   {"meetup_changed"},
		"going2@x.cn":  nil, // turned the clubs' emails off
		"waiting@x.cn": {"meetup_promoted", "meetup_changed"},
		"silent@x.cn":  nil,
		"org@x.cn":     nil,
	} {
		got := mail[to]
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s is emailed %v, want %v", to, got, want)
		}
	}

	// A mended description tells nobody; an admin who is no member may
	// change a meetup too.
	h.api("PATCH", m.path, m.org, map[string]any{"body": "带上身份证"}).must(t, 200)
	if n := len(noticesOf(t, h, m.going, "meetup_changed", "en")); n != 1 {
		t.Errorf("a new description told the fan: %d notices", n)
	}
	later := h.clock().Add(72 * time.Hour).Truncate(time.Minute)
	got = h.api("PATCH", m.path, m.admin, map[string]any{"starts_at": later}).must(t, 200).JSON
	if str(got, "starts_at") != later.Format(time.RFC3339) || str(got, "body") != "带上身份证" {
		t.Errorf("the admin's move: %v", got)
	}
	if n := len(noticesOf(t, h, m.going, "meetup_changed", "en")); n != 2 {
		t.Errorf("a new time told the fan %d times in all, want 2", n)
	}

	// Once it has started it stays as it happened.
	h.advance(73 * time.Hour)
	if r := h.api("PATCH", m.path, m.org, map[string]any{"title": "改了"}); r.Status != 409 || r.errCode() != "event_started" {
		t.Errorf("a change after the start: %d %s", r.Status, r.Body)
	}
}

// A cancelled meetup says so, with its reason, on its page and its
// club's, and in the API and its calendar; it takes no answers, answers
// taken back, changes or check-ins; those who answered are told, with the
// reason; and it no longer counts among the club's 50 meetups coming up.
func TestClubs49CancelledMeetupStaysReadableAndTakesNothing(t *testing.T) {
	t.Parallel()
	m := newClubs49Meetup(t)
	h := m.h
	if r := h.api("POST", m.path+"/cancel", m.going, map[string]string{"reason": "下雨"}); r.Status != 403 || r.errCode() != "not_an_organiser" {
		t.Errorf("a fan's cancel: %d %s", r.Status, r.Body)
	}
	if r := h.api("POST", m.path+"/cancel", m.org, map[string]string{"reason": "  "}); r.Status != 400 || r.errField() != "reason" || r.errCode() != "required" {
		t.Errorf("a cancel without a reason: %d %s", r.Status, r.Body)
	}
	// The club is full of meetups: 49 more make 50 coming up.
	for range 49 {
		m.post(h.clock().Add(72*time.Hour), 5).must(t, 201)
	}
	if r := m.post(h.clock().Add(72*time.Hour), 5); r.Status != 409 || r.errCode() != "too_many_meetups" {
		t.Fatalf("the 51st meetup: %d %s", r.Status, r.Body)
	}

	got := h.api("POST", m.path+"/cancel", m.org, map[string]string{"reason": "场地临时关闭"}).must(t, 200).JSON
	if got["cancelled"] != true || str(got, "cancel_reason") != "场地临时关闭" || str(got, "cancelled_at") != h.clock().Format(time.RFC3339) {
		t.Errorf("the cancelled meetup: %v", got)
	}
	m.post(h.clock().Add(72*time.Hour), 5).must(t, 201) // its place among the 50 is free

	for _, tok := range []string{m.going, m.going2, m.waiting} {
		zh := noticesOf(t, h, tok, "meetup_cancelled", "zh-CN")
		if len(zh) != 1 || zh[0]["text"] != jT("zh", "notice.meetup_cancelled", "见面会", "场地临时关闭") {
			t.Errorf("the cancelled notice: %v", zh)
		}
	}
	if n := len(h.notices(m.silent)); n != 0 {
		t.Errorf("a member who did not answer was told %d things", n)
	}

	for what, r := range map[string]res{
		"an answer":            h.api("PUT", m.path+"/rsvp", m.silent, nil),
		"an answer taken back": h.api("DELETE", m.path+"/rsvp", m.going, nil),
		"a change":             h.api("PATCH", m.path, m.org, map[string]any{"title": "改了"}),
		"a second cancel":      h.api("POST", m.path+"/cancel", m.org, map[string]string{"reason": "再取消"}),
	} {
		if r.Status != 409 || r.errCode() != "meetup_cancelled" {
			t.Errorf("%s at a cancelled meetup: %d %s", what, r.Status, r.Body)
		}
	}
	if e := h.api("GET", m.path, m.going, nil).must(t, 200).JSON; e["cancelled"] != true || num(e, "going") != 2 || str(e, "mine") != "going" {
		t.Errorf("the answers stay to be read: %v", e)
	}

	// Its page: 已取消 and why; no answer button, no organisers' forms.
	for _, who := range []string{"silent@x.cn", "org@x.cn"} {
		page := clubfix29Browser(h, who).zhPage(fmt.Sprintf("/events/%d", m.ev))
		clubfix29Has(t, who, page, "clubs49.cancelled_badge")
		clubfix29Has(t, who, page, "clubs49.cancelled_reason", "场地临时关闭")
		clubfix29Has(t, who, page, "clubs49.no_answers")
		for _, not := range []string{`id="rsvp-go"`, `id="edit-form"`, `id="call-off-form"`, `class="button small primary checkin"`} {
			if strings.Contains(page, not) {
				t.Errorf("%s: the cancelled meetup's page has %s", who, not)
			}
		}
	}
	club := clubfix29Browser(h, "silent@x.cn").zhPage(fmt.Sprintf("/clubs/%d", m.club))
	if !strings.Contains(club, `<a href="/events/`+fmt.Sprint(m.ev)+`">见面会</a> <span class="badge cancelled">`+jT("zh", "clubs49.cancelled_badge")) {
		t.Errorf("the club page does not mark the meetup cancelled")
	}
	ical := h.api("GET", fmt.Sprintf("/events/%d/calendar.ics", m.ev), "", nil).must(t, 200).Body
	if !strings.Contains(ical, "STATUS:CANCELLED") {
		t.Errorf("the calendar does not say cancelled:\n%s", ical)
	}
	// Nobody is checked in at it.
	h.advance(49 * time.Hour)
	if r := h.api("POST", m.path+"/checkins", m.org, map[string]any{"user_id": m.goingID}); r.Status != 409 || r.errCode() != "meetup_cancelled" {
		t.Errorf("a check-in at the cancelled meetup: %d %s", r.Status, r.Body)
	}
}

// The organisers change and cancel a meetup from its page: the forms are
// theirs alone (a fan sees none, and posting is refused 403), the edit
// form is filled with the meetup, a refusal is said at its field, and the
// cancel asks for a reason.
func TestClubs49EditAndCancelFromTheEventPage(t *testing.T) {
	t.Parallel()
	m := newClubs49Meetup(t)
	h := m.h
	ev := fmt.Sprintf("/events/%d", m.ev)
	fan := clubfix29Browser(h, "going@x.cn")
	if page := fan.zhPage(ev); strings.Contains(page, `id="edit-form"`) || strings.Contains(page, `id="call-off-form"`) {
		t.Error("a fan is offered the organisers' forms")
	}
	if r := fan.post(ev, ev+"/cancel", url.Values{"reason": {"不想办了"}}); r.Status != 403 {
		t.Errorf("a fan's cancel from the page: %d", r.Status)
	}

	org := clubfix29Browser(h, "org@x.cn")
	page := org.zhPage(ev)
	starts := h.clock().Add(48 * time.Hour).Format("2006-01-02T15:04")
	for _, want := range []string{`id="edit-form"`, `id="call-off-form"`, `value="见面会"`, `value="海尔路"`, `value="` + starts + `"`,
		`name="starts_at_was" value="` + starts + `"`, html.EscapeString(jN("zh", "clubs49.edit_tells", 2))} {
		if !strings.Contains(page, want) {
			t.Errorf("the organiser's page lacks %s", want)
		}
	}
	form := url.Values{"title": {"见面会"}, "place": {"海尔路"}, "starts_at": {starts}, "starts_at_was": {starts}, "capacity": {"1"}, "body": {""}}
	r := org.zhPost(ev, ev+"/edit", form)
	if r.Status != 400 || !strings.Contains(r.Body, `id="err-capacity"`) || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.capacity_below_going", 2))) {
		t.Errorf("capacity below the people going: %d %.3000s", r.Status, r.Body)
	}
	if !strings.Contains(r.Body, `<details class="edit-event" id="edit-event" open>`) || !strings.Contains(r.Body, `value="1"`) {
		t.Error("the refused form is not open with what was typed")
	}
	form.Set("capacity", "2")
	form.Set("place", "海尔路 1 号")
	if r := org.zhPost(ev, ev+"/edit", form); r.Status != 303 || r.Header.Get("Location") != ev+"#organise" {
		t.Fatalf("the change: %d %q", r.Status, r.Header.Get("Location"))
	}
	if e := h.api("GET", m.path, "", nil).must(t, 200).JSON; str(e, "place") != "海尔路 1 号" {
		t.Errorf("the change was not saved: %v", e)
	}
	if n := len(noticesOf(t, h, m.waiting, "meetup_changed", "en")); n != 1 {
		t.Errorf("the one waiting was told of the new place %d times", n)
	}

	r = org.post(ev, ev+"/cancel", url.Values{"reason": {""}})
	if r.Status != 400 || !strings.Contains(r.Body, `id="err-reason"`) || !strings.Contains(r.Body, `<details class="call-off" id="call-off" open>`) {
		t.Errorf("a cancel without a reason: %d %.3000s", r.Status, r.Body)
	}
	if r := org.post(ev, ev+"/cancel", url.Values{"reason": {"场地临时关闭"}}); r.Status != 303 {
		t.Fatalf("the cancel: %d", r.Status)
	}
	clubfix29Has(t, "after the cancel", org.zhPage(ev), "clubs49.cancelled_reason", "场地临时关闭")
	// A change sent from a page loaded before the cancel (a second
	// organiser's, say) is refused where it can be read: the forms are
	// gone, the refusal is not.
	if r := org.zhPost(ev, ev+"/edit", form); r.Status != 409 || !strings.Contains(r.Body, `<p class="alert" role="alert" id="edit-event">`+html.EscapeString(jT("zh", "error.meetup_cancelled"))) {
		t.Errorf("a change after the cancel: %d, the refusal not said", r.Status)
	}
}

// GET /api/v1/events/{id} says the caller's own answer (mine); its
// organisers list who answered (GET .../attendees, with who is checked in
// and whom they may check in now), a fan may not; a club says whether the
// caller may organise it.
func TestClubs49EventAPIMineAttendeesAndOrganiser(t *testing.T) {
	t.Parallel()
	m := newClubs49Meetup(t)
	h := m.h
	for who, want := range map[string]any{"": nil, m.silent: nil, m.going: "going", m.waiting: "waitlisted"} {
		e := h.api("GET", m.path, who, nil).must(t, 200).JSON
		if v, ok := e["mine"]; !ok || v != want {
			t.Errorf("mine = %v (%v), want %v", v, ok, want)
		}
	}
	if r := h.api("GET", m.path+"/attendees", m.going, nil); r.Status != 403 || r.errCode() != "not_an_organiser" {
		t.Errorf("a fan's list: %d %s", r.Status, r.Body)
	}
	orgID := num(h.api("GET", "/api/v1/me", m.org, nil).JSON, "id")
	h.api("PUT", m.path+"/rsvp", m.org, nil).must(t, 200) // the organiser waits too
	h.advance(48 * time.Hour)
	h.api("POST", m.path+"/checkins", m.admin, map[string]any{"user_id": m.goingID}).must(t, 201)
	list := h.api("GET", m.path+"/attendees", m.org, nil).must(t, 200).JSON
	if num(list, "event_id") != m.ev {
		t.Errorf("event_id: %v", list["event_id"])
	}
	type row struct {
		status           string
		checkedIn, canDo bool
	}
	got := map[int]row{}
	var names []string
	for _, a := range list["attendees"].([]any) {
		a := a.(map[string]any)
		got[num(a, "user_id")] = row{str(a, "status"), a["checked_in"] == true, a["can_check_in"] == true}
		names = append(names, str(a, "name"))
	}
	want := map[int]row{
		m.goingID:   {"going", true, false},       // checked in already
		m.waitingID: {"waitlisted", false, true},  // a place left at the door: one of two is checked in
		orgID:       {"waitlisted", false, false}, // another organiser checks them in
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("attendee %d: %+v, want %+v", id, got[id], w)
		}
	}
	if len(got) != 4 || names[0] != "going" || names[1] != "going2" {
		t.Errorf("the list: %v (going first, in the order answered)", names)
	}
	club := fmt.Sprintf("/api/v1/clubs/%d", m.club)
	for who, want := range map[string]bool{"": false, m.going: false, m.org: true, m.admin: true} {
		if got := h.api("GET", club, who, nil).must(t, 200).JSON["organiser"]; got != want {
			t.Errorf("organiser = %v, want %v", got, want)
		}
	}
}

// The new-meetup form says a refusal that names no field (the club's 50
// meetups coming up) in the form, not nowhere.
func TestClubs49NewMeetupFormSaysAnErrorWithoutAField(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	for range 50 {
		c.post(h.clock().Add(72*time.Hour), 5).must(t, 201)
	}
	club := fmt.Sprintf("/clubs/%d", c.club)
	b := clubfix29Browser(h, "org@x.cn")
	r := b.zhPost(club, club+"/events", url.Values{"title": {"再来一场"}, "place": {"海尔路"},
		"starts_at": {h.clock().Add(48 * time.Hour).Format("2006-01-02T15:04")}, "capacity": {"5"}, "body": {""}})
	want := `<p class="field-error" role="alert" id="err-event-form">` + html.EscapeString(jT("zh", "error.too_many_meetups")) + `</p>`
	if r.Status != 409 || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, `<details class="new-event" open>`) {
		t.Errorf("the 51st meetup from the page: %d, want the reason in the open form: %.4000s", r.Status, r.Body)
	}
	if !strings.Contains(r.Body, `value="再来一场"`) {
		t.Error("the refused form lost what was typed")
	}
}
