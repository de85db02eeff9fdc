package domain

import (
	"slices"
	"testing"
)

func TestStageNoticesTellEveryStakeOnce(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Audience
		want []int64
	}{
		{"author only", Audience{Author: 1}, []int64{1}},
		{"author who voted and follows", Audience{Author: 1, Voters: []int64{1, 2}, Followers: []int64{1, 3}}, []int64{1, 2, 3}},
		{"voter who follows", Audience{Author: 1, Voters: []int64{2, 3}, Followers: []int64{3, 4}}, []int64{1, 2, 3, 4}},
		{"no author on record", Audience{Voters: []int64{5}}, []int64{5}},
	} {
		out := StageNotices(9, "洗衣机", "stage.accepted", tc.a)
		var got []int64
		for _, o := range out {
			got = append(got, o.To)
			if o.Kind != NoticeStage || o.URL != "/projects/9" || !slices.Equal(o.Args, []string{"洗衣机", "stage.accepted"}) {
				t.Errorf("%s: notice %+v", tc.name, o)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: told %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNoticeLinksAndOutcomes(t *testing.T) {
	if got := ShortlistedNotice(7, 3, "t"); got.To != 3 || got.Kind != NoticeShortlisted || got.URL != "/ideas/7" {
		t.Errorf("shortlisted: %+v", got)
	}
	if got := OutcomeNotice(2, 3, "t", true); got.Kind != NoticeWon || got.URL != "/challenges/2/results" {
		t.Errorf("won: %+v", got)
	}
	if got := OutcomeNotice(2, 3, "t", false); got.Kind != NoticeNotSelected || got.To != 3 {
		t.Errorf("not selected: %+v", got)
	}
	if got := CommentLink(4, 11); got != "/ideas/4#comment-11" {
		t.Errorf("comment link %q", got)
	}
}
