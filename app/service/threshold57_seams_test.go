//go:build cocreate_seams

package service

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
)

// The vote that reaches its challenge's supporter threshold shortlists its
// idea at once even when the voter's request ends right after the store
// committed the vote (the seam after VoteWith cancels it): the vote is
// acknowledged with its tally and the idea, read back from the store, is
// shortlisted and qualified, no sweep run. The store refuses a write whose
// context has ended, so without the settling's context.WithoutCancel the
// vote would answer an error and leave the idea to the sweep.
func TestSeams57AThresholdVoteShortlistsThoughItsRequestEnded(t *testing.T) {
	w := newWorld(t)
	const threshold = 3
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind, th, days := "洗衣机二次污染", "**Help**", domain.OpenCall, threshold, 7
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(-time.Hour), VotingCloseAt: at(72 * time.Hour),
		DemandInput: domain.DemandInput{SupportThreshold: &th, ThresholdDays: &days}})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Thresholded() {
		t.Fatalf("the challenge has no supporter threshold: %+v", c.DemandRules)
	}
	ideaID := w.idea(c.ID, "自动投放洗衣液 auto-dosing")
	for i := 1; i < threshold; i++ {
		fan := w.fan(i)
		if _, err := w.s.Vote(w.ctx, &fan, ideaID); err != nil {
			t.Fatal(err)
		}
	}
	if idea, err := w.s.store.Idea(w.ctx, ideaID); err != nil || idea.State != domain.StateSubmitted {
		t.Fatalf("one vote below the threshold the idea is %q (%v), want %q", idea.State, err, domain.StateSubmitted)
	}

	last := w.fan(threshold)
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	ended := false
	w.s.seams.afterVote = func(vctx context.Context) {
		cancel()
		ended = vctx.Err() != nil
	}
	votes, err := w.s.Vote(ctx, &last, ideaID)
	w.s.seams.afterVote = nil
	if !ended {
		t.Fatal("the seam after the vote did not end the vote's request")
	}
	if err != nil || votes != threshold {
		t.Errorf("the last vote: %d votes, %v; want %d and no error", votes, err, threshold)
	}
	idea, err := w.s.store.Idea(w.ctx, ideaID)
	if err != nil {
		t.Fatal(err)
	}
	if idea.State != domain.StateShortlisted || idea.QualifiedAt == nil || idea.Votes != threshold {
		t.Errorf("after the last vote the idea is %q with %d votes, qualified at %v; want %q, %d votes, qualified",
			idea.State, idea.Votes, idea.QualifiedAt, domain.StateShortlisted, threshold)
	}
}
