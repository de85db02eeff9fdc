package domain

import (
	"testing"
	"time"
)

func TestReleasesVotes(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	voting := Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), VotingCloseAt: at(time.Hour)}}
	toCome := Challenge{Schedule: Schedule{SubmissionsOpenAt: at(-time.Hour), VotingOpenAt: at(time.Hour)}}
	noVote := Challenge{Schedule: Schedule{SubmissionsOpenAt: at(-time.Hour)}}
	voteClosed := Challenge{Schedule: Schedule{VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(-time.Hour)}}
	results := Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), ResultsAt: at(-time.Minute)}}
	closed := Challenge{Schedule: Schedule{VotingOpenAt: at(-time.Hour), ClosedAt: at(-time.Minute)}}
	for _, tc := range []struct {
		name     string
		c        Challenge
		from, to State
		want     bool
	}{
		{"withdrawn while voting", voting, StateSubmitted, StateWithdrawn, true},
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
