package judging

import (
	"slices"
	"testing"
)

func TestUnscored(t *testing.T) {
	a, b, c := Result{IdeaID: 1, Scored: 2}, Result{IdeaID: 2}, Result{IdeaID: 3, Scored: 1, Missing: 1}
	for _, tc := range []struct {
		name    string
		ranking []Result
		want    []int64
		none    bool
	}{
		{"no ranking", nil, nil, false},
		{"all scored", []Result{a, c}, nil, false},
		{"one unscored", []Result{a, b, c}, []int64{2}, false},
		{"none scored", []Result{b, {IdeaID: 4, Missing: 1}}, []int64{2, 4}, true},
	} {
		var got []int64
		for _, r := range Unscored(tc.ranking) {
			got = append(got, r.IdeaID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: unscored %v, want %v", tc.name, got, tc.want)
		}
		if n := NoneScored(tc.ranking); n != tc.none {
			t.Errorf("%s: none scored %v, want %v", tc.name, n, tc.none)
		}
	}
}
