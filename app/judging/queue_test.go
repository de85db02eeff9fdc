package judging

import (
	"slices"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A judge's queue puts the most urgent challenge first: still being
// judged before published, judging begun earliest first (a schedule
// without the time last), then by title, then by id.
func TestQueueOrder(t *testing.T) {
	day := func(d int) *time.Time {
		t := time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC)
		return &t
	}
	voted := func(id int64, title string, subClose, voteOpen, voteClose *time.Time) domain.Challenge {
		return domain.Challenge{ID: id, Title: title, Kind: domain.OpenCall, Schedule: domain.Schedule{
			SubmissionsCloseAt: subClose, VotingOpenAt: voteOpen, VotingCloseAt: voteClose}}
	}
	published := func(c domain.Challenge) domain.Challenge { c.ResultsAt = day(20); return c }
	cases := []struct {
		name string
		in   []domain.Challenge
		want []int64
	}{
		{"judging begun earliest first", []domain.Challenge{
			voted(1, "A", day(1), day(2), day(9)),
			voted(2, "B", day(1), day(2), day(5)),
			voted(3, "C", day(1), day(2), day(7)),
		}, []int64{2, 3, 1}},
		{"without a public vote: submissions' close", []domain.Challenge{
			voted(1, "A", day(1), day(2), day(9)),
			voted(2, "B", day(4), nil, nil),
		}, []int64{2, 1}},
		{"submissions closing after the vote count", []domain.Challenge{
			voted(1, "A", day(10), day(2), day(5)),
			voted(2, "B", day(1), day(2), day(8)),
		}, []int64{2, 1}},
		{"no judging time last, before published", []domain.Challenge{
			published(voted(1, "A", day(1), day(2), day(3))),
			voted(2, "B", nil, day(2), nil),
			voted(3, "C", day(1), day(2), day(30)),
		}, []int64{3, 2, 1}},
		{"same time: by title, then id", []domain.Challenge{
			voted(4, "洗衣机 Washer", day(1), day(2), day(5)),
			voted(3, "Fridge", day(1), day(2), day(5)),
			voted(2, "Fridge", day(1), day(2), day(5)),
		}, []int64{2, 3, 4}},
		{"published: by title whatever the dates", []domain.Challenge{
			published(voted(1, "Z", day(1), day(2), day(3))),
			published(voted(2, "M", day(1), day(2), day(9))),
			voted(3, "Y", day(1), day(2), day(30)),
		}, []int64{3, 2, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range [][]domain.Challenge{tc.in, reversed(tc.in)} {
				list := slices.Clone(in)
				slices.SortFunc(list, QueueOrder)
				var got []int64
				for _, c := range list {
					got = append(got, c.ID)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("order %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func reversed(in []domain.Challenge) []domain.Challenge {
	out := slices.Clone(in)
	slices.Reverse(out)
	return out
}
