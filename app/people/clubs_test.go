package people

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cocreate/app/domain"
)

var now = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

func TestClubInput(t *testing.T) {
	c := ClubInput{City: " 青岛 ", Name: " 青岛同城会 "}
	c.Normalize()
	if c.City != "青岛" || c.Name != "青岛同城会" || c.Validate() != nil {
		t.Errorf("club %+v: %v", c, c.Validate())
	}
	for in, field := range map[ClubInput]string{
		{City: "", Name: "x"}:                         "city",
		{City: "x", Name: ""}:                         "name",
		{City: strings.Repeat("城", 41), Name: "x"}:    "city",
		{City: "x", Name: strings.Repeat("会", 61)}:    "name",
		{City: "x\ny", Name: "x"}:                     "city",
		{City: strings.Repeat("城", 40), Name: "a\rb"}: "name",
	} {
		if e := domain.AsError(in.Validate()); e == nil || e.Field != field {
			t.Errorf("%+v: %v, want %s", in, e, field)
		}
	}
	if err := (ClubInput{City: strings.Repeat("城", 40), Name: strings.Repeat("会", 60)}).Validate(); err != nil {
		t.Errorf("limits: %v", err)
	}
}

func TestEventInput(t *testing.T) {
	ok := EventInput{Title: " 工厂开放日 ", Body: " 参观\r\n互联工厂 ", Place: " 海尔工业园 ", StartsAt: now.Add(time.Hour), Capacity: 20}
	ok.Normalize()
	if ok.Title != "工厂开放日" || ok.Body != "参观\n互联工厂" || ok.Place != "海尔工业园" {
		t.Errorf("normalized %+v", ok)
	}
	if err := ok.Validate(now); err != nil {
		t.Fatal(err)
	}
	mod := func(f func(*EventInput)) EventInput { e := ok; f(&e); return e }
	cases := []struct {
		in          EventInput
		field, code string
	}{
		{mod(func(e *EventInput) { e.Title = "" }), "title", "required"},
		{mod(func(e *EventInput) { e.Title = strings.Repeat("a", 121) }), "title", "too_long"},
		{mod(func(e *EventInput) { e.Body = strings.Repeat("a", 5001) }), "body", "too_long"},
		{mod(func(e *EventInput) { e.Place = "" }), "place", "required"},
		{mod(func(e *EventInput) { e.Place = "a\nb" }), "place", "control_character"},
		{mod(func(e *EventInput) { e.StartsAt = time.Time{} }), "starts_at", "required"},
		{mod(func(e *EventInput) { e.StartsAt = now }), "starts_at", "in_the_past"},
		{mod(func(e *EventInput) { e.Capacity = 0 }), "capacity", "required"},
		{mod(func(e *EventInput) { e.Capacity = -1 }), "capacity", "out_of_range"},
		{mod(func(e *EventInput) { e.Capacity = 10001 }), "capacity", "out_of_range"},
	}
	for _, c := range cases {
		if e := domain.AsError(c.in.Validate(now)); e == nil || e.Field != c.field || e.Code != c.code {
			t.Errorf("%+v: %v, want %s %s", c.in, e, c.field, c.code)
		}
	}
	for _, e := range []EventInput{
		mod(func(e *EventInput) { e.Capacity = 1; e.Body = strings.Repeat("a", 5000) }),
		mod(func(e *EventInput) { e.Capacity = 10000; e.StartsAt = now.Add(MinMeetupLead) }),
		mod(func(e *EventInput) { e.StartsAt = now.Add(MaxMeetupLead) }),
	} {
		if err := e.Validate(now); err != nil {
			t.Errorf("limits: %v", err)
		}
	}
}

func TestMayOrganise(t *testing.T) {
	fan := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan}}
	admin := &domain.User{ID: 2, Roles: []domain.Role{domain.RoleFan, domain.RoleAdmin}}
	if MayOrganise(nil, true) || MayOrganise(fan, false) || !MayOrganise(fan, true) || !MayOrganise(admin, false) {
		t.Error("MayOrganise")
	}
}

func TestCanRSVP(t *testing.T) {
	fan := &domain.User{ID: 1, Verified: true}
	start := now.Add(time.Hour)
	if code(CanRSVP(nil, true, start, now)) != "unauthorized" && domain.AsError(CanRSVP(nil, true, start, now)).Kind != domain.KindUnauthorized {
		t.Error("a visitor answers")
	}
	if code(CanRSVP(fan, false, start, now)) != "not_a_member" {
		t.Error("a non-member answers")
	}
	if code(CanRSVP(fan, true, now, now)) != "event_started" {
		t.Error("answers after the start")
	}
	if err := CanRSVP(fan, true, start, now); err != nil {
		t.Error(err)
	}
}

func TestWaitingList(t *testing.T) {
	if Waitlisted(2, 3) || !Waitlisted(3, 3) || !Waitlisted(4, 3) {
		t.Error("Waitlisted")
	}
	for _, c := range []struct{ going, capacity, waiting, want int }{
		{2, 3, 5, 1}, {3, 3, 5, 0}, {4, 3, 5, 0}, {0, 3, 2, 2}, {0, 3, 3, 3}, {1, 3, 0, 0},
	} {
		if got := Promotable(c.going, c.capacity, c.waiting); got != c.want {
			t.Errorf("Promotable(%d, %d, %d) = %d, want %d", c.going, c.capacity, c.waiting, got, c.want)
		}
	}
}

func TestCanCheckIn(t *testing.T) {
	start := now
	cases := []struct {
		org, self       bool
		a               Answer
		checkedIn, capa int
		at              time.Time
		code            string
	}{
		{false, false, Going, 0, 5, start.Add(time.Minute), "not_an_organiser"},
		{false, true, Going, 0, 5, start.Add(time.Minute), "not_an_organiser"},
		{true, true, Going, 0, 5, start.Add(time.Minute), "own_check_in"},
		{true, false, Going, 0, 5, start.Add(-time.Second), "event_not_started"},
		{true, false, Going, 0, 5, start, ""},
		{true, false, Going, 5, 5, start, ""}, // booked: their place, however many came
		{true, false, Going, 0, 5, start.Add(CheckInWindow), ""},
		{true, false, Going, 0, 5, start.Add(CheckInWindow + time.Second), "event_over"},
		// The waiting list: not before the start, then while places are left.
		{true, false, OnWaitlist, 0, 5, start.Add(-time.Second), "waitlisted"},
		{true, false, OnWaitlist, 0, 5, start, ""},
		{true, false, OnWaitlist, 4, 5, start.Add(time.Hour), ""},
		{true, false, OnWaitlist, 5, 5, start.Add(time.Hour), "no_place_left"},
		{true, false, OnWaitlist, 6, 5, start.Add(time.Hour), "no_place_left"},
		{true, false, OnWaitlist, 0, 5, start.Add(CheckInWindow + time.Second), "event_over"},
		{true, true, OnWaitlist, 0, 5, start, "own_check_in"},
		{true, false, NoAnswer, 0, 5, start, "no_rsvp"},
	}
	for _, c := range cases {
		err := CanCheckIn(c.org, c.self, c.a, c.checkedIn, c.capa, start, c.at)
		if code(err) != c.code {
			t.Errorf("%+v: %v, want %q", c, err, c.code)
		}
	}
	if e := domain.AsError(CanCheckIn(false, false, Going, 0, 5, start, start)); e.Kind != domain.KindForbidden {
		t.Error("a non-organiser is not forbidden")
	}
	if e := domain.AsError(CanCheckIn(true, false, NoAnswer, 0, 5, start, start)); e.Kind != domain.KindInvalid || e.Field != "user_id" {
		t.Errorf("no rsvp: %+v", e)
	}
	if e := domain.AsError(CanCheckIn(true, false, Going, 0, 5, start, start.Add(-time.Hour))); e.Kind != domain.KindConflict {
		t.Errorf("early: %+v", e)
	}
	if e := domain.AsError(CanCheckIn(true, false, OnWaitlist, 0, 5, start, start.Add(-time.Hour))); e.Kind != domain.KindInvalid || e.Field != "user_id" {
		t.Errorf("waitlisted, early: %+v", e)
	}
	if e := domain.AsError(CanCheckIn(true, false, OnWaitlist, 5, 5, start, start)); e.Kind != domain.KindConflict || e.Field != "user_id" {
		t.Errorf("no place left: %+v", e)
	}
}

func TestCanLeave(t *testing.T) {
	cases := []struct {
		organiser    bool
		others, open int
		code         string
	}{
		{false, 0, 0, ""},
		{false, 0, 3, ""}, // a member: their answers go, the club carries on
		{true, 0, 0, ""},  // the last organiser, nothing open: the role ends with the warning
		{true, 1, 3, ""},  // another organiser runs the meetups
		{true, 0, 1, "last_organiser"},
		{true, 0, 3, "last_organiser"},
		{true, -1, 1, "last_organiser"},
	}
	for _, c := range cases {
		if got := code(CanLeave(c.organiser, c.others, c.open)); got != c.code {
			t.Errorf("CanLeave(%v, %d, %d) = %q, want %q", c.organiser, c.others, c.open, got, c.code)
		}
	}
	if e := domain.AsError(CanLeave(true, 0, 1)); e.Kind != domain.KindConflict {
		t.Errorf("last organiser: %+v", e)
	}
}

func TestICal(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	m := Meetup{ID: 7, Title: "洗衣机; 工厂, 开放日", Body: "第一行\n第二行 \\ 结束", Place: "青岛, 海尔路1号",
		StartsAt: time.Date(2026, 12, 5, 14, 0, 0, 0, sh), URL: "https://x.cn/events/7"}
	got := ICal(m, "x.cn", time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "UID:event-7@x.cn\r\n", "DTSTAMP:20261130T080000Z\r\n",
		"DTSTART:20261205T060000Z\r\n", "DTEND:20261205T080000Z\r\n", `SUMMARY:洗衣机\; 工厂\, 开放日` + "\r\n",
		`DESCRIPTION:第一行\n第二行 \\ 结束` + "\r\n", `LOCATION:青岛\, 海尔路1号` + "\r\n", "URL:https://x.cn/events/7\r\n",
		"END:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(strings.ReplaceAll(got, "\r\n", ""), "\n") {
		t.Error("a bare newline")
	}
	noBody := ICal(Meetup{ID: 1, Title: "t", Place: "p", StartsAt: now}, "h", now)
	if strings.Contains(noBody, "DESCRIPTION") || strings.Contains(noBody, "URL:") {
		t.Error("empty fields written")
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{`a\b`: `a\\b`, "a;b,c": `a\;b\,c`, "a\r\nb": `a\nb`, "a\rb": `a\nb`, "plain": "plain"} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	short := strings.Repeat("a", 75)
	if got := fold(short); got != short+"\r\n" {
		t.Errorf("75 octets folded: %q", got)
	}
	long := "SUMMARY:" + strings.Repeat("洗", 60) // 8 + 180 octets
	got := fold(long)
	lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
	if len(lines) < 3 {
		t.Fatalf("not folded: %q", got)
	}
	joined := lines[0]
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets", i, len(l))
		}
		if i > 0 {
			if l[0] != ' ' {
				t.Errorf("continuation %d without a space", i)
			}
			joined += l[1:]
		}
		if !strings.HasPrefix(l, "SUMMARY") && !strings.HasPrefix(l, " ") {
			t.Errorf("line %d: %q", i, l)
		}
	}
	if joined != long {
		t.Error("folding lost or split characters")
	}
	for i, l := range lines {
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
	}
	// Bytes that are not UTF-8 are still folded, and the folding ends.
	junk := fold(strings.Repeat("\x80", 100))
	for _, l := range strings.Split(strings.TrimSuffix(junk, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("a line of %d octets", len(l))
		}
	}
	if len(lines[0]) != 74 && len(lines[0]) != 75 && len(lines[0]) != 73 {
		t.Errorf("first line %d octets", len(lines[0]))
	}
	ascii := fold(strings.Repeat("b", 200))
	parts := strings.Split(strings.TrimSuffix(ascii, "\r\n"), "\r\n")
	if len(parts[0]) != 75 || len(parts[1]) != 75 || len(parts[2]) != 52 {
		t.Errorf("ascii fold lengths %d %d %d", len(parts[0]), len(parts[1]), len(parts[2]))
	}
}
