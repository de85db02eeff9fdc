package domain

import "testing"

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
		if got := RestoredState(tc.prev); got != tc.want {
			t.Errorf("RestoredState(%q) = %q, want %q", tc.prev, got, tc.want)
		}
	}
}
