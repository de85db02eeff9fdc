package domain

import (
	"reflect"
	"slices"
	"strings"
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
		out := StageNotices(9, 0, "洗衣机", "stage.accepted", tc.a)
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
	if got := CommentLink(4, 11); got != "/ideas/4?comment=11#comment-11" {
		t.Errorf("comment link %q", got)
	}
}

// Who hears of a hide: the author alone, once, when the decision hides an
// item that was shown; the threshold's notice quotes the item, a
// moderator's adds the reason.
func TestHiddenNotices(t *testing.T) {
	idea := ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7, AuthorID: 3, Text: "免费优惠券"}
	comment := ModeratedItem{Type: ItemComment, ID: 11, IdeaID: 7, AuthorID: 4, Text: "spam spam"}
	long := idea
	long.Text = strings.Repeat("洗", HiddenNoticeExcerpt+1)
	for _, tc := range []struct {
		name              string
		m                 ModeratedItem
		was, hidden, byRp bool
		reason            string
		want              []Outgoing
	}{
		{"reports hide an idea", idea, false, true, true, "", []Outgoing{{To: 3, Kind: NoticeHiddenByReports, URL: "/ideas/7", Args: []string{"免费优惠券"}}}},
		{"reports hide a comment", comment, false, true, true, "", []Outgoing{{To: 4, Kind: NoticeHiddenByReports, URL: "/ideas/7?comment=11#comment-11", Args: []string{"spam spam"}}}},
		{"a moderator hides an idea", idea, false, true, false, "优惠券广告", []Outgoing{{To: 3, Kind: NoticeHidden, URL: "/ideas/7", Args: []string{"免费优惠券", "优惠券广告"}}}},
		{"a moderator hides a comment", comment, false, true, false, "spam", []Outgoing{{To: 4, Kind: NoticeHidden, URL: "/ideas/7?comment=11#comment-11", Args: []string{"spam spam", "spam"}}}},
		{"already hidden: told before", idea, true, true, false, "again", nil},
		{"restored", idea, true, false, false, "fine after all", nil},
		{"dismissed while shown", idea, false, false, false, "unfounded", nil},
		{"no author on record", ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7}, false, true, false, "x", nil},
		{"long words are cut", long, false, true, true, "", []Outgoing{{To: 3, Kind: NoticeHiddenByReports, URL: "/ideas/7", Args: []string{strings.Repeat("洗", HiddenNoticeExcerpt) + "…"}}}},
	} {
		got := HiddenNotices(tc.m, tc.was, tc.hidden, tc.byRp, tc.reason)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// What a moderator's decision tells the author: a hiding with its reason;
// a hidden item shown again; a hidden item kept hidden, with the reason,
// only when the author waited for that look (they asked for a review, or
// reports hid it); nothing for a hiding of a hidden item unasked or a
// shown item's reports dismissed.
func TestDecisionNotices(t *testing.T) {
	idea := ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7, AuthorID: 3, Text: "免费优惠券"}
	comment := ModeratedItem{Type: ItemComment, ID: 11, IdeaID: 7, AuthorID: 4, Text: "spam spam"}
	long := idea
	long.Text = strings.Repeat("洗", HiddenNoticeExcerpt+1)
	cut := strings.Repeat("洗", HiddenNoticeExcerpt) + "…"
	for _, tc := range []struct {
		name                 string
		m                    ModeratedItem
		was, hidden, awaited bool
		reason               string
		want                 []Outgoing
	}{
		{"a shown idea hidden", idea, false, true, false, "广告", []Outgoing{{To: 3, Kind: NoticeHidden, URL: "/ideas/7", Args: []string{"免费优惠券", "广告"}}}},
		{"a shown idea hidden, awaited ignored", idea, false, true, true, "广告", []Outgoing{{To: 3, Kind: NoticeHidden, URL: "/ideas/7", Args: []string{"免费优惠券", "广告"}}}},
		{"a hidden idea restored", idea, true, false, false, "误判", []Outgoing{{To: 3, Kind: NoticeRestored, URL: "/ideas/7", Args: []string{"免费优惠券"}}}},
		{"a hidden comment restored after review", comment, true, false, true, "误判", []Outgoing{{To: 4, Kind: NoticeRestored, URL: "/ideas/7?comment=11#comment-11", Args: []string{"spam spam"}}}},
		{"a hidden idea kept after review", idea, true, true, true, "仍是广告", []Outgoing{{To: 3, Kind: NoticeHiddenKept, URL: "/ideas/7", Args: []string{"免费优惠券", "仍是广告"}}}},
		{"a hidden comment kept after review", comment, true, true, true, "spam", []Outgoing{{To: 4, Kind: NoticeHiddenKept, URL: "/ideas/7?comment=11#comment-11", Args: []string{"spam spam", "spam"}}}},
		{"a hidden idea hidden again unasked", idea, true, true, false, "again", nil},
		{"a shown idea's reports dismissed", idea, false, false, true, "unfounded", nil},
		{"no author on record, restored", ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7}, true, false, true, "x", nil},
		{"no author on record, kept", ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7}, true, true, true, "x", nil},
		{"long words are cut, restored", long, true, false, false, "", []Outgoing{{To: 3, Kind: NoticeRestored, URL: "/ideas/7", Args: []string{cut}}}},
		{"long words are cut, kept", long, true, true, true, "r", []Outgoing{{To: 3, Kind: NoticeHiddenKept, URL: "/ideas/7", Args: []string{cut, "r"}}}},
	} {
		got := DecisionNotices(tc.m, tc.was, tc.hidden, tc.awaited, tc.reason)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"洗衣机", 3, "洗衣机"},
		{"洗衣机好", 3, "洗衣机…"},
		{"洗衣机", 2, "洗衣…"},
	} {
		if got := Excerpt(tc.s, tc.n); got != tc.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// Fans whose votes went back are told once each, with the challenge to
// spend them in.
func TestVotesReturnedNotices(t *testing.T) {
	idea := Idea{ID: 7, ChallengeID: 2, Title: "免费优惠券", Author: Author{ID: 3}}
	for _, tc := range []struct {
		name   string
		voters []int64
		want   []int64
	}{
		{"no voters", nil, nil},
		{"each voter", []int64{5, 6}, []int64{5, 6}},
		{"once each, no one unknown", []int64{5, 0, 5, 6}, []int64{5, 6}},
	} {
		var got []int64
		for _, o := range VotesReturnedNotices(idea, tc.voters) {
			got = append(got, o.To)
			if o.Kind != NoticeVoteReturned || o.URL != "/challenges/2" || !slices.Equal(o.Args, []string{"免费优惠券"}) {
				t.Errorf("%s: notice %+v", tc.name, o)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: told %v, want %v (the author is not told)", tc.name, got, tc.want)
		}
	}
}

// Fans whose votes a review removed are told once each why, with the log.
func TestVotesRemovedNotices(t *testing.T) {
	got := VotesRemovedNotices(2, "洗衣机", "刷票 ring", []int64{8, 0, 9, 8})
	want := []Outgoing{
		{To: 8, Kind: NoticeVotesRemoved, URL: "/challenges/2/integrity/log", Args: []string{"洗衣机", "刷票 ring"}},
		{To: 9, Kind: NoticeVotesRemoved, URL: "/challenges/2/integrity/log", Args: []string{"洗衣机", "刷票 ring"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v, want %+v", got, want)
	}
	if got := VotesRemovedNotices(2, "t", "r", nil); got != nil {
		t.Errorf("no fans: %+v", got)
	}
}

// Who reported an item hears how it ended, once each, never its author,
// with a link they may still open.
func TestReportOutcomeNotices(t *testing.T) {
	idea := ModeratedItem{Type: ItemIdea, ID: 7, IdeaID: 7, AuthorID: 3, Text: "免费优惠券"}
	comment := ModeratedItem{Type: ItemComment, ID: 11, IdeaID: 7, AuthorID: 4, Text: "spam spam"}
	for _, tc := range []struct {
		name      string
		m         ModeratedItem
		reporters []int64
		hidden    bool
		want      []Outgoing
	}{
		{"an idea hidden: the challenge", idea, []int64{5, 6}, true, []Outgoing{
			{To: 5, Kind: NoticeReportUpheld, URL: "/challenges/2", Args: []string{"免费优惠券"}},
			{To: 6, Kind: NoticeReportUpheld, URL: "/challenges/2", Args: []string{"免费优惠券"}}}},
		{"a comment hidden: its idea", comment, []int64{5}, true, []Outgoing{{To: 5, Kind: NoticeReportUpheld, URL: "/ideas/7", Args: []string{"spam spam"}}}},
		{"an idea kept shown", idea, []int64{5}, false, []Outgoing{{To: 5, Kind: NoticeReportDismissed, URL: "/ideas/7", Args: []string{"免费优惠券"}}}},
		{"a comment kept shown: at the comment", comment, []int64{6}, false, []Outgoing{{To: 6, Kind: NoticeReportDismissed, URL: "/ideas/7?comment=11#comment-11", Args: []string{"spam spam"}}}},
		{"twice listed, the author, no one", idea, []int64{5, 5, 3, 0}, true, []Outgoing{{To: 5, Kind: NoticeReportUpheld, URL: "/challenges/2", Args: []string{"免费优惠券"}}}},
		{"no reporters", idea, nil, true, nil},
	} {
		if got := ReportOutcomeNotices(tc.m, 2, tc.reporters, tc.hidden); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
