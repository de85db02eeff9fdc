package web

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// A meetup sent from the club page with fields left empty is refused for
// the first of them in the form's order, the title before the capacity,
// and a capacity left empty is said to be needed, not out of range, and
// comes back empty, not as the 20 a new meetup is offered.
func TestAnEmptyMeetupNamesItsFirstEmptyField(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	b := clubfix29Browser(h, "org@x.cn")
	club := fmt.Sprintf("/clubs/%d", c.club)
	invalid := regexp.MustCompile(`name="([a-z_]+)"[^>]*aria-invalid="true"`)
	capacity := regexp.MustCompile(`name="capacity"[^>]*value="([^"]*)"`)
	errText := func(body, field string) string {
		m := regexp.MustCompile(`id="err-` + field + `"[^>]*>([^<]*)<`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	starts := h.clock().UTC().Add(48 * time.Hour).Format("2006-01-02T15:04")
	for _, s := range []struct {
		form         url.Values
		field, words string
	}{
		{url.Values{"title": {""}, "place": {""}, "starts_at": {""}, "capacity": {""}}, "title", jT("en", "error.required")},
		{url.Values{"title": {"拆机沙龙"}, "place": {"海尔路"}, "starts_at": {starts}, "capacity": {""}}, "capacity", jT("en", "error.required")},
		{url.Values{"title": {"拆机沙龙"}, "place": {"海尔路"}, "starts_at": {starts}, "capacity": {"0"}}, "capacity", jT("en", "error.required")},
		{url.Values{"title": {"拆机沙龙"}, "place": {"海尔路"}, "starts_at": {starts}, "capacity": {"10001"}}, "capacity", jT("en", "error.out_of_range")},
	} {
		body := b.post(club, club+"/events", s.form).must(t, 400).Body
		m := invalid.FindAllStringSubmatch(body, -1)
		if len(m) != 1 || m[0][1] != s.field {
			t.Errorf("%v: the fields marked are %v, want %s alone", s.form, m, s.field)
			continue
		}
		if got := errText(body, s.field); got != s.words {
			t.Errorf("%v: %s says %q, want %q", s.form, s.field, got, s.words)
		}
		if typed := capacity.FindStringSubmatch(body); typed == nil || typed[1] != s.form.Get("capacity") {
			t.Errorf("%v: the capacity comes back as %q, not as typed", s.form, typed)
		}
	}
	if events, err := h.store.UpcomingEvents(t.Context(), int64(c.club), h.clock(), 10); err != nil || len(events) != 0 {
		t.Errorf("the refused forms published meetups: %v %v", events, err)
	}
}
