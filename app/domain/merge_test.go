package domain

import (
	"errors"
	"testing"
)

func TestCanMerge(t *testing.T) {
	idea := func(id, challenge int64, s State) Idea { return Idea{ID: id, ChallengeID: challenge, State: s} }
	cases := []struct {
		name      string
		dup, orig Idea
		code      string
	}{
		{"two listed ideas of one challenge", idea(1, 7, StateSubmitted), idea(2, 7, StateShortlisted), ""},
		{"into itself", idea(1, 7, StateSubmitted), idea(1, 7, StateSubmitted), "merge_into_itself"},
		{"across challenges", idea(1, 7, StateSubmitted), idea(2, 8, StateSubmitted), "other_challenge"},
		{"a hidden duplicate", idea(1, 7, StateHidden), idea(2, 7, StateSubmitted), "idea_not_mergeable"},
		{"into a withdrawn idea", idea(1, 7, StateSubmitted), idea(2, 7, StateWithdrawn), "idea_not_mergeable"},
		{"an already merged duplicate", idea(1, 7, StateMerged), idea(2, 7, StateSubmitted), "idea_not_mergeable"},
		{"a winner into a winner", idea(1, 7, StateWinner), idea(2, 7, StateWinner), ""},
	}
	for _, c := range cases {
		err := CanMerge(c.dup, c.orig)
		var de *Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &de) || de.Code != c.code):
			t.Errorf("%s: = %v, want %s", c.name, err, c.code)
		}
	}
	var de *Error
	if err := CanMerge(idea(1, 7, StateSubmitted), idea(2, 8, StateSubmitted)); !errors.As(err, &de) || de.Field != "into" {
		t.Errorf("a merge across challenges does not name the field: %v", err)
	}
}

func TestMergedNoticeTellsTheDuplicatesAuthorWhereItWent(t *testing.T) {
	dup := Idea{ID: 3, Title: "免清洗", Author: Author{ID: 9}}
	got := MergedNotice(dup, Idea{ID: 5})
	if len(got) != 1 || got[0].To != 9 || got[0].Kind != NoticeMerged || got[0].URL != "/ideas/5" || len(got[0].Args) != 1 || got[0].Args[0] != "免清洗" {
		t.Fatalf("MergedNotice = %+v", got)
	}
}

func TestProjectNotices(t *testing.T) {
	got := ProjectOpenedNotices(4, 0, 0, Idea{ID: 2, Title: "内筒", Author: Author{ID: 8}}, Audience{Author: 8})
	if len(got) != 1 || got[0].To != 8 || got[0].Kind != NoticeProject || got[0].URL != "/projects/4" || got[0].Args[0] != "内筒" {
		t.Errorf("ProjectOpenedNotices = %+v", got)
	}
	for _, c := range []struct {
		was, accepted bool
		told          bool
	}{{false, true, true}, {true, true, false}, {false, false, false}, {true, false, false}} {
		got := TesterChosenNotice(4, 9, "样机", c.was, c.accepted)
		if told := len(got) == 1 && got[0].To == 9 && got[0].Kind == NoticeTesterChosen && got[0].URL == "/projects/4" && got[0].Args[0] == "样机"; told != c.told || (!c.told && len(got) != 0) {
			t.Errorf("was %v, accepted %v: %+v, want told %v", c.was, c.accepted, got, c.told)
		}
	}
}

func TestNoticeSubject(t *testing.T) {
	for _, c := range []struct {
		url  string
		kind string
		id   int64
	}{
		{"/ideas/12", "idea", 12},
		{"/ideas/12#comment-3", "idea", 12},
		{"/ideas/7/edit", "idea", 7},
		{"/ideas/7?x=1", "idea", 7},
		{"/projects/4", "project", 4},
		{"/projects/4#update-9", "project", 4},
		{"/challenges/3/results", "", 0},
		{"/ideas/", "", 0},
		{"/ideas/abc", "", 0},
		{"/ideas/0", "", 0},
		{"/ideas/-2", "", 0},
		{"https://evil.example/ideas/3", "", 0},
		{"", "", 0},
	} {
		kind, id := NoticeSubject(c.url)
		if kind != c.kind || id != c.id {
			t.Errorf("NoticeSubject(%q) = %q, %d; want %q, %d", c.url, kind, id, c.kind, c.id)
		}
	}
}
