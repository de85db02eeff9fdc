package domain

import (
	"reflect"
	"testing"
)

func TestOutcomeNotices(t *testing.T) {
	a := Audience{Author: 10, Voters: []int64{11, 10, 12}, Raters: []int64{13}, Followers: []int64{12, 14}}
	won := OutcomeNotices(5, IdeaOutcome{AuthorID: 10, Title: "静音", Won: true}, a)
	var to []int64
	for i, o := range won {
		to = append(to, o.To)
		kind := NoticeBackedWon
		if i == 0 {
			kind = NoticeWon
		}
		if o.Kind != kind || o.URL != ResultsLink(5) || !reflect.DeepEqual(o.Args, []string{"静音"}) {
			t.Errorf("notice %d: %+v", i, o)
		}
	}
	if !reflect.DeepEqual(to, []int64{10, 11, 12, 13, 14}) {
		t.Errorf("a winner told %v, want its author (won) then every backer once (backed_won)", to)
	}
	lost := OutcomeNotices(5, IdeaOutcome{AuthorID: 10, Title: "静音"}, a)
	if len(lost) != 1 || lost[0].To != 10 || lost[0].Kind != NoticeNotSelected {
		t.Errorf("an idea not selected told %+v, want its author alone", lost)
	}
}
