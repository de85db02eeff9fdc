package integrity

import (
	"math"
	"slices"
	"testing"
)

func TestHoldRanges(t *testing.T) {
	const lo, hi = math.MinInt64, math.MaxInt64
	cases := []struct {
		name string
		acts []IdeaActs
		max  int
		want []IdeaRange
	}{
		{"nothing to hold: one range of every id", nil, 10, []IdeaRange{{lo, hi}}},
		{"under the bound: one range", []IdeaActs{{3, 4}, {7, 5}}, 10, []IdeaRange{{lo, hi}}},
		{"exactly the bound: one range", []IdeaActs{{3, 4}, {7, 6}}, 10, []IdeaRange{{lo, hi}}},
		{"one over: cut after the idea that fits", []IdeaActs{{3, 4}, {7, 7}}, 10, []IdeaRange{{lo, 3}, {4, hi}}},
		{"an idea over the bound alone", []IdeaActs{{2, 1}, {5, 30}, {9, 1}}, 10, []IdeaRange{{lo, 2}, {3, 5}, {6, hi}}},
		{"a first idea over the bound", []IdeaActs{{5, 30}, {9, 1}}, 10, []IdeaRange{{lo, 5}, {6, hi}}},
		{"several full ranges", []IdeaActs{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {8, 5}}, 10, []IdeaRange{{lo, 2}, {3, 4}, {5, hi}}},
		{"ideas next to each other", []IdeaActs{{10, 6}, {11, 6}, {12, 6}}, 10, []IdeaRange{{lo, 10}, {11, 11}, {12, hi}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := HoldRanges(c.acts, c.max)
			if !slices.Equal(got, c.want) {
				t.Fatalf("HoldRanges(%v, %d) = %v, want %v", c.acts, c.max, got, c.want)
			}
			// Every act is in exactly one range, and the ranges meet.
			for i := 1; i < len(got); i++ {
				if got[i].Lo != got[i-1].Hi+1 {
					t.Errorf("ranges %v and %v do not meet", got[i-1], got[i])
				}
			}
			// No range takes more than max acts unless of one idea.
			for _, r := range got {
				n, ideas := 0, 0
				for _, a := range c.acts {
					if a.Idea >= r.Lo && a.Idea <= r.Hi {
						n, ideas = n+a.Acts, ideas+1
					}
				}
				if n > c.max && ideas > 1 {
					t.Errorf("range %v takes %d acts of %d ideas, over %d", r, n, ideas, c.max)
				}
			}
		})
	}
}
