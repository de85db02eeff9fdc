package workflow

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

// A tester is chosen, and reports, only while the project's testing goes
// on: not once it is launched or shelved, refused as testing_over naming
// the stage.
func TestEngfix30TestingStages(t *testing.T) {
	for _, tc := range []struct {
		stage Stage
		over  bool
	}{
		{Triage, false}, {Accepted, false}, {Concept, false}, {Prototype, false},
		{FanTest, false}, {Pilot, false}, {Launched, true}, {Shelved, true},
	} {
		if got := TestingOver(tc.stage); got != tc.over {
			t.Errorf("TestingOver(%s) = %v", tc.stage, got)
		}
		check := func(what string, err error) {
			t.Helper()
			if !tc.over {
				if err != nil {
					t.Errorf("%s at %s: refused: %v", what, tc.stage, err)
				}
				return
			}
			if e := domain.AsError(err); e == nil || e.Kind != domain.KindConflict || e.Code != "testing_over" || e.Field != "stage" {
				t.Errorf("%s at %s: %v, want a testing_over conflict naming stage", what, tc.stage, err)
			}
		}
		check("CanDecideTester", CanDecideTester(tc.stage))
		check("CanGiveFeedback", CanGiveFeedback(tc.stage, true, 0))
		// Not a tester says so at every stage.
		if e := domain.AsError(CanGiveFeedback(tc.stage, false, 0)); e == nil || e.Code != "not_a_tester" {
			t.Errorf("a non-tester at %s: %v", tc.stage, e)
		}
	}
}

// A milestone may be due today, at any hour, but not on a day before
// today; the days are those of the zone the due date was written in.
func TestEngfix30MilestoneDue(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	la := time.FixedZone("PST", -8*3600)
	// 2026-12-04 05:30 UTC: 13:30 on the 4th in Shanghai, 21:30 on the 3rd in LA.
	now := time.Date(2026, 12, 4, 5, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		due  time.Time
		ok   bool
	}{
		{"today, in the morning, UTC", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), true},
		{"today, the page's 18:00, Shanghai", time.Date(2026, 12, 4, 18, 0, 0, 0, shanghai), true},
		{"today, 00:00 Shanghai (hours ago)", time.Date(2026, 12, 4, 0, 0, 0, 0, shanghai), true},
		{"tomorrow", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), true},
		{"next year", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"yesterday, 23:59 UTC", time.Date(2026, 12, 3, 23, 59, 0, 0, time.UTC), false},
		{"yesterday in Shanghai", time.Date(2026, 12, 3, 18, 0, 0, 0, shanghai), false},
		{"last year", time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), false},
		// In LA it is still the 3rd: the 3rd is today there.
		{"the 3rd, written in LA", time.Date(2026, 12, 3, 18, 0, 0, 0, la), true},
		{"the 2nd, written in LA", time.Date(2026, 12, 2, 18, 0, 0, 0, la), false},
	} {
		err := ValidMilestone("样机评审", tc.due, now)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			continue
		}
		if e := domain.AsError(err); e == nil || e.Kind != domain.KindInvalid || e.Field != "due_at" || e.Code != "due_before_today" {
			t.Errorf("%s: %v, want due_before_today naming due_at", tc.name, err)
		}
	}
	if e := domain.AsError(ValidMilestone("x", time.Time{}, now)); e == nil || e.Code != "required" || e.Field != "due_at" {
		t.Errorf("no due date: %v", e)
	}
	if e := domain.AsError(ValidMilestone(" ", now, now)); e == nil || e.Field != "title" {
		t.Errorf("no title: %v", e)
	}
	// The last day of 9999 in Hawaii is the year 10000 in UTC: no page or
	// API answer could show it.
	far := time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("HST", -10*3600))
	if e := domain.AsError(ValidMilestone("远期", far, now)); e == nil || e.Code != "time_out_of_range" || e.Field != "due_at" {
		t.Errorf("a due day past 9999: %v", e)
	}
}

// The engineer who runs a project hears of each application to test and
// each report, linked to where they act; never of their own act.
func TestEngfix30Notices(t *testing.T) {
	p := Project{ID: 7, Title: "省水洗衣机", Owner: domain.Author{ID: 2, Name: "工程师"}}
	fan := domain.Author{ID: 5, Name: "小李"}
	got := ApplicationNotices(p, fan)
	if len(got) != 1 || got[0].To != 2 || got[0].Kind != NoticeTesterApplied || got[0].URL != "/projects/7#applications" ||
		len(got[0].Args) != 2 || got[0].Args[0] != p.Title || got[0].Args[1] != "小李" {
		t.Errorf("ApplicationNotices: %+v", got)
	}
	if got := ApplicationNotices(p, domain.Author{ID: 2}); got != nil {
		t.Errorf("the engineer told of their own act: %+v", got)
	}
	if got := ApplicationNotices(Project{ID: 7}, fan); got != nil {
		t.Errorf("a project with no owner: %+v", got)
	}
	fb := Feedback{ID: 11, Tester: fan}
	got = FeedbackNotices(p, fb)
	if len(got) != 1 || got[0].To != 2 || got[0].Kind != NoticeFeedbackGiven || got[0].URL != "/projects/7?report=11#fb-11" || got[0].Args[1] != "小李" {
		t.Errorf("FeedbackNotices: %+v", got)
	}
	if got := FeedbackNotices(p, Feedback{ID: 11, Tester: domain.Author{ID: 2}}); got != nil {
		t.Errorf("the engineer told of their own report: %+v", got)
	}
	if k, id := domain.NoticeSubject(FeedbackLink(7, 11)); k != "project" || id != 7 {
		t.Errorf("a report's link is not about its project: %s %d", k, id)
	}

	for _, tc := range []struct {
		name string
		d    TesterDecision
		want domain.NoticeKind // "": none
	}{
		{"chosen", TesterDecision{Applicant: 5, Actor: 2, Accepted: true}, domain.NoticeTesterChosen},
		{"chosen after a decline", TesterDecision{Applicant: 5, Actor: 2, Decided: true, Accepted: true}, domain.NoticeTesterChosen},
		{"chosen again", TesterDecision{Applicant: 5, Actor: 2, Was: true, Decided: true, Accepted: true}, ""},
		{"declined, undecided", TesterDecision{Applicant: 5, Actor: 2}, NoticeTesterDeclined},
		{"un-chosen", TesterDecision{Applicant: 5, Actor: 2, Was: true, Decided: true}, NoticeTesterDeclined},
		{"declined again", TesterDecision{Applicant: 5, Actor: 2, Decided: true}, ""},
		{"their own decision", TesterDecision{Applicant: 2, Actor: 2}, ""},
		{"their own choice", TesterDecision{Applicant: 2, Actor: 2, Accepted: true}, ""},
	} {
		got := TesterDecisionNotices(p, tc.d)
		if tc.want == "" {
			if got != nil {
				t.Errorf("%s: %+v, want none", tc.name, got)
			}
			continue
		}
		if len(got) != 1 || got[0].To != 5 || got[0].Kind != tc.want || got[0].URL != "/projects/7" || got[0].Args[0] != p.Title {
			t.Errorf("%s: %+v, want one %s", tc.name, got, tc.want)
		}
	}
}
