package people

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

// A meetup starts between an hour and a year from now, and the refusal
// names starts_at: one starting in seconds is how an organiser mints
// points for a friend, one in year 9999 sits atop "upcoming" for ever.
func TestEventInputStartWindow(t *testing.T) {
	base := EventInput{Title: "开放日", Place: "工业园", Capacity: 1}
	for _, c := range []struct {
		name   string
		starts time.Time
		code   string
	}{
		{"in four seconds", now.Add(4 * time.Second), "starts_too_soon"},
		{"in 59 minutes", now.Add(59 * time.Minute), "starts_too_soon"},
		{"in an hour", now.Add(time.Hour), ""},
		{"in a month", now.AddDate(0, 1, 0), ""},
		{"in a year", now.Add(MaxMeetupLead), ""},
		{"a year and a minute", now.Add(MaxMeetupLead + time.Minute), "starts_too_late"},
		{"year 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "starts_too_late"},
		{"a minute ago", now.Add(-time.Minute), "in_the_past"},
	} {
		e := base
		e.StartsAt = c.starts
		err := domain.AsError(e.Validate(now))
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (err == nil || err.Code != c.code || err.Field != "starts_at"):
			t.Errorf("%s: %v, want starts_at %s", c.name, err, c.code)
		}
	}
}

// Meetup points go to confirmed accounts only, and at most once a day per
// club.
func TestMeetupPoints(t *testing.T) {
	full := Points(MeetupAttended)
	for _, c := range []struct {
		name       string
		verified   bool
		lastEarned time.Time
		want       int
	}{
		{"confirmed, first in the club", true, time.Time{}, full},
		{"unconfirmed, first in the club", false, time.Time{}, 0},
		{"unconfirmed, long after", false, now.Add(-30 * 24 * time.Hour), 0},
		{"confirmed, an hour after the last", true, now.Add(-time.Hour), 0},
		{"confirmed, 23h59 after the last", true, now.Add(-MeetupGap + time.Minute), 0},
		{"confirmed, a day after the last", true, now.Add(-MeetupGap), full},
		{"confirmed, a week after the last", true, now.Add(-7 * 24 * time.Hour), full},
	} {
		if got := MeetupPoints(c.verified, c.lastEarned, now); got != c.want {
			t.Errorf("%s: %d points, want %d", c.name, got, c.want)
		}
	}
}

// A club has at most MaxOpenMeetups meetups to come; those still listed
// as upcoming (until check-in closes) count.
func TestCanOpenMeetup(t *testing.T) {
	for _, c := range []struct {
		open int
		code string
	}{{0, ""}, {MaxOpenMeetups - 1, ""}, {MaxOpenMeetups, "too_many_meetups"}, {MaxOpenMeetups + 7, "too_many_meetups"}} {
		e := domain.AsError(CanOpenMeetup(c.open))
		if (c.code == "") != (e == nil) || e != nil && (e.Code != c.code || e.Kind != domain.KindConflict) {
			t.Errorf("%d open: %v, want %q", c.open, e, c.code)
		}
	}
	if got := UpcomingSince(now); !got.Equal(now.Add(-CheckInWindow)) {
		t.Errorf("UpcomingSince %v", got)
	}
}

// An account that has not confirmed its email answers no meetup: throwaway
// accounts would take every place.
func TestCanRSVPAsksForAConfirmedAccount(t *testing.T) {
	start := now.Add(time.Hour)
	for _, c := range []struct {
		name   string
		u      *domain.User
		member bool
		at     time.Time
		code   string
	}{
		{"confirmed member", &domain.User{ID: 1, Verified: true}, true, now, ""},
		{"unconfirmed member", &domain.User{ID: 1}, true, now, "verification_required_rsvp"},
		{"unconfirmed admin member", &domain.User{ID: 1, Roles: []domain.Role{domain.RoleAdmin}}, true, now, "verification_required_rsvp"},
		{"unconfirmed, not a member", &domain.User{ID: 1}, false, now, "not_a_member"},
		{"unconfirmed, after the start", &domain.User{ID: 1}, true, start, "event_started"},
	} {
		e := domain.AsError(CanRSVP(c.u, c.member, start, c.at))
		if (c.code == "") != (e == nil) || e != nil && e.Code != c.code {
			t.Errorf("%s: %v, want %q", c.name, e, c.code)
		}
		if e != nil && c.code == "verification_required_rsvp" && e.Kind != domain.KindForbidden {
			t.Errorf("%s: kind %v", c.name, e.Kind)
		}
	}
}

// A suspended person's profile is for moderators and admins only.
func TestMaySeeProfile(t *testing.T) {
	fan := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleFan}}
	engineer := &domain.User{ID: 2, Roles: []domain.Role{domain.RoleEngineer}}
	moderator := &domain.User{ID: 3, Roles: []domain.Role{domain.RoleModerator}}
	admin := &domain.User{ID: 4, Roles: []domain.Role{domain.RoleAdmin}}
	for _, c := range []struct {
		name      string
		viewer    *domain.User
		suspended bool
		want      bool
	}{
		{"a visitor, an active person", nil, false, true},
		{"a fan, an active person", fan, false, true},
		{"a visitor, a suspended person", nil, true, false},
		{"a fan, a suspended person", fan, true, false},
		{"an engineer, a suspended person", engineer, true, false},
		{"a moderator, a suspended person", moderator, true, true},
		{"an admin, a suspended person", admin, true, true},
	} {
		if got := MaySeeProfile(c.viewer, c.suspended); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// The people moved up from a waiting list are each told once, with a link
// to the meetup.
func TestPromotedNotices(t *testing.T) {
	for _, c := range []struct {
		name     string
		promoted []int64
		want     []int64
	}{
		{"nobody", nil, nil},
		{"one", []int64{7}, []int64{7}},
		{"two, in order", []int64{7, 3}, []int64{7, 3}},
		{"twice and a zero", []int64{7, 0, 7}, []int64{7}},
	} {
		got := PromotedNotices(12, "开放日", c.promoted)
		if len(got) != len(c.want) {
			t.Errorf("%s: %v", c.name, got)
			continue
		}
		for i, o := range got {
			if o.To != c.want[i] || o.Kind != NoticePromoted || o.URL != "/events/12" || len(o.Args) != 1 || o.Args[0] != "开放日" {
				t.Errorf("%s: %+v", c.name, o)
			}
		}
	}
}

// One club per city, however the city is cased or its letters wide.
func TestCityKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Qingdao", "qingdao", true},
		{"Qingdao", "QINGDAO", true},
		{"Qingdao", "ＱＩＮＧＤＡＯ", true},
		{"Qingdao", "  Qingdao  ", true},
		{"New York", "new  york", true},
		{"New York", "New\u3000York", true},
		{"Straße", "STRASSE", true},
		{"青岛", "青岛", true},
		{"青岛", " 青岛\u3000", true},
		{"Qingdao", "青岛", false},
		{"Qingdao", "Qingdao2", false},
		{"Jinan", "Jining", false},
		// The suffix a city is written with is left off.
		{"上海", "上海市", true},
		{"上海", "上海 市", true},
		{"青岛市", "青岛", true},
		{"乌鲁木齐市", "乌鲁木齐", true},
		{"香港", "香港特别行政区", true},
		{"香港市", "香港特别行政区", true},
		{"沙市", "沙", false}, // one character would be left: a name
		{"沙市", "沙市", true},
		{"上海", "上海市区", false},
		{"市", "市", true},
	} {
		if got := CityKey(c.a) == CityKey(c.b); got != c.same {
			t.Errorf("%q, %q: keys %q and %q; same %v, want %v", c.a, c.b, CityKey(c.a), CityKey(c.b), got, c.same)
		}
	}
}
