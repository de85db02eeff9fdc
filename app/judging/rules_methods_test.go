package judging

import (
	"testing"

	"cocreate/app/domain"
)

// In a stars or pairwise challenge nobody has votes: the shortlist takes
// the top by the method's own measure, the older idea first on a tie.
func TestShortlistByTheMethodsMeasure(t *testing.T) {
	entrants := []Entrant{
		{ID: 1, State: domain.StateSubmitted, Score: 3.1},
		{ID: 2, State: domain.StateSubmitted, Score: 3.9},
		{ID: 3, State: domain.StateSubmitted, Score: 3.5},
		{ID: 4, State: domain.StateSubmitted, Score: 3.5},
		{ID: 5, State: domain.StateHidden, Score: 4.9},
	}
	got, err := Shortlist(entrants, 3, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !got[2] || !got[3] || !got[4] {
		t.Errorf("top 3 by score: %v", got)
	}
	got, _ = Shortlist(entrants, 2, nil, nil)
	if len(got) != 2 || !got[2] || !got[3] {
		t.Errorf("a tie goes to the older idea: %v", got)
	}
	// Votes still come first where there are any.
	entrants[0].Votes = 1
	got, _ = Shortlist(entrants, 1, nil, nil)
	if !got[1] {
		t.Errorf("votes first: %v", got)
	}
}
