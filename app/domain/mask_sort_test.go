package domain

import (
	"slices"
	"testing"
)

// A viewer who may not see votes lists ideas newest first whatever they
// ask; anyone else gets what they ask.
func TestIdeaMaskSort(t *testing.T) {
	for _, m := range []IdeaMask{{}, {Author: true}, {Votes: true}, {Author: true, Votes: true}} {
		for _, asked := range []Sort{SortHot, SortTop, SortNew, SortScore} {
			want := asked
			if m.Votes {
				want = SortNew
			}
			if got := m.Sort(asked); got != want {
				t.Errorf("mask %s, asked %s: %s, want %s", m, asked, got, want)
			}
		}
	}
}

// A list's order: the blind judge's newest first, then a hot order in a
// challenge without votes listed as the newest first, then top read as
// the method's measure; the tabs offered are the orders listed.
func TestListOrder(t *testing.T) {
	open, blind := IdeaMask{Author: true}, IdeaMask{Author: true, Votes: true}
	cases := []struct {
		method       Method
		m            IdeaMask
		asked        Sort
		listed, read Sort
	}{
		{MethodSupport, open, SortHot, SortHot, SortHot},
		{MethodSupport, open, SortTop, SortTop, SortTop},
		{MethodSupport, open, SortNew, SortNew, SortNew},
		{MethodSupport, blind, SortHot, SortNew, SortNew},
		{MethodSupport, blind, SortTop, SortNew, SortNew},
		{MethodStars, open, SortHot, SortNew, SortNew},
		{MethodStars, open, SortTop, SortTop, SortScore},
		{MethodStars, open, SortNew, SortNew, SortNew},
		{MethodStars, blind, SortTop, SortNew, SortNew},
		{MethodPairwise, open, SortHot, SortNew, SortNew},
		{MethodPairwise, open, SortTop, SortTop, SortScore},
		{MethodPairwise, blind, SortHot, SortNew, SortNew},
	}
	for _, tc := range cases {
		c := Challenge{Rules: Rules{VotingMethod: tc.method}}
		listed, read := ListOrder(c, tc.m, tc.asked)
		if listed != tc.listed || read != tc.read {
			t.Errorf("%s, mask %s, asked %s: listed %s read %s, want %s %s", tc.method, tc.m, tc.asked, listed, read, tc.listed, tc.read)
		}
		if !slices.Contains(ListSorts(c, tc.m), listed) {
			t.Errorf("%s, mask %s: %s listed but not offered (%v)", tc.method, tc.m, listed, ListSorts(c, tc.m))
		}
	}
	tabs := []struct {
		method Method
		m      IdeaMask
		want   []Sort
	}{
		{"", open, []Sort{SortHot, SortTop, SortNew}},
		{MethodSupport, IdeaMask{}, []Sort{SortHot, SortTop, SortNew}},
		{MethodSupport, blind, []Sort{SortNew}},
		{MethodStars, open, []Sort{SortTop, SortNew}},
		{MethodStars, blind, []Sort{SortNew}},
		{MethodPairwise, open, []Sort{SortTop, SortNew}},
		{MethodPairwise, IdeaMask{Votes: true}, []Sort{SortNew}},
	}
	for _, tc := range tabs {
		if got := ListSorts(Challenge{Rules: Rules{VotingMethod: tc.method}}, tc.m); !slices.Equal(got, tc.want) {
			t.Errorf("%q, mask %s offers %v, want %v", tc.method, tc.m, got, tc.want)
		}
	}
}
