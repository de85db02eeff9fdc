package people

import "sort"

// BadgeDepth is the most events of one kind a rule badge counts (ten
// accepted test reports): a batched lookup of badges needs, per person and
// kind, only the first BadgeDepth events.
const BadgeDepth = 10

// prestige orders badges for the compact row beside a name: the rarest
// honours first, so the two or three shown are the ones that say most.
var prestige = map[string]int{
	BadgeLaunched: 0, BadgeFirstWin: 1, "honour_fan": 2, BadgeTenTests: 3, "club_star": 4,
	"founding_fan": 5, BadgeHelpful: 6, BadgeFirstMeetup: 7, BadgeFirstIdea: 8,
}

// icons are the badges' pictures beside names (each shown with its name
// for screen readers and on hover).
var icons = map[string]string{
	BadgeFirstIdea: "💡", BadgeFirstWin: "🏆", BadgeLaunched: "🚀", BadgeTenTests: "🧪",
	BadgeHelpful: "🤝", BadgeFirstMeetup: "📍", "honour_fan": "🎖️", "founding_fan": "🌱", "club_star": "⭐",
}

// Icon is a badge's picture; a key not in the catalogue gets a plain medal.
func Icon(key string) string {
	if s, ok := icons[key]; ok {
		return s
	}
	return "🏅"
}

// Compact is the row of badges shown beside a name: at most max of them,
// the rarest first (ties, and keys outside the catalogue, in the order
// given), and how many more the person holds.
func Compact(badges []Badge, max int) (shown []Badge, more int) {
	rank := func(k string) int {
		if r, ok := prestige[k]; ok {
			return r
		}
		return len(prestige)
	}
	sorted := append([]Badge(nil), badges...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i].Key) < rank(sorted[j].Key) })
	n := min(len(sorted), max)
	return sorted[:n], len(sorted) - n
}
