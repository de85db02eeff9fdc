package people

import (
	"slices"
	"testing"

	"cocreate/app/domain"
)

func TestHonourNotices(t *testing.T) {
	tally := func(points int, earned map[Kind]int) Tally { return Tally{Points: points, Earned: earned} }
	for _, tc := range []struct {
		name          string
		before, after Tally
		told          Told
		want          []string // kind:arg
	}{
		{"points within a level", tally(10, nil), tally(13, map[Kind]int{CommentHelpful: 1}), Told{}, nil},
		{"a first helpful mark is no badge yet", tally(0, nil), tally(3, map[Kind]int{CommentHelpful: 1}), Told{}, nil},
		{"the fifth helpful mark: the badge", tally(12, map[Kind]int{CommentHelpful: 4}), tally(15, map[Kind]int{CommentHelpful: 5}), Told{},
			[]string{"badge_earned:badge.helpful"}},
		{"the sixth: nothing new", tally(15, map[Kind]int{CommentHelpful: 5}), tally(18, map[Kind]int{CommentHelpful: 6}), Told{}, nil},
		{"the fifth again after one taken back: told before", tally(12, map[Kind]int{CommentHelpful: 4}), tally(15, map[Kind]int{CommentHelpful: 5}),
			Told{Badges: map[string]bool{BadgeHelpful: true}}, nil},
		{"crossing level 2", tally(9, nil), tally(12, map[Kind]int{CommentHelpful: 1}), Told{}, []string{"level_up:2"}},
		{"a win: its badge and two levels, the highest told", tally(5, nil), tally(45, map[Kind]int{IdeaWon: 1, IdeaShortlisted: 1}), Told{},
			[]string{"badge_earned:badge.first_win", "level_up:3"}},
		{"back to a level told before", tally(38, nil), tally(41, nil), Told{Level: 3}, nil},
		{"above the highest told", tally(95, nil), tally(105, nil), Told{Level: 3}, []string{"level_up:4"}},
		{"a check-in and a launch at once", tally(0, nil), tally(54, map[Kind]int{MeetupAttended: 1, ProjectLaunched: 1}), Told{},
			[]string{"badge_earned:badge.launched", "badge_earned:badge.first_meetup", "level_up:3"}},
		{"the tenth test report", tally(50, map[Kind]int{FeedbackAccepted: 9}), tally(55, map[Kind]int{FeedbackAccepted: 10}), Told{},
			[]string{"badge_earned:badge.ten_tests"}},
		{"at the top, more points", tally(600, nil), tally(650, nil), Told{}, nil},
	} {
		out := HonourNotices(HonourChange{UserID: 8, Before: tc.before, After: tc.after, Told: tc.told})
		var got []string
		for _, o := range out {
			got = append(got, string(o.Kind)+":"+o.Args[0])
			if o.To != 8 {
				t.Errorf("%s: told %d", tc.name, o.To)
			}
			want := "/users/8"
			if o.Kind == domain.NoticeBadgeEarned {
				want = "/users/8#badges-title"
				if BadgeKeyOf(o.Args[0]) == o.Args[0] {
					t.Errorf("%s: %q names no badge key", tc.name, o.Args[0])
				}
			}
			if o.URL != want {
				t.Errorf("%s: links %q", tc.name, o.URL)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestToldLevel(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{{nil, 0}, {[]string{"3"}, 3}, {[]string{"x"}, 0}, {[]string{"-2"}, 0}} {
		if got := ToldLevel(tc.args); got != tc.want {
			t.Errorf("%v: %d", tc.args, got)
		}
	}
}
