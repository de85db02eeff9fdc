package service

import (
	"fmt"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// ChallengePage says which order its ideas are in: a blind judge's are
// newest first whatever they asked (IdeaMask.Sort), and the page shows
// that order; anyone else's are in the order asked. The API's list
// (RankedIdeas) takes the same order from the same rule (domain.ListOrder).
func TestChallengePageSaysItsOrder(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	older := w.idea(c.ID, "免清洗内筒")
	w.idea(c.ID, "自动烘干门封")
	fan, judge := w.fan(1), w.fan(2)
	if _, err := w.s.Vote(w.ctx, &fan, older); err != nil { // top is then not the newest first
		t.Fatal(err)
	}
	w.blindJudge(c.ID, &judge, 2)
	ids := func(p ChallengePage) string {
		var out []int64
		for _, i := range p.Ideas.Ideas {
			out = append(out, i.ID)
		}
		return fmt.Sprint(out)
	}
	page := func(u *domain.User, sort domain.Sort) ChallengePage {
		t.Helper()
		p, err := w.s.ChallengePage(w.ctx, u, c.ID, sort, nil, 20)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	newest, top := page(&fan, domain.SortNew), page(&fan, domain.SortTop)
	if ids(newest) == ids(top) {
		t.Fatalf("the fixture's top order is the newest first: %s", ids(top))
	}
	ranked := func(u *domain.User, sort domain.Sort) (domain.Sort, string) {
		t.Helper()
		p, err := w.s.RankedIdeas(w.ctx, u, c.ID, sort, nil, 20)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, r := range p.Ranks {
			out = append(out, r.ID)
		}
		return p.Sort, fmt.Sprint(out)
	}
	for _, sort := range []domain.Sort{domain.SortHot, domain.SortTop, domain.SortNew} {
		p := page(&fan, sort)
		if p.Sort != sort {
			t.Errorf("a fan asking %s: the page says %s", sort, p.Sort)
		}
		if got, order := ranked(&fan, sort); got != sort || order != ids(p) {
			t.Errorf("a fan asking %s: the API's list says %s, ideas %s, want %s, %s", sort, got, order, sort, ids(p))
		}
		if p := page(&judge, sort); p.Sort != domain.SortNew || ids(p) != ids(newest) {
			t.Errorf("a blind judge asking %s: the page says %s, ideas %s, want new, %s", sort, p.Sort, ids(p), ids(newest))
		}
		if got, order := ranked(&judge, sort); got != domain.SortNew || order != ids(newest) {
			t.Errorf("a blind judge asking %s: the API's list says %s, ideas %s, want new, %s", sort, got, order, ids(newest))
		}
	}
}

// openCall is an open call, open for ideas and votes now.
func (w *world) openCall() domain.Challenge {
	w.t.Helper()
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind := "洗衣机二次污染", "**Help**", domain.OpenCall
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour)})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// blindJudge makes judge (given the judge role) a judge of challenge c's
// top shortlisted ideas under a blind rubric.
func (w *world) blindJudge(c int64, judge *domain.User, shortlisted int) {
	w.t.Helper()
	*judge = w.staff(*judge, "judge")
	blind := true
	if _, err := w.s.SetRubric(w.ctx, &w.admin, c, RubricInput{Blind: &blind,
		Criteria: []judging.Criterion{{Key: "novelty", Name: "新颖性", Weight: 1, Min: 0, Max: 10}}}); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.s.Shortlist(w.ctx, &w.admin, c, shortlisted, nil, nil); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.s.AssignJudges(w.ctx, &w.admin, c, []int64{judge.ID}, 1); err != nil {
		w.t.Fatal(err)
	}
}
