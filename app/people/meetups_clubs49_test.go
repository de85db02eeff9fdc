package people

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

func TestClubs49EventPatchApply(t *testing.T) {
	was := EventInput{Title: "开放日", Body: "参观", Place: "工业园", StartsAt: now.Add(48 * time.Hour), Capacity: 20}
	if got := (EventPatch{}).Apply(was); got != was {
		t.Errorf("an empty patch changed %+v into %+v", was, got)
	}
	title, body, place, starts, capacity := "新标题", "", "海尔路", now.Add(72*time.Hour), 30
	cases := []struct {
		p    EventPatch
		want func(*EventInput)
	}{
		{EventPatch{Title: &title}, func(e *EventInput) { e.Title = title }},
		{EventPatch{Body: &body}, func(e *EventInput) { e.Body = body }},
		{EventPatch{Place: &place}, func(e *EventInput) { e.Place = place }},
		{EventPatch{StartsAt: &starts}, func(e *EventInput) { e.StartsAt = starts }},
		{EventPatch{Capacity: &capacity}, func(e *EventInput) { e.Capacity = capacity }},
	}
	for _, c := range cases {
		want := was
		c.want(&want)
		if got := c.p.Apply(was); got != want {
			t.Errorf("%+v: %+v, want %+v", c.p, got, want)
		}
	}
}

func TestClubs49ValidateEdit(t *testing.T) {
	was := now.Add(40 * time.Minute) // closer than a new meetup may start
	ok := EventInput{Title: "开放日", Place: "工业园", StartsAt: was, Capacity: 5}
	if err := ok.ValidateEdit(was, 5, now); err != nil {
		t.Errorf("a meetup 40 minutes away, its time kept, capacity at the people going: %v", err)
	}
	mod := func(f func(*EventInput)) EventInput { e := ok; f(&e); return e }
	cases := []struct {
		in          EventInput
		going       int
		field, code string
	}{
		{mod(func(e *EventInput) { e.Title = "" }), 0, "title", "required"},
		{mod(func(e *EventInput) { e.StartsAt = now.Add(50 * time.Minute) }), 0, "starts_at", "starts_too_soon"},
		{mod(func(e *EventInput) { e.StartsAt = now.Add(-time.Minute) }), 0, "starts_at", "in_the_past"},
		{mod(func(e *EventInput) { e.StartsAt = now.Add(MaxMeetupLead + time.Minute) }), 0, "starts_at", "starts_too_late"},
		{mod(func(e *EventInput) { e.StartsAt = time.Time{} }), 0, "starts_at", "required"},
		{mod(func(e *EventInput) { e.Capacity = 0 }), 0, "capacity", "required"},
		{mod(func(e *EventInput) { e.Capacity = 10001 }), 0, "capacity", "out_of_range"},
		{ok, 6, "capacity", "capacity_below_going"},
	}
	for _, c := range cases {
		e := domain.AsError(c.in.ValidateEdit(was, c.going, now))
		if e == nil || e.Field != c.field || e.Code != c.code {
			t.Errorf("%+v (going %d): %v, want %s %s", c.in, c.going, e, c.field, c.code)
		}
	}
	if e := domain.AsError(ok.ValidateEdit(was, 6, now)); e == nil || e.Kind != domain.KindInvalid || !slices.Equal(e.Args, []any{6}) {
		t.Errorf("below going: %+v, want the number going as its argument", e)
	}
	moved := mod(func(e *EventInput) { e.StartsAt = now.Add(2 * time.Hour) })
	if err := moved.ValidateEdit(was, 0, now); err != nil {
		t.Errorf("a move two hours on: %v", err)
	}
	// A new meetup keeps the lead rule (Validate: newTime always).
	if e := domain.AsError(ok.Validate(now)); e == nil || e.Code != "starts_too_soon" {
		t.Errorf("Validate of a meetup 40 minutes away: %v", e)
	}
}

func TestClubs49CanChangeMeetup(t *testing.T) {
	start := now.Add(time.Hour)
	cases := []struct {
		org, cancelled bool
		at             time.Time
		code           string
		kind           domain.ErrKind
	}{
		{false, false, now, "not_an_organiser", domain.KindForbidden},
		{false, true, start, "not_an_organiser", domain.KindForbidden},
		{true, true, now, "meetup_cancelled", domain.KindConflict},
		{true, false, start, "event_started", domain.KindConflict},
		{true, false, start.Add(time.Minute), "event_started", domain.KindConflict},
		{true, false, start.Add(-time.Second), "", 0},
		{true, false, now, "", 0},
	}
	for _, c := range cases {
		e := domain.AsError(CanChangeMeetup(c.org, c.cancelled, start, c.at))
		switch {
		case c.code == "" && e != nil:
			t.Errorf("%+v: refused %v", c, e)
		case c.code != "" && (e == nil || e.Code != c.code || e.Kind != c.kind):
			t.Errorf("%+v: %v, want %s", c, e, c.code)
		}
	}
}

func TestClubs49MeetupOpen(t *testing.T) {
	if err := MeetupOpen(false); err != nil {
		t.Errorf("a standing meetup: %v", err)
	}
	if e := domain.AsError(MeetupOpen(true)); e == nil || e.Code != "meetup_cancelled" || e.Kind != domain.KindConflict {
		t.Errorf("a cancelled meetup: %v", e)
	}
}

func TestClubs49CancelReason(t *testing.T) {
	if got := NormalizeReason("  下雨\r\n改期  "); got != "下雨\n改期" {
		t.Errorf("normalized %q", got)
	}
	for reason, code := range map[string]string{
		"":                                     "required",
		"   ":                                  "required",
		strings.Repeat("雨", MaxCancelReason+1): "too_long",
		"\x01":                                 "control_character",
		strings.Repeat("雨", MaxCancelReason):   "",
		"场地临时关闭":                               "",
	} {
		e := domain.AsError(ValidCancelReason(reason))
		if code == "" && e != nil || code != "" && (e == nil || e.Code != code || e.Field != "reason") {
			t.Errorf("%.20q: %v, want %q", reason, e, code)
		}
	}
}

func TestClubs49MeetupMoved(t *testing.T) {
	was := EventInput{Title: "开放日", Body: "参观", Place: "工业园", StartsAt: now.Add(48 * time.Hour), Capacity: 20}
	cases := []struct {
		change func(*EventInput)
		moved  bool
	}{
		{func(e *EventInput) {}, false},
		{func(e *EventInput) { e.Body = "新说明" }, false},
		{func(e *EventInput) { e.Capacity = 40 }, false},
		{func(e *EventInput) { e.StartsAt = e.StartsAt.In(time.FixedZone("CST", 8*3600)) }, false}, // one instant, another zone
		{func(e *EventInput) { e.Title = "新标题" }, true},
		{func(e *EventInput) { e.Place = "海尔路" }, true},
		{func(e *EventInput) { e.StartsAt = e.StartsAt.Add(time.Hour) }, true},
	}
	for i, c := range cases {
		now := was
		c.change(&now)
		if got := MeetupMoved(was, now); got != c.moved {
			t.Errorf("case %d: moved %v, want %v", i, got, c.moved)
		}
	}
}

func TestClubs49MeetupNotices(t *testing.T) {
	got := ChangedNotices(7, "开放日", []int64{3, 0, 4, 3, 9, 4}, 9)
	if len(got) != 2 || got[0].To != 3 || got[1].To != 4 {
		t.Fatalf("changed: %+v, want 3 and 4 once each, not the actor 9 nor 0", got)
	}
	for _, o := range got {
		if o.Kind != NoticeMeetupChanged || o.URL != "/events/7" || !slices.Equal(o.Args, []string{"开放日"}) {
			t.Errorf("changed: %+v", o)
		}
	}
	got = CancelledNotices(7, "开放日", "下雨", []int64{5, 5, 6}, 0)
	if len(got) != 2 || got[0].To != 5 || got[1].To != 6 {
		t.Fatalf("cancelled: %+v, want 5 and 6 once each", got)
	}
	for _, o := range got {
		if o.Kind != NoticeMeetupCancelled || o.URL != "/events/7" || !slices.Equal(o.Args, []string{"开放日", "下雨"}) {
			t.Errorf("cancelled: %+v", o)
		}
	}
	if got := CancelledNotices(7, "开放日", "下雨", []int64{8}, 8); len(got) != 0 {
		t.Errorf("the actor alone answered: %+v", got)
	}
	if got := PromotedNotices(7, "开放日", []int64{2, 2, 0}); len(got) != 1 || got[0].To != 2 || got[0].Kind != NoticePromoted {
		t.Errorf("promoted: %+v", got)
	}
}

func TestClubs49ICalCancelled(t *testing.T) {
	m := Meetup{ID: 1, Title: "开放日", Place: "工业园", StartsAt: now}
	standing := ICal(m, "x", now)
	if strings.Contains(standing, "STATUS:") || !strings.Contains(standing, "SEQUENCE:0\r\n") {
		t.Errorf("a standing meetup has a status, or not the first sequence:\n%s", standing)
	}
	m.Cancelled, m.Revision = true, 2
	// Calendars take an update only at a higher SEQUENCE.
	if got := ICal(m, "x", now); !strings.Contains(got, "STATUS:CANCELLED\r\n") || !strings.Contains(got, "SEQUENCE:2\r\n") {
		t.Errorf("a cancelled meetup's calendar does not say so at a higher sequence:\n%s", got)
	}
}
