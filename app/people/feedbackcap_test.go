package people

import (
	"testing"
	"time"
)

func TestFeedbackPoints(t *testing.T) {
	full := Points(FeedbackAccepted)
	cases := []struct {
		earned, want int
	}{
		{0, full},
		{1, full},
		{FeedbackCap - 1, full},
		{FeedbackCap, 0},
		{FeedbackCap + 1, 0},
		{100, 0},
	}
	for _, c := range cases {
		if got := FeedbackPoints(c.earned); got != c.want {
			t.Errorf("FeedbackPoints(%d) = %d, want %d", c.earned, got, c.want)
		}
	}
	if FeedbackCap != 5 || full != 5 {
		t.Errorf("the cap is %d reports of %d points: the README, the migration (080) and the profile's help say 5 of 5", FeedbackCap, full)
	}
}

func TestPricedFeedback(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	f := func(user, project, ref int64, m, earned int) Addressed {
		return Addressed{Event: Event{UserID: user, Ref: ref, ChallengeID: 7, At: at(m)}, ProjectID: project, Earned: earned}
	}
	full := Points(FeedbackAccepted)
	cases := []struct {
		name  string
		facts []Addressed
		want  map[int64]int // ref → points
	}{
		{"none", nil, map[int64]int{}},
		{"under the cap", []Addressed{f(1, 1, 1, 0, 0), f(1, 1, 2, 1, 0)}, map[int64]int{1: full, 2: full}},
		{"past the cap in one batch, oldest first", []Addressed{
			f(1, 1, 16, 6, 0), f(1, 1, 11, 1, 0), f(1, 1, 12, 2, 0), f(1, 1, 13, 3, 0), f(1, 1, 14, 4, 0), f(1, 1, 15, 5, 0),
		}, map[int64]int{11: full, 12: full, 13: full, 14: full, 15: full, 16: 0}},
		{"same time: the smaller ref first", []Addressed{f(1, 1, 9, 0, FeedbackCap-1), f(1, 1, 8, 0, FeedbackCap-1)},
			map[int64]int{8: full, 9: 0}},
		{"recorded earlier count", []Addressed{f(1, 1, 1, 0, FeedbackCap-1), f(1, 1, 2, 1, FeedbackCap-1)}, map[int64]int{1: full, 2: 0}},
		{"the cap reached already", []Addressed{f(1, 1, 1, 0, FeedbackCap)}, map[int64]int{1: 0}},
		{"another project counts apart", []Addressed{f(1, 1, 1, 0, FeedbackCap), f(1, 2, 2, 1, 0)}, map[int64]int{1: 0, 2: full}},
		{"another tester counts apart", []Addressed{f(1, 1, 1, 0, FeedbackCap), f(2, 1, 2, 1, 0)}, map[int64]int{1: 0, 2: full}},
		// A report worth nothing is not counted as earned: the next one
		// (read, artificially, with room left) still earns.
		{"a worthless report takes no room", []Addressed{f(1, 1, 1, 0, FeedbackCap), f(1, 1, 2, 1, FeedbackCap-1)},
			map[int64]int{1: 0, 2: full}},
	}
	for _, c := range cases {
		in := append([]Addressed(nil), c.facts...)
		got := PricedFeedback(c.facts)
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d events, want %d", c.name, len(got), len(c.want))
		}
		for i, e := range got {
			if e.Kind != FeedbackAccepted || e.ChallengeID != 7 {
				t.Errorf("%s: event %+v", c.name, e)
			}
			if i > 0 && (e.At.Before(got[i-1].At) || e.At.Equal(got[i-1].At) && e.Ref < got[i-1].Ref) {
				t.Errorf("%s: not oldest first: %+v after %+v", c.name, e, got[i-1])
			}
			if w, ok := c.want[e.Ref]; !ok || e.Points != w {
				t.Errorf("%s: report %d: %d points, want %d", c.name, e.Ref, e.Points, w)
			}
		}
		for i := range in {
			if in[i] != c.facts[i] {
				t.Errorf("%s: the facts given were changed", c.name)
			}
		}
	}
}

func TestEarning(t *testing.T) {
	events := []Event{{Ref: 1, Points: 5}, {Ref: 2, Points: 0}, {Ref: 3, Points: 4}, {Ref: 4, Points: -1}}
	got := Earning(events)
	if len(got) != 2 || got[0].Ref != 1 || got[1].Ref != 3 {
		t.Errorf("Earning = %+v, want refs 1 and 3 in order", got)
	}
	if got := Earning(nil); got == nil || len(got) != 0 {
		t.Errorf("Earning(nil) = %#v, want empty", got)
	}
}
