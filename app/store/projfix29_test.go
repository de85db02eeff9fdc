package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/pgtest"
	"cocreate/app/workflow"
)

// testerOn opens a project on a new idea and makes tester its accepted
// tester; feedback writes n addressed reports of the tester on it.
func testerOn(t *testing.T, s *Store, c domain.Challenge, admin, author, tester int64, title string) (workflow.Project, func(n int) []int64) {
	t.Helper()
	ctx := context.Background()
	idea := addIdea(t, s, c, author, title)
	p, err := s.CreateProject(ctx, idea.ID, admin, admin, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	any := func(workflow.Project) error { return nil }
	if err := s.ApplyToTest(ctx, p.ID, tester, "我每天洗衣服", any, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideTester(ctx, p.ID, tester, true, any, func(workflow.Project, bool, bool) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	return p, func(n int) []int64 {
		var ids []int64
		for range n {
			fb, err := s.AddFeedback(ctx, p.ID, tester, 3, "噪音", nil, func(workflow.Project, bool, int) error { return nil }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.TriageFeedback(ctx, p.ID, fb.ID, ptrBool(true), ptr(""), any, nil, 0, nil); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, fb.ID)
		}
		return ids
	}
}

// A tester's addressed reports earn points for the first
// people.FeedbackCap on each project only: seven addressed on one project
// and two on another are 5+2 reports' worth, not 9; the record keeps every
// report (at 0 past the cap), a report addressed later on the full project
// earns nothing, and only the reports that earned count toward badges.
func TestProjfix29FeedbackPointsCapped(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	admin, author, tester := users[0], users[1], users[2]
	_, onA := testerOn(t, s, c, admin.ID, author.ID, tester.ID, "免清洗内筒")
	_, onB := testerOn(t, s, c, admin.ID, author.ID, tester.ID, "静音电机")
	onA(people.FeedbackCap + 2)
	onB(2)
	record := func() int {
		t.Helper()
		n, err := s.RecordFeedbackReputation(ctx, people.PricedFeedback)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	total := func() int {
		t.Helper()
		m, err := s.ReputationTotals(ctx, []int64{tester.ID})
		if err != nil {
			t.Fatal(err)
		}
		return m[tester.ID]
	}
	want := (people.FeedbackCap + 2) * people.Points(people.FeedbackAccepted)
	if n := record(); n != people.FeedbackCap+4 {
		t.Fatalf("recorded %d reports, want %d", n, people.FeedbackCap+4)
	}
	if got := total(); got != want {
		t.Fatalf("%d points for %d+2 addressed reports on one project and 2 on another, want %d", got, people.FeedbackCap+2, want)
	}
	if n := record(); n != 0 {
		t.Errorf("a second sync recorded %d reports again", n)
	}
	onA(1)
	if n := record(); n != 1 || total() != want {
		t.Errorf("one more addressed on the full project: %d recorded, %d points, want 1 and %d", n, total(), want)
	}
	onB(1)
	if n := record(); n != 1 || total() != want+people.Points(people.FeedbackAccepted) {
		t.Errorf("one more on the other project: %d recorded, %d points, want 1 and %d", n, total(), want+people.Points(people.FeedbackAccepted))
	}
	events, err := s.ReputationEvents(ctx, tester.ID)
	if err != nil || len(events) != people.FeedbackCap+6 {
		t.Fatalf("the record holds %d events (%v), want every addressed report (%d)", len(events), err, people.FeedbackCap+6)
	}
	facts, err := s.BadgeFacts(ctx, []int64{tester.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(facts[tester.ID].Events); n != people.FeedbackCap+3 {
		t.Errorf("badges count %d reports, want the %d that earned points", n, people.FeedbackCap+3)
	}
}

// Migration 080 prices again, at nothing, the reports recorded before the
// cap past its first five per tester and project, oldest first, and
// leaves other kinds and other testers alone.
func TestProjfix29MigrationCapsRecordedFeedback(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 4)
	admin, author, tester, other := users[0], users[1], users[2], users[3]
	_, onA := testerOn(t, s, c, admin.ID, author.ID, tester.ID, "免清洗内筒")
	_, onOther := testerOn(t, s, c, admin.ID, author.ID, other.ID, "静音电机")
	var events []people.Event
	now := s.Now()
	ids := onA(8)
	kept := map[int64]bool{} // the five oldest reports
	for i, id := range ids {
		kept[id] = i >= 3
		events = append(events, people.Event{UserID: tester.ID, Kind: people.FeedbackAccepted, Ref: id, At: now.Add(-time.Duration(i) * time.Minute), Points: 5})
	}
	for _, id := range onOther(3) {
		events = append(events, people.Event{UserID: other.ID, Kind: people.FeedbackAccepted, Ref: id, At: s.Now(), Points: 5})
	}
	events = append(events, people.Event{UserID: tester.ID, Kind: people.MeetupAttended, Ref: 1, At: s.Now(), Points: 4})
	if _, err := s.SyncReputation(ctx, events); err != nil {
		t.Fatal(err)
	}
	body, err := migrationBody("migrations/080_feedback_points_cap.sql", pgtest.Postgres())
	if err != nil {
		t.Fatal(err)
	}
	stmt := body[strings.Index(body, "UPDATE"):]
	if _, err := s.w.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	m, err := s.ReputationTotals(ctx, []int64{tester.ID, other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if m[tester.ID] != 5*5+4 || m[other.ID] != 3*5 {
		t.Fatalf("after 080: %d and %d points, want %d and %d", m[tester.ID], m[other.ID], 5*5+4, 3*5)
	}
	// The five that keep their points are the oldest reports (written
	// here newest first: the last five of onA's ids).
	got, err := s.ReputationEvents(ctx, tester.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.Kind != people.FeedbackAccepted {
			continue
		}
		if kept[e.Ref] != (e.Points == 5) {
			t.Errorf("report %d at %v: %d points", e.Ref, e.At, e.Points)
		}
	}
}
