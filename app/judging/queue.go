package judging

import (
	"cmp"
	"strings"
	"time"

	"cocreate/app/domain"
)

// JudgingFrom is when a challenge's judging begins by its schedule: when
// its vote closes and submissions are over, or, an open call without a
// public vote, when submissions close (as domain.Schedule.PhaseAt moves
// into judging). Nil when the schedule sets no such time.
func JudgingFrom(s domain.Schedule) *time.Time {
	if s.VotingOpenAt == nil {
		return s.SubmissionsCloseAt
	}
	if s.VotingCloseAt == nil {
		return nil
	}
	if s.SubmissionsCloseAt != nil && s.SubmissionsCloseAt.After(*s.VotingCloseAt) {
		return s.SubmissionsCloseAt
	}
	return s.VotingCloseAt
}

// QueueOrder orders the challenges of a judge's queue, the most urgent
// first. A challenge has no judging deadline; its results are due the
// longer its judging has run, so: challenges still being judged (Open)
// before those whose results are published; among them the one whose
// judging began (or begins) first, a schedule with no such time last;
// then by title, then by id. Published challenges follow by title.
func QueueOrder(a, b domain.Challenge) int {
	aFinal, bFinal := Open(a) != nil, Open(b) != nil
	if aFinal != bFinal {
		if aFinal {
			return 1
		}
		return -1
	}
	if !aFinal {
		if c := compareTimes(JudgingFrom(a.Schedule), JudgingFrom(b.Schedule)); c != 0 {
			return c
		}
	}
	return cmp.Or(strings.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
}

// compareTimes orders times earliest first, nil last.
func compareTimes(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}
