package domain

import "testing"

func TestNoticeBy(t *testing.T) {
	zhang := &Comment{ID: 3, Author: Author{ID: 8, Name: "张三"}}
	deleted := &Comment{ID: 4, Author: Author{ID: 9}}
	for _, c := range []struct {
		name string
		kind NoticeKind
		item NoticeItem
		want *Author
	}{
		{"a comment on your idea", NoticeComment, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"on an idea you follow", NoticeFollowedComment, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"under your update", NoticeUpdateComment, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"a fan's question to the engineer", NoticeProjectQuestion, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"an official reply", NoticeOfficial, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"an official reply, followed", NoticeFollowedOfficial, NoticeItem{About: true, Comment: zhang}, &Author{ID: 8, Name: "张三"}},
		{"an account deleted since", NoticeComment, NoticeItem{About: true, Comment: deleted}, &Author{ID: 9}},
		{"the comment gone", NoticeComment, NoticeItem{About: true, Gone: true}, nil},
		{"a moderator hid your comment", NoticeHidden, NoticeItem{About: true, Comment: zhang}, nil},
		{"a report upheld", NoticeReportUpheld, NoticeItem{About: true, Comment: zhang}, nil},
		{"a win", NoticeWon, NoticeItem{About: true}, nil},
	} {
		got := NoticeBy(c.kind, c.item)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestMailNoticeBy(t *testing.T) {
	zhang := &Comment{ID: 3, Author: Author{ID: 8, Name: "张三"}}
	deleted := &Comment{ID: 4, Author: Author{ID: 9}}
	for _, c := range []struct {
		name string
		kind NoticeKind
		item NoticeItem
		want *Author
	}{
		{"a confirmed commenter is named", NoticeComment, NoticeItem{About: true, Comment: zhang, CommenterConfirmed: true}, &Author{ID: 8, Name: "张三"}},
		{"an unconfirmed one is not", NoticeComment, NoticeItem{About: true, Comment: zhang}, nil},
		{"a deleted account is said deleted", NoticeComment, NoticeItem{About: true, Comment: deleted}, &Author{ID: 9}},
		{"no one on other notices", NoticeWon, NoticeItem{About: true, CommenterConfirmed: true}, nil},
	} {
		got := MailNoticeBy(c.kind, c.item)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
