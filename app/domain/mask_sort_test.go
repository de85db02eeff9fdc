package domain

import (
	"slices"
	"testing"
)

// A viewer who may not see votes lists ideas newest first whatever they
// ask, and is offered no other order; anyone else gets what they ask.
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
		want := []Sort{SortHot, SortTop, SortNew}
		if m.Votes {
			want = []Sort{SortNew}
		}
		if got := m.Sorts(); !slices.Equal(got, want) {
			t.Errorf("mask %s offers %v, want %v", m, got, want)
		}
	}
}
