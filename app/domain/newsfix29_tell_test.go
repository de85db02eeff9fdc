package domain

import (
	"reflect"
	"strings"
	"testing"
)

// An idea's audience: its author, then everyone whose act on it counts (a
// vote, a rating, an intent) and its followers, once each, in that order.
func TestAudienceEveryoneCountsEveryAct(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Audience
		want []int64
	}{
		{"nobody", Audience{}, nil},
		{"author only", Audience{Author: 1}, []int64{1}},
		{"a rater", Audience{Author: 1, Raters: []int64{2}}, []int64{1, 2}},
		{"a buyer", Audience{Author: 1, Buyers: []int64{3}}, []int64{1, 3}},
		{"every act once", Audience{Author: 1, Voters: []int64{2, 1}, Raters: []int64{2, 3}, Buyers: []int64{3, 4}, Followers: []int64{4, 5, 1}}, []int64{1, 2, 3, 4, 5}},
		{"no author on record", Audience{Raters: []int64{0, 6}}, []int64{6}},
		{"a chosen tester is told too", Audience{Author: 1, Testers: []int64{5}}, []int64{1, 5}},
		{"a tester who also voted, once", Audience{Author: 1, Voters: []int64{5}, Testers: []int64{5, 6}}, []int64{1, 5, 6}},
	} {
		if got := tc.a.Everyone(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A project's news (start, stage move, update) goes to everyone with a
// stake in its idea but the person who did it, linking to the project.
func TestProjectNewsLeavesOutWhoDidIt(t *testing.T) {
	a := Audience{Author: 1, Voters: []int64{2}, Raters: []int64{3}, Buyers: []int64{4}, Followers: []int64{5, 7}}
	idea := Idea{ID: 27, Title: "自清洁内筒", Author: Author{ID: 1}}
	link := "/projects/9"
	for _, tc := range []struct {
		name string
		got  []Outgoing
		want []Outgoing
	}{
		{"opened by an engineer who follows", ProjectOpenedNotices(9, 7, 7, idea, a), []Outgoing{
			{To: 1, Kind: NoticeProject, URL: link, Args: []string{"自清洁内筒"}},
			{To: 2, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
			{To: 3, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
			{To: 4, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
			{To: 5, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
		}},
		{"opened by its author", ProjectOpenedNotices(9, 1, 1, idea, Audience{Author: 1, Raters: []int64{3}}), []Outgoing{
			{To: 3, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
		}},
		{"opened by an organiser for an engineer who votes", ProjectOpenedNotices(9, 8, 2, idea, Audience{Author: 1, Voters: []int64{2}, Raters: []int64{3}}), []Outgoing{
			{To: 2, Kind: NoticeProjectAssigned, URL: link, Args: []string{"自清洁内筒"}},
			{To: 1, Kind: NoticeProject, URL: link, Args: []string{"自清洁内筒"}},
			{To: 3, Kind: NoticeProjectStarted, URL: link, Args: []string{"自清洁内筒"}},
		}},
		{"opened by an organiser for an engineer with no stake", ProjectOpenedNotices(9, 8, 6, idea, Audience{Author: 1}), []Outgoing{
			{To: 6, Kind: NoticeProjectAssigned, URL: link, Args: []string{"自清洁内筒"}},
			{To: 1, Kind: NoticeProject, URL: link, Args: []string{"自清洁内筒"}},
		}},
		{"moved by a follower", StageNotices(9, 5, "自清洁内筒", "stage.concept", Audience{Author: 1, Followers: []int64{5}}), []Outgoing{
			{To: 1, Kind: NoticeStage, URL: link, Args: []string{"自清洁内筒", "stage.concept"}},
		}},
		{"an update", UpdateNotices(9, 31, 8, "自清洁内筒", "  第一轮温控测试完成  ", Audience{Author: 1, Buyers: []int64{4}}), []Outgoing{
			{To: 1, Kind: NoticeProjectUpdate, URL: "/projects/9#update-31", Args: []string{"自清洁内筒", "第一轮温控测试完成"}},
			{To: 4, Kind: NoticeProjectUpdate, URL: "/projects/9#update-31", Args: []string{"自清洁内筒", "第一轮温控测试完成"}},
		}},
		{"a long update is quoted in part", UpdateNotices(9, 31, 0, "t", strings.Repeat("测", ProjectUpdateExcerpt+1), Audience{Author: 1}), []Outgoing{
			{To: 1, Kind: NoticeProjectUpdate, URL: "/projects/9#update-31", Args: []string{"t", strings.Repeat("测", ProjectUpdateExcerpt) + "…"}},
		}},
		{"nobody else to tell", UpdateNotices(9, 31, 1, "t", "x", Audience{Author: 1}), nil},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, tc.got, tc.want)
		}
	}
}
