package people

import (
	"slices"
	"sort"
	"time"

	"cocreate/app/domain"
)

// Badge is an honour badge (荣誉勋章) a fan holds: by a rule over what they
// did, or by an admin's hand.
type Badge struct {
	Key       string
	AwardedAt time.Time
	ByHand    bool
}

// Badges by rule. Each is earned at the moment its rule first held.
const (
	BadgeFirstIdea   = "first_idea"   // posted a first idea that others can see
	BadgeFirstWin    = "first_win"    // a first winning idea
	BadgeLaunched    = "launched"     // a product launched from their idea
	BadgeTenTests    = "ten_tests"    // ten test reports accepted
	BadgeHelpful     = "helpful"      // five comments engineers marked helpful
	BadgeFirstMeetup = "first_meetup" // checked in at a first meetup
)

// HandBadges are the badges only admins give, by hand.
var HandBadges = []string{"honour_fan", "founding_fan", "club_star"}

// AllBadges lists every key, rule badges first: the catalogue's order.
var AllBadges = []string{BadgeFirstIdea, BadgeFirstWin, BadgeLaunched, BadgeTenTests, BadgeHelpful, BadgeFirstMeetup, "honour_fan", "founding_fan", "club_star"}

// ValidHandBadge checks the key an admin gives.
func ValidHandBadge(key string) error {
	if key == "" {
		return domain.Invalid("key", "required", "key is required")
	}
	if !slices.Contains(HandBadges, key) {
		return domain.Invalid("key", "unknown_badge", "key must be one of honour_fan, founding_fan, club_star")
	}
	return nil
}

// eventBadges are the rule badges earned by reputation: the n-th event
// of kind that earned points.
var eventBadges = []struct {
	key  string
	kind Kind
	n    int
}{
	{BadgeFirstWin, IdeaWon, 1},
	{BadgeLaunched, ProjectLaunched, 1},
	{BadgeTenTests, FeedbackAccepted, 10},
	{BadgeHelpful, CommentHelpful, 5},
	{BadgeFirstMeetup, MeetupAttended, 1},
}

// RuleBadges are the badges a fan's record earns: firstIdea is when their
// first public idea was posted (nil: none), events their reputation.
func RuleBadges(firstIdea *time.Time, events []Event) []Badge {
	var out []Badge
	if firstIdea != nil {
		out = append(out, Badge{Key: BadgeFirstIdea, AwardedAt: *firstIdea})
	}
	byTime := append([]Event(nil), events...)
	sort.SliceStable(byTime, func(i, j int) bool { return byTime[i].At.Before(byTime[j].At) })
	nth := func(k Kind, n int) (time.Time, bool) {
		seen := 0
		for _, e := range byTime {
			if e.Kind == k {
				seen++
				if seen == n {
					return e.At, true
				}
			}
		}
		return time.Time{}, false
	}
	for _, r := range eventBadges {
		if at, ok := nth(r.kind, r.n); ok {
			out = append(out, Badge{Key: r.key, AwardedAt: at})
		}
	}
	return out
}

// Merge puts rule badges and hand badges together in the catalogue's
// order; a key held both ways is shown once, as earned by rule.
func Merge(rule, hand []Badge) []Badge {
	have := map[string]Badge{}
	for _, b := range hand {
		b.ByHand = true
		have[b.Key] = b
	}
	for _, b := range rule {
		have[b.Key] = b
	}
	var out []Badge
	for _, k := range AllBadges {
		if b, ok := have[k]; ok {
			out = append(out, b)
		}
	}
	return out
}
