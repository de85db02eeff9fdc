package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestMayBeMailed(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	fan := &User{ID: 2, EmailNotices: true}
	suspended := &User{ID: 3, EmailNotices: true, Suspended: true}
	muted := &User{ID: 4, EmailNotices: true, EmailMuted: []string{EmailComments}}
	off := &User{ID: 5}
	opened := now.Add(-time.Hour)
	open := Schedule{SubmissionsOpenAt: &opened}
	listed := NoticeItem{About: true, Schedule: open, Idea: &Idea{ID: 9, State: StateSubmitted, Author: Author{ID: 1}}}
	hidden := NoticeItem{About: true, Schedule: open, Idea: &Idea{ID: 9, State: StateHidden, Author: Author{ID: 1}}}
	for _, tc := range []struct {
		name string
		u    *User
		kind NoticeKind
		item NoticeItem
		want bool
	}{
		{"a fan, about a listed idea", fan, NoticeComment, listed, true},
		{"a fan, about nothing (an account email)", fan, NoticePasswordReset, NoticeItem{}, true},
		{"a fan, about an idea hidden since", fan, NoticeComment, hidden, false},
		{"a suspended account, about a listed idea", suspended, NoticeComment, listed, false},
		{"a suspended account, about nothing", suspended, NoticePasswordReset, NoticeItem{}, false},
		{"a suspended account, told it is", suspended, NoticeSuspended, NoticeItem{}, true},
		{"a suspended account, emails off, told it is all the same", &User{ID: 6, Suspended: true}, NoticeSuspended, NoticeItem{}, true},
		{"emails off, reinstated: told all the same", off, NoticeReinstated, NoticeItem{}, true},
		{"a fan, reinstated", fan, NoticeReinstated, NoticeItem{}, true},
		{"reinstated before its retry, the suspension's email", fan, NoticeSuspended, NoticeItem{}, false},
		{"comments muted since, a comment", muted, NoticeComment, listed, false},
		{"comments muted since, a win", muted, NoticeWon, listed, true},
		{"emails off since, a win", off, NoticeWon, listed, false},
		{"emails off, a password reset", off, NoticePasswordReset, NoticeItem{}, true},
		{"a deleted account, about a listed idea", &User{ID: 7, EmailNotices: true, Deleted: true}, NoticeComment, listed, false},
		{"a deleted account, suspended after, told it is", &User{ID: 8, EmailNotices: true, Deleted: true, Suspended: true}, NoticeSuspended, NoticeItem{}, false},
	} {
		if got := MayBeMailed(tc.u, tc.kind, tc.item, now); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

// A suspension is told once, with its reason; its end once; a decision
// that changes nothing tells no one.
func TestSuspensionNotices(t *testing.T) {
	for _, tc := range []struct {
		name           string
		was, suspended bool
		want           []Outgoing
	}{
		{"suspended", false, true, []Outgoing{{To: 7, Kind: NoticeSuspended, URL: "/", Args: []string{"刷票"}}}},
		{"reinstated", true, false, []Outgoing{{To: 7, Kind: NoticeReinstated, URL: "/"}}},
		{"suspended again", true, true, nil},
		{"reinstated, never suspended", false, false, nil},
	} {
		if got := SuspensionNotices(7, tc.was, tc.suspended, "刷票"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
