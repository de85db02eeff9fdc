package service

import (
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// An idea, a comment or a vote already in flight when its account was
// deleted (the request's session read before the deletion committed) is
// refused inside its own write, and nothing of it is written; the same for
// an account suspended meanwhile. The stale actor is the struct the
// request's identify read.
func TestActsInFlightAfterDeletionOrSuspensionLandNowhere(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	target := w.idea(c.ID, "别人的创意")
	gone, held := w.fan(1), w.fan(2)
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛同城会"})
	if err != nil {
		t.Fatal(err)
	}

	if err := w.s.DeleteAccount(w.ctx, &gone, "fan-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.SetSuspended(w.ctx, &w.admin, held.ID, true, "广告 spam"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who  domain.User
		code string
	}{{gone, "account_deleted"}, {held, "suspended"}} {
		actor := tc.who // as the request read it: neither deleted nor suspended
		title, summary, body := "迟到的创意", "s", "b"
		_, err := w.s.SubmitIdea(w.ctx, &actor, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
		if e := domain.AsError(err); e == nil || e.Code != tc.code {
			t.Errorf("%s's idea: %v, want %s", tc.code, err, tc.code)
		}
		if _, err := w.s.Comment(w.ctx, &actor, target, "迟到的评论"); domain.AsError(err) == nil || domain.AsError(err).Code != tc.code {
			t.Errorf("%s's comment: %v, want %s", tc.code, err, tc.code)
		}
		if _, err := w.s.Vote(w.ctx, &actor, target); domain.AsError(err) == nil || domain.AsError(err).Code != tc.code {
			t.Errorf("%s's vote: %v, want %s", tc.code, err, tc.code)
		}
		if n, err := w.s.store.IdeasIn(w.ctx, actor.ID, c.ID); err != nil || n != 0 {
			t.Errorf("%s's ideas = %d, %v; want none", tc.code, n, err)
		}
		voted, err := w.s.store.Voted(w.ctx, actor.ID, 0, []int64{target})
		if err != nil || voted[target] {
			t.Errorf("%s's vote was written (%v)", tc.code, err)
		}
		// A club joined in flight (a deleted account is in no club).
		if err := w.s.JoinClub(w.ctx, &actor, club.ID, true); domain.AsError(err) == nil || domain.AsError(err).Code != tc.code {
			t.Errorf("%s's join: %v, want %s", tc.code, err, tc.code)
		}
		if member, _, err := w.s.store.Membership(w.ctx, club.ID, actor.ID); err != nil || member {
			t.Errorf("%s joined the club (%v)", tc.code, err)
		}
	}
	idea, err := w.s.store.Idea(w.ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if idea.Votes != 0 || idea.Comments != 0 {
		t.Errorf("the idea counts %d votes, %d comments; want none", idea.Votes, idea.Comments)
	}
	// A fan neither deleted nor suspended still acts (the check refuses
	// only what it must).
	fan := w.fan(3)
	if _, err := w.s.Vote(w.ctx, &fan, target); err != nil {
		t.Fatalf("a fan's vote: %v", err)
	}
	if _, err := w.s.Comment(w.ctx, &fan, target, "好主意"); err != nil {
		t.Fatalf("a fan's comment: %v", err)
	}
}
