package domain

import "testing"

// Why a reader sees no author: blind judging when the mask hides the
// votes too, anonymity until the results when it hides the author alone.
func TestAuthorHiddenBy(t *testing.T) {
	for _, tc := range []struct {
		m    IdeaMask
		want string
	}{
		{IdeaMask{}, ""},
		{IdeaMask{Votes: true}, ""},
		{IdeaMask{Author: true}, HiddenUntilResults},
		{IdeaMask{Author: true, Votes: true}, HiddenForBlindJudging},
	} {
		if got := AuthorHiddenBy(tc.m); got != tc.want {
			t.Errorf("AuthorHiddenBy(%+v) = %q, want %q", tc.m, got, tc.want)
		}
	}
	// MaskFor's blind judge is told apart from a fan of an anonymous
	// challenge.
	anon := Challenge{Rules: Rules{AnonymousUntilResults: true}}
	if got := AuthorHiddenBy(MaskFor(&User{ID: 2}, anon, false)); got != HiddenUntilResults {
		t.Errorf("a fan of an anonymous challenge: %q", got)
	}
	if got := AuthorHiddenBy(MaskFor(&User{ID: 2}, Challenge{}, true)); got != HiddenForBlindJudging {
		t.Errorf("a blind judge: %q", got)
	}
}
