package service

import (
	"testing"

	"cocreate/app/domain"
)

// Results wait for the organiser's decision on every group of accounts
// that voted together (judging.CheckIntegrity): with a click farm's group
// open, publishing is refused and nothing is decided; once the group is
// removed, the results go out without its votes.
func TestPublishWaitsForIntegrityDecisions(t *testing.T) {
	w, c, ideas, _, _ := farmWorld(t, 4)
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 {
		t.Fatalf("scan: %v %+v", err, r)
	}
	if _, err := w.s.Shortlist(w.ctx, &w.admin, c.ID, 3, nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err = w.s.PublishResults(w.ctx, &w.admin, c.ID)
	if e := domain.AsError(err); e == nil || e.Code != "integrity_undecided" || e.Kind != domain.KindConflict {
		t.Fatalf("publishing with a group open: %v", err)
	}
	for _, id := range ideas[:3] {
		if idea, err := w.s.Idea(w.ctx, &w.admin, id); err != nil || idea.State != domain.StateShortlisted {
			t.Fatalf("a refused publish moved idea %d: %v %v", id, idea.State, err)
		}
	}
	if _, err := w.s.DecideIntegrityGroup(w.ctx, &w.admin, c.ID, r.Groups[0].ID, "remove", "刷票"); err != nil {
		t.Fatal(err)
	}
	res, err := w.s.PublishResults(w.ctx, &w.admin, c.ID)
	if err != nil || len(res.Ranking) == 0 {
		t.Fatalf("publishing once the group is removed: %v %+v", err, res)
	}
}
