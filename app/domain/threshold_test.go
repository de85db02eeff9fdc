package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestExpiredStateRules(t *testing.T) {
	for _, tc := range []struct {
		s               State
		listed, votable bool
	}{
		{StateSubmitted, true, true},
		{StateShortlisted, true, true},
		{StateWinner, true, true},
		{StateNotSelected, true, true},
		{StateExpired, false, false},
		{StateHidden, false, false},
		{StateMerged, false, false},
		{StateWithdrawn, false, false},
	} {
		if tc.s.Listed() != tc.listed || tc.s.Votable() != tc.votable {
			t.Errorf("%s: listed %v votable %v, want %v %v", tc.s, tc.s.Listed(), tc.s.Votable(), tc.listed, tc.votable)
		}
	}
	// An expired idea's page stays: anyone who may see the challenge sees it.
	if !IdeaOpenTo(nil, Idea{State: StateExpired}) {
		t.Error("an expired idea's page should stay open")
	}
}

func TestThresholds(t *testing.T) {
	day := 24 * time.Hour
	born := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	idea := func(state State, votes int) Idea {
		return Idea{ID: 1, State: state, Votes: votes, CreatedAt: born}
	}
	call := thresholdCall(10, 30)
	deadline := born.Add(30 * day)
	before, at := deadline.Add(-time.Millisecond), deadline
	poll := poll()
	poll.SupportThreshold = 10 // not valid in a poll, and not acted on
	for _, tc := range []struct {
		name              string
		c                 Challenge
		idea              Idea
		votes             int
		now               time.Time
		racing, qualifies bool
		expires, reached  bool
	}{
		{"reached in time", call, idea(StateSubmitted, 9), 10, before, true, true, false, true},
		{"above in time", call, idea(StateSubmitted, 9), 11, born, true, true, false, true},
		{"short in time", call, idea(StateSubmitted, 9), 9, before, true, false, false, false},
		{"reached at the deadline", call, idea(StateSubmitted, 9), 10, at, false, false, false, true},
		{"short at the deadline", call, idea(StateSubmitted, 9), 9, at, false, false, true, false},
		{"short after", call, idea(StateSubmitted, 0), 0, at.Add(day), false, false, true, false},
		{"already shortlisted", call, idea(StateShortlisted, 9), 10, before, false, false, false, false},
		{"shortlisted short after", call, idea(StateShortlisted, 1), 1, at, false, false, false, false},
		{"hidden short after", call, idea(StateHidden, 1), 1, at, false, false, false, false},
		{"no limit, reached late", thresholdCall(10, 0), idea(StateSubmitted, 9), 10, at.Add(365 * day), true, true, false, true},
		{"no limit, short late", thresholdCall(10, 0), idea(StateSubmitted, 9), 9, at.Add(365 * day), true, false, false, false},
		// Taken off the shortlist by the organiser after qualifying: the
		// race is over, it neither qualifies again nor expires.
		{"qualified, taken off, reached", call, qualifiedOnce(idea(StateSubmitted, 9)), 10, before, false, false, false, false},
		{"qualified, taken off, short after", call, qualifiedOnce(idea(StateSubmitted, 1)), 1, at, false, false, false, false},
		// Results published: the ranking is final.
		{"results published, reached", published(call), idea(StateSubmitted, 9), 10, before, false, false, false, false},
		{"results published, short after", published(call), idea(StateSubmitted, 1), 1, at, false, false, false, false},
		{"no threshold", thresholdCall(0, 0), idea(StateSubmitted, 9), 10, before, false, false, false, false},
		{"a poll", poll, idea(StateSubmitted, 9), 10, before, false, false, false, false},
		{"pairwise", func() Challenge { c := thresholdCall(10, 30); c.VotingMethod = MethodPairwise; return c }(), idea(StateSubmitted, 9), 10, before, false, false, false, false},
	} {
		if got := Racing(tc.c, tc.idea, tc.now); got != tc.racing {
			t.Errorf("%s: racing %v", tc.name, got)
		}
		if got := Qualifies(tc.c, tc.idea, tc.votes, tc.now); got != tc.qualifies {
			t.Errorf("%s: qualifies %v", tc.name, got)
		}
		if got := RaceOf(tc.c, tc.idea, tc.now); got.On != tc.racing || got.Threshold != tc.c.SupportThreshold || got.Qualifies(tc.votes) != tc.qualifies {
			t.Errorf("%s: race %+v, qualifies %v", tc.name, got, got.Qualifies(tc.votes))
		}
		if got := Expires(tc.c, tc.idea, tc.votes, tc.now); got != tc.expires {
			t.Errorf("%s: expires %v", tc.name, got)
		}
		if got := Reached(tc.c, tc.idea, tc.votes); got != tc.reached {
			t.Errorf("%s: reached %v", tc.name, got)
		}
		tc.idea.Votes = tc.votes
		want := ""
		if tc.expires {
			want = "/threshold_missed"
		}
		if got := field(CanSupportInTime(tc.c, tc.idea, tc.now)); got != want {
			t.Errorf("%s: CanSupportInTime %q", tc.name, got)
		}
	}
	if d, ok := ThresholdDeadline(call, idea(StateSubmitted, 0)); !ok || !d.Equal(deadline) {
		t.Errorf("deadline %v %v", d, ok)
	}
}

func TestProgress(t *testing.T) {
	day := 24 * time.Hour
	born := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	deadline := born.Add(30 * day)
	qualified := born.Add(day)
	call := thresholdCall(10, 30)
	for _, tc := range []struct {
		name string
		c    Challenge
		idea Idea
		now  time.Time
		want ThresholdProgress
		ok   bool
	}{
		{"racing", call, Idea{State: StateSubmitted, Votes: 4, CreatedAt: born}, born.Add(10 * day),
			ThresholdProgress{Votes: 4, Threshold: 10, Percent: 40, Deadline: deadline, DaysLeft: 20}, true},
		{"a day and a second left", call, Idea{State: StateSubmitted, Votes: 0, CreatedAt: born}, deadline.Add(-day - time.Second),
			ThresholdProgress{Votes: 0, Threshold: 10, Percent: 0, Deadline: deadline, DaysLeft: 2}, true},
		{"exactly a day left", call, Idea{State: StateSubmitted, Votes: 0, CreatedAt: born}, deadline.Add(-day),
			ThresholdProgress{Votes: 0, Threshold: 10, Percent: 0, Deadline: deadline, DaysLeft: 1}, true},
		{"reached", call, Idea{State: StateShortlisted, Votes: 12, CreatedAt: born, QualifiedAt: &qualified}, born.Add(2 * day),
			ThresholdProgress{Votes: 12, Threshold: 10, Percent: 100, Deadline: deadline, Reached: true}, true},
		{"past, not yet swept", call, Idea{State: StateSubmitted, Votes: 3, CreatedAt: born}, deadline,
			ThresholdProgress{Votes: 3, Threshold: 10, Percent: 30, Deadline: deadline, Missed: true}, true},
		{"expired", call, Idea{State: StateExpired, Votes: 3, CreatedAt: born}, deadline.Add(day),
			ThresholdProgress{Votes: 3, Threshold: 10, Percent: 30, Deadline: deadline, Missed: true}, true},
		{"no time limit", thresholdCall(10, 0), Idea{State: StateSubmitted, Votes: 5, CreatedAt: born}, deadline,
			ThresholdProgress{Votes: 5, Threshold: 10, Percent: 50}, true},
		{"no threshold", thresholdCall(0, 0), Idea{State: StateSubmitted, Votes: 5, CreatedAt: born}, deadline,
			ThresholdProgress{}, false},
		{"votes masked (a blind judge)", call, Idea{State: StateSubmitted, Votes: -1, CreatedAt: born}, born.Add(10 * day),
			ThresholdProgress{}, false},
	} {
		got, ok := Progress(tc.c, tc.idea, tc.now)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v %v\nwant %+v", tc.name, got, ok, tc.want)
		}
	}
}

func TestThresholdNotices(t *testing.T) {
	got := QualifiedNotices(5, "净水", Audience{Author: 1, Voters: []int64{2, 1, 3}})
	want := []Outgoing{
		{To: 1, Kind: NoticeQualified, URL: "/ideas/5", Args: []string{"净水"}},
		{To: 2, Kind: NoticeQualifiedSupporter, URL: "/ideas/5", Args: []string{"净水"}},
		{To: 3, Kind: NoticeQualifiedSupporter, URL: "/ideas/5", Args: []string{"净水"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("qualified: %+v", got)
	}
	if got := ExpiredNotice(5, 1, "净水"); !reflect.DeepEqual(got, Outgoing{To: 1, Kind: NoticeExpired, URL: "/ideas/5", Args: []string{"净水"}}) {
		t.Errorf("expired: %+v", got)
	}
}

func qualifiedOnce(i Idea) Idea {
	at := i.CreatedAt.Add(time.Hour)
	i.QualifiedAt = &at
	return i
}

func published(c Challenge) Challenge {
	at := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	c.ResultsAt = &at
	return c
}
