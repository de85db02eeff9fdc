package store

import (
	"context"
	"reflect"
	"testing"

	"cocreate/app/domain"
)

// A merge carries the duplicate's followers to the original, with its
// author (domain.MergeFollowers), in its own transaction: a fan who
// followed the duplicate hears of the original's news from then on, and is
// told where it went (domain.MergedNotices). A follow the original had
// already stays one.
func TestMergeCarriesFollowers(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	users, c := fixture(t, s, 6)
	admin, origAuthor, dupAuthor, fan, both, other := users[0].ID, users[1].ID, users[2].ID, users[3].ID, users[4].ID, users[5].ID
	orig := addIdea(t, s, c, origAuthor, "original")
	dup := addIdea(t, s, c, dupAuthor, "duplicate")
	follow := func(user, idea int64) {
		t.Helper()
		if err := s.SetFollow(ctx, user, idea, true, func(domain.Idea) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []int64{admin, origAuthor, fan, both} {
		follow(u, dup.ID)
	}
	follow(both, orig.ID)
	if _, err := s.MergeIdea(ctx, dup.ID, orig.ID, admin, "same",
		domain.CanMerge, domain.MergeFollowers,
		func(d, o domain.Idea, followers []int64) []domain.Outgoing {
			return domain.MergedNotices(d, o, followers, admin)
		}); err != nil {
		t.Fatal(err)
	}
	noViolations(t, s)
	followers := func(idea int64) []int64 {
		t.Helper()
		var out []int64
		rows, err := s.r.QueryContext(ctx, `SELECT user_id FROM follows WHERE idea_id = ? ORDER BY user_id`, idea)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	if got, want := followers(orig.ID), []int64{admin, dupAuthor, fan, both}; !reflect.DeepEqual(got, want) {
		t.Errorf("the original's followers %v, want %v (the duplicate's, its author; not the original's author)", got, want)
	}
	if got, want := followers(dup.ID), []int64{admin, origAuthor, fan, both}; !reflect.DeepEqual(got, want) {
		t.Errorf("the duplicate's followers %v, want %v kept", got, want)
	}
	for _, c := range []struct {
		user int64
		kind domain.NoticeKind
	}{{admin, ""}, {origAuthor, domain.NoticeFollowedMerged}, {dupAuthor, domain.NoticeMerged},
		{fan, domain.NoticeFollowedMerged}, {both, domain.NoticeFollowedMerged}, {other, ""}} {
		ns, err := s.Notifications(ctx, c.user, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case c.kind == "" && len(ns) != 0:
			t.Errorf("user %d told %+v", c.user, ns)
		case c.kind != "" && (len(ns) != 1 || ns[0].Kind != c.kind || ns[0].URL != domain.IdeaLink(orig.ID)):
			t.Errorf("user %d told %+v, want one %s leading to the original", c.user, ns, c.kind)
		}
	}
}
