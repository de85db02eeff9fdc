package domain

import (
	"testing"
	"time"
)

func TestSummariseReplies(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	answered := func(h int) ReplyWait {
		r := t0.Add(time.Duration(h) * time.Hour)
		return ReplyWait{PostedAt: t0, RepliedAt: &r}
	}
	waiting := func(posted time.Duration) ReplyWait { return ReplyWait{PostedAt: t0.Add(posted)} }
	now := t0.Add(48 * time.Hour)
	for _, tc := range []struct {
		name              string
		waits             []ReplyWait
		median, p90, old  time.Duration
		answered, waiters int
	}{
		{"none", nil, 0, 0, 0, 0, 0},
		{"one", []ReplyWait{answered(3)}, 3 * time.Hour, 3 * time.Hour, 0, 1, 0},
		{"ten", []ReplyWait{answered(1), answered(2), answered(3), answered(4), answered(5), answered(6), answered(7), answered(8), answered(9), answered(100)},
			5 * time.Hour, 9 * time.Hour, 0, 10, 0},
		{"unanswered only", []ReplyWait{waiting(0), waiting(24 * time.Hour)}, 0, 0, 48 * time.Hour, 0, 2},
		{"mixed", []ReplyWait{answered(2), waiting(40 * time.Hour), answered(1)}, time.Hour, 2 * time.Hour, 8 * time.Hour, 2, 1},
	} {
		st := SummariseReplies(tc.waits, now)
		if st.Median != tc.median || st.P90 != tc.p90 || st.Oldest != tc.old || st.Answered != tc.answered || st.Unanswered != tc.waiters {
			t.Errorf("%s: %+v", tc.name, st)
		}
	}
}
