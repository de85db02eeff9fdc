package domain

import (
	"slices"
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

func TestOldestWaiting(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	answered := t0.Add(time.Hour)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	waits := []ReplyWait{
		{ID: 1, PostedAt: at(3)},
		{ID: 2, PostedAt: at(0), RepliedAt: &answered},
		{ID: 3, PostedAt: at(1)},
		{ID: 4, PostedAt: at(2)},
		{ID: 5, PostedAt: at(1)}, // the same moment as 3: posted order kept
	}
	for _, tc := range []struct {
		limit int
		want  []int64
	}{
		{10, []int64{3, 5, 4, 1}},
		{4, []int64{3, 5, 4, 1}},
		{2, []int64{3, 5}},
		{0, nil},
	} {
		got, total := OldestWaiting(waits, tc.limit)
		var ids []int64
		for _, w := range got {
			ids = append(ids, w.ID)
		}
		if !slices.Equal(ids, tc.want) || total != 4 {
			t.Errorf("limit %d: %v of %d, want %v of 4", tc.limit, ids, total, tc.want)
		}
	}
	if got, total := OldestWaiting(nil, 5); len(got) != 0 || total != 0 {
		t.Errorf("no waits: %v, %d", got, total)
	}
}
