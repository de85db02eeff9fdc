package domain

import (
	"testing"
	"time"
)

func TestReleasesVotes(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	budget := func(c Challenge, n int) Challenge { c.VoteBudget = n; return c }
	unlimited := Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), VotingCloseAt: at(time.Hour)}}
	voting := budget(unlimited, 3)
	oneVote := budget(unlimited, 1)
	toCome := budget(Challenge{Schedule: Schedule{SubmissionsOpenAt: at(-time.Hour), VotingOpenAt: at(time.Hour)}}, 3)
	noVote := budget(Challenge{Schedule: Schedule{SubmissionsOpenAt: at(-time.Hour)}}, 3)
	voteClosed := budget(Challenge{Schedule: Schedule{VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(-time.Hour)}}, 3)
	results := budget(Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), ResultsAt: at(-time.Minute)}}, 3)
	closed := budget(Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), ClosedAt: at(-time.Minute)}}, 3)
	for _, tc := range []struct {
		name     string
		c        Challenge
		from, to State
		want     bool
	}{
		{"withdrawn while voting", voting, StateSubmitted, StateWithdrawn, true},
		{"hidden while voting, a budget of one", oneVote, StateSubmitted, StateHidden, true},
		{"hidden while voting, no budget: the votes stay", unlimited, StateSubmitted, StateHidden, false},
		{"withdrawn while voting, no budget", unlimited, StateSubmitted, StateWithdrawn, false},
		{"expired while voting, no budget", unlimited, StateSubmitted, StateExpired, false},
		{"expired while voting", voting, StateSubmitted, StateExpired, true},
		{"a budget below zero is none", budget(unlimited, -1), StateSubmitted, StateHidden, false},
		{"hidden while voting", voting, StateSubmitted, StateHidden, true},
		{"shortlisted idea hidden while voting", voting, StateShortlisted, StateHidden, true},
		{"withdrawn before the vote opens", toCome, StateSubmitted, StateWithdrawn, true},
		{"hidden in a challenge without a vote", noVote, StateSubmitted, StateHidden, true},
		{"merged: votes move, not released", voting, StateSubmitted, StateMerged, false},
		{"restored", voting, StateHidden, StateSubmitted, false},
		{"listed to listed", voting, StateSubmitted, StateShortlisted, false},
		{"no change", voting, StateHidden, StateHidden, false},
		{"unlisted to unlisted", voting, StateHidden, StateWithdrawn, false},
		{"hidden after voting closed", voteClosed, StateSubmitted, StateHidden, false},
		{"hidden after results", results, StateWinner, StateHidden, false},
		{"hidden after the challenge closed", closed, StateSubmitted, StateHidden, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReleasesVotes(tc.c, tc.from, tc.to, now); got != tc.want {
				t.Errorf("ReleasesVotes(%s → %s) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// A moderator is told how many votes a hiding gives back: every vote the
// idea holds, counted or under review, where a budget spends them and
// voting is on; none otherwise. An idea the reports hid holds its votes
// until the moderator keeps it hidden, which gives them back as a hiding
// from the state it was hidden from would.
func TestHideGivesBack(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	voting := Challenge{Rules: Rules{VoteBudget: 3}, Schedule: Schedule{VotingOpenAt: at(-time.Hour), VotingCloseAt: at(time.Hour)}}
	unlimited := voting
	unlimited.VoteBudget = 0
	over := voting
	over.VotingCloseAt = at(-time.Minute)
	idea := func(s State, votes, held int) Idea { return Idea{State: s, Votes: votes, VotesUnderReview: held} }
	for _, tc := range []struct {
		name   string
		c      Challenge
		idea   Idea
		before State
		want   int
	}{
		{"listed, a budget, voting", voting, idea(StateSubmitted, 7, 0), "", 7},
		{"votes under review go back too", voting, idea(StateShortlisted, 5, 2), "", 7},
		{"no budget: the votes stay", unlimited, idea(StateSubmitted, 7, 0), "", 0},
		{"voting over", over, idea(StateSubmitted, 7, 0), "", 0},
		{"withdrawn", voting, idea(StateWithdrawn, 7, 0), "", 0},
		{"no votes", voting, idea(StateSubmitted, 0, 0), "", 0},
		{"a listed idea: before is not read", voting, idea(StateSubmitted, 7, 0), StateWithdrawn, 7},
		{"hidden by reports from the lists: kept hidden, its votes go", voting, idea(StateHidden, 7, 0), StateSubmitted, 7},
		{"hidden by reports from the shortlist, with votes under review", voting, idea(StateHidden, 4, 1), StateShortlisted, 5},
		{"hidden by reports, no budget: the votes stay", unlimited, idea(StateHidden, 7, 0), StateSubmitted, 0},
		{"hidden by reports, kept hidden after the vote", over, idea(StateHidden, 7, 0), StateSubmitted, 0},
		{"hidden when withdrawn: its votes were never counted", voting, idea(StateHidden, 7, 0), StateWithdrawn, 0},
		{"hidden, no state before known", voting, idea(StateHidden, 7, 0), "", 0},
	} {
		if got := HideGivesBack(tc.c, tc.idea, tc.before, now); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestCanWithdrawHeld(t *testing.T) {
	stars := openCall()
	stars.VotingMethod = MethodStars
	for _, tt := range []struct {
		name  string
		state State
		c     Challenge
		now   time.Time
		want  wantErr
	}{
		{"hidden by reports, vote open", StateHidden, openCall(), votingOnly, noErr},
		{"hidden, while submissions also open", StateHidden, openCall(), bothOpen, noErr},
		{"hidden, vote not open yet", StateHidden, openCall(), subsOnly, conflict("voting_closed")},
		{"hidden, vote closed", StateHidden, openCall(), judgingTime, conflict("voting_closed")},
		{"hidden, stars challenge", StateHidden, stars, votingOnly, conflict("wrong_voting_method")},
		{"a listed idea is not held", StateSubmitted, openCall(), votingOnly, conflict("idea_not_votable")},
		{"a withdrawn idea is not held", StateWithdrawn, openCall(), votingOnly, conflict("idea_not_votable")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, CanWithdrawHeld(ideaIn(tt.state), tt.c, tt.now), tt.want)
		})
	}
}
