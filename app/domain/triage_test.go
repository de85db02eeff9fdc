package domain

import "testing"

func TestCanDecline(t *testing.T) {
	for _, tc := range []struct {
		state           State
		picked, project bool
		ok              bool
	}{
		{StateWinner, false, false, true},
		{StateSubmitted, true, false, true},
		{StateShortlisted, true, false, true},
		{StateNotSelected, true, false, true},
		{StateSubmitted, false, false, false},
		{StateShortlisted, false, false, false},
		{StateNotSelected, false, false, false},
		{StateWinner, false, true, false},
		{StateSubmitted, true, true, false},
		{StateHidden, true, false, false},
		{StateWithdrawn, true, false, false},
		{StateMerged, true, false, false},
	} {
		err := CanDecline(tc.state, tc.picked, tc.project)
		if (err == nil) != tc.ok {
			t.Errorf("CanDecline(%s, picked %v, project %v) = %v, want ok %v", tc.state, tc.picked, tc.project, err, tc.ok)
		}
		if e := AsError(err); err != nil && (e == nil || e.Kind != KindConflict || e.Code != "idea_not_in_triage") {
			t.Errorf("CanDecline(%s): %+v, want a 409 idea_not_in_triage", tc.state, err)
		}
	}
}

func TestJudgeable(t *testing.T) {
	for s, want := range map[State]string{
		StateShortlisted: "", StateWinner: "", StateNotSelected: "",
		StateSubmitted: "idea_not_shortlisted", StateExpired: "idea_not_shortlisted",
		StateHidden: "idea_not_judgeable", StateWithdrawn: "idea_not_judgeable", StateMerged: "idea_not_judgeable",
	} {
		got := ""
		if e := AsError(Judgeable(s)); e != nil {
			got = e.Code
		}
		if got != want {
			t.Errorf("Judgeable(%s) = %q, want %q", s, got, want)
		}
	}
}
