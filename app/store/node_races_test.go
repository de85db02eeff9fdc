package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/judging"
	"cocreate/app/people"
	"cocreate/app/workflow"
)

// Another node's transaction holds an idea while a moderator hides it on
// one node and its author edits its title on another. Each write must read
// the idea under its lock: read unlocked, both read it shown, and the edit,
// which writes the state it read, showed the hidden idea again.
func TestAHideAndAnEditOnTwoNodesKeepTheHide(t *testing.T) {
	got := hideWhile(t, "an edit", func(other *Store, _ domain.Challenge, a domain.Idea, actor int64) error {
		_, err := other.UpdateIdea(context.Background(), a.ID, actor, "", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
			i.Title = "edited"
			return false, nil
		}, domain.VotesReturnedNotices)
		return err
	})
	if got.Title != "edited" {
		t.Errorf("the edit's title is lost: %q", got.Title)
	}
}

// Every node sweeps the supporter thresholds. Two nodes settling the same
// idea at once must move it, and tell its author, once: the second reads
// the idea under its lock, after the first moved it, and finds nothing due.
func TestTwoNodesSettleAnIdeaOnce(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 1)
	a := addIdea(t, nodes[0], c, users[0].ID, "a")
	before := notices(t, nodes[0], users[0].ID)
	hold := holdIdea(t, nodes[0], a.ID)

	expire := func(_ domain.Challenge, idea domain.Idea, _ []int64) (domain.State, []domain.Outgoing, bool) {
		if idea.State != domain.StateSubmitted {
			return idea.State, nil, false
		}
		return domain.StateExpired, []domain.Outgoing{domain.ExpiredNotice(idea.ID, idea.Author.ID, idea.Title)}, false
	}
	moved := make(chan bool, 2)
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			m, err := n.SettleThreshold(ctx, a.ID, expire, domain.VotesReturnedNotices)
			moved <- m
			done <- err
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the two settles")
	if m1, m2 := <-moved, <-moved; m1 == m2 {
		t.Errorf("settled by both nodes: %v and %v; want exactly one", m1, m2)
	}
	h, err := nodes[0].IdeaHistory(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[1].To != domain.StateExpired {
		t.Errorf("history %+v; want submitted, then expired once", h)
	}
	if told := notices(t, nodes[0], users[0].ID) - before; told != 1 {
		t.Errorf("the author was told %d times; want once", told)
	}
}

// notices counts a user's notifications.
func notices(t *testing.T, s *Store, userID int64) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = ?`, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A sign-in checked against the old password, whose session is written
// while another node changes the password, is refused: its check of the
// password waits for the change and then reads the new hash. Read unlocked,
// it read the old one, and the session outlived the change.
func TestASignInRacingAPasswordChangeIsRefused(t *testing.T) {
	ctx := context.Background()
	s := mustOpenPostgres(t, "a password change on another node")
	users, _ := fixture(t, s, 1)
	u := users[0].ID
	other, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`UPDATE users SET password_hash = 'y' WHERE id = ?`, u); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.CreateSession(ctx, u, hashOf("late"), time.Time{}, Proof{PasswordHash: "x"}) }()
	waitForALockWaiter(t, s, done)
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if e := domain.AsError(err); e == nil || e.Code != "access_changed" {
			t.Errorf("the session on the old password: %v; want access_changed", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the session was never answered")
	}
	if _, err := s.Session(ctx, hashOf("late")); err == nil {
		t.Error("the session made with the old password outlived the change")
	}
}

// Every node scans for click farms. Two nodes scanning a challenge at once
// must leave one group for one farm: the second scan waits for the first
// and then continues its group. Both adding one, an admin's clearing one
// left the other holding the farm's votes.
func TestTwoNodesScanningAtOnceMakeOneGroup(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 3)
	a := addIdea(t, nodes[0], c, users[0].ID, "a")
	farm := []int64{users[1].ID, users[2].ID}
	for _, fan := range farm {
		if _, err := nodes[0].Vote(ctx, fan, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	found := []integrity.Group{{Users: farm, Ideas: []int64{a.ID}, Score: 0.9, Votes: 2}}
	// Another transaction holds the challenge's scan lock, so that both
	// scans are under way before either reads the groups.
	other, err := nodes[0].r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))`, lockClass("integrity scan"), int32(c.ID)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			done <- n.SaveIntegrityScan(ctx, c.ID, 1, func(stored []integrity.Stored) []integrity.Change {
				return integrity.Reconcile(stored, found, integrity.Defaults())
			})
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the two scans")
	r, err := nodes[0].IntegrityReport(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 {
		t.Errorf("%d groups after two scans of one farm at once; want 1", len(r.Groups))
	}
}

// holdTable locks a table in SHARE mode in a transaction of its own, as
// another node's long write would, until the test commits it: writes that
// insert into it wait there.
func holdTable(t *testing.T, s *Store, table string) *sql.Tx {
	t.Helper()
	tx, err := s.r.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.Exec(`LOCK TABLE ` + table + ` IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	return tx
}

// Two nodes setting a new installation up at once make one admin: the
// second setup counts the first's account and is refused.
func TestTwoSetupsAtOnceMakeOneAdmin(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	hold := holdTable(t, nodes[0], "user_roles")
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			_, err := n.CreateUser(ctx, domain.SignUp{Email: fmt.Sprintf("admin%d@example.com", i), Name: "admin"}, "x", true)
			done <- err
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	var refused int
	for range nodes {
		select {
		case err := <-done:
			if e := domain.AsError(err); e != nil && e.Code == "setup_done" {
				refused++
			} else if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the setups did not finish")
		}
	}
	admins, err := nodes[0].UsersWithRole(ctx, domain.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if len(admins) != 1 || refused != 1 {
		t.Errorf("%d admins and %d setups refused after two at once; want 1 and 1", len(admins), refused)
	}
}

// A meetup with one place left, answered by two members on two nodes at
// once: one goes, the other waits.
func TestTwoNodesNeverPassAMeetupsCapacity(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, _ := fixture(t, nodes[0], 3)
	club, err := nodes[0].CreateClub(ctx, people.ClubInput{City: "青岛", Name: "青岛粉丝会"}, users[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := nodes[0].CreateEvent(ctx, club.ID, users[0].ID, people.EventInput{Title: "见面会", Place: "海尔路", StartsAt: nodes[0].Now().Add(48 * time.Hour), Capacity: 1},
		time.Time{}, func(bool, int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	fans := users[1:]
	for _, u := range fans {
		if err := nodes[0].Join(ctx, club.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	hold := holdTable(t, nodes[0], "event_rsvps")
	answers := make(chan people.Answer, 2)
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			a, err := n.RSVP(ctx, e.ID, fans[i].ID, func(ClubEvent, bool) error { return nil }, people.Waitlisted)
			answers <- a
			done <- err
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the two answers")
	if a, b := <-answers, <-answers; a == b {
		t.Errorf("two answers for the last place: %v and %v; want one going, one waiting", a, b)
	}
	got, err := nodes[0].Event(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Going != 1 || got.Waitlisted != 1 {
		t.Errorf("%d going, %d waiting for 1 place; want 1 and 1", got.Going, got.Waitlisted)
	}
}

// Two nodes moving a project to the same stage at once move it once, and
// its followers are told once.
func TestTwoNodesMoveAProjectOnce(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, c := fixture(t, nodes[0], 1)
	idea := addIdea(t, nodes[0], c, users[0].ID, "a")
	p, err := nodes[0].CreateProject(ctx, idea.ID, users[0].ID, users[0].ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	before := notices(t, nodes[0], users[0].ID)
	hold := holdRow(t, nodes[0], "projects", p.ID)
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			_, err := n.MoveProject(ctx, p.ID, users[0].ID, workflow.Accepted, "", func(workflow.Project) error { return nil },
				func(p workflow.Project, a domain.Audience) []domain.Outgoing {
					return domain.StageNotices(p.ID, 0, p.Title, "stage."+string(p.Stage), a)
				})
			done <- err
		}()
		waitForLockWaiters(t, nodes[0], i+1, done)
	}
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	moved := 0
	for range nodes {
		select {
		case err := <-done:
			if err == nil {
				moved++
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the moves did not finish")
		}
	}
	if told := notices(t, nodes[0], users[0].ID) - before; moved != 1 || told != 1 {
		t.Errorf("two moves at once: %d moved, the author told %d times; want once each", moved, told)
	}
}

// The last two admins each giving up the role on a node of their own at
// once: one is refused, and the installation keeps an admin. Each change's
// check waits (up to a second) for the other's, so that without a lock
// both counted the other still an admin and both went through.
func TestTwoNodesKeepTheLastAdmin(t *testing.T) {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	users, _ := fixture(t, nodes[0], 2) // the first is an admin
	if _, err := nodes[0].SetRoles(ctx, users[1].ID, users[1].ID, []domain.Role{domain.RoleAdmin}, func(domain.User, int, int) error { return nil }, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	var checking sync.WaitGroup
	checking.Add(2)
	keepOne := func(_ domain.User, admins, _ int) error {
		checking.Done()
		met := make(chan struct{})
		go func() { checking.Wait(); close(met) }()
		select {
		case <-met:
		case <-time.After(time.Second):
		}
		if admins < 1 {
			return domain.Conflict("last_admin", "the last admin")
		}
		return nil
	}
	done := make(chan error, 2)
	for i, n := range nodes {
		go func() {
			_, err := n.SetRoles(ctx, users[i].ID, users[i].ID, nil, keepOne, tellNoRoles)
			done <- err
		}()
	}
	for range nodes {
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the changes did not finish")
		}
	}
	admins, err := nodes[0].UsersWithRole(ctx, domain.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if len(admins) != 1 {
		t.Errorf("%d admins after the last two gave the role up at once; want 1", len(admins))
	}
}

// hideWhile hides idea a on one node while write, on another, changes it
// from what it read (an edit; publishing results and setting the shortlist
// read without a lock): another transaction holds the idea until both
// wait. The hide must stand; the idea is returned as it ends.
func hideWhile(t *testing.T, what string, write func(other *Store, c domain.Challenge, a domain.Idea, actor int64) error) domain.Idea {
	ctx := context.Background()
	nodes := openNodes(t, 2)
	s, other := nodes[0], nodes[1]
	users, c := fixture(t, s, 1)
	a := addIdea(t, s, c, users[0].ID, "a")
	hold := holdIdea(t, s, a.ID)
	done := make(chan error, 2)
	go func() {
		done <- s.Moderate(ctx, domain.ItemIdea, a.ID, users[0].ID, domain.ActionHide, "spam",
			func(ReportTarget) (bool, bool, error) { return true, false, nil },
			func(ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices)
	}()
	waitForLockWaiters(t, s, 1, done)
	go func() { done <- write(other, c, a, users[0].ID) }()
	waitForLockWaiters(t, s, 2, done)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	finishes(t, done, 2, "the hide and "+what)
	got, err := s.Idea(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != domain.StateHidden {
		t.Errorf("a hidden idea is %s after the hide and %s at once; want hidden", got.State, what)
	}
	return got
}

func TestAHideAndPublishingResultsKeepTheHide(t *testing.T) {
	_ = hideWhile(t, "publishing the results", func(other *Store, c domain.Challenge, a domain.Idea, actor int64) error {
		return other.PublishResults(context.Background(), c.ID, actor, judging.Published{Ranking: []judging.Result{{IdeaID: a.ID, Winner: true}}},
			func(domain.Challenge, map[int64]domain.State, map[int64]judging.CrowdFigures, judging.Judged, int, int) error {
				return nil
			},
			func(judging.Result, int64, string, domain.Audience) []domain.Outgoing {
				t.Error("the hidden idea's author was told an outcome")
				return nil
			}, nil)
	})
}

func TestAHideAndTheShortlistKeepTheHide(t *testing.T) {
	_ = hideWhile(t, "the shortlist", func(other *Store, c domain.Challenge, a domain.Idea, actor int64) error {
		_, err := other.Shortlist(context.Background(), c.ID, actor, func(_ domain.Challenge, es []judging.Entrant) (judging.Basis, error) {
			var b judging.Basis
			for _, e := range es {
				if e.State == domain.StateSubmitted {
					b.Picked = append(b.Picked, e.ID)
				}
			}
			return b, nil
		}, func(int64, int64, string, bool) []domain.Outgoing {
			t.Error("the hidden idea's author was told it is shortlisted")
			return nil
		})
		return err
	})
}
