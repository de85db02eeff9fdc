package domain

import (
	"reflect"
	"testing"
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
