package domain

import (
	"testing"
	"time"
)

func TestCanChangeVoteRules(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	with := func(open time.Time, voters Voters, budget int) Challenge {
		c := Challenge{Rules: Rules{Voters: voters, VoteBudget: budget}}
		c.VotingOpenAt = &open
		return c
	}
	for _, tc := range []struct {
		name          string
		before, after Challenge
		code          string // "" allowed
	}{
		{"to confirmed accounts before voting", with(future, VotersSignedIn, 3), with(future, VotersVerified, 3), ""},
		{"budget shrinks before voting", with(future, VotersSignedIn, 3), with(future, VotersSignedIn, 1), ""},
		{"to confirmed accounts while voting", with(past, VotersSignedIn, 3), with(past, VotersVerified, 3), "voters_locked"},
		{"to everyone while voting", with(past, VotersVerified, 3), with(past, VotersSignedIn, 3), "voters_locked"},
		{"the default is signed in", with(past, "", 3), with(past, VotersSignedIn, 3), ""},
		{"voting opens this instant", with(now, VotersSignedIn, 3), with(now, VotersVerified, 3), "voters_locked"},
		{"budget shrinks while voting", with(past, VotersSignedIn, 3), with(past, VotersSignedIn, 2), "vote_budget_locked"},
		{"unlimited becomes a budget", with(past, VotersSignedIn, 0), with(past, VotersSignedIn, 5), "vote_budget_locked"},
		{"budget grows", with(past, VotersSignedIn, 3), with(past, VotersSignedIn, 4), ""},
		{"budget kept", with(past, VotersSignedIn, 3), with(past, VotersSignedIn, 3), ""},
		{"budget lifted", with(past, VotersSignedIn, 3), with(past, VotersSignedIn, 0), ""},
	} {
		err := CanChangeVoteRules(tc.before, tc.after, ChallengeActivity{}, now)
		got := ""
		if err != nil {
			got = err.(*Error).Code
			if f := err.(*Error).Field; f != map[string]string{"voters_locked": "voters", "vote_budget_locked": "vote_budget"}[got] || err.(*Error).Kind != KindConflict {
				t.Errorf("%s: field %q kind %v", tc.name, f, err.(*Error).Kind)
			}
		}
		if got != tc.code {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.code)
		}
	}
	results := with(future, VotersSignedIn, 3)
	results.ResultsAt = &past
	if CanChangeVoteRules(results, with(future, VotersVerified, 3), ChallengeActivity{}, now) == nil {
		t.Error("who may vote changed after results")
	}
}
