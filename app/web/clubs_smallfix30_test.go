package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/people"
)

// A meetup of one place, started: the one booked did not come and the one
// waiting was let in at the door. Its count, on its page and on the club
// page, reads the place taken (1 / 1) and the one let in apart, never
// "2 / 1".
func TestSmallfix30CountAfterTheWaitingListIsLetIn(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 1).must(t, 201).JSON, "id")
	path := fmt.Sprintf("/api/v1/events/%d", ev)
	booked, _ := c.member(t, "booked@x.cn", true)
	waiting, waitingID := c.member(t, "waiting@x.cn", true)
	for _, tok := range []string{booked, waiting} {
		h.api("PUT", path+"/rsvp", tok, nil).must(t, 200)
	}
	b := clubfix29Browser(h, "org@x.cn")
	pages := []string{fmt.Sprintf("/events/%d", ev), fmt.Sprintf("/clubs/%d", c.club)}
	for _, p := range pages {
		page := b.zhPage(p)
		clubfix29Has(t, p+" before the start", page, "event.spaces", 1, 1)
		if strings.Contains(page, `class="let-in"`) {
			t.Errorf("%s before anyone is let in says someone was", p)
		}
	}
	h.advance(150 * time.Minute)
	h.api("POST", path+"/checkins", c.org, map[string]any{"user_id": waitingID}).must(t, 201)
	for _, p := range pages {
		for _, lang := range []string{"zh", "en"} {
			page := b.get(p, "Accept-Language", map[string]string{"zh": "zh-CN", "en": "en"}[lang]).Body
			if over := html.EscapeString(jT(lang, "event.spaces", 2, 1)); strings.Contains(page, over) {
				t.Errorf("%s (%s) reads %q: more places taken than the meetup has", p, lang, over)
			}
			for _, want := range []string{jT(lang, "event.spaces", 1, 1), jT(lang, "smallfix30.let_in", 1)} {
				if !strings.Contains(page, html.EscapeString(want)) {
					t.Errorf("%s (%s) does not say %q", p, lang, want)
				}
			}
		}
	}
}

// Cancelling a place on a full meetup's waiting list asks first, the way
// cancelling a confirmed place does: the button leads to the step, a
// cancel posted without confirm=1 lands on it and leaves the answer, the
// step says what is lost, and confirming cancels.
func TestSmallfix30CancellingFromTheWaitingListAsksFirst(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	full := num(c.post(h.clock().Add(48*time.Hour), 1).must(t, 201).JSON, "id")
	going, _ := c.member(t, "going@x.cn", true)
	waiting, waitingID := c.member(t, "waiting@x.cn", true)
	for _, tok := range []string{going, waiting} {
		h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", full), tok, nil).must(t, 200)
	}
	answer := func() people.Answer {
		a, err := h.store.Answer(t.Context(), int64(full), int64(waitingID))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if answer() != people.OnWaitlist {
		t.Fatal("the second answer to a meetup of one place is not on the waiting list")
	}
	b := clubfix29Browser(h, "waiting@x.cn")
	ev := fmt.Sprintf("/events/%d", full)

	page := b.zhPage(ev)
	if !strings.Contains(page, `id="rsvp-cancel" href="`+ev+`?cancel=1#cancel-confirm"`) || strings.Contains(page, `id="cancel-confirm"`) {
		t.Errorf("the waiting list's cancel is not a step: %.3000s", page)
	}
	r := b.post(ev, ev+"/rsvp", url.Values{"going": {"0"}})
	if r.Status != 303 || r.Header.Get("Location") != ev+"?cancel=1#cancel-confirm" {
		t.Fatalf("a cancel without confirm: %d %q", r.Status, r.Header.Get("Location"))
	}
	if a := answer(); a != people.OnWaitlist {
		t.Fatalf("one tap took the place on the waiting list: %v", a)
	}
	page = b.zhPage(ev + "?cancel=1")
	if !strings.Contains(page, `id="cancel-confirm"`) || !strings.Contains(page, `id="cancel-yes"`) || !strings.Contains(page, `id="cancel-no"`) {
		t.Errorf("the step is not shown: %.3000s", page)
	}
	clubfix29Has(t, "warning", page, "smallfix30.cancel_waitlist_warning")
	clubfix29Has(t, "yes", page, "smallfix30.cancel_waitlist_yes")
	clubfix29Has(t, "no", page, "smallfix30.cancel_waitlist_no")
	if strings.Contains(page, html.EscapeString(jT("zh", "clubfix29.cancel_full_warning"))) {
		t.Error("the waiting list's step speaks of giving a place away")
	}
	r = b.post(ev, ev+"/rsvp", url.Values{"going": {"0"}, "confirm": {"1"}})
	if r.Status != 303 || r.Header.Get("Location") != ev {
		t.Fatalf("a confirmed cancel: %d %q", r.Status, r.Header.Get("Location"))
	}
	if a := answer(); a != people.NoAnswer {
		t.Errorf("after confirming, the answer is %v", a)
	}
	// The API, a deliberate call, still cancels at once (no step).
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", full), waiting, nil).must(t, 200)
	h.api("DELETE", fmt.Sprintf("/api/v1/events/%d/rsvp", full), waiting, nil).must(t, 200)
	if a := answer(); a != people.NoAnswer {
		t.Errorf("the API's cancel left %v", a)
	}
}
