package domain

import "testing"

func TestCanChangeComment(t *testing.T) {
	author := &User{ID: 7}
	other := &User{ID: 8}
	mod := &User{ID: 9, Roles: []Role{RoleModerator}}
	admin := &User{ID: 10, Roles: []Role{RoleAdmin}}
	suspended := &User{ID: 7, Suspended: true}
	open := Idea{ID: 1, State: StateSubmitted}
	c := Comment{ID: 3, IdeaID: 1, Author: Author{ID: 7}}
	hidden, helpful, deleted, reported, official := c, c, c, c, c
	hidden.Hidden, helpful.Helpful, deleted.Deleted, reported.Reported, official.Official = true, true, true, true, true
	engineer := &User{ID: 7, Roles: []Role{RoleEngineer}}
	for _, tc := range []struct {
		name   string
		u      *User
		idea   Idea
		c      Comment
		change CommentChange
		want   string // error code, "" for allowed
	}{
		{"author edits", author, open, c, EditComment, ""},
		{"a reported comment edited", author, open, reported, EditComment, "comment_reported"},
		{"a reported comment deleted", author, open, reported, DeleteComment, "comment_reported"},
		{"an official reply edited by its engineer", engineer, open, official, EditComment, ""},
		{"an official reply edited by one no longer staff", author, open, official, EditComment, "forbidden"},
		{"an official reply deleted by one no longer staff", author, open, official, DeleteComment, ""},
		{"author deletes", author, open, c, DeleteComment, ""},
		{"signed out", nil, open, c, EditComment, "unauthorized"},
		{"suspended author", suspended, open, c, DeleteComment, "suspended"},
		{"another fan edits", other, open, c, EditComment, "forbidden"},
		{"another fan deletes", other, open, c, DeleteComment, "forbidden"},
		{"a moderator edits", mod, open, c, EditComment, "forbidden"},
		{"an admin deletes", admin, open, c, DeleteComment, "forbidden"},
		{"a deleted comment", author, open, deleted, DeleteComment, "not_found"},
		{"a deleted comment edited", author, open, deleted, EditComment, "not_found"},
		{"a hidden comment, another fan", other, open, hidden, DeleteComment, "not_found"},
		{"a hidden comment, a moderator", mod, open, hidden, EditComment, "forbidden"},
		{"a hidden comment edited", author, open, hidden, EditComment, "comment_hidden"},
		{"a hidden comment deleted", author, open, hidden, DeleteComment, "comment_hidden"},
		{"a helpful comment edited", author, open, helpful, EditComment, "comment_helpful"},
		{"a helpful comment deleted", author, open, helpful, DeleteComment, ""},
		{"edited on a withdrawn idea", author, Idea{ID: 1, State: StateWithdrawn}, c, EditComment, "idea_closed"},
		{"edited on a merged idea", author, Idea{ID: 1, State: StateMerged}, c, EditComment, "idea_closed"},
		{"deleted on a merged idea", author, Idea{ID: 1, State: StateMerged}, c, DeleteComment, ""},
		{"edited on a winning idea", author, Idea{ID: 1, State: StateWinner}, c, EditComment, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CanChangeComment(tc.u, tc.idea, tc.c, tc.change)
			got := ""
			if e := AsError(err); e != nil {
				got = e.Code
			} else if err != nil {
				t.Fatalf("not a domain error: %v", err)
			}
			if got != tc.want {
				t.Errorf("CanChangeComment = %v (code %q), want %q", err, got, tc.want)
			}
		})
	}
}
