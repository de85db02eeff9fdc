package domain

import (
	"testing"
	"time"
)

func TestInstantInRange(t *testing.T) {
	hawaii := time.FixedZone("HST", -10*3600)
	for _, tc := range []struct {
		name string
		t    time.Time
		ok   bool
	}{
		{"the first instant", Earliest, true},
		{"the last instant", Latest, true},
		{"a day in 2026", time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), true},
		{"a second before 1970", Earliest.Add(-time.Second), false},
		{"a second past 9999", Latest.Add(time.Second), false},
		{"9999 in Hawaii is 10000 in UTC", time.Date(9999, 12, 31, 23, 0, 0, 0, hawaii), false},
		{"the zero time", time.Time{}, false},
	} {
		err := InstantInRange("due_at", tc.t)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if e := AsError(err); err != nil && (e.Field != "due_at" || e.Code != "time_out_of_range") {
			t.Errorf("%s: %+v", tc.name, e)
		}
	}
}
