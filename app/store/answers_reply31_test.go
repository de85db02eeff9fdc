package store

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// A report's first answer is timed when the engineers reply or mark it
// addressed, and keeps that time when it is taken back and answered again;
// ReportTimings reads a project's reports, or every report of a
// challenge's projects, with their project's title.
func TestReply31ReportTimings(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	admin, author, tester := users[0], users[1], users[2]
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	p, _ := testerOn(t, s, c, admin.ID, author.ID, tester.ID, "免清洗内筒")
	q, _ := testerOn(t, s, c, admin.ID, author.ID, tester.ID, "静音电机")
	any := func(workflow.Project) error { return nil }
	add := func(pid int64) int64 {
		fb, err := s.AddFeedback(ctx, pid, tester.ID, 3, "噪音", nil, func(workflow.Project, bool, int) error { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		return fb.ID
	}
	triage := func(pid, fid int64, addressed bool, reply string) {
		if _, _, err := s.TriageFeedback(ctx, pid, fid, &addressed, &reply, any, nil, 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	sent := clock
	replied, addressed, waiting := add(p.ID), add(p.ID), add(p.ID)
	add(q.ID)
	clock = clock.Add(5 * time.Hour)
	triage(p.ID, replied, false, "下一版会改")
	triage(p.ID, waiting, false, "") // saving nothing answers nothing
	clock = clock.Add(20 * time.Hour)
	triage(p.ID, addressed, true, "")
	triage(p.ID, replied, false, "") // taken back: waits again
	clock = clock.Add(time.Hour)
	triage(p.ID, replied, true, "已修复") // answered again: first answered at 5 hours

	at := func(d time.Duration) *time.Time { x := sent.Add(d); return &x }
	want := []workflow.ReportTiming{
		{ProjectID: p.ID, Title: "免清洗内筒", CreatedAt: sent, Answered: true, AnsweredAt: at(5 * time.Hour)},
		{ProjectID: p.ID, Title: "免清洗内筒", CreatedAt: sent, Answered: true, AnsweredAt: at(25 * time.Hour)},
		{ProjectID: p.ID, Title: "免清洗内筒", CreatedAt: sent},
		{ProjectID: q.ID, Title: "静音电机", CreatedAt: sent},
	}
	check := func(what string, got, want []workflow.ReportTiming) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d reports, want %d: %+v", what, len(got), len(want), got)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.IdeaAuthor != author.ID || g.IdeaState != domain.StateSubmitted {
				t.Errorf("%s, report %d: idea by %d, %s", what, i, g.IdeaAuthor, g.IdeaState)
			}
			if g.ProjectID != w.ProjectID || g.Title != w.Title || !g.CreatedAt.Equal(w.CreatedAt) || g.Answered != w.Answered ||
				(g.AnsweredAt == nil) != (w.AnsweredAt == nil) || (g.AnsweredAt != nil && !g.AnsweredAt.Equal(*w.AnsweredAt)) {
				t.Errorf("%s, report %d: got %+v (answered %v), want %+v (answered %v)", what, i, g, g.AnsweredAt, w, w.AnsweredAt)
			}
		}
	}
	all, err := s.ReportTimings(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	check("the challenge", all, want)
	one, err := s.ReportTimings(ctx, 0, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	check("the project", one, want[:3])
	none, err := s.ReportTimings(ctx, c.ID+1000, 0)
	if err != nil || len(none) != 0 {
		t.Errorf("another challenge: %v %v", none, err)
	}
}
