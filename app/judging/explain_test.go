package judging

import (
	"maps"
	"math"
	"testing"

	"cocreate/app/domain"
)

func TestShortlistBasis(t *testing.T) {
	ideas := []Entrant{
		{ID: 1, Votes: 5, State: domain.StateSubmitted},
		{ID: 2, Votes: 9, State: domain.StateSubmitted},
		{ID: 3, Votes: 9, State: domain.StateShortlisted},
		{ID: 4, Votes: 50, State: domain.StateWithdrawn},
		{ID: 6, Votes: 0, State: domain.StateSubmitted},
		{ID: 8, Votes: 1, State: domain.StateSubmitted},
	}
	for _, tc := range []struct {
		name                     string
		top                      int
		add, remove              []int64
		byVotes, picked, removed []int64
		err                      string
	}{
		{"top two", 2, nil, nil, []int64{2, 3}, nil, nil, ""},
		{"the issue's case: top four plus one pick", 4, []int64{6}, nil, []int64{2, 3, 1, 8}, []int64{6}, nil, ""},
		{"a pick already in the top is no pick", 2, []int64{3}, nil, []int64{2, 3}, nil, nil, ""},
		{"a pick named twice counts once", 1, []int64{6, 6}, nil, []int64{2}, []int64{6}, nil, ""},
		{"a removal from the top", 3, nil, []int64{3}, []int64{2, 1}, nil, []int64{3}, ""},
		{"a removal of what was not on the list removed nothing", 1, nil, []int64{8, 99}, []int64{2}, nil, nil, ""},
		{"a removal named twice counts once", 2, nil, []int64{2, 2}, []int64{3}, nil, []int64{2}, ""},
		{"a removed pick", 0, []int64{6}, []int64{6}, nil, nil, []int64{6}, ""},
		{"top more than there are", 10, nil, nil, []int64{2, 3, 1, 8, 6}, nil, nil, ""},
		{"a withdrawn pick is refused", 1, []int64{4}, nil, nil, nil, nil, "not_shortlistable@add[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ShortlistBasis(ideas, tc.top, tc.add, tc.remove)
			if code(err) != tc.err {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			if tc.err != "" {
				return
			}
			sameIDs(t, "by votes", b.ByVotes, tc.byVotes)
			sameIDs(t, "picked", b.Picked, tc.picked)
			sameIDs(t, "removed", b.Removed, tc.removed)
			if b.Top != tc.top || b.Size() != len(tc.byVotes)+len(tc.picked) {
				t.Errorf("top %d size %d", b.Top, b.Size())
			}
			// The basis describes exactly the list the rule makes.
			want, err := Shortlist(ideas, tc.top, tc.add, tc.remove)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Members(); !maps.Equal(got, want) {
				t.Errorf("members %v, the rule's list %v", got, want)
			}
		})
	}
}

func TestScore100(t *testing.T) {
	for _, tc := range []struct {
		final float64
		want  int
	}{
		{0, 50}, {1, 84}, {-1, 16}, {1.38, 92}, {-1.38, 8}, {2, 98}, {-2, 2},
		{0.05, 52}, {-0.05, 48}, {4, 100}, {-4, 0}, {100, 100}, {-100, 0},
		{math.Inf(1), 100}, {math.Inf(-1), 0}, {math.NaN(), 50},
	} {
		if got := Score100(tc.final); got != tc.want {
			t.Errorf("Score100(%v) = %d, want %d", tc.final, got, tc.want)
		}
	}
	// It grows with the final score and stays within 0..100.
	last := -1
	for x := -5.0; x <= 5; x += 0.01 {
		s := Score100(x)
		if s < last || s < 0 || s > 100 {
			t.Fatalf("Score100(%v) = %d after %d", x, s, last)
		}
		last = s
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		raw  float64
		want int
	}{
		{0, 0}, {0.5, 50}, {0.555, 56}, {0.554, 55}, {1, 100}, {1.2, 100}, {-0.3, 0}, {0.004, 0}, {0.006, 1}, {math.NaN(), 0},
	} {
		if got := Percent(tc.raw); got != tc.want {
			t.Errorf("Percent(%v) = %d, want %d", tc.raw, got, tc.want)
		}
	}
}

// Every ranked line carries its final score as a mark out of 100.
func TestRankGivesAMarkOutOf100(t *testing.T) {
	r := DefaultRubric()
	r.CrowdWeight = 1
	res := Rank(r, []Entry{{IdeaID: 1, Crowd: 10}, {IdeaID: 2, Crowd: 0}, {IdeaID: 3, Crowd: 5}}, nil, 1)
	if len(res) != 3 {
		t.Fatalf("%d lines", len(res))
	}
	for _, x := range res {
		if x.Score != Score100(x.Final) {
			t.Errorf("idea %d: score %d for final %v", x.IdeaID, x.Score, x.Final)
		}
	}
	if res[0].Score <= 50 || res[1].Score != 50 || res[2].Score >= 50 {
		t.Errorf("scores %d %d %d: the best above 50, the average 50, the worst below", res[0].Score, res[1].Score, res[2].Score)
	}
}
