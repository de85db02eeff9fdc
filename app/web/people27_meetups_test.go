package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cocreate/app/people"
)

// A club that held 500 meetups still shows the one coming up (the page
// read the oldest 500 and split them afterwards), on its page and in the
// API; the past ones are listed latest first.
func TestPeople27ClubWithLongHistoryShowsUpcoming(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	orgID := num(h.api("GET", "/api/v1/me", c.org, nil).JSON, "id")
	first := h.clock().AddDate(-2, 0, 0)
	for i := 0; i < 500; i++ { // the past, written by the store: the service takes no meetups in the past
		if _, err := h.store.CreateEvent(context.Background(), int64(c.club), int64(orgID), people.EventInput{Title: fmt.Sprintf("旧活动 %d", i), Place: "海尔路",
			StartsAt: first.Add(time.Duration(i) * 24 * time.Hour), Capacity: 5}, time.Time{}, func(bool, int) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	c.h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", c.club), c.org, map[string]any{
		"title": "工厂开放日", "place": "海尔工业园", "starts_at": h.clock().Add(48 * time.Hour), "capacity": 10}).must(t, 201)
	club := h.api("GET", fmt.Sprintf("/api/v1/clubs/%d", c.club), "", nil).must(t, 200).JSON
	up, past := club["upcoming"].([]any), club["past"].([]any)
	if len(up) != 1 || up[0].(map[string]any)["title"] != "工厂开放日" {
		t.Fatalf("upcoming %v", up)
	}
	if len(past) == 0 || past[0].(map[string]any)["title"] != "旧活动 499" {
		t.Errorf("past does not start with the latest: %v", past[:min(2, len(past))])
	}
	page := h.browser().get(fmt.Sprintf("/clubs/%d", c.club)).must(t, 200).Body
	if !strings.Contains(page, "工厂开放日") {
		t.Errorf("the club page does not list the meetup coming up")
	}
}

// A club has at most people.MaxOpenMeetups meetups coming up at once; the
// next is refused (translated) until one of them is over.
func TestPeople27OpenMeetupsAreLimited(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	for i := 0; i < people.MaxOpenMeetups; i++ {
		c.post(h.clock().Add(time.Duration(2+i)*time.Hour), 5).must(t, 201)
	}
	r := c.post(h.clock().Add(30*24*time.Hour), 5)
	if r.Status != 409 || r.errCode() != "too_many_meetups" {
		t.Fatalf("meetup %d: %d %s", people.MaxOpenMeetups+1, r.Status, r.Body)
	}
	zh := c.zh(t, "POST", fmt.Sprintf("/api/v1/clubs/%d/events", c.club), c.org, map[string]any{
		"title": "见面会", "place": "海尔路", "starts_at": h.clock().Add(30 * 24 * time.Hour), "capacity": 5})
	if !strings.Contains(str(zh.JSON, "error", "message"), "活动") {
		t.Errorf("in Chinese: %s", zh.Body)
	}
	// The first is over (started, check-in closed): one more may be posted.
	h.advance(2*time.Hour + people.CheckInWindow + time.Minute)
	c.post(h.clock().Add(30*24*time.Hour), 5).must(t, 201)
}

// Throwaway accounts cannot take the places: an unconfirmed member's
// answer is refused (in their language), and once they confirm their
// email they answer.
func TestPeople27UnconfirmedCannotRSVP(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 1).must(t, 201).JSON, "id")
	rsvp := fmt.Sprintf("/api/v1/events/%d/rsvp", ev)
	tok, id := c.member(t, "throwaway@x.cn", false)
	if r := h.api("PUT", rsvp, tok, nil); r.Status != 403 || r.errCode() != "verification_required_rsvp" {
		t.Fatalf("an unconfirmed answer: %d %s", r.Status, r.Body)
	}
	if r := c.zh(t, "PUT", rsvp, tok, nil); !strings.Contains(str(r.JSON, "error", "message"), "验证") {
		t.Errorf("in Chinese: %s", r.Body)
	}
	if e := h.api("GET", fmt.Sprintf("/api/v1/events/%d", ev), "", nil).must(t, 200).JSON; num(e, "going") != 0 || num(e, "waitlisted") != 0 {
		t.Errorf("the refused answer took a place: %v", e)
	}
	c.confirm(t, id, true)
	if r := h.api("PUT", rsvp, tok, nil).must(t, 200); r.JSON["going"] != true {
		t.Errorf("confirmed: %s", r.Body)
	}
}
