package domain

import (
	"testing"
	"time"
)

func TestMayBeMailed(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	fan := &User{ID: 2}
	suspended := &User{ID: 3, Suspended: true}
	opened := now.Add(-time.Hour)
	open := Schedule{SubmissionsOpenAt: &opened}
	listed := NoticeItem{About: true, Schedule: open, Idea: &Idea{ID: 9, State: StateSubmitted, Author: Author{ID: 1}}}
	hidden := NoticeItem{About: true, Schedule: open, Idea: &Idea{ID: 9, State: StateHidden, Author: Author{ID: 1}}}
	for _, tc := range []struct {
		name string
		u    *User
		item NoticeItem
		want bool
	}{
		{"a fan, about a listed idea", fan, listed, true},
		{"a fan, about nothing (an account email)", fan, NoticeItem{}, true},
		{"a fan, about an idea hidden since", fan, hidden, false},
		{"a suspended account, about a listed idea", suspended, listed, false},
		{"a suspended account, about nothing", suspended, NoticeItem{}, false},
	} {
		if got := MayBeMailed(tc.u, tc.item, now); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}
