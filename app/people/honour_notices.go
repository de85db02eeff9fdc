package people

import (
	"strconv"
	"strings"

	"cocreate/app/domain"
)

// Tally is a fan's reputation as a write finds it: their points, and how
// many events of each kind earned points (Earning), which the rule badges
// count.
type Tally struct {
	Points int
	Earned map[Kind]int
}

// Told is what a fan's notices of honour told them already: the highest
// level (0: none) and the badges, by key.
type Told struct {
	Level  int
	Badges map[string]bool
}

// HonourChange is one fan's reputation before and after a write that
// recorded points for them, and what they were told before it.
type HonourChange struct {
	UserID        int64
	Before, After Tally
	Told          Told
}

// HonourNotices tell a fan what a write's points earned them: each rule
// badge whose count it crossed (the n-th event of its kind), and a level
// reached that is higher than their level before and than any level they
// were told of, once (the highest, when one write climbs two). Points
// taken back (a helpful mark undone) and given again cross the same line
// twice: told (the notices written before) keeps that to one notice. The
// first-idea badge is not a reputation event: the fan earns it by posting,
// which they see, and it is not told. Both kinds are the bell's only
// (domain.BellOnly).
func HonourNotices(c HonourChange) []domain.Outgoing {
	var out []domain.Outgoing
	for _, b := range eventBadges {
		if c.Before.Earned[b.kind] < b.n && c.After.Earned[b.kind] >= b.n && !c.Told.Badges[b.key] {
			out = append(out, domain.BadgeEarnedNotice(c.UserID, b.key))
		}
	}
	if l := Level(c.After.Points); l > Level(c.Before.Points) && l > c.Told.Level {
		out = append(out, domain.Outgoing{To: c.UserID, Kind: domain.NoticeLevelUp, URL: domain.ProfileLink(c.UserID),
			Args: []string{strconv.Itoa(l)}})
	}
	return out
}

// ToldLevel reads the level a level-up notice's arguments name (0: none).
func ToldLevel(args []string) int {
	if len(args) == 0 {
		return 0
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// BadgeKeyOf reads the badge a badge notice's argument names
// (domain.BadgeNotice: "badge.<key>").
func BadgeKeyOf(arg string) string { return strings.TrimPrefix(arg, "badge.") }
