package domain

import (
	"reflect"
	"testing"
)

// drumNotices is the idea the comment-notice tests comment on (its
// author is 1; the comment is 9), and the notice of kind k to to about it.
func drumNotices() (Idea, func(to int64, k NoticeKind) Outgoing) {
	return Idea{ID: 7, Title: "drum", Author: Author{ID: 1}}, func(to int64, k NoticeKind) Outgoing {
		return Outgoing{To: to, Kind: k, URL: "/ideas/7?comment=9#comment-9", Args: []string{"drum"}}
	}
}

// waits is o for a reader already waiting: it takes the place of their
// unread notice of the thread, mailing only if that one had not.
func waits(o Outgoing) Outgoing {
	o.Thread, o.OneMail = ThreadComments, true
	return o
}

func TestCommentNotices(t *testing.T) {
	idea, o := drumNotices()
	for _, tc := range []struct {
		name      string
		by        int64
		official  bool
		followers []int64
		waiting   map[int64]bool
		want      []Outgoing
	}{
		{"a fan comments: the author hears", 2, false, nil, nil, []Outgoing{o(1, NoticeComment)}},
		{"the author comments on their own idea: nobody", 1, false, nil, nil, nil},
		{"staff reply: official to the author", 3, true, nil, nil, []Outgoing{o(1, NoticeOfficial)}},
		{"followers hear, once each, never the commenter, the author as author",
			2, false, []int64{4, 2, 1, 4, 5}, nil, []Outgoing{o(1, NoticeComment), o(4, NoticeFollowedComment), o(5, NoticeFollowedComment)}},
		{"official reply to followers", 3, true, []int64{4, 3}, nil, []Outgoing{o(1, NoticeOfficial), o(4, NoticeFollowedOfficial)}},
		{"those with an unread comment notice have it replaced, never silenced", 2, false, []int64{4, 5}, map[int64]bool{1: true, 4: true},
			[]Outgoing{waits(o(1, NoticeComment)), waits(o(4, NoticeFollowedComment)), o(5, NoticeFollowedComment)}},
		{"official replies tell even those waiting", 3, true, []int64{4}, map[int64]bool{1: true, 4: true}, []Outgoing{o(1, NoticeOfficial), o(4, NoticeFollowedOfficial)}},
		{"an idea with no author (0) tells no one for it", 2, false, []int64{0}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := idea
			if tc.name == "an idea with no author (0) tells no one for it" {
				i.Author.ID = 0
			}
			got := CommentNotices(i, Comment{ID: 9, Author: Author{ID: tc.by}, Official: tc.official}, 0, 0, tc.followers, tc.waiting)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// A comment under a project update: its author (an engineer) hears of it
// after the idea's author and before the followers, once, never for their
// own comment, quiet while waiting unless the comment is official.
func TestCommentNoticesUnderAnUpdate(t *testing.T) {
	idea, o := drumNotices()
	for _, tc := range []struct {
		name         string
		by, updateBy int64
		official     bool
		followers    []int64
		waiting      map[int64]bool
		want         []Outgoing
	}{
		{"a fan answers: the idea's author, the update's, then followers", 2, 6, false, []int64{6, 4}, nil,
			[]Outgoing{o(1, NoticeComment), o(6, NoticeUpdateComment), o(4, NoticeFollowedComment)}},
		{"the update's author answers under it: not told", 6, 6, true, []int64{4}, nil,
			[]Outgoing{o(1, NoticeOfficial), o(4, NoticeFollowedOfficial)}},
		{"the idea's author wrote the update: told once, as its author", 2, 1, false, nil, nil, []Outgoing{o(1, NoticeComment)}},
		{"the update's author waits with an unread one: replaced", 2, 6, false, nil, map[int64]bool{6: true}, []Outgoing{o(1, NoticeComment), waits(o(6, NoticeUpdateComment))}},
		{"another engineer's official answer tells even the waiting", 3, 6, true, nil, map[int64]bool{6: true},
			[]Outgoing{o(1, NoticeOfficial), o(6, NoticeUpdateComment)}},
		{"no update author (0): as CommentNotices", 2, 0, false, []int64{4}, nil, []Outgoing{o(1, NoticeComment), o(4, NoticeFollowedComment)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CommentNotices(idea, Comment{ID: 9, Author: Author{ID: tc.by}, Official: tc.official}, tc.updateBy, 0, tc.followers, tc.waiting)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// A plain comment on the idea of a project tells its engineer, after the
// idea's author and an update's author and before the followers, once;
// an official answer, or the engineer's own comment, does not; a waiting
// engineer (an unread one already) is quiet.
func TestCommentNoticesTellTheProjectsEngineer(t *testing.T) {
	idea, o := drumNotices()
	for _, tc := range []struct {
		name                   string
		by, updateBy, engineer int64
		official               bool
		followers              []int64
		waiting                map[int64]bool
		want                   []Outgoing
	}{
		{"a fan asks: the author, then the engineer, then followers", 2, 0, 6, false, []int64{6, 4}, nil,
			[]Outgoing{o(1, NoticeComment), o(6, NoticeProjectQuestion), o(4, NoticeFollowedComment)}},
		{"under the engineer's update: told once, of the update", 2, 6, 6, false, nil, nil,
			[]Outgoing{o(1, NoticeComment), o(6, NoticeUpdateComment)}},
		{"under another's update: both told", 2, 5, 6, false, nil, nil,
			[]Outgoing{o(1, NoticeComment), o(5, NoticeUpdateComment), o(6, NoticeProjectQuestion)}},
		{"an official answer by another engineer: not a question", 3, 0, 6, true, []int64{4}, nil,
			[]Outgoing{o(1, NoticeOfficial), o(4, NoticeFollowedOfficial)}},
		{"the engineer's own comment", 6, 0, 6, false, nil, nil, []Outgoing{o(1, NoticeComment)}},
		{"the engineer is the idea's author: told once, as its author", 2, 0, 1, false, nil, nil, []Outgoing{o(1, NoticeComment)}},
		{"a waiting engineer's unread one is replaced by the newest", 2, 0, 6, false, nil, map[int64]bool{6: true}, []Outgoing{o(1, NoticeComment), waits(o(6, NoticeProjectQuestion))}},
		{"no project (0)", 2, 0, 0, false, nil, nil, []Outgoing{o(1, NoticeComment)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CommentNotices(idea, Comment{ID: 9, Author: Author{ID: tc.by}, Official: tc.official}, tc.updateBy, tc.engineer, tc.followers, tc.waiting)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestFeedbackReplyNotice(t *testing.T) {
	want := []Outgoing{{To: 5, Kind: NoticeFeedbackReply, URL: "/projects/3?report=8#fb-8", Args: []string{"dryer"}}}
	for _, tc := range []struct {
		name          string
		tester        int64
		before, after string
		want          []Outgoing
	}{
		{"a first reply", 5, "", "thanks, fixed", want},
		{"a changed reply", 5, "looking", "fixed", want},
		{"the same reply saved again", 5, "fixed", "fixed", nil},
		{"no reply (addressed ticked alone)", 5, "", "", nil},
		{"a reply removed", 5, "fixed", "", nil},
		{"no tester", 0, "", "fixed", nil},
	} {
		if got := FeedbackReplyNotice("/projects/3?report=8#fb-8", "dryer", tc.tester, tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestCommentFollows(t *testing.T) {
	idea := Idea{ID: 7, Author: Author{ID: 1}}
	for _, tc := range []struct {
		name string
		u    *User
		want bool
	}{
		{"a fan on another's idea", &User{ID: 2}, true},
		{"a moderator is a fan here", &User{ID: 2, Roles: []Role{RoleModerator}}, true},
		{"the author", &User{ID: 1}, false},
		{"an engineer (official reply)", &User{ID: 3, Roles: []Role{RoleEngineer}}, true},
		{"an admin", &User{ID: 4, Roles: []Role{RoleAdmin}}, true},
		{"an engineer who wrote the idea", &User{ID: 1, Roles: []Role{RoleEngineer}}, false},
		{"nobody", nil, false},
	} {
		if got := CommentFollows(tc.u, idea, true); got != tc.want {
			t.Errorf("%s, a first comment: got %v, want %v", tc.name, got, tc.want)
		}
		if CommentFollows(tc.u, idea, false) {
			t.Errorf("%s, a later comment: follows", tc.name)
		}
		if got := StatusFollows(tc.u, idea, true); got != tc.want {
			t.Errorf("%s, a first status: got %v, want %v", tc.name, got, tc.want)
		}
		if StatusFollows(tc.u, idea, false) {
			t.Errorf("%s, a later status: follows", tc.name)
		}
	}
}

func TestFeedbackAnswerFollows(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after string
		want          bool
	}{
		{"a report's first reply", "", "收到，下周修", true},
		{"a reply mended", "收到", "收到，下周修", false},
		{"the same reply again", "收到", "收到", false},
		{"addressed ticked, no reply", "", "", false},
		{"a reply taken back", "收到", "", false},
	} {
		if got := FeedbackAnswerFollows(tc.before, tc.after); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
