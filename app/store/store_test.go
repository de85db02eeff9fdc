package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// TestMain runs the tests on SQLite, then on PostgreSQL, where each test's
// database is a copy of one the migrations ran on once (pgtest.Template);
// the tests of the migrations themselves ask for empty ones (EmptyDB).
func TestMain(m *testing.M) {
	pgtest.Template(MigratePostgres)
	pgtest.Main(m, "")
}

// openTest opens the store of the pass's engine (pgtest): the SQLite file
// at path, or PostgreSQL's database for path.
func openTest(t testing.TB, path string) (*Store, error) {
	return OpenEngine(pgtest.DB(t, path), path)
}

// mustOpen opens a real database in a temporary directory: a SQLite file,
// or a fresh PostgreSQL database in the PostgreSQL pass.
func mustOpen(t testing.TB) *Store {
	t.Helper()
	s, err := openTest(t, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture makes n fans and a challenge open for submissions and votes.
func fixture(t testing.TB, s *Store, fans int) ([]domain.User, domain.Challenge) {
	t.Helper()
	ctx := context.Background()
	var users []domain.User
	for i := 0; i < fans; i++ {
		u, err := s.CreateUser(ctx, domain.SignUp{Email: fmt.Sprintf("fan%d@example.com", i), Name: fmt.Sprintf("fan %d", i)}, "x", i == 0)
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	past, future := s.Now().Add(-time.Hour), s.Now().Add(time.Hour)
	c := domain.NewChallenge()
	c.Title, c.OrganiserID = "洗衣机", users[0].ID
	c.SubmissionsOpenAt, c.SubmissionsCloseAt, c.VotingOpenAt, c.VotingCloseAt = &past, &future, &past, &future
	c, err := s.CreateChallenge(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	return users, c
}

func addIdea(t testing.TB, s *Store, c domain.Challenge, author int64, title string) domain.Idea {
	t.Helper()
	idea, err := s.CreateIdea(context.Background(), c.ID, author, func(domain.Challenge, int) (domain.Idea, error) {
		return domain.Idea{Title: title}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return idea
}

func allow(domain.Challenge, domain.Idea, int) error { return nil }

func TestConcurrentVotesKeepTalliesExact(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 40)
	var ideas []domain.Idea
	for i := 0; i < 5; i++ {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, fmt.Sprintf("idea %d", i)))
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	want := map[int64]int{}
	// Every fan votes every idea twice (the repeat must change nothing) and
	// withdraws from the last one.
	for _, u := range users {
		wg.Add(1)
		go func(u domain.User) {
			defer wg.Done()
			for _, idea := range ideas {
				for k := 0; k < 2; k++ {
					if _, err := s.Vote(ctx, u.ID, idea.ID, allow); err != nil {
						t.Error(err)
					}
				}
			}
			if _, err := s.Unvote(ctx, u.ID, ideas[4].ID, allow); err != nil {
				t.Error(err)
			}
			mu.Lock()
			for _, idea := range ideas[:4] {
				want[idea.ID]++
			}
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	for _, idea := range ideas {
		got, err := s.Idea(ctx, idea.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Votes != want[idea.ID] {
			t.Errorf("idea %d shows %d votes, want %d", idea.ID, got.Votes, want[idea.ID])
		}
	}
	if v, err := s.Check(ctx); err != nil || len(v) != 0 {
		t.Fatalf("Check = %v, %v; want no violations", v, err)
	}
}

func TestFailedWriteUndoesOnlyItself(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	ctx := context.Background()
	// Many concurrent writes share transactions; the odd ones insert an idea
	// and then fail, and must leave no trace.
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := s.write(ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec(`INSERT INTO ideas (challenge_id, author_id, title, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`,
					c.ID, users[0].ID, fmt.Sprintf("w%d", i))
				if err != nil {
					return err
				}
				if i%2 == 1 {
					return errors.New("refused")
				}
				return nil
			})
			if (err != nil) != (i%2 == 1) {
				t.Errorf("write %d: err = %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	var n, odd int
	s.r.QueryRow(`SELECT COUNT(*) FROM ideas`).Scan(&n)
	s.r.QueryRow(`SELECT COUNT(*) FROM ideas WHERE CAST(substr(title, 2) AS INTEGER) % 2 = 1`).Scan(&odd)
	if n != 100 || odd != 0 {
		t.Fatalf("%d ideas stored (%d from failed writes), want 100 and 0", n, odd)
	}
}

func TestPanickingWriteDoesNotStopTheWriter(t *testing.T) {
	s := mustOpen(t)
	err := s.write(context.Background(), func(*sql.Tx) error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Fatalf("err = %v, want a panic error", err)
	}
	if _, err := s.CreateUser(context.Background(), domain.SignUp{Email: "a@b.cn", Name: "a"}, "x", false); err != nil {
		t.Fatalf("writer stopped after a panic: %v", err)
	}
}

func TestDataSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "re.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[1].ID, "二次污染")
	if _, err := s.Vote(context.Background(), users[0].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = openTest(t, path) // migrations must not run twice (on PostgreSQL the first open finds the template's: openNodes starts from empty)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Idea(context.Background(), idea.ID)
	if err != nil || got.Votes != 1 || got.Title != "二次污染" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

func TestCheckFindsATamperedCounter(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	idea := addIdea(t, s, c, users[0].ID, "x")
	s.write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE ideas SET votes = 7 WHERE id = ?`, idea.ID)
		return err
	})
	v, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != 1 || v[0].ID != idea.ID || v[0].Got != 7 || v[0].Want != 0 {
		t.Fatalf("Check = %v, want one violation for idea %d", v, idea.ID)
	}
}

func TestSetupRaceHasOneWinner(t *testing.T) {
	s := mustOpen(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := s.CreateUser(context.Background(), domain.SignUp{Email: fmt.Sprintf("a%d@b.cn", i), Name: "a"}, "x", true)
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if e := domain.AsError(err); e == nil || e.Code != "setup_done" {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d setups succeeded, want exactly 1", wins)
	}
}

func TestIdeaListsPageThroughEveryIdeaOnce(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 6)
	ctx := context.Background()
	var ideas []domain.Idea
	for i := 0; i < 23; i++ {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, fmt.Sprintf("idea %d", i)))
	}
	// Ties on purpose: several ideas with the same number of votes.
	for i, idea := range ideas {
		for v := 0; v < i%5; v++ {
			if _, err := s.Vote(ctx, users[v+1].ID, idea.ID, allow); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, sort := range []domain.Sort{domain.SortTop, domain.SortHot, domain.SortNew} {
		seen := map[int64]bool{}
		var after *domain.Cursor
		var prev *domain.Idea
		pages := 0
		for {
			page, next, err := s.Ideas(ctx, c.ID, sort, after, 5)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for i := range page {
				idea := page[i]
				if seen[idea.ID] {
					t.Fatalf("%s: idea %d listed twice", sort, idea.ID)
				}
				seen[idea.ID] = true
				if sort == domain.SortTop && prev != nil && (idea.Votes > prev.Votes || idea.Votes == prev.Votes && idea.ID > prev.ID) {
					t.Fatalf("top: idea %d (%d votes) after idea %d (%d votes)", idea.ID, idea.Votes, prev.ID, prev.Votes)
				}
				if sort == domain.SortNew && prev != nil && idea.ID > prev.ID {
					t.Fatalf("new: idea %d after %d", idea.ID, prev.ID)
				}
				prev = &idea
			}
			if next == nil {
				break
			}
			after = next
		}
		if len(seen) != len(ideas) || pages != 5 {
			t.Errorf("%s: saw %d ideas in %d pages, want %d in 5", sort, len(seen), pages, len(ideas))
		}
	}
}

func TestHiddenIdeasLeaveTheLists(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 1)
	a := addIdea(t, s, c, users[0].ID, "a")
	addIdea(t, s, c, users[0].ID, "b")
	_, err := s.UpdateIdea(context.Background(), a.ID, users[0].ID, "spam", func(_ domain.Challenge, i *domain.Idea) (bool, error) {
		i.State = domain.StateHidden
		return false, nil
	}, domain.VotesReturnedNotices)
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := s.Ideas(context.Background(), c.ID, domain.SortNew, nil, 10)
	if err != nil || len(list) != 1 || list[0].Title != "b" {
		t.Fatalf("list = %+v, %v; want only b", list, err)
	}
	h, _ := s.IdeaHistory(context.Background(), a.ID)
	if len(h) != 2 || h[1].To != domain.StateHidden || h[1].Reason != "spam" || h[1].Actor.ID != users[0].ID {
		t.Fatalf("history = %+v, want submitted then hidden with reason", h)
	}
}

// The lists must read from their partial index, in order, without sorting or
// scanning the whole table: that is what keeps them fast at 100,000 ideas.
func TestIdeaListsUseTheirIndex(t *testing.T) {
	pgtest.SQLiteOnly(t, "EXPLAIN QUERY PLAN is SQLite's; on an empty PostgreSQL table every plan is a scan")
	s := mustOpen(t)
	for sort, index := range map[domain.Sort]string{domain.SortTop: "ideas_top", domain.SortHot: "ideas_hot", domain.SortNew: "ideas_new"} {
		for _, after := range []*domain.Cursor{nil, {Key: 3, ID: 9}} {
			// The same SQL the list runs (listQuery), explained.
			q, args := listQuery(1, sort, after, 20)
			rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				rows.Scan(&id, &parent, &notused, &detail)
				plan = append(plan, detail)
			}
			rows.Close()
			joined := strings.Join(plan, "; ")
			if !strings.Contains(joined, index) || strings.Contains(joined, "TEMP B-TREE") || strings.Contains(joined, "SCAN i ") {
				t.Errorf("%s (cursor %v): plan %q does not walk %s in order", sort, after, joined, index)
			}
		}
	}
}

// The writer's map of challenges must never answer with a stale phase: a
// vote right after voting closed is refused.
func TestVoteSeesAPhaseChangeAtOnce(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 2)
	idea := addIdea(t, s, c, users[0].ID, "x")
	ctx := context.Background()
	open := func(c domain.Challenge, _ domain.Idea, _ int) error {
		if !c.VotingOpen(s.Now()) {
			return domain.Conflict("voting_closed", "closed")
		}
		return nil
	}
	if _, err := s.Vote(ctx, users[0].ID, idea.ID, open); err != nil {
		t.Fatal(err)
	}
	// A refused change must leave the map as it was, too.
	s.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error {
		past := s.Now().Add(-time.Minute)
		c.VotingCloseAt = &past
		return errors.New("refused")
	})
	if _, err := s.Unvote(ctx, users[0].ID, idea.ID, open); err != nil {
		t.Fatalf("a refused change closed voting: %v", err)
	}
	if _, err := s.UpdateChallenge(ctx, c.ID, func(c *domain.Challenge) error {
		now := s.Now()
		c.VotingCloseAt = &now
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vote(ctx, users[1].ID, idea.ID, open); domain.AsError(err) == nil {
		t.Fatalf("a vote after voting closed was accepted: %v", err)
	}
}

// The cached account a token finds follows a role change at once.
func TestTokenUserFollowsRoleChanges(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	admin, _ := s.CreateUser(ctx, domain.SignUp{Email: "a@b.cn", Name: "a"}, "x", true)
	fan, _ := s.CreateUser(ctx, domain.SignUp{Email: "f@b.cn", Name: "f"}, "x", false)
	hash := []byte("0123456789abcdef0123456789abcdef")
	if err := s.CreateToken(ctx, fan.ID, hash, "", 10, Proof{PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByToken(ctx, hash)
	if err != nil || u.Has(domain.RoleJudge) {
		t.Fatalf("before: %+v %v", u, err)
	}
	if _, err := s.SetRoles(ctx, admin.ID, fan.ID, []domain.Role{domain.RoleJudge}, keepsAnAdmin, tellNoRoles); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByToken(ctx, hash); !u.Has(domain.RoleJudge) {
		t.Error("a token still finds the account without its new role")
	}
	s.SetRoles(ctx, admin.ID, fan.ID, nil, keepsAnAdmin, tellNoRoles)
	if u, _ := s.User(ctx, fan.ID); u.Has(domain.RoleJudge) {
		t.Error("the account keeps a role it lost")
	}
	s.SetLocale(ctx, fan.ID, "zh")
	if u, _ := s.UserByToken(ctx, hash); u.Locale != "zh" {
		t.Error("the account's language did not change")
	}
	_ = admin
}

// The language recorded at sign-up is the account's, for its email.
func TestCreateUserRecordsLocale(t *testing.T) {
	s := mustOpen(t)
	u, err := s.CreateUser(context.Background(), domain.SignUp{Email: "lin@x.cn", Name: "林小雨", Locale: "zh"}, "x", false)
	if err != nil || u.Locale != "zh" {
		t.Fatalf("locale = %q, %v; want zh", u.Locale, err)
	}
	u, err = s.CreateUser(context.Background(), domain.SignUp{Email: "sam@x.cn", Name: "Sam"}, "x", false)
	if err != nil || u.Locale != "" {
		t.Fatalf("locale = %q, %v; want the installation default", u.Locale, err)
	}
}

// A batch whose votes refuse, fail and succeed side by side: on PostgreSQL
// a vote runs without a savepoint (writeVote), so one failing otherwise
// than by refusing spoils the transaction and the batch must run again,
// each write in its savepoint. Whatever the engine, each write gets its own
// answer, the failing one changes nothing and the tallies stay exact.
func TestAtomicWriteFailingSpoilsNoOtherWrite(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	idea := addIdea(t, s, c, users[0].ID, "idea")
	ctx := context.Background()
	if _, err := s.Vote(ctx, users[2].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	refuse := func(domain.Challenge, domain.Idea, int) error { return domain.Forbidden("closed") }
	calls := []func() (int, error){
		func() (int, error) { return s.Vote(ctx, users[0].ID, idea.ID, allow) },
		func() (int, error) { return s.Vote(ctx, 1<<40, idea.ID, allow) }, // no such user: the insert fails
		func() (int, error) { return s.Vote(ctx, users[1].ID, idea.ID, refuse) },
		func() (int, error) { return s.Unvote(ctx, users[2].ID, idea.ID, allow) },
		func() (int, error) { return s.Vote(ctx, users[1].ID, idea.ID, allow) },
	}
	results := inOneBatch(s, calls)
	if r := results[0]; r.err != nil || r.votes != 2 {
		t.Errorf("first vote: %d, %v; want 2 votes", r.votes, r.err)
	}
	if r := results[1]; r.err == nil || domain.AsError(r.err) != nil {
		t.Errorf("vote of no user: %v; want a database error", r.err)
	}
	if r := results[2]; domain.AsError(r.err) == nil {
		t.Errorf("refused vote: %v; want the refusal", r.err)
	}
	if r := results[3]; r.err != nil || r.votes != 1 {
		t.Errorf("withdrawal: %d, %v; want 1 vote", r.votes, r.err)
	}
	if r := results[4]; r.err != nil || r.votes != 2 {
		t.Errorf("last vote: %d, %v; want 2 votes", r.votes, r.err)
	}
	got, err := s.Idea(ctx, idea.ID)
	if err != nil || got.Votes != 2 {
		t.Errorf("idea: %d votes, %v; want 2", got.Votes, err)
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// One batch of votes and withdrawals touching the same ideas every way
// (PostgreSQL runs them in bulk: voteBulk): each gets the answer it would
// get alone in queue order, and the tallies, votes held for review
// included, are what `check` recounts.
func TestVotesInOneBatch(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 5)
	a := addIdea(t, s, c, users[0].ID, "a")
	b := addIdea(t, s, c, users[0].ID, "b")
	ctx := context.Background()
	for _, u := range users[1:4] {
		if _, err := s.Vote(ctx, u.ID, a.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	// users[3]'s vote for a is held for review.
	if err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE votes SET held = 1 WHERE idea_id = ? AND user_id = ?`, a.ID, users[3].ID); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE ideas SET votes = votes - 1, votes_under_review = votes_under_review + 1 WHERE id = ?`, a.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	refuse := func(domain.Challenge, domain.Idea, int) error { return domain.Forbidden("closed") }
	vote := func(u domain.User, idea int64, check VoteCheck) func() (int, error) {
		return func() (int, error) { return s.Vote(ctx, u.ID, idea, check) }
	}
	unvote := func(u domain.User, idea int64) func() (int, error) {
		return func() (int, error) { return s.Unvote(ctx, u.ID, idea, allow) }
	}
	steps := []struct {
		call  func() (int, error)
		votes int // the answer; -1: refused
	}{
		{vote(users[0], a.ID, allow), 3},   // a: 2 standing (one held) + 1
		{vote(users[0], a.ID, allow), 3},   // a repeat
		{unvote(users[1], a.ID), 2},        // a vote from before withdrawn
		{vote(users[4], a.ID, refuse), -1}, // refused
		{vote(users[2], b.ID, allow), 1},   // b
		{unvote(users[2], b.ID), 0},        // b withdrawn in the same batch
		{vote(users[2], b.ID, allow), 1},   // and cast again
		{unvote(users[3], a.ID), 2},        // the held vote withdrawn: the tally stays
		{unvote(users[4], a.ID), 2},        // no vote to withdraw
		{vote(users[1], a.ID, allow), 3},   // withdrawn earlier in the batch, cast again
		{vote(users[0], 1<<40, allow), -1}, // no such idea
	}
	var calls []func() (int, error)
	for _, step := range steps {
		calls = append(calls, step.call)
	}
	results := inOneBatch(s, calls)
	for i, step := range steps {
		r := results[i]
		switch {
		case step.votes < 0 && domain.AsError(r.err) == nil:
			t.Errorf("step %d: %d, %v; want a refusal", i, r.votes, r.err)
		case step.votes >= 0 && (r.err != nil || r.votes != step.votes):
			t.Errorf("step %d: %d votes, %v; want %d", i, r.votes, r.err, step.votes)
		}
	}
	if s.postgres && s.bulkVotes.Load() == 0 {
		t.Error("no vote ran in bulk")
	}
	for idea, want := range map[int64][2]int{a.ID: {3, 0}, b.ID: {1, 0}} {
		got, err := s.Idea(ctx, idea)
		if err != nil || got.Votes != want[0] || got.VotesUnderReview != want[1] {
			t.Errorf("idea %d: %d votes, %d under review, %v; want %v", idea, got.Votes, got.VotesUnderReview, err, want)
		}
	}
	if v, err := s.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

type voteResult struct {
	votes int
	err   error
}

// inOneBatch makes the calls (votes, withdrawals) one batch of the writer,
// queued in their order, and returns what each answered.
func inOneBatch(s *Store, calls []func() (int, error)) []voteResult {
	// Hold the writer so the writes queue up behind it.
	held, release := make(chan struct{}), make(chan struct{})
	go s.write(context.Background(), func(*sql.Tx) error { close(held); <-release; return nil })
	<-held
	results := make([]voteResult, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := call()
			results[i] = voteResult{v, err}
		}()
		for len(s.writes) < i+1 { // queued in this order
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	wg.Wait()
	return results
}

// keepsAnAdmin is a SetRoles check of the admins only.
func keepsAnAdmin(_ domain.User, admins, _ int) error { return domain.KeepsAnAdmin(admins) }
