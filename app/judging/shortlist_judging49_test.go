package judging

import (
	"maps"
	"slices"
	"testing"

	"cocreate/app/domain"
)

func TestStays(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    Entrant
		want bool
	}{
		{"qualified and on the shortlist", Entrant{Qualified: true, State: domain.StateShortlisted}, true},
		{"qualified, taken off by the organiser since", Entrant{Qualified: true, State: domain.StateSubmitted}, false},
		{"on the shortlist by votes or a pick", Entrant{State: domain.StateShortlisted}, false},
		{"qualified, then hidden", Entrant{Qualified: true, State: domain.StateHidden}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Stays(tc.e); got != tc.want {
				t.Fatalf("Stays = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestShortlistKeepsTheQualified: an idea shortlisted for reaching its
// supporter threshold stays on a rebuilt shortlist unless the organiser
// removes it.
func TestShortlistKeepsTheQualified(t *testing.T) {
	ideas := []Entrant{
		{ID: 1, Votes: 9, State: domain.StateSubmitted},
		{ID: 2, Votes: 5, State: domain.StateShortlisted, Qualified: true},
		{ID: 3, Votes: 1, State: domain.StateSubmitted},
		{ID: 4, Votes: 7, State: domain.StateSubmitted, Qualified: true}, // qualified, taken off since
		{ID: 5, Votes: 8, State: domain.StateShortlisted, Qualified: true},
		{ID: 6, Votes: 30, State: domain.StateHidden, Qualified: true},
		{ID: 7, Votes: 6, State: domain.StateShortlisted}, // picked before
	}
	for _, tc := range []struct {
		name                                string
		top                                 int
		add, remove                         []int64
		byVotes, qualified, picked, removed []int64
	}{
		{"the audit's case: top 0 and one pick keep both qualified", 0, []int64{3}, nil, nil, []int64{5, 2}, []int64{3}, nil},
		{"nothing asked: the qualified stay, an old pick goes", 0, nil, nil, nil, []int64{5, 2}, nil, nil},
		{"a qualified idea in the top is there by its votes", 2, nil, nil, []int64{1, 5}, []int64{2}, nil, nil},
		{"removed by name, it goes", 0, nil, []int64{2}, nil, []int64{5}, nil, []int64{2}},
		{"removed from the top", 2, nil, []int64{5}, []int64{1}, []int64{2}, nil, []int64{5}},
		{"one taken off before stays off", 0, nil, nil, nil, []int64{5, 2}, nil, nil},
		{"until it is picked again", 0, []int64{4}, nil, nil, []int64{5, 2}, []int64{4}, nil},
		{"a pick of one that stays is no pick", 0, []int64{2}, nil, nil, []int64{5, 2}, nil, nil},
		{"picked and removed: removed", 0, []int64{2}, []int64{2}, nil, []int64{5}, nil, []int64{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ShortlistBasis(ideas, tc.top, tc.add, tc.remove)
			if err != nil {
				t.Fatal(err)
			}
			sameIDs(t, "by votes", b.ByVotes, tc.byVotes)
			sameIDs(t, "qualified", b.Qualified, tc.qualified)
			sameIDs(t, "picked", b.Picked, tc.picked)
			sameIDs(t, "removed", b.Removed, tc.removed)
			if n := len(tc.byVotes) + len(tc.qualified) + len(tc.picked); b.Size() != n {
				t.Errorf("size %d, want %d", b.Size(), n)
			}
			want, err := Shortlist(ideas, tc.top, tc.add, tc.remove)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Members(); !maps.Equal(got, want) {
				t.Errorf("members %v, the rule's list %v", got, want)
			}
			if len(want) != b.Size() {
				t.Errorf("the rule's list has %d, the basis says %d", len(want), b.Size())
			}
		})
	}
}

// TestBasisOfAnOlderShortlist: a basis kept before the qualified were
// has none, and says the same list as before.
func TestBasisOfAnOlderShortlist(t *testing.T) {
	b := Basis{Top: 2, ByVotes: []int64{1, 2}, Picked: []int64{7}}
	if got := slices.Sorted(maps.Keys(b.Members())); !slices.Equal(got, []int64{1, 2, 7}) || b.Size() != 3 {
		t.Fatalf("members %v size %d", got, b.Size())
	}
	b.Qualified = []int64{4}
	if got := slices.Sorted(maps.Keys(b.Members())); !slices.Equal(got, []int64{1, 2, 4, 7}) || b.Size() != 4 {
		t.Fatalf("with a qualified idea: members %v size %d", got, b.Size())
	}
}

// sameIDs checks one list of a shortlist's basis: the ids wanted, and
// never nil, which the API would answer as null rather than [].
func sameIDs(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is nil: the API would answer null, not []", what)
	}
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%s %v, want %v", what, got, want)
	}
}
