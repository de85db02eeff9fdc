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
