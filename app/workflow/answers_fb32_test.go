package workflow

import (
	"testing"
	"time"
)

func TestFb32LongestWaiting(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := func(id int64, age time.Duration, answered bool) ReportTiming {
		return ReportTiming{ID: id, CreatedAt: t0.Add(-age), Answered: answered}
	}
	for _, c := range []struct {
		name    string
		reports []ReportTiming
		want    int64
	}{
		{"none", nil, 0},
		{"all answered", []ReportTiming{r(1, 3*time.Hour, true), r(2, time.Hour, true)}, 0},
		{"the earliest sent of the waiting", []ReportTiming{r(1, 9*time.Hour, true), r(2, 5*time.Hour, false), r(3, 7*time.Hour, false), r(4, time.Hour, false)}, 3},
		{"one waiting", []ReportTiming{r(5, time.Hour, false)}, 5},
	} {
		if got := LongestWaiting(c.reports); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
