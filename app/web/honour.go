package web

import "cocreate/app/people"

// nameBadgesShown is how many honour badges the row beside a name shows
// before "+N": a phone's line holds a name, its level and about three.
const nameBadgesShown = 3

// badgeRow is the compact row of badges beside a name.
type badgeRow struct {
	Shown []people.Badge
	More  int
}

func nameBadges(bs []people.Badge) badgeRow {
	shown, more := people.Compact(bs, nameBadgesShown)
	return badgeRow{Shown: shown, More: more}
}
