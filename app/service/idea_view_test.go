package service

import (
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// An idea's page and its API answer read the held acts only for a viewer
// who may see them: a blind judge sees no votes, so the query is not run
// for them; a fan's view still reads them, once.
func TestBlindJudgesViewReadsNoHeldActs(t *testing.T) {
	w := newWorld(t)
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind := "洗衣机二次污染", "**Help**", domain.OpenCall
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	idea := w.idea(c.ID, "免清洗内筒")
	fan, judge := w.fan(1), w.fan(2)
	if judge, err = w.s.SetRoles(w.ctx, &w.admin, judge.ID, []string{"judge"}); err != nil {
		t.Fatal(err)
	}
	blind := true
	if _, err := w.s.SetRubric(w.ctx, &w.admin, c.ID, RubricInput{Blind: &blind,
		Criteria: []judging.Criterion{{Key: "novelty", Name: "新颖性", Weight: 1, Min: 0, Max: 10}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Shortlist(w.ctx, &w.admin, c.ID, 1, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.AssignJudges(w.ctx, &w.admin, c.ID, []int64{judge.ID}, 1); err != nil {
		t.Fatal(err)
	}

	views := []struct {
		name string
		view func(u *domain.User) (domain.Idea, error)
	}{
		{"page", func(u *domain.User) (domain.Idea, error) { p, err := w.s.IdeaPage(w.ctx, u, idea); return p.Idea, err }},
		{"API answer", func(u *domain.User) (domain.Idea, error) {
			d, err := w.s.IdeaDetail(w.ctx, u, idea)
			return d.Idea, err
		}},
	}
	for _, v := range views {
		for _, who := range []struct {
			name  string
			u     *domain.User
			reads int64
		}{{"blind judge", &judge, 0}, {"fan", &fan, 1}, {"visitor", nil, 1}} {
			before := w.s.heldReads.Load()
			got, err := v.view(who.u)
			if err != nil {
				t.Fatalf("%s's %s: %v", who.name, v.name, err)
			}
			if reads := w.s.heldReads.Load() - before; reads != who.reads {
				t.Errorf("%s's %s read the held acts %d times, want %d", who.name, v.name, reads, who.reads)
			}
			if blindView := got.Votes < 0; blindView != (who.u == &judge) {
				t.Errorf("%s's %s shows votes %d", who.name, v.name, got.Votes)
			}
		}
	}
}
