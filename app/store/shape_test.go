package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// A pair answer and a refit's scores move ContentVersion but not
// ShapeVersion; a hidden idea, a new idea or an edit move both. On
// PostgreSQL a second node sees the same (the payload "p").
func TestShapeVersionOutlivesPairAnswers(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	a := addIdea(t, s, c, users[1].ID, "a")
	b := addIdea(t, s, c, users[1].ID, "b")
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	hear(t, s)
	sv, cv := s.ShapeVersion(), s.ContentVersion()
	if sv != s.ShapeVersion() {
		t.Fatal("ShapeVersion moved with nothing written")
	}
	if counted, err := s.Compare(ctx, users[0].ID, c.ID, a.ID, b.ID, a.ID, VoteSignals{}, ok); err != nil || !counted {
		t.Fatalf("an answer: counted %v, %v", counted, err)
	}
	if counted, err := s.Compare(ctx, users[2].ID, c.ID, a.ID, b.ID, 0, VoteSignals{}, ok); err != nil || counted {
		t.Fatalf("a skip: counted %v, %v; want not counted", counted, err)
	}
	if err := s.SaveScores(ctx, c.ID, []Scored{{ID: a.ID, Score: 60, ScoreSD: 5}, {ID: b.ID, Score: 40, ScoreSD: 5}}); err != nil {
		t.Fatal(err)
	}
	hear(t, s)
	if s.ShapeVersion() != sv || s.ContentVersion() == cv {
		t.Errorf("after answers and a refit: shape %d→%d, content %d→%d; want the second to move, not the first", sv, s.ShapeVersion(), cv, s.ContentVersion())
	}
	// A refused answer is no different.
	if _, err := s.Compare(ctx, users[0].ID, c.ID, b.ID, a.ID, b.ID, VoteSignals{}, ok); domain.AsError(err) == nil {
		t.Fatalf("the same pair twice: %v", err)
	}
	hear(t, s)
	if s.ShapeVersion() != sv {
		t.Error("a refused answer moved ShapeVersion")
	}
	for what, write := range map[string]func(){
		"a hidden idea": func() {
			if _, err := s.UpdateIdea(ctx, a.ID, users[0].ID, "spam", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
				i.State = domain.StateHidden
				return false, nil
			}, nil); err != nil {
				t.Fatal(err)
			}
		},
		"a new idea": func() { addIdea(t, s, c, users[1].ID, "c") },
		"a vote": func() {
			if _, err := s.Vote(ctx, users[0].ID, b.ID, allow); err != nil {
				t.Fatal(err)
			}
		},
	} {
		sv := s.ShapeVersion()
		write()
		hear(t, s)
		moved := s.ShapeVersion() != sv
		if want := what != "a vote"; moved != want {
			t.Errorf("%s: ShapeVersion moved %v, want %v", what, moved, want)
		}
	}
}

// On several nodes (PostgreSQL): an answer on a moves b's ContentVersion,
// not its ShapeVersion; a new idea on a moves both.
func TestNodesShapeVersionOutlivesPairAnswers(t *testing.T) {
	nodes := openNodes(t, 2)
	a, b := nodes[0], nodes[1]
	users, c := fixture(t, a, 2)
	ctx := context.Background()
	x := addIdea(t, a, c, users[1].ID, "x")
	y := addIdea(t, a, c, users[1].ID, "y")
	hear(t, b)
	sv, cv := b.ShapeVersion(), b.ContentVersion()
	ok := func(domain.Challenge, domain.Idea, domain.Idea) error { return nil }
	if _, err := a.Compare(ctx, users[0].ID, c.ID, x.ID, y.ID, y.ID, VoteSignals{}, ok); err != nil {
		t.Fatal(err)
	}
	hear(t, b)
	if b.ShapeVersion() != sv || b.ContentVersion() == cv {
		t.Errorf("after an answer on a: b's shape %d→%d, content %d→%d; want the second to move, not the first", sv, b.ShapeVersion(), cv, b.ContentVersion())
	}
	addIdea(t, a, c, users[1].ID, "z")
	hear(t, b)
	if b.ShapeVersion() == sv {
		t.Error("a new idea on a left b's ShapeVersion as it was")
	}
}

// The mailer polls every second or so: a poll that finds nothing due
// writes nothing, so it moves neither version (and empties no cache).
func TestIdleMailPollWritesNothing(t *testing.T) {
	s := mustOpen(t)
	fixture(t, s, 1)
	hear(t, s)
	sv, cv, v := s.ShapeVersion(), s.ContentVersion(), s.Version()
	jobs, err := s.ClaimMail(context.Background(), 10)
	if err != nil || len(jobs) != 0 {
		t.Fatalf("claimed %d, %v; want none due", len(jobs), err)
	}
	hear(t, s)
	if s.ShapeVersion() != sv || s.ContentVersion() != cv || s.Version() != v {
		t.Errorf("an idle poll moved the versions: %d→%d, %d→%d, %d→%d", sv, s.ShapeVersion(), cv, s.ContentVersion(), v, s.Version())
	}
}
