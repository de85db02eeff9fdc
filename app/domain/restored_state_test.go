package domain

import (
	"reflect"
	"testing"
	"time"
)

// A hidden idea is shown again in the state it had: a winner stays a
// winner; with nothing known (or only "hidden") it goes back to submitted.
func TestRestoredState(t *testing.T) {
	for _, tc := range []struct {
		prev string
		want State
	}{
		{"winner", StateWinner},
		{"shortlisted", StateShortlisted},
		{"not_selected", StateNotSelected},
		{"submitted", StateSubmitted},
		{"withdrawn", StateWithdrawn},
		{"hidden", StateSubmitted},
		{"", StateSubmitted},
		{"bogus", StateSubmitted},
	} {
		if got := RestoredState(tc.prev, false); got != tc.want {
			t.Errorf("RestoredState(%q) = %q, want %q", tc.prev, got, tc.want)
		}
	}
	// After the results: a shortlisted idea hidden through them was left
	// out, and comes back not selected; every other state as it was.
	for _, tc := range []struct {
		prev string
		want State
	}{
		{"shortlisted", StateNotSelected},
		{"winner", StateWinner},
		{"not_selected", StateNotSelected},
		{"submitted", StateSubmitted},
		{"hidden", StateSubmitted},
		{"", StateSubmitted},
	} {
		if got := RestoredState(tc.prev, true); got != tc.want {
			t.Errorf("after the results, RestoredState(%q) = %q, want %q", tc.prev, got, tc.want)
		}
	}
}

// An admin's hiding through an idea's edit tells the author with its
// reason when one was given, and without the reason's sentence when not;
// a restore tells them it is shown again, with or without a reason; a
// hiding of what was hidden already tells nobody.
func TestEditHiddenNotices(t *testing.T) {
	m := ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7, AuthorID: 3, Text: "静音 quiet"}
	for _, tc := range []struct {
		name              string
		wasHidden, hidden bool
		reason            string
		want              []Outgoing
	}{
		{"hidden with a reason", false, true, "抄袭", []Outgoing{{To: 3, Kind: NoticeHidden, URL: m.Link(), Args: []string{"静音 quiet", "抄袭"}}}},
		{"hidden without", false, true, "", []Outgoing{{To: 3, Kind: NoticeHiddenNoReason, URL: m.Link(), Args: []string{"静音 quiet"}}}},
		{"restored", true, false, "", []Outgoing{{To: 3, Kind: NoticeRestored, URL: m.Link(), Args: []string{"静音 quiet"}}}},
		{"restored with a reason", true, false, "误判", []Outgoing{{To: 3, Kind: NoticeRestored, URL: m.Link(), Args: []string{"静音 quiet"}}}},
		{"already hidden", true, true, "", nil},
	} {
		got := EditHiddenNotices(m, tc.wasHidden, tc.hidden, tc.reason)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// The report threshold's hiding is the history's one event with no one
// behind it and the reports' reason; a person's hiding with that word, a
// restore, or a threshold event of another kind is not.
func TestIdeaEventByReports(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    IdeaEvent
		want bool
	}{
		{"the threshold's hiding", IdeaEvent{From: StateSubmitted, To: StateHidden, Reason: ReportsReason}, true},
		{"a moderator who wrote the word", IdeaEvent{From: StateSubmitted, To: StateHidden, Actor: Author{ID: 2}, Reason: ReportsReason}, false},
		{"a hiding with another reason", IdeaEvent{From: StateSubmitted, To: StateHidden, Reason: "spam"}, false},
		{"not a hiding", IdeaEvent{From: StateHidden, To: StateSubmitted, Reason: ReportsReason}, false},
	} {
		if got := tc.e.ByReports(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A moderator's keeping a hidden idea hidden is hidden to hidden; a
// decline leaves a winner a winner, which is no such decision.
func TestIdeaEventKeptHidden(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    IdeaEvent
		want bool
	}{
		{"kept hidden", IdeaEvent{From: StateHidden, To: StateHidden}, true},
		{"a winner declined", IdeaEvent{From: StateWinner, To: StateWinner}, false},
		{"hidden", IdeaEvent{From: StateSubmitted, To: StateHidden}, false},
		{"restored", IdeaEvent{From: StateHidden, To: StateSubmitted}, false},
	} {
		if got := tc.e.KeptHidden(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The author waits for a moderator's look while the item is open in the
// queue because they asked, or because reports hid it.
func TestAwaitsDecision(t *testing.T) {
	for _, tc := range []struct {
		open, asked, auto, want bool
	}{
		{true, true, false, true},
		{true, false, true, true},
		{true, true, true, true},
		{true, false, false, false}, // reported, shown: no one waits on it
		{false, true, true, false},  // decided
		{false, false, false, false},
	} {
		if got := AwaitsDecision(tc.open, tc.asked, tc.auto); got != tc.want {
			t.Errorf("open %v, asked %v, auto %v: %v, want %v", tc.open, tc.asked, tc.auto, got, tc.want)
		}
	}
}

// A hiding gives votes back from the state the idea is shown in; kept
// hidden, from the state before its hiding (the threshold held them);
// never a restore, and never once voting is over.
func TestKeepHiddenReleases(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	voting := Challenge{Rules: Rules{VoteBudget: 2}, Schedule: Schedule{VotingOpenAt: at(-time.Hour), VotingCloseAt: at(time.Hour)}}
	over := Challenge{Rules: Rules{VoteBudget: 2}, Schedule: Schedule{VotingOpenAt: at(-2 * time.Hour), VotingCloseAt: at(-time.Hour)}}
	unlimited := voting
	unlimited.VoteBudget = 0
	for _, tc := range []struct {
		name          string
		c             Challenge
		state, before State
		hide, want    bool
	}{
		{"a shown idea hidden", voting, StateSubmitted, "", true, true},
		{"a report-hidden idea kept hidden", voting, StateHidden, StateSubmitted, true, true},
		{"kept hidden, withdrawn before", voting, StateHidden, StateWithdrawn, true, false},
		{"kept hidden, voting over", over, StateHidden, StateSubmitted, true, false},
		{"kept hidden, no budget", unlimited, StateHidden, StateSubmitted, true, false},
		{"a shown idea hidden, no budget", unlimited, StateSubmitted, "", true, false},
		{"a restore", voting, StateHidden, StateSubmitted, false, false},
		{"a dismissal of a shown idea", voting, StateSubmitted, "", false, false},
	} {
		if got := KeepHiddenReleases(tc.c, tc.state, tc.before, tc.hide, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
