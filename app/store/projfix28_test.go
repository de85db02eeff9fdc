package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// A tester's reports: the check sees how many wait for an answer (neither
// addressed nor replied to), and the list comes a page at a time, newest
// first. Credits: mayCredit sees how each person stands to the project.
func TestProjfixFeedbackAndCreditLinks(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 4)
	admin, author, tester, stranger := users[0], users[1], users[2], users[3]
	idea := addIdea(t, s, c, author.ID, "免清洗内筒")
	p, err := s.CreateProject(ctx, idea.ID, admin.ID, admin.ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	any := func(workflow.Project) error { return nil }
	if err := s.ApplyToTest(ctx, p.ID, tester.ID, "我每天洗衣服", any, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideTester(ctx, p.ID, tester.ID, true, any, func(workflow.Project, bool, bool) []domain.Outgoing { return nil }); err != nil {
		t.Fatal(err)
	}
	add := func() (int64, bool, int) {
		var accepted bool
		var waiting int
		fb, err := s.AddFeedback(ctx, p.ID, tester.ID, 3, "噪音", nil, func(_ workflow.Project, a bool, w int) error { accepted, waiting = a, w; return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		return fb.ID, accepted, waiting
	}
	var ids []int64
	for n := 0; n < 5; n++ {
		id, accepted, waiting := add()
		if !accepted || waiting != n {
			t.Fatalf("report %d: accepted=%v waiting=%d, want true %d", n+1, accepted, waiting, n)
		}
		ids = append(ids, id)
	}
	// One answered by a reply, one addressed: two fewer wait.
	if _, _, err := s.TriageFeedback(ctx, p.ID, ids[0], ptrBool(false), ptr("收到"), any, nil, 0, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TriageFeedback(ctx, p.ID, ids[1], ptrBool(true), ptr(""), any, nil, 0, nil); err != nil {
		t.Fatal(err)
	}
	if id, _, waiting := add(); waiting != 3 {
		t.Errorf("after two answers: %d waiting, want 3", waiting)
	} else {
		ids = append(ids, id)
	}
	first, err := s.Feedback(ctx, p.ID, 0, 4)
	if err != nil || len(first) != 4 || first[0].ID != ids[5] || first[3].ID != ids[2] {
		t.Fatalf("the first page: %+v %v", first, err)
	}
	rest, err := s.Feedback(ctx, p.ID, first[3].ID, 4)
	if err != nil || len(rest) != 2 || rest[0].ID != ids[1] || rest[1].ID != ids[0] {
		t.Fatalf("the older page: %+v %v", rest, err)
	}

	links := map[int64]workflow.CreditLink{}
	record := func(list []workflow.Credit) func(int, workflow.CreditLink) error {
		return func(i int, l workflow.CreditLink) error {
			links[list[i].User.ID] = l
			if !l.Exists {
				return domain.NotFound("user")
			}
			return nil
		}
	}
	credits := []workflow.Credit{{User: domain.Author{ID: author.ID}}, {User: domain.Author{ID: tester.ID}}, {User: domain.Author{ID: admin.ID}}, {User: domain.Author{ID: stranger.ID}}}
	if err := s.SetCredits(ctx, p.ID, credits, any, record(credits), nil); err != nil {
		t.Fatal(err)
	}
	want := map[int64]workflow.CreditLink{
		author.ID:   {Exists: true, Author: true},
		tester.ID:   {Exists: true, Applicant: true},
		admin.ID:    {Exists: true, Staff: true},
		stranger.ID: {Exists: true},
	}
	for id, w := range want {
		if links[id] != w {
			t.Errorf("user %d: %+v, want %+v", id, links[id], w)
		}
	}
	again := []workflow.Credit{{User: domain.Author{ID: stranger.ID}}, {User: domain.Author{ID: 99999}}}
	if err := s.SetCredits(ctx, p.ID, again, any, record(again), nil); err == nil {
		t.Fatal("an unknown account credited")
	}
	if links[stranger.ID] != (workflow.CreditLink{Exists: true, Credited: true}) || links[99999] != (workflow.CreditLink{}) {
		t.Errorf("credited already: %+v; no such account: %+v", links[stranger.ID], links[99999])
	}
	// A refusal changes nothing.
	if err := s.SetCredits(ctx, p.ID, nil, any, func(int, workflow.CreditLink) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCredits(ctx, p.ID, credits, any, workflow.CanCredit, nil); err == nil {
		t.Errorf("the stranger credited under CanCredit")
	}
	if got, _ := s.Credits(ctx, p.ID); len(got) != 0 {
		t.Errorf("a refused save left credits: %+v", got)
	}
}

// ptr and ptrBool point at a reply and a tick given (TriageFeedback).
func ptr(s string) *string { return &s }
func ptrBool(b bool) *bool { return &b }
