package domain

import (
	"errors"
	"reflect"
	"testing"
)

func TestCanMerge(t *testing.T) {
	idea := func(id, challenge int64, s State) Idea { return Idea{ID: id, ChallengeID: challenge, State: s} }
	cases := []struct {
		name      string
		dup, orig Idea
		project   bool
		code      string
	}{
		{"two listed ideas of one challenge", idea(1, 7, StateSubmitted), idea(2, 7, StateShortlisted), false, ""},
		{"into itself", idea(1, 7, StateSubmitted), idea(1, 7, StateSubmitted), false, "merge_into_itself"},
		{"across challenges", idea(1, 7, StateSubmitted), idea(2, 8, StateSubmitted), false, "other_challenge"},
		{"a hidden duplicate", idea(1, 7, StateHidden), idea(2, 7, StateSubmitted), false, "idea_not_mergeable"},
		{"into a withdrawn idea", idea(1, 7, StateSubmitted), idea(2, 7, StateWithdrawn), false, "idea_not_mergeable"},
		{"an already merged duplicate", idea(1, 7, StateMerged), idea(2, 7, StateSubmitted), false, "idea_not_mergeable"},
		{"a winner into a winner", idea(1, 7, StateWinner), idea(2, 7, StateWinner), false, ""},
		{"a project into another idea", idea(1, 7, StateWinner), idea(2, 7, StateWinner), true, "idea_is_project"},
		{"a project merged into, listed", idea(1, 7, StateSubmitted), idea(2, 7, StateWinner), false, ""},
		{"a hidden project: not listed first", idea(1, 7, StateHidden), idea(2, 7, StateSubmitted), true, "idea_not_mergeable"},
	}
	for _, c := range cases {
		err := CanMerge(c.dup, c.orig, c.project)
		var de *Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &de) || de.Code != c.code):
			t.Errorf("%s: = %v, want %s", c.name, err, c.code)
		}
	}
	var de *Error
	if err := CanMerge(idea(1, 7, StateSubmitted), idea(2, 8, StateSubmitted), false); !errors.As(err, &de) || de.Field != "into" {
		t.Errorf("a merge across challenges does not name the field: %v", err)
	}
}

func TestMergeFollowers(t *testing.T) {
	dup := Idea{ID: 3, Author: Author{ID: 9}}
	orig := Idea{ID: 5, Author: Author{ID: 4}}
	for _, c := range []struct {
		name      string
		followers []int64
		want      []int64
	}{
		{"nobody follows: the author alone", nil, []int64{9}},
		{"the followers after the author", []int64{2, 7}, []int64{9, 2, 7}},
		{"an author following their own idea, once", []int64{2, 9}, []int64{9, 2}},
		{"never the original's author", []int64{4, 7}, []int64{9, 7}},
	} {
		if got := MergeFollowers(dup, orig, c.followers); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Merging two ideas of one author: they follow neither (they are its author).
	if got := MergeFollowers(Idea{ID: 3, Author: Author{ID: 4}}, orig, []int64{7}); !reflect.DeepEqual(got, []int64{7}) {
		t.Errorf("one author's two ideas: %v", got)
	}
}

func TestMergedNoticesTellTheAuthorAndFollowersWhereItWent(t *testing.T) {
	dup := Idea{ID: 3, Title: "免清洗", Author: Author{ID: 9}}
	orig := Idea{ID: 5, Title: "自清洁", Author: Author{ID: 4}}
	type told struct {
		to   int64
		kind NoticeKind
	}
	for _, c := range []struct {
		name      string
		followers []int64
		actor     int64
		want      []told
	}{
		{"no followers: the author", nil, 1, []told{{9, NoticeMerged}}},
		{"followers, once each", []int64{2, 7, 2}, 1, []told{{9, NoticeMerged}, {2, NoticeFollowedMerged}, {7, NoticeFollowedMerged}}},
		{"the author following is told as the author", []int64{9, 7}, 1, []told{{9, NoticeMerged}, {7, NoticeFollowedMerged}}},
		{"not the admin who merged it", []int64{1, 7}, 1, []told{{9, NoticeMerged}, {7, NoticeFollowedMerged}}},
		{"the original's author following it hears too", []int64{4}, 1, []told{{9, NoticeMerged}, {4, NoticeFollowedMerged}}},
	} {
		got := MergedNotices(dup, orig, c.followers, c.actor)
		var to []told
		for _, o := range got {
			to = append(to, told{o.To, o.Kind})
			if o.URL != "/ideas/5" {
				t.Errorf("%s: %+v does not lead to the original", c.name, o)
			}
			want := []string{"免清洗", "自清洁"}
			if o.Kind == NoticeMerged {
				want = want[:1]
			}
			if !reflect.DeepEqual(o.Args, want) {
				t.Errorf("%s: %+v, want args %v", c.name, o, want)
			}
		}
		if !reflect.DeepEqual(to, c.want) {
			t.Errorf("%s: told %v, want %v", c.name, to, c.want)
		}
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
