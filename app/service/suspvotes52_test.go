package service

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

// A suspension withdraws the account's votes where the vote is open: the
// idea's tally drops at once; a reinstatement gives none back, and the
// person may vote again while the vote is open.
func TestASuspensionWithdrawsVotesInOpenVotes(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	idea := w.idea(c.ID, "自清洁滚筒")
	farm, fan := w.fan(1), w.fan(2)
	if _, err := w.s.Vote(w.ctx, &farm, idea); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Vote(w.ctx, &fan, idea); err != nil {
		t.Fatal(err)
	}
	tally := func() int {
		t.Helper()
		i, err := w.s.store.Idea(w.ctx, idea)
		if err != nil {
			t.Fatal(err)
		}
		return i.Votes
	}
	if n := tally(); n != 2 {
		t.Fatalf("before: %d votes, want 2", n)
	}
	// A second challenge whose vote closes first: its tally is the
	// brand's, and stays.
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind := "已截止的挑战", "b", domain.OpenCall
	closing, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-2 * time.Hour), SubmissionsCloseAt: at(time.Hour),
		VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	shut := w.idea(closing.ID, "截止前的创意")
	if _, err := w.s.Vote(w.ctx, &farm, shut); err != nil {
		t.Fatal(err)
	}
	w.s.Now = func() time.Time { return now.Add(3 * time.Hour) } // its vote has closed; the first's is open
	if _, err := w.s.SetSuspended(w.ctx, &w.admin, farm.ID, true, "刷票 click farm"); err != nil {
		t.Fatal(err)
	}
	if n := tally(); n != 1 {
		t.Errorf("after the suspension: %d votes, want 1 (the suspended account's withdrawn)", n)
	}
	if voted, err := w.s.store.Voted(w.ctx, farm.ID, 0, []int64{idea}); err != nil || voted[idea] {
		t.Errorf("the suspended account's vote row stays (%v)", err)
	}
	if i, err := w.s.store.Idea(w.ctx, shut); err != nil || i.Votes != 1 {
		t.Errorf("the closed vote's tally after the suspension: %d (%v), want 1 (kept)", i.Votes, err)
	}
	reinstated, err := w.s.SetSuspended(w.ctx, &w.admin, farm.ID, false, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := tally(); n != 1 {
		t.Errorf("after the reinstatement: %d votes, want 1 (none given back)", n)
	}
	if _, err := w.s.Vote(w.ctx, &reinstated, idea); err != nil {
		t.Fatalf("voting again after the reinstatement: %v", err)
	}
	if n := tally(); n != 2 {
		t.Errorf("after voting again: %d votes, want 2", n)
	}
}
