package domain

import (
	"reflect"
	"testing"
)

// An idea declined in triage is told to its author and to everyone who
// backs or follows it, once each, never to the engineer who declined it,
// with the reason, linking to the idea.
func TestNotBuiltNotices(t *testing.T) {
	idea := Idea{ID: 27, Title: "自清洁内筒", Author: Author{ID: 1}}
	args := []string{"自清洁内筒", "成本太高"}
	for _, tc := range []struct {
		name  string
		actor int64
		a     Audience
		want  []Outgoing
	}{
		{"the author and a voter and a follower", 9, Audience{Author: 1, Voters: []int64{2}, Followers: []int64{2, 5}}, []Outgoing{
			{To: 1, Kind: NoticeNotBuilt, URL: "/ideas/27", Args: args},
			{To: 2, Kind: NoticeBackedNotBuilt, URL: "/ideas/27", Args: args},
			{To: 5, Kind: NoticeBackedNotBuilt, URL: "/ideas/27", Args: args},
		}},
		{"declined by an engineer who follows it", 5, Audience{Author: 1, Followers: []int64{5}}, []Outgoing{
			{To: 1, Kind: NoticeNotBuilt, URL: "/ideas/27", Args: args},
		}},
		{"an author who declines their own (an admin)", 1, Audience{Author: 1}, nil},
	} {
		if got := NotBuiltNotices(tc.actor, idea, tc.a, "成本太高"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

// The authors of ideas left off the shortlist hear the results are out,
// once each, linking to them; not one whose other idea was ranked.
func TestResultsOutNotices(t *testing.T) {
	out := func(to int64) Outgoing {
		return Outgoing{To: to, Kind: NoticeResultsOut, URL: "/challenges/4/results", Args: []string{"洗衣机"}}
	}
	for _, tc := range []struct {
		name    string
		authors []int64
		ranked  map[int64]bool
		want    []Outgoing
	}{
		{"each author once", []int64{3, 5, 3}, nil, []Outgoing{out(3), out(5)}},
		{"a ranked author is told their outcome instead", []int64{3, 5}, map[int64]bool{5: true}, []Outgoing{out(3)}},
		{"no author (0)", []int64{0}, nil, nil},
		{"none", nil, nil, nil},
	} {
		if got := ResultsOutNotices(4, "洗衣机", tc.authors, tc.ranked); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}
