package domain

import "testing"

// Only a restore that found the results published (hidden to not
// selected) is worded as the results', not the moderator's.
func TestIdeaEventRestoredAfterResults(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    IdeaEvent
		want bool
	}{
		{"restored after the results", IdeaEvent{From: StateHidden, To: StateNotSelected}, true},
		{"restored before them", IdeaEvent{From: StateHidden, To: StateShortlisted}, false},
		{"not selected at publishing", IdeaEvent{From: StateShortlisted, To: StateNotSelected}, false},
		{"kept hidden", IdeaEvent{From: StateHidden, To: StateHidden}, false},
	} {
		if got := tc.e.RestoredAfterResults(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
