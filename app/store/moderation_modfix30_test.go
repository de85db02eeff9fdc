package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
	"cocreate/app/pgtest"
)

// The moderation log reads each decision's idea in its own query, by
// keys: the newest decisions by theirs (no sort), then the comment and
// the idea by their primary keys, never a scan of comments or ideas (it
// read them one small query each, up to 50 a page, before).
func TestModerationLogReadsItsIdeasByKey(t *testing.T) {
	s := mustOpen(t)
	hidden, args := s.inIDs("i.challenge_id", []int64{3, 4})
	q, args := moderationLogQuery(hidden), append(args, 50)
	if pgtest.Postgres() {
		p := pgPlan(t, s, q, args...)
		for _, want := range []string{"Index Scan Backward using moderation_decisions_pkey", "Index Scan using comments_pkey", "Index Scan using ideas_pkey"} {
			if !strings.Contains(p, want) {
				t.Errorf("the log's plan has no %q:\n%s", want, p)
			}
		}
		if strings.Contains(p, "Seq Scan") || strings.Contains(p, "Sort") {
			t.Errorf("the log's plan scans or sorts:\n%s", p)
		}
		return
	}
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	p := strings.Join(plan, "\n")
	for _, want := range []string{"SEARCH cm USING INTEGER PRIMARY KEY", "SEARCH i USING INTEGER PRIMARY KEY"} {
		if !strings.Contains(p, want) {
			t.Errorf("the log's plan has no %q:\n%s", want, p)
		}
	}
	if strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "SCAN i") || strings.Contains(p, "SCAN cm") {
		t.Errorf("the log's plan sorts or scans:\n%s", p)
	}
}

// restoreFixture is judgedFixture with both ideas scored and b hidden by
// a moderator while shortlisted (its assignment dropped, as a hidden idea
// leaves the judging): ranked, the results name a alone.
func restoreFixture(t *testing.T, s *Store) (users []domain.User, c domain.Challenge, a, b domain.Idea, p judging.Published, d JudgingData) {
	t.Helper()
	ctx := context.Background()
	users, c, a, b, judge := judgedFixture(t, s)
	for _, id := range []int64{a.ID, b.ID} {
		if err := scoreIdea(ctx, s, judge, id, 5); err != nil {
			t.Fatal(err)
		}
	}
	if err := moderateIdea(ctx, s, b.ID, users[0].ID, domain.ActionHide, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`DELETE FROM judge_assignments WHERE idea_id = ?`, b.ID); err != nil {
		t.Fatal(err)
	}
	d, err := s.Judging(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return users, c, a, b, ranked(d, 1), d
}

// moderateIdea hides or restores an idea as a moderator's decision does;
// inside, when set, runs in the decision's check, its locks taken.
func moderateIdea(ctx context.Context, s *Store, ideaID, actorID int64, action domain.ModAction, inside func()) error {
	return s.Moderate(ctx, domain.ItemIdea, ideaID, actorID, action, "理由 a reason",
		func(ReportTarget) (bool, bool, error) {
			if inside != nil {
				inside()
			}
			return action == domain.ActionHide, false, nil
		},
		func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices)
}

// waitedOrDone waits until a session of s's database waits for a lock
// (true) or the write whose result done carries ends first (false, the
// result kept in *ended).
func waitedOrDone(t *testing.T, s *Store, done <-chan error, ended *error) bool {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for lockWaiters(t, s) == 0 {
		select {
		case *ended = <-done:
			return false
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing waited for a lock, nor ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// stateOf and publishedAt read an idea's state and its challenge's
// results time as committed, past every cache.
func stateOf(t *testing.T, s *Store, ideaID int64) domain.State {
	t.Helper()
	var st string
	if err := s.r.QueryRow(`SELECT state FROM ideas WHERE id = ?`, ideaID).Scan(&st); err != nil {
		t.Fatal(err)
	}
	return domain.State(st)
}

func publishedAt(t *testing.T, s *Store, challengeID int64) bool {
	t.Helper()
	var at sql.NullInt64
	if err := s.r.QueryRow(`SELECT results_at FROM challenges WHERE id = ?`, challengeID).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at.Valid
}

// On PostgreSQL a moderator's restore of a shortlisted idea, running on
// another node while the results are published, leaves no idea
// shortlisted in a published challenge: the restore locks the challenge
// before the idea, as publishing does, so publishing waits for it, then
// reads the idea back on the shortlist and answers shortlist_changed.
// Unlocked, publishing went past the restore (which had read the
// challenge unpublished), published, and the restore then put the idea
// back on the shortlist of a published challenge, for good.
func TestPublishingWaitsForARestoreBeingMade(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c, a, b, p, d := restoreFixture(t, s)
	inside, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	restored := make(chan error, 1)
	go func() {
		restored <- moderateIdea(ctx, other, b.ID, users[1].ID, domain.ActionRestore, func() {
			close(inside)
			<-release
		})
	}()
	<-inside // the restore's transaction has read the idea hidden, the challenge unpublished
	done := make(chan error, 1)
	go func() { done <- publishRead(ctx, s, c, users[0].ID, d, p) }()
	var err error
	waited := waitedOrDone(t, s, done, &err)
	free()
	finishes(t, restored, 1, "the restore")
	if waited {
		err = <-done
	}
	if publishedAt(t, s, c.ID) && stateOf(t, s, b.ID) == domain.StateShortlisted {
		t.Fatalf("published (%v) with b restored onto the shortlist: it stays there for good, with no outcome", err)
	}
	if e := domain.AsError(err); e == nil || e.Code != "shortlist_changed" {
		t.Errorf("publishing while b was being restored: %v, want shortlist_changed", err)
	}
	nothingPublished(t, s, c, a, b)
}

// On PostgreSQL a restore waits for publishing's lock on the challenge
// and, once the results are committed, decides the idea's state from
// them: a shortlisted idea hidden through the publication comes back not
// selected. Unlocked, the restore read the challenge unpublished and put
// the idea back on the shortlist.
func TestARestoreWaitsForPublishingAndReadsItsResults(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c, _, b, _, _ := restoreFixture(t, s)
	publishing := holdRow(t, s, "challenges", c.ID) // as PublishResults locks it
	if _, err := publishing.Exec(`UPDATE challenges SET results_at = ? WHERE id = ?`, ms(s.Now()), c.ID); err != nil {
		t.Fatal(err)
	}
	restored := make(chan error, 1)
	go func() { restored <- moderateIdea(ctx, other, b.ID, users[1].ID, domain.ActionRestore, nil) }()
	var err error
	if !waitedOrDone(t, s, restored, &err) {
		t.Errorf("the restore did not wait for the challenge publishing holds (%v)", err)
	} else if err := publishing.Commit(); err != nil {
		t.Fatal(err)
	} else {
		finishes(t, restored, 1, "the restore, once the results committed")
	}
	_ = publishing.Commit()
	if got := stateOf(t, s, b.ID); got != domain.StateNotSelected {
		t.Errorf("b restored as the results were published: %s, want not_selected", got)
	}
}
