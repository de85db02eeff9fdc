package domain

import "testing"

func TestCheckReviewAgain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		actions []string // newest first
		code    string
	}{
		{"never decided", nil, ""},
		{"hidden by reports", []string{"auto_hide"}, ""},
		{"hidden by a moderator", []string{"hide"}, ""},
		{"a request waits", []string{"review", "auto_hide"}, ""},
		{"kept hidden on review", []string{"hide", "review", "auto_hide"}, "review_exhausted"},
		{"hidden anew after a restore", []string{"hide", "restore", "hide", "review"}, ""},
		{"a request answered by a restore", []string{"restore", "review"}, ""},
		{"a request after a moderator's hiding", []string{"review", "hide"}, ""},
	} {
		err := CheckReviewAgain(tc.actions)
		got := ""
		if e := AsError(err); e != nil {
			got = e.Code
			if e.Kind != KindConflict {
				t.Errorf("%s: kind %v, want a conflict", tc.name, e.Kind)
			}
		}
		if got != tc.code {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.code)
		}
		if ReviewSpent(tc.actions) != (tc.code != "") {
			t.Errorf("%s: spent %v", tc.name, ReviewSpent(tc.actions))
		}
	}
}
