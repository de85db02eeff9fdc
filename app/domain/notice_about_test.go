package domain

import (
	"testing"
	"time"
)

func TestNoticeAboutOf(t *testing.T) {
	for _, c := range []struct {
		url  string
		want NoticeAbout
	}{
		{"/ideas/12", NoticeAbout{Idea: 12}},
		{"/ideas/12#comment-3", NoticeAbout{Idea: 12, Comment: 3}},
		{"/ideas/12#comment-x", NoticeAbout{Idea: 12}},
		{"/ideas/12#comment-0", NoticeAbout{Idea: 12}},
		{"/projects/4", NoticeAbout{Project: 4}},
		{"/projects/4#comment-9", NoticeAbout{Project: 4}},
		{"/challenges/5", NoticeAbout{Challenge: 5}},
		{"/challenges/5/results", NoticeAbout{Challenge: 5}},
		{"/challenges/5/integrity/log", NoticeAbout{Challenge: 5}},
		{"/challenges/5?tab=x", NoticeAbout{Challenge: 5}},
		{"/challenges/", NoticeAbout{}},
		{"/challenges/-1", NoticeAbout{}},
		{"/ideas/abc#comment-3", NoticeAbout{}},
		{"/settings", NoticeAbout{}},
		{"https://evil.example/challenges/3", NoticeAbout{}},
		{"", NoticeAbout{}},
	} {
		if got := NoticeAboutOf(c.url); got != c.want {
			t.Errorf("NoticeAboutOf(%q) = %+v, want %+v", c.url, got, c.want)
		}
	}
}

// TestMaySeeNotice: a notice is seen exactly when what it is about is.
func TestMaySeeNotice(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	const authorID, commenterID = 7, 8
	fan := &User{ID: 1, Roles: []Role{RoleFan}}
	author := &User{ID: authorID, Roles: []Role{RoleFan}}
	commenter := &User{ID: commenterID, Roles: []Role{RoleFan}}
	moderator := &User{ID: 5, Roles: []Role{RoleFan, RoleModerator}}
	admin := &User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}
	begun, draft := challengeIn(PhaseVoting, now).Schedule, challengeIn(PhaseDraft, now).Schedule
	listed := &Idea{State: StateSubmitted, Author: Author{ID: authorID}}
	hidden := &Idea{State: StateHidden, Author: Author{ID: authorID}}
	shown := &Comment{Author: Author{ID: commenterID}}
	hiddenComment := &Comment{Author: Author{ID: commenterID}, Hidden: true}
	for _, c := range []struct {
		name string
		u    *User
		item NoticeItem
		want bool
	}{
		{"about nothing", fan, NoticeItem{}, true},
		{"about nothing, even if marked gone", fan, NoticeItem{Gone: true}, true},
		{"gone", admin, NoticeItem{About: true, Gone: true}, false},
		{"begun challenge", fan, NoticeItem{About: true, Schedule: begun}, true},
		{"challenge back to draft", fan, NoticeItem{About: true, Schedule: draft}, false},
		{"draft challenge, admin", admin, NoticeItem{About: true, Schedule: draft}, true},
		{"listed idea", fan, NoticeItem{About: true, Schedule: begun, Idea: listed}, true},
		{"idea of a draft challenge", fan, NoticeItem{About: true, Schedule: draft, Idea: listed}, false},
		{"hidden idea", fan, NoticeItem{About: true, Schedule: begun, Idea: hidden}, false},
		{"hidden idea, its author", author, NoticeItem{About: true, Schedule: begun, Idea: hidden}, true},
		{"hidden idea, moderator", moderator, NoticeItem{About: true, Schedule: begun, Idea: hidden}, true},
		{"comment", fan, NoticeItem{About: true, Schedule: begun, Idea: listed, Comment: shown}, true},
		{"hidden comment", fan, NoticeItem{About: true, Schedule: begun, Idea: listed, Comment: hiddenComment}, false},
		{"hidden comment, the idea's author", author, NoticeItem{About: true, Schedule: begun, Idea: listed, Comment: hiddenComment}, false},
		{"hidden comment, its author", commenter, NoticeItem{About: true, Schedule: begun, Idea: listed, Comment: hiddenComment}, true},
		{"hidden comment, moderator", moderator, NoticeItem{About: true, Schedule: begun, Idea: listed, Comment: hiddenComment}, true},
		{"comment on a hidden idea", commenter, NoticeItem{About: true, Schedule: begun, Idea: hidden, Comment: shown}, false},
	} {
		if got := MaySeeNotice(c.u, c.item, now); got != c.want {
			t.Errorf("%s: MaySeeNotice = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestHeldActsShown(t *testing.T) {
	for _, c := range []struct {
		h    HeldActs
		want map[string]int
	}{
		{HeldActs{}, map[string]int{}},
		{HeldActs{Ratings: 2}, map[string]int{"ratings": 2}},
		{HeldActs{Comparisons: 1, Intents: 3}, map[string]int{"comparisons": 1, "intents": 3}},
		{HeldActs{Ratings: 1, Comparisons: 1, Intents: 1}, map[string]int{"ratings": 1, "comparisons": 1, "intents": 1}},
	} {
		got := c.h.Shown()
		if len(got) != len(c.want) {
			t.Errorf("%+v: %v, want %v", c.h, got, c.want)
		}
		for k, n := range c.want {
			if got[k] != n {
				t.Errorf("%+v: %v, want %v", c.h, got, c.want)
			}
		}
	}
}

// A comment's own address (?comment=) still reads as the comment of its idea.
func TestNoticeAboutOfCommentAddress(t *testing.T) {
	if got := NoticeAboutOf(CommentLink(12, 3)); got != (NoticeAbout{Idea: 12, Comment: 3}) {
		t.Errorf("NoticeAboutOf(%q) = %+v", CommentLink(12, 3), got)
	}
}
