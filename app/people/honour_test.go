package people

import (
	"reflect"
	"testing"
)

func keys(bs []Badge) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Key)
	}
	return out
}

func TestCompactShowsTheRarestFirst(t *testing.T) {
	b := func(ks ...string) []Badge {
		var out []Badge
		for _, k := range ks {
			out = append(out, Badge{Key: k})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []Badge
		max  int
		want []string
		more int
	}{
		{"none", nil, 3, nil, 0},
		{"one", b(BadgeFirstIdea), 3, []string{BadgeFirstIdea}, 0},
		{"exactly max", b(BadgeFirstIdea, BadgeHelpful, BadgeFirstWin), 3, []string{BadgeFirstWin, BadgeHelpful, BadgeFirstIdea}, 0},
		{"one over", b(BadgeFirstIdea, BadgeHelpful, BadgeFirstWin, BadgeLaunched), 3, []string{BadgeLaunched, BadgeFirstWin, BadgeHelpful}, 1},
		{"catalogue order", b(AllBadges...), 2, []string{BadgeLaunched, BadgeFirstWin}, 7},
		{"hand badges rank", b(BadgeFirstMeetup, "founding_fan", "club_star", "honour_fan", BadgeTenTests), 5,
			[]string{"honour_fan", BadgeTenTests, "club_star", "founding_fan", BadgeFirstMeetup}, 0},
		{"unknown last, in order", b("zz", BadgeFirstIdea, "aa"), 3, []string{BadgeFirstIdea, "zz", "aa"}, 0},
		{"max zero", b(BadgeFirstIdea, BadgeHelpful), 0, nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]Badge(nil), tc.in...)
			shown, more := Compact(tc.in, tc.max)
			if !reflect.DeepEqual(keys(shown), tc.want) || more != tc.more {
				t.Errorf("Compact(%v, %d) = %v +%d, want %v +%d", keys(tc.in), tc.max, keys(shown), more, tc.want, tc.more)
			}
			if !reflect.DeepEqual(in, tc.in) {
				t.Errorf("Compact reordered its argument: %v", keys(tc.in))
			}
		})
	}
}

func TestEveryBadgeHasAnIconAndARank(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range AllBadges {
		ic := Icon(k)
		if ic == "" || ic == "🏅" || seen[ic] {
			t.Errorf("badge %q: icon %q (a plain medal, empty or shared)", k, ic)
		}
		seen[ic] = true
		if _, ok := prestige[k]; !ok {
			t.Errorf("badge %q has no rank", k)
		}
	}
	if Icon("no_such_badge") != "🏅" {
		t.Errorf("an unknown key gets %q, want the plain medal", Icon("no_such_badge"))
	}
	if len(prestige) != len(AllBadges) {
		t.Errorf("%d ranks for %d badges", len(prestige), len(AllBadges))
	}
}

// The batched lookup reads BadgeDepth events per kind: every rule must be
// decided within them.
func TestBadgeDepthCoversEveryRule(t *testing.T) {
	var events []Event
	for i := 0; i < BadgeDepth; i++ {
		events = append(events, Event{Kind: FeedbackAccepted}, Event{Kind: CommentHelpful}, Event{Kind: IdeaWon},
			Event{Kind: ProjectLaunched}, Event{Kind: MeetupAttended})
	}
	got := keys(RuleBadges(nil, events))
	want := []string{BadgeFirstWin, BadgeLaunched, BadgeTenTests, BadgeHelpful, BadgeFirstMeetup}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with %d events of each kind: %v, want %v", BadgeDepth, got, want)
	}
}
