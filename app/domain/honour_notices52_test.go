package domain

import (
	"slices"
	"testing"
)

// told is who a batch of notices goes to, in order, with their kind.
func toldOf(out []Outgoing) []string {
	var s []string
	for _, o := range out {
		s = append(s, string(rune('0'+o.To))+":"+string(o.Kind))
	}
	return s
}

func TestCreditNotices(t *testing.T) {
	for _, tc := range []struct {
		name          string
		actor         int64
		before, after []int64
		told          map[int64]bool
		want          []string
	}{
		{"a first list tells each", 9, nil, []int64{1, 2}, nil, []string{"1:credited", "2:credited"}},
		{"the engineer who saves it is not told", 9, nil, []int64{9, 2}, nil, []string{"2:credited"}},
		{"credited already: saved again, no one", 9, []int64{1, 2}, []int64{1, 2}, nil, nil},
		{"one added to the list", 9, []int64{1}, []int64{1, 3}, nil, []string{"3:credited"}},
		{"removed then given back: told before", 9, nil, []int64{1, 2}, map[int64]bool{1: true}, []string{"2:credited"}},
		{"a list taken away tells no one", 9, []int64{1, 2}, nil, nil, nil},
		{"twice in a list, once", 9, nil, []int64{4, 4}, nil, []string{"4:credited"}},
		{"no account (0) is no one", 9, nil, []int64{0}, nil, nil},
	} {
		out := CreditNotices(7, tc.actor, "折叠灯", tc.before, tc.after, tc.told)
		if got := toldOf(out); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		for _, o := range out {
			if o.URL != "/projects/7#credits" || !slices.Equal(o.Args, []string{"折叠灯"}) {
				t.Errorf("%s: %+v", tc.name, o)
			}
			if a := NoticeAboutOf(o.URL); a.Project != 7 {
				t.Errorf("%s: the notice is about %+v, not the project", tc.name, a)
			}
		}
	}
}

func TestBadgeNotice(t *testing.T) {
	o := BadgeNotice(5, "honour_fan")
	if o.To != 5 || o.Kind != NoticeBadge || o.URL != "/users/5#badges-title" || !slices.Equal(o.Args, []string{"badge.honour_fan"}) {
		t.Errorf("%+v", o)
	}
	if k, _ := NoticeSubject(o.URL); k != "" {
		t.Errorf("a profile's link is about %q", k)
	}
}

func TestExpiredNotices(t *testing.T) {
	idea := Idea{ID: 12, Title: "雨伞", Author: Author{ID: 1}}
	for _, tc := range []struct {
		name       string
		supporters []int64
		release    bool
		want       []string
	}{
		{"votes back to a budget: the author alone here", []int64{2, 3}, true, []string{"1:expired"}},
		{"no budget: each supporter once", []int64{2, 3, 2}, false, []string{"1:expired", "2:backed_expired", "3:backed_expired"}},
		{"the author's own support: told once, as the author", []int64{1, 2}, false, []string{"1:expired", "2:backed_expired"}},
		{"no supporters", nil, false, []string{"1:expired"}},
	} {
		out := ExpiredNotices(idea, tc.supporters, tc.release)
		if got := toldOf(out); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		for _, o := range out {
			if o.URL != "/ideas/12" || !slices.Equal(o.Args, []string{"雨伞"}) {
				t.Errorf("%s: %+v", tc.name, o)
			}
		}
	}
}
