package domain

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestParseMethod(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Method
		ok   bool
	}{
		{"", MethodSupport, true},
		{"support", MethodSupport, true},
		{"stars", MethodStars, true},
		{"pairwise", MethodPairwise, true},
		{"Stars", "", false},
		{"elo", "", false},
	} {
		got, err := ParseMethod(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseMethod(%q) = %q, %v", tc.in, got, err)
		}
		if !tc.ok {
			var e *Error
			if !errors.As(err, &e) || e.Field != "voting_method" {
				t.Errorf("ParseMethod(%q): error %v names no field voting_method", tc.in, err)
			}
		}
	}
}

func TestChallengeMethodDefaultsToSupport(t *testing.T) {
	if (Challenge{}).Method() != MethodSupport {
		t.Error("a challenge without a method is not support")
	}
	c := NewChallenge()
	if c.VotingMethod != MethodSupport {
		t.Errorf("NewChallenge method %q", c.VotingMethod)
	}
	c.VotingMethod = MethodStars
	if c.Method() != MethodStars {
		t.Error("Method ignores the set method")
	}
	c.Title = "t"
	c.VotingMethod = "elo"
	if err := c.Validate(); err == nil {
		t.Error("Validate accepts an unknown method")
	}
	c.VotingMethod = ""
	if err := c.Validate(); err != nil {
		t.Errorf("Validate refuses the default method: %v", err)
	}
	m := " pairwise "
	ChallengeInput{VotingMethod: &m}.Apply(&c)
	if c.VotingMethod != MethodPairwise {
		t.Errorf("Apply: %q", c.VotingMethod)
	}
}

func TestCanChangeMethod(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	at := func(t time.Time) *time.Time { return &t }
	with := func(m Method, open *time.Time) Challenge {
		c := Challenge{Rules: Rules{VotingMethod: m}}
		c.VotingOpenAt = open
		return c
	}
	for _, tc := range []struct {
		name          string
		before, after Challenge
		ok            bool
	}{
		{"same method while voting", with(MethodStars, at(past)), with(MethodStars, at(past)), true},
		{"unset is support", with("", at(past)), with(MethodSupport, at(past)), true},
		{"before voting is scheduled", with(MethodSupport, nil), with(MethodStars, nil), true},
		{"before voting opens", with(MethodSupport, at(future)), with(MethodPairwise, at(future)), true},
		{"voting opens this instant", with(MethodSupport, at(now)), with(MethodPairwise, at(now)), false},
		{"voting open", with(MethodSupport, at(past)), with(MethodStars, at(past)), false},
		{"opening voting in the same edit", with(MethodSupport, at(future)), with(MethodStars, at(past)), false},
		{"postponing voting in the same edit", with(MethodSupport, at(past)), with(MethodStars, at(future)), false},
	} {
		err := CanChangeMethod(tc.before, tc.after, ChallengeActivity{}, now)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && err.(*Error).Code != "voting_method_locked" {
			t.Errorf("%s: code %v", tc.name, err)
		}
	}
	results := with(MethodSupport, nil)
	results.ResultsAt = at(past)
	if CanChangeMethod(results, with(MethodStars, nil), ChallengeActivity{}, now) == nil {
		t.Error("method changed after results")
	}
	closed := with(MethodSupport, nil)
	closed.ClosedAt = at(past)
	if CanChangeMethod(closed, with(MethodStars, nil), ChallengeActivity{}, now) == nil {
		t.Error("method changed on a closed challenge")
	}
}

func TestRequireMethodAndVotes(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	open := now.Add(-time.Hour)
	c := Challenge{Schedule: Schedule{VotingOpenAt: &open}}
	if err := RequireMethod(c, MethodSupport); err != nil {
		t.Errorf("default challenge refuses support: %v", err)
	}
	c.VotingMethod = MethodStars
	err := RequireMethod(c, MethodSupport)
	var e *Error
	if !errors.As(err, &e) || e.Code != "wrong_voting_method" || e.Kind != KindConflict {
		t.Errorf("support act on stars: %v", err)
	}
	fan := &User{ID: 1}
	idea := Idea{State: StateSubmitted}
	if err := CanVote(fan, idea, c, now, 0); err == nil || err.(*Error).Code != "wrong_voting_method" {
		t.Errorf("a support vote on a stars challenge: %v", err)
	}
	c.VotingMethod = MethodSupport
	if err := CanVote(fan, idea, c, now, 0); err != nil {
		t.Errorf("a support vote: %v", err)
	}
}

func TestCrowdScoreIsTheMethodsMeasure(t *testing.T) {
	idea := Idea{Votes: 7, RankScore: 3.25}
	for _, tc := range []struct {
		m    Method
		want float64
	}{{"", 7}, {MethodSupport, 7}, {MethodStars, 3.25}, {MethodPairwise, 3.25}} {
		idea.Method = tc.m
		if got := CrowdScore(idea); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.m, got, tc.want)
		}
	}
}

func TestStartingScoreAndListSort(t *testing.T) {
	for _, tc := range []struct {
		m           Method
		score, rank float64
		top         Sort
	}{
		{MethodSupport, 0, 0, SortTop},
		{MethodStars, 0, StarsPriorMean, SortScore},
		{MethodPairwise, 50, 50, SortScore},
	} {
		c := Challenge{Rules: Rules{VotingMethod: tc.m}}
		if s, r := c.StartingScore(); s != tc.score || r != tc.rank {
			t.Errorf("%s: starting %v %v", tc.m, s, r)
		}
		if got := c.ListSort(SortTop); got != tc.top {
			t.Errorf("%s: top lists by %s", tc.m, got)
		}
		if got := c.ListSort(SortHot); got != SortHot {
			t.Errorf("%s: hot lists by %s", tc.m, got)
		}
	}
	if CursorFor(SortScore, Idea{ID: 4, RankScore: 3.5}) != (Cursor{Key: 3.5, ID: 4}) {
		t.Error("the score cursor is not the rank score")
	}
}

func TestStarsRules(t *testing.T) {
	for stars, ok := range map[int]bool{0: false, 1: true, 3: true, 5: true, 6: false, -1: false} {
		if err := ValidStars(stars); (err == nil) != ok {
			t.Errorf("ValidStars(%d): %v", stars, err)
		}
	}
	if AverageStars(0, 0) != 0 || AverageStars(9, 2) != 4.5 {
		t.Error("AverageStars")
	}
	// The worked example of the README and the results page.
	one, hundred := BayesianStars(5, 1), BayesianStars(400, 100)
	if one >= hundred || math.Abs(one-20.0/6) > 1e-12 || math.Abs(hundred-415.0/105) > 1e-12 {
		t.Errorf("one 5-star %v, a hundred 4-star %v", one, hundred)
	}
	if BayesianStars(0, 0) != StarsPriorMean {
		t.Error("an unrated idea is not at the prior")
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	open, closeAt := now.Add(-time.Hour), now.Add(time.Hour)
	c := Challenge{Schedule: Schedule{VotingOpenAt: &open, VotingCloseAt: &closeAt}, Rules: Rules{VotingMethod: MethodStars}}
	fan := &User{ID: 1}
	listed := Idea{State: StateSubmitted}
	code := func(err error) string {
		if e := AsError(err); e != nil {
			return e.Code
		}
		return ""
	}
	for _, tc := range []struct {
		name string
		u    *User
		idea Idea
		c    Challenge
		at   time.Time
		want string
	}{
		{"open", fan, listed, c, now, ""},
		{"hidden", fan, Idea{State: StateHidden}, c, now, "idea_not_votable"},
		{"closed", fan, listed, c, closeAt, "voting_closed"},
		{"not selected while the vote reads open", fan, Idea{State: StateNotSelected}, c, now, "voting_closed"},
		{"support", fan, listed, Challenge{Schedule: c.Schedule}, now, "wrong_voting_method"},
	} {
		if got := code(CanRate(tc.u, tc.idea, tc.c, tc.at)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if e := AsError(CanRate(nil, listed, c, now)); e == nil || e.Kind != KindUnauthorized {
		t.Errorf("a visitor rates: %v", e)
	}
}

// The page counts what the method counts, and nothing for a blind judge.
func TestCrowdOf(t *testing.T) {
	for _, tc := range []struct {
		method Method
		mask   IdeaMask
		want   Crowd
	}{
		{"", IdeaMask{}, Crowd{"votes", 7}},
		{MethodSupport, IdeaMask{Author: true}, Crowd{"votes", 7}},
		{MethodStars, IdeaMask{}, Crowd{"ratings", 11}},
		{MethodStars, IdeaMask{Author: true}, Crowd{"ratings", 11}},
		{MethodPairwise, IdeaMask{}, Crowd{"comparisons", 13}},
		{MethodSupport, IdeaMask{Votes: true}, Crowd{}},
		{MethodStars, IdeaMask{Author: true, Votes: true}, Crowd{}},
		{MethodPairwise, IdeaMask{Votes: true}, Crowd{}},
	} {
		c := Challenge{Rules: Rules{VotingMethod: tc.method}}
		if got := CrowdOf(c, tc.mask, 7, 11, 13); got != tc.want {
			t.Errorf("%q, mask %s: %+v, want %+v", tc.method, tc.mask, got, tc.want)
		}
	}
}

func TestMethodLocked(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	for _, tc := range []struct {
		name                  string
		open, results, closed *time.Time
		want                  bool
	}{
		{"nothing scheduled", nil, nil, nil, false},
		{"voting ahead", &future, nil, nil, false},
		{"voting opens this instant", &now, nil, nil, true},
		{"voting open", &past, nil, nil, true},
		{"results out", nil, &past, nil, true},
		{"results ahead", nil, &future, nil, false},
		{"closed", nil, nil, &past, true},
		{"closing ahead", nil, nil, &future, false},
	} {
		c := Challenge{}
		c.VotingOpenAt, c.ResultsAt, c.ClosedAt = tc.open, tc.results, tc.closed
		if got := MethodLocked(c, now); got != tc.want {
			t.Errorf("%s: locked %v", tc.name, got)
		}
	}
}
