package judging

import (
	"slices"
	"strconv"

	"cocreate/app/domain"
)

// AssignedNotices tells each judge how many ideas of challenge c were newly
// assigned to them (in after, not in before), one notice per judge, in
// judge order; a judge whose queue only kept or lost ideas hears nothing.
func AssignedNotices(c domain.Challenge, before, after []Assignment) []domain.Outgoing {
	had := map[Assignment]bool{}
	for _, a := range before {
		had[a] = true
	}
	fresh := map[int64]int{}
	for _, a := range after {
		if !had[a] {
			had[a] = true // the same pair twice counts once
			fresh[a.JudgeID]++
		}
	}
	judges := make([]int64, 0, len(fresh))
	for j := range fresh {
		judges = append(judges, j)
	}
	slices.Sort(judges)
	out := make([]domain.Outgoing, 0, len(judges))
	for _, j := range judges {
		out = append(out, domain.Outgoing{To: j, Kind: domain.NoticeAssigned, URL: "/judging",
			Args: []string{c.Title, strconv.Itoa(fresh[j])}})
	}
	return out
}
