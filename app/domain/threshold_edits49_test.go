package domain

import (
	"reflect"
	"testing"
	"time"
)

// An idea's days run from its submission or from the opening of the vote,
// whichever is later: with separate windows, ideas submitted before fans
// may vote do not expire before anyone could back them.
func TestThresholdClockStartsWhenVotingOpens(t *testing.T) {
	day := 24 * time.Hour
	born := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	opens := born.Add(10 * day)
	call := func(open *time.Time, days int) Challenge {
		c := thresholdCall(10, days)
		c.VotingOpenAt = open
		return c
	}
	at := func(t time.Time) *time.Time { return &t }
	idea := Idea{ID: 1, State: StateSubmitted, Votes: 0, CreatedAt: born}
	for _, tc := range []struct {
		name     string
		c        Challenge
		deadline time.Time // zero: none
	}{
		{"vote opened before the idea", call(at(born.Add(-day)), 3), born.Add(3 * day)},
		{"vote opens with the idea", call(at(born), 3), born.Add(3 * day)},
		{"vote opens after the idea", call(at(opens), 3), opens.Add(3 * day)},
		{"vote opens a millisecond after", call(at(born.Add(time.Millisecond)), 1), born.Add(day + time.Millisecond)},
		{"no vote scheduled", call(nil, 3), time.Time{}},
		{"one day", call(at(opens), 1), opens.Add(day)},
		{"no time limit", call(at(opens), 0), time.Time{}},
		{"no threshold", func() Challenge { c := call(at(opens), 3); c.SupportThreshold = 0; return c }(), time.Time{}},
	} {
		d, ok := ThresholdDeadline(tc.c, idea)
		if ok != !tc.deadline.IsZero() || !d.Equal(tc.deadline) {
			t.Errorf("%s: deadline %v %v, want %v", tc.name, d, ok, tc.deadline)
		}
	}

	// Separate windows: submissions open first, the vote ten days later.
	c := call(at(opens), 3)
	for _, tc := range []struct {
		name    string
		now     time.Time
		expires bool
		left    int
	}{
		{"the idea's own days pass before the vote", born.Add(3 * day), false, 10},
		{"the day before the vote opens", opens.Add(-time.Millisecond), false, 4},
		{"the vote opens", opens, false, 3},
		{"a millisecond before its days end", opens.Add(3*day - time.Millisecond), false, 1},
		{"its days after the vote end", opens.Add(3 * day), true, 0},
	} {
		if got := Expires(c, idea, 0, tc.now); got != tc.expires {
			t.Errorf("%s: expires %v", tc.name, got)
		}
		if got := Racing(c, idea, tc.now); got == tc.expires {
			t.Errorf("%s: racing %v", tc.name, got)
		}
		p, ok := Progress(c, idea, tc.now)
		if !ok || p.DaysLeft != tc.left || p.Missed != tc.expires || !p.Deadline.Equal(opens.Add(3*day)) {
			t.Errorf("%s: progress %+v %v, want %d days left", tc.name, p, ok, tc.left)
		}
	}
	// With no vote scheduled nothing expires, however long it waits.
	if Expires(call(nil, 3), idea, 0, born.Add(365*day)) {
		t.Error("an idea expired with no vote scheduled")
	}
}

// An expired idea's fans are told it expired, not that it was withdrawn
// or hidden, once each, with the challenge to spend the vote in.
func TestExpiredVotesReturnedNotices(t *testing.T) {
	idea := Idea{ID: 7, ChallengeID: 2, Title: "免清洗内筒", Author: Author{ID: 3}}
	got := ExpiredVotesReturnedNotices(idea, []int64{5, 0, 6, 5})
	want := []Outgoing{
		{To: 5, Kind: NoticeReturnedExpired, URL: "/challenges/2", Args: []string{"免清洗内筒"}},
		{To: 6, Kind: NoticeReturnedExpired, URL: "/challenges/2", Args: []string{"免清洗内筒"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("told %+v", got)
	}
	if NoticeReturnedExpired == NoticeVoteReturned || EmailGroup(NoticeReturnedExpired) != EmailGroup(NoticeVoteReturned) {
		t.Error("the expiry's notice should be its own kind, mailed as a vote given back is")
	}
}
