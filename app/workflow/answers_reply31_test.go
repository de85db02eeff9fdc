package workflow

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

func TestSummariseAnswers(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	now := t0.Add(10 * 24 * time.Hour)
	at := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
	answered := func(after time.Duration) ReportTiming {
		return ReportTiming{CreatedAt: t0, Answered: true, AnsweredAt: at(after)}
	}
	waiting := func(age time.Duration) ReportTiming { return ReportTiming{CreatedAt: now.Add(-age)} }
	h := time.Hour
	for _, c := range []struct {
		name    string
		reports []ReportTiming
		want    Answers
		kept    bool
		judged  bool
	}{
		{"none", nil, Answers{}, false, false},
		{"one answered in 5 hours", []ReportTiming{answered(5 * h)},
			Answers{Answered: 1, Timed: 1, Median: 5 * h, P90: 5 * h}, true, true},
		{"median and 90th percentile by nearest rank",
			[]ReportTiming{answered(1 * h), answered(2 * h), answered(3 * h), answered(4 * h), answered(5 * h),
				answered(6 * h), answered(7 * h), answered(8 * h), answered(9 * h), answered(50 * h)},
			Answers{Answered: 10, Timed: 10, Median: 5 * h, P90: 9 * h, Late: 1}, true, true},
		{"the slow tenth of two makes the 90th percentile late",
			[]ReportTiming{answered(1 * h), answered(49 * h)},
			Answers{Answered: 2, Timed: 2, Median: 1 * h, P90: 49 * h, Late: 1}, false, true},
		{"exactly two days is on time", []ReportTiming{answered(48 * h)},
			Answers{Answered: 1, Timed: 1, Median: 48 * h, P90: 48 * h}, true, true},
		{"waiting, the oldest counted", []ReportTiming{answered(2 * h), waiting(3 * h), waiting(30 * h)},
			Answers{Answered: 1, Waiting: 2, Timed: 1, Median: 2 * h, P90: 2 * h, Oldest: 30 * h}, true, true},
		{"one waiting past two days is late at once", []ReportTiming{answered(2 * h), waiting(72 * h)},
			Answers{Answered: 1, Waiting: 1, Timed: 1, Median: 2 * h, P90: 2 * h, Oldest: 72 * h, Late: 1}, false, true},
		{"only waiting, within the target", []ReportTiming{waiting(1 * h)},
			Answers{Waiting: 1, Oldest: 1 * h}, true, true},
		{"answered before times were kept: counted, not timed, not judged",
			[]ReportTiming{{CreatedAt: t0, Answered: true}},
			Answers{Answered: 1}, false, false},
		{"an answer timed before its report counts as at once",
			[]ReportTiming{{CreatedAt: t0, Answered: true, AnsweredAt: at(-h)}, answered(4 * h)},
			Answers{Answered: 2, Timed: 2, Median: 0, P90: 4 * h}, true, true},
		{"an untimed answer beside timed ones", []ReportTiming{{CreatedAt: t0, Answered: true}, answered(3 * h)},
			Answers{Answered: 2, Timed: 1, Median: 3 * h, P90: 3 * h}, true, true},
		{"a report waiting again (its answer taken back) waits since it was sent",
			[]ReportTiming{{CreatedAt: t0, Answered: false, AnsweredAt: at(h)}},
			Answers{Waiting: 1, Oldest: 10 * 24 * h, Late: 1}, false, true},
	} {
		got := SummariseAnswers(c.reports, now)
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if got.Kept() != c.kept || got.Judged() != c.judged {
			t.Errorf("%s: kept %v judged %v, want %v %v", c.name, got.Kept(), got.Judged(), c.kept, c.judged)
		}
	}
}

func TestAnswersByProject(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	at := t0.Add(3 * time.Hour)
	eng, eng2 := domain.Author{ID: 5, Name: "王工"}, domain.Author{ID: 6, Name: "李工"}
	got := AnswersByProject([]ReportTiming{
		{ID: 1, ProjectID: 7, Title: "b", Engineer: eng, CreatedAt: t0, Answered: true, AnsweredAt: &at},
		{ID: 2, ProjectID: 3, Title: "a", Engineer: eng2, CreatedAt: t0},
		{ID: 4, ProjectID: 7, Title: "b", Engineer: eng, CreatedAt: t0.Add(time.Minute)},
		{ID: 5, ProjectID: 7, Title: "b", Engineer: eng, CreatedAt: t0.Add(30 * time.Second)},
	}, t0.Add(4*time.Hour))
	want := []ProjectAnswers{
		{7, "b", eng, 5, Answers{Answered: 1, Waiting: 2, Timed: 1, Median: 3 * time.Hour, P90: 3 * time.Hour, Oldest: 4*time.Hour - 30*time.Second}},
		{3, "a", eng2, 2, Answers{Waiting: 1, Oldest: 4 * time.Hour}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("project %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if AnswersByProject(nil, t0) != nil {
		t.Error("no reports, no projects")
	}
}
