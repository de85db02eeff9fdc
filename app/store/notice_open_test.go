package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// openedTell tells a project's start as the service does, with no actor to
// leave out (the tests that only need a project).
func openedTell(projectID int64, idea domain.Idea, a domain.Audience) []domain.Outgoing {
	return domain.ProjectOpenedNotices(projectID, 0, 0, idea, a)
}

// A project's news goes to its idea's audience as the store reads it: the
// author, the followers, and the fans of its counted votes, ratings and
// intents; a held act (a quarantined group's) counts nobody in.
func TestProjectAudienceCountsEveryActNotHeldOnes(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 9)
	idea := addIdea(t, s, c, users[0].ID, "自清洁内筒")
	now := ms(s.Now())
	for _, q := range []struct {
		sql  string
		user int
		held int
	}{
		{`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, held) VALUES (?, ?, ?, ?, ?)`, 1, 0},
		{`INSERT INTO votes (idea_id, user_id, challenge_id, created_at, held) VALUES (?, ?, ?, ?, ?)`, 2, 1},
		{`INSERT INTO ratings (idea_id, user_id, challenge_id, created_at, held, stars, updated_at) VALUES (?, ?, ?, ?, ?, 5, 0)`, 3, 0},
		{`INSERT INTO ratings (idea_id, user_id, challenge_id, created_at, held, stars, updated_at) VALUES (?, ?, ?, ?, ?, 5, 0)`, 4, 1},
		{`INSERT INTO intents (idea_id, user_id, challenge_id, created_at, held, quantity, options, updated_at) VALUES (?, ?, ?, ?, ?, 1, '{}', 0)`, 5, 0},
		{`INSERT INTO intents (idea_id, user_id, challenge_id, created_at, held, quantity, options, updated_at) VALUES (?, ?, ?, ?, ?, 1, '{}', 0)`, 6, 1},
	} {
		if _, err := s.w.ExecContext(ctx, q.sql, idea.ID, users[q.user].ID, c.ID, now, q.held); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetFollow(ctx, users[7].ID, idea.ID, true, func(domain.Idea) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var opened, updated domain.Audience
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil },
		func(pid int64, i domain.Idea, a domain.Audience) []domain.Outgoing {
			opened = a
			return domain.ProjectOpenedNotices(pid, users[8].ID, 0, i, a)
		})
	if err != nil {
		t.Fatal(err)
	}
	err = s.PostUpdate(ctx, p.ID, users[8].ID, "进展", func(workflow.Project) error { return nil }, func(q workflow.Project, a domain.Audience, updateID int64) []domain.Outgoing {
		updated = a
		return domain.UpdateNotices(q.ID, updateID, users[8].ID, q.Title, "进展", a)
	})
	if err != nil {
		t.Fatal(err)
	}
	id := func(i int) int64 { return users[i].ID }
	want := domain.Audience{Author: id(0), Voters: []int64{id(1)}, Raters: []int64{id(3)}, Buyers: []int64{id(5)}, Followers: []int64{id(7)}, Testers: []int64{}}
	for name, got := range map[string]domain.Audience{"the start": opened, "the update": updated} {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s's audience: %+v, want %+v", name, got, want)
		}
	}
	// Each of them has the start's notice and the update's, and mail owed.
	for _, i := range []int{0, 1, 3, 5, 7} {
		rows, err := s.Notifications(ctx, id(i), 0, 10)
		if err != nil || len(rows) != 2 || rows[0].Kind != domain.NoticeProjectUpdate || !strings.HasPrefix(rows[0].URL, domain.ProjectLink(p.ID)+"#update-") {
			t.Errorf("fan %d's notices: %+v %v", i, rows, err)
		}
	}
	for _, i := range []int{2, 4, 6, 8} {
		if rows, _ := s.Notifications(ctx, id(i), 0, 10); len(rows) != 0 {
			t.Errorf("fan %d (held, or who did it) was told: %+v", i, rows)
		}
	}
}

// Opening a notice reads that one, the reader's own only.
func TestOpenNoticeReadsOnlyTheReadersOwn(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "自清洁内筒")
	if err := s.SetFollow(ctx, users[1].ID, idea.ID, true, func(domain.Idea) error { return nil }); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := s.Notifications(ctx, users[0].ID, 0, 10)
	theirs, _ := s.Notifications(ctx, users[1].ID, 0, 10)
	if len(mine) != 1 || len(theirs) != 1 {
		t.Fatalf("notices: %v %v", mine, theirs)
	}
	if _, err := s.OpenNotice(ctx, users[0].ID, theirs[0].ID); !isNotFound(err) {
		t.Errorf("opening another's notice: %v", err)
	}
	for range 2 {
		if url, err := s.OpenNotice(ctx, users[0].ID, mine[0].ID); err != nil || url != domain.ProjectLink(p.ID) {
			t.Errorf("opening one's own notice: %q %v", url, err)
		}
	}
	mine, _ = s.Notifications(ctx, users[0].ID, 0, 10)
	theirs, _ = s.Notifications(ctx, users[1].ID, 0, 10)
	if !mine[0].Read || theirs[0].Read {
		t.Errorf("read: mine %v, theirs %v", mine[0].Read, theirs[0].Read)
	}
	var verify int64
	if err := s.w.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, 'verify_email', '[]', '/verify', 0) RETURNING id`, users[0].ID).Scan(&verify); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenNotice(ctx, users[0].ID, verify); !isNotFound(err) {
		t.Errorf("opening a confirmation email's notice: %v", err)
	}
}

func isNotFound(err error) bool {
	var e *domain.Error
	return errors.As(err, &e) && e.Kind == domain.KindNotFound
}
