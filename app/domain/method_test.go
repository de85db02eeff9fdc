package domain

import (
	"errors"
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
		err := CanChangeMethod(tc.before, tc.after, now)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && err.(*Error).Code != "voting_method_locked" {
			t.Errorf("%s: code %v", tc.name, err)
		}
	}
	results := with(MethodSupport, nil)
	results.ResultsAt = at(past)
	if CanChangeMethod(results, with(MethodStars, nil), now) == nil {
		t.Error("method changed after results")
	}
	closed := with(MethodSupport, nil)
	closed.ClosedAt = at(past)
	if CanChangeMethod(closed, with(MethodStars, nil), now) == nil {
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
