package store

import (
	"context"
	"slices"
	"sync"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// judgedFixture is a challenge open for votes with two shortlisted ideas,
// a and b, both assigned to one judge (judge), under the default rubric.
func judgedFixture(t *testing.T, s *Store) (users []domain.User, c domain.Challenge, a, b domain.Idea, judge int64) {
	t.Helper()
	users, c = fixture(t, s, 3)
	a, b = addIdea(t, s, c, users[0].ID, "a"), addIdea(t, s, c, users[0].ID, "b")
	judge = users[1].ID
	for _, id := range []int64{a.ID, b.ID} {
		if _, err := s.w.Exec(`UPDATE ideas SET state = 'shortlisted' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.Exec(`INSERT INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, 0)`, c.ID, judge, id); err != nil {
			t.Fatal(err)
		}
	}
	return users, c, a, b, judge
}

// scoreIdea saves judge's card for an idea under the default rubric, all
// criteria at v.
func scoreIdea(ctx context.Context, s *Store, judge, idea int64, v float64) error {
	scores := map[string]float64{}
	for _, cr := range judging.DefaultRubric().Criteria {
		scores[cr.Key] = v
	}
	return s.SaveScorecard(ctx, judging.Scorecard{JudgeID: judge, IdeaID: idea, Scores: scores},
		func(bool, domain.Challenge, judging.Rubric, domain.Idea, bool) error { return nil })
}

// ranked is the service's ranking of what the store read (service.standing).
func ranked(d JudgingData, winners int) judging.Published {
	return judging.Compute(judging.Standing{Rubric: d.Rubric, Ideas: d.Ideas, Entries: d.Entries, Cards: d.Judged().Counted(), Basis: d.Basis}, winners)
}

// publishRead publishes p, ranked from d, with the service's check.
func publishRead(ctx context.Context, s *Store, c domain.Challenge, actor int64, d JudgingData, p judging.Published) error {
	return s.PublishResults(ctx, c.ID, actor, p, func(c domain.Challenge, states map[int64]domain.State, tallies map[int64]judging.CrowdFigures, now judging.Judged, _, _ int) error {
		if err := judging.CheckPublish(c, p, states, tallies); err != nil {
			return err
		}
		return judging.CheckJudged(d.Judged(), now)
	}, func(judging.Result, int64, string, domain.Audience) []domain.Outgoing { return nil }, nil)
}

// nothingPublished fails the test if c's results were published.
func nothingPublished(t *testing.T, s *Store, c domain.Challenge, ideas ...domain.Idea) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Challenge(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.PublishedResults(ctx, c.ID); err != nil || ok || got.ResultsAt != nil {
		t.Errorf("results published (copy saved: %v, results at %v, %v); want nothing published", ok, got.ResultsAt, err)
	}
	for _, i := range ideas {
		if got, err := s.Idea(ctx, i.ID); err != nil || got.State != domain.StateShortlisted {
			t.Errorf("idea %d is %s (%v), want still shortlisted", i.ID, got.State, err)
		}
	}
}

// A scorecard saved between the ranking's read and the publishing
// transaction makes publishing answer results_changed and publish
// nothing, as a vote does; read again, the results publish with the card.
func TestPublishingSeesAScorecardSavedSinceTheRanking(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c, a, b, judge := judgedFixture(t, s)
	if err := scoreIdea(ctx, s, judge, a.ID, 4); err != nil {
		t.Fatal(err)
	}
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := ranked(d, 1)
	if err := scoreIdea(ctx, s, judge, b.ID, 9); err != nil { // the judge's second card, meanwhile
		t.Fatal(err)
	}
	err = publishRead(ctx, s, c, users[0].ID, d, p)
	if e := domain.AsError(err); e == nil || e.Code != "results_changed" {
		t.Fatalf("publishing over a scorecard saved since the ranking's read: %v, want results_changed", err)
	}
	nothingPublished(t, s, c, a, b)
	if d, err = s.Judging(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := publishRead(ctx, s, c, users[0].ID, d, ranked(d, 1)); err != nil {
		t.Fatalf("publishing read again: %v", err)
	}
	got, ok, err := s.PublishedResults(ctx, c.ID)
	if err != nil || !ok || got.Ranking[0].IdeaID != b.ID || got.Ranking[0].Scored != 1 {
		t.Errorf("published %+v (%v %v); want b first with its card", got.Ranking, ok, err)
	}
}

// The judges' acts that set a card aside (judgedOf's Acted) are exactly
// actorsOf's: a vote, a rating, an intent, an answered pair naming the
// idea; not a skip, nor an act on another idea.
func TestJudgedActsAreTheActorsActs(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 7)
	a, b := addIdea(t, s, c, users[6].ID, "a"), addIdea(t, s, c, users[6].ID, "b")
	x := addIdea(t, s, c, users[6].ID, "x")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.w.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO votes (idea_id, user_id, challenge_id, created_at) VALUES (?, ?, ?, 0)`, a.ID, users[0].ID, c.ID)
	exec(`INSERT INTO ratings (idea_id, user_id, challenge_id, stars, created_at, updated_at, held) VALUES (?, ?, ?, 5, 0, 0, 1)`, a.ID, users[1].ID, c.ID)
	exec(`INSERT INTO intents (idea_id, user_id, challenge_id, quantity, options, created_at, updated_at) VALUES (?, ?, ?, 1, '{}', 0, 0)`, a.ID, users[2].ID, c.ID)
	compare := `INSERT INTO comparisons (challenge_id, user_id, low_id, high_id, winner_id, created_at) VALUES (?, ?, ?, ?, ?, 0)`
	exec(compare, c.ID, users[3].ID, a.ID, b.ID, b.ID) // chose against a
	exec(compare, c.ID, users[4].ID, b.ID, a.ID, a.ID) // chose a
	exec(compare, c.ID, users[5].ID, a.ID, b.ID, nil)  // a skip
	exec(compare, c.ID, users[5].ID, b.ID, x.ID, x.ID) // not about a
	for _, u := range users[:6] {
		exec(`INSERT INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, 0)`, c.ID, u.ID, a.ID)
	}
	j, err := judgedOf(ctx, s.r, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []judging.Assignment
	for _, u := range users[:5] {
		want = append(want, judging.Assignment{JudgeID: u.ID, IdeaID: a.ID})
	}
	if !slices.Equal(j.Acted, want) {
		t.Errorf("judges who acted on a: %v, want %v", j.Acted, want)
	}
	q, err := s.AssignmentsOf(ctx, users[5].ID)
	if err != nil || len(q) != 1 || q[0].Acted {
		t.Errorf("the queue of the judge who only skipped: %+v (%v), want a not acted on", q, err)
	}
	if q, err = s.AssignmentsOf(ctx, users[4].ID); err != nil || len(q) != 1 || !q[0].Acted {
		t.Errorf("the queue of the judge who chose a in a pair: %+v (%v), want a acted on", q, err)
	}
}

// On PostgreSQL a scorecard being saved on another node while the results
// are published is not lost between them: publishing waits for it, reads
// it, and answers results_changed. Unlocked, publishing read the cards
// before the scorecard committed, published a ranking without it, and the
// card landed after the results.
func TestPublishingWaitsForAScorecardBeingSaved(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c, a, b, judge := judgedFixture(t, s)
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := ranked(d, 1)
	inside, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free) // a failure below lets the scorecard finish before the stores close
	saved := make(chan error, 1)
	go func() {
		scores := map[string]float64{}
		for _, cr := range judging.DefaultRubric().Criteria {
			scores[cr.Key] = 7
		}
		saved <- other.SaveScorecard(ctx, judging.Scorecard{JudgeID: judge, IdeaID: a.ID, Scores: scores},
			func(bool, domain.Challenge, judging.Rubric, domain.Idea, bool) error {
				close(inside)
				<-release
				return nil
			})
	}()
	<-inside // the scorecard's transaction has read the challenge open
	done := make(chan error, 1)
	go func() { done <- publishRead(ctx, s, c, users[0].ID, d, p) }()
	waitForALockWaiter(t, s, done)
	free()
	finishes(t, saved, 1, "the scorecard")
	err = <-done
	if e := domain.AsError(err); e == nil || e.Code != "results_changed" {
		t.Fatalf("publishing while a scorecard was being saved: %v, want results_changed", err)
	}
	nothingPublished(t, s, c, a, b)
}

// On PostgreSQL a vote committed on another node while the results are
// being published is not left out of them: publishing locks the ranked
// ideas before it reads their tallies, so it reads the vote and answers
// results_changed. Unlocked, it read the tallies before the vote
// committed and published them without it, the vote counted in the
// idea's tally and not in the results.
func TestPublishingSeesAVoteCommittedWhileItRuns(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c, a, b, _ := judgedFixture(t, s)
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := ranked(d, 1)
	blocker := holdIdea(t, s, a.ID)
	voted := make(chan error, 1)
	go func() {
		_, err := other.Vote(ctx, users[2].ID, a.ID, allow)
		voted <- err
	}()
	waitForALockWaiter(t, s, voted)
	done := make(chan error, 1)
	go func() { done <- publishRead(ctx, s, c, users[0].ID, d, p) }()
	waitForLockWaiters(t, s, 2, done)
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, voted, 1, "the vote")
	err = <-done
	if e := domain.AsError(err); e == nil || e.Code != "results_changed" {
		t.Fatalf("publishing while a vote committed: %v, want results_changed", err)
	}
	nothingPublished(t, s, c, a, b)
	if d, err = s.Judging(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := publishRead(ctx, s, c, users[0].ID, d, ranked(d, 1)); err != nil {
		t.Fatalf("publishing read again: %v", err)
	}
	got, _, err := s.PublishedResults(ctx, c.ID)
	if err != nil || got.Crowd[a.ID].Votes != 1 {
		t.Errorf("published tallies %+v (%v); want a's vote in them", got.Crowd, err)
	}
}
