package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// The triage page's 立项 opens a project and accepts it in one write: the
// project reads accepted with both moves on its timeline; refused, there
// is no project at all (before, a project could be left in triage by a
// failed second write, and a retry said it existed).
func TestAcceptProjectOpensAndAcceptsInOneWrite(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "自清洁内筒")
	refused := domain.Conflict("idea_not_eligible", "no")
	if _, err := s.AcceptProject(ctx, idea.ID, users[1].ID, users[1].ID, func(domain.Idea, domain.User, bool, bool) error { return refused }, openedTell); err != refused {
		t.Fatalf("refused: %v", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE idea_id = ?`, idea.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a refused accept left %d projects (%v)", n, err)
	}
	p, err := s.AcceptProject(ctx, idea.ID, users[1].ID, users[1].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	if p.Stage != workflow.Accepted {
		t.Errorf("the project reads %s, want accepted", p.Stage)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT COALESCE(from_stage, ''), to_stage FROM project_updates WHERE project_id = ? ORDER BY id`, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var moves []string
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		moves = append(moves, from+"→"+to)
	}
	if len(moves) != 2 || moves[0] != "→triage" || moves[1] != "triage→accepted" {
		t.Errorf("the timeline: %v, want the opening then the acceptance", moves)
	}
}
