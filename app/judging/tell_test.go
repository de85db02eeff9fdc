package judging

import (
	"reflect"
	"testing"

	"cocreate/app/domain"
)

func TestAssignedNotices(t *testing.T) {
	c := domain.Challenge{ID: 4, Title: "洗衣机"}
	n := func(judge int64, count string) domain.Outgoing {
		return domain.Outgoing{To: judge, Kind: domain.NoticeAssigned, URL: "/judging", Args: []string{"洗衣机", count}}
	}
	a := func(judge, idea int64) Assignment { return Assignment{JudgeID: judge, IdeaID: idea} }
	for _, tc := range []struct {
		name          string
		before, after []Assignment
		want          []domain.Outgoing
	}{
		{"first assignment: each judge once, with the count, in judge order",
			nil, []Assignment{a(9, 1), a(3, 1), a(9, 2), a(9, 3)}, []domain.Outgoing{n(3, "1"), n(9, "3")}},
		{"reassigned the same: nothing", []Assignment{a(3, 1), a(9, 2)}, []Assignment{a(9, 2), a(3, 1)}, []domain.Outgoing{}},
		{"only the new ones count", []Assignment{a(3, 1)}, []Assignment{a(3, 1), a(3, 2), a(5, 1)}, []domain.Outgoing{n(3, "1"), n(5, "1")}},
		{"ideas taken away tell nothing", []Assignment{a(3, 1), a(3, 2)}, []Assignment{a(3, 1)}, []domain.Outgoing{}},
		{"the same pair twice counts once", nil, []Assignment{a(3, 1), a(3, 1)}, []domain.Outgoing{n(3, "1")}},
		{"nothing", nil, nil, []domain.Outgoing{}},
	} {
		if got := AssignedNotices(c, tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
