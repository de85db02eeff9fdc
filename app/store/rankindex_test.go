package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
)

var rankSorts = []domain.Sort{domain.SortTop, domain.SortHot, domain.SortNew, domain.SortScore}

// sameAsDatabase checks every page of every sort of challenge c, as
// IdeaRanks gives it (from the rank index on SQLite), against the same
// page read from the database now.
func sameAsDatabase(t *testing.T, s *Store, c int64, limit int, when string) {
	t.Helper()
	ctx := context.Background()
	for _, sort := range rankSorts {
		var after *domain.Cursor
		for page := 0; ; page++ {
			got, gotNext, err := s.IdeaRanks(ctx, c, sort, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			want, wantNext, err := s.readRanks(ctx, c, sort, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) || fmt.Sprint(gotNext) != fmt.Sprint(wantNext) {
				t.Fatalf("%s: %s page %d after %v:\n got %+v next %v\nwant %+v next %v", when, sort, page, after, got, gotNext, want, wantNext)
			}
			if wantNext == nil {
				break
			}
			after = wantNext
		}
	}
}

// The lists kept in memory follow every write to ideas, whatever writes it
// (votes, withdrawals, new ideas, edits, state changes, comments, scores,
// moves between challenges, deletions, writes undone): after each, every
// page of every sort is the page the database gives.
func TestRankIndexFollowsEveryWrite(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 30)
	other := c
	other.ID = 0
	other.Title = "另一个挑战"
	other, err := s.CreateChallenge(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	var ideas []domain.Idea
	for i := range 12 {
		ideas = append(ideas, addIdea(t, s, c, users[i%3].ID, fmt.Sprintf("想法 %d", i)))
	}
	addIdea(t, s, other, users[0].ID, "别处的想法")
	if s.ranks != nil && !s.ranks.indexed(c.ID) {
		sameAsDatabase(t, s, c.ID, 5, "start")
		if !s.ranks.indexed(c.ID) {
			t.Fatal("the challenge's lists were read but not indexed")
		}
	}
	raw := func(q string, args ...any) {
		t.Helper()
		if err := s.write(ctx, func(tx *sql.Tx) error { _, err := tx.Exec(q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewSource(7))
	pick := func() domain.Idea { return ideas[rng.Intn(len(ideas))] }
	for step := range 300 {
		var what string
		switch op := rng.Intn(12); op {
		case 0, 1, 2, 3:
			what = "vote"
			if _, err := s.Vote(ctx, users[rng.Intn(len(users))].ID, pick().ID, allow); err != nil {
				t.Fatal(err)
			}
		case 4:
			what = "withdrawal"
			if _, err := s.Unvote(ctx, users[rng.Intn(len(users))].ID, pick().ID, allow); err != nil {
				t.Fatal(err)
			}
		case 5:
			what = "new idea"
			ideas = append(ideas, addIdea(t, s, c, users[1].ID, fmt.Sprintf("新想法 %d", step)))
		case 6:
			what = "state"
			state := []domain.State{domain.StateHidden, domain.StateSubmitted, domain.StateShortlisted, domain.StateMerged}[rng.Intn(4)]
			raw(`UPDATE ideas SET state = ? WHERE id = ?`, string(state), pick().ID)
		case 7:
			what = "comments"
			raw(`UPDATE ideas SET comments = comments + 1 WHERE id = ?`, pick().ID)
		case 8:
			what = "score"
			raw(`UPDATE ideas SET rank_score = ? WHERE id = ?`, float64(rng.Intn(5))/2, pick().ID)
		case 9:
			what = "move"
			to := []int64{c.ID, other.ID}[rng.Intn(2)]
			raw(`UPDATE ideas SET challenge_id = ? WHERE id = ?`, to, pick().ID)
		case 10:
			what = "undone"
			err := s.write(ctx, func(tx *sql.Tx) error {
				if _, err := tx.Exec(`UPDATE ideas SET votes = votes + 100, hot = hot + 100 WHERE id = ?`, pick().ID); err != nil {
					return err
				}
				return domain.Invalid("x", "undone", "undone")
			})
			if !errors.As(err, new(*domain.Error)) {
				t.Fatalf("the undone write: %v", err)
			}
		case 11:
			what = "deleted"
			idea := addIdea(t, s, c, users[2].ID, "短命的想法")
			sameAsDatabase(t, s, c.ID, 5, "before a deletion")
			raw(`DELETE FROM idea_events WHERE idea_id = ?`, idea.ID)
			raw(`DELETE FROM ideas WHERE id = ?`, idea.ID)
		}
		sameAsDatabase(t, s, c.ID, 5, fmt.Sprintf("step %d (%s)", step, what))
		if step%50 == 0 {
			sameAsDatabase(t, s, other.ID, 2, fmt.Sprintf("step %d (%s), the other challenge", step, what))
		}
	}
}

// A vote acknowledged before a list page was asked for is on it, while
// many fans vote at once (the storm the index exists for).
func TestRankIndexShowsEveryAcknowledgedVote(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 48)
	var ideas []domain.Idea
	for i := range 30 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, fmt.Sprintf("想法 %d", i)))
	}
	sameAsDatabase(t, s, c.ID, 7, "before the storm") // the lists are held from here on
	if s.ranks != nil && !s.ranks.indexed(c.ID) {
		t.Fatal("the challenge's lists were read but not indexed")
	}
	acked := make([]atomic.Int64, len(ideas))
	// The voters wait for the reader now and then (a fan's i-th vote for
	// its i/3-th read), so that reads fall all through the storm however
	// the machine's cores are shared: a loaded machine once let the whole
	// storm pass during one read.
	var done atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ideas {
				for done.Load() < int64(i/3) {
					select {
					case <-stop:
						return
					case <-time.After(time.Millisecond):
					}
				}
				select {
				case <-stop:
					return
				default:
				}
				k := (i*7 + u) % len(ideas)
				if _, err := s.Vote(ctx, users[u].ID, ideas[k].ID, allow); err != nil {
					t.Error(err)
					return
				}
				acked[k].Add(1)
			}
		}()
	}
	var once sync.Once
	halt := func() { once.Do(func() { close(stop) }) }
	defer func() { halt(); wg.Wait() }() // no vote outlives the test, even a failed one
	voted := make(chan struct{})
	go func() { wg.Wait(); close(voted) }()
	reads := 0
	for ; ; reads++ {
		done.Store(int64(reads))
		if reads > 0 && isClosed(voted) {
			break
		}
		before := make(map[int64]int64, len(ideas))
		for i, idea := range ideas {
			before[idea.ID] = acked[i].Load()
		}
		sort := []domain.Sort{domain.SortTop, domain.SortHot}[reads%2]
		// One page holds them all: votes move ideas across a cursor.
		ranks, _, err := s.IdeaRanks(ctx, c.ID, sort, nil, len(ideas))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]int{}
		for _, r := range ranks {
			seen[r.ID] = r.Votes
		}
		for id, n := range before {
			if _, ok := seen[id]; !ok {
				t.Fatalf("read %d (%s): idea %d is not on the page", reads, sort, id)
			}
			if int64(seen[id]) < n {
				t.Fatalf("read %d (%s): idea %d shows %d votes, %d were acknowledged before the read", reads, sort, id, seen[id], n)
			}
		}
	}
	halt()
	if want := len(ideas)/3 - 1; reads < want {
		t.Errorf("only %d reads during the storm, want %d", reads, want)
	}
	sameAsDatabase(t, s, c.ID, 7, "after the storm")
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// smallRankIndex is a store (SQLite: PostgreSQL has no rank index) with
// fans users and a challenge of n ideas, whose index notes at most
// maxNotes changed rows between two reads.
func smallRankIndex(t *testing.T, fans, n, maxNotes int) (*Store, []domain.User, domain.Challenge, []domain.Idea) {
	t.Helper()
	s := mustOpen(t)
	if s.ranks == nil {
		t.Skip("PostgreSQL reads the order per page (no rank index)")
	}
	users, c := fixture(t, s, fans)
	var ideas []domain.Idea
	for i := range n {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, fmt.Sprintf("想法 %d", i)))
	}
	s.ranks.nmu.Lock()
	s.ranks.maxNotes = maxNotes
	s.ranks.nmu.Unlock()
	return s, users, c, ideas
}

// When more ideas changed between two reads than the index notes, or a
// challenge has more ideas than it holds, the pages are still the
// database's.
func TestRankIndexBounds(t *testing.T) {
	s, users, c, ideas := smallRankIndex(t, 20, 8, 3)
	ctx := context.Background()
	sameAsDatabase(t, s, c.ID, 3, "start")
	for round := range 3 {
		for u := range 6 { // more changes than the index notes
			if _, err := s.Vote(ctx, users[u+round*6].ID, ideas[(u*3+round)%len(ideas)].ID, allow); err != nil {
				t.Fatal(err)
			}
		}
		sameAsDatabase(t, s, c.ID, 3, fmt.Sprintf("after more changes than notes, round %d", round))
	}
	s.ranks.mu.Lock()
	s.ranks.maxRows = 5
	clear(s.ranks.challenges)
	s.ranks.rows = 0
	s.ranks.mu.Unlock()
	if _, err := s.Vote(ctx, users[19].ID, ideas[7].ID, allow); err != nil {
		t.Fatal(err)
	}
	sameAsDatabase(t, s, c.ID, 3, "a challenge too big for the index")
	if s.ranks.indexed(c.ID) {
		t.Error("a challenge with more ideas than the index holds was indexed")
	}

	// Two challenges that fit alone but not together: the second waits
	// (read from the database) while the first is read, and takes its
	// room once the first is idle.
	small := c
	small.ID = 0
	small, err := s.CreateChallenge(ctx, small)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		addIdea(t, s, small, users[0].ID, fmt.Sprintf("小想法 %d", i))
	}
	s.ranks.mu.Lock()
	s.ranks.maxRows = 10
	clear(s.ranks.skip)
	s.ranks.mu.Unlock()
	sameAsDatabase(t, s, c.ID, 3, "the first challenge")
	sameAsDatabase(t, s, small.ID, 2, "the second challenge, no room")
	if !s.ranks.indexed(c.ID) || s.ranks.indexed(small.ID) {
		t.Fatalf("indexed: first %v, second %v; want the first only", s.ranks.indexed(c.ID), s.ranks.indexed(small.ID))
	}
	s.ranks.mu.Lock()
	s.ranks.challenges[c.ID].read = time.Now().Add(-2 * rankIdle)
	clear(s.ranks.skip)
	s.ranks.mu.Unlock()
	if _, err := s.Vote(ctx, users[0].ID, ideas[0].ID, allow); err != nil {
		t.Fatal(err)
	}
	sameAsDatabase(t, s, small.ID, 2, "the second challenge, the first idle")
	if s.ranks.indexed(c.ID) || !s.ranks.indexed(small.ID) {
		t.Errorf("indexed: first %v, second %v; want the second only", s.ranks.indexed(c.ID), s.ranks.indexed(small.ID))
	}
	sameAsDatabase(t, s, c.ID, 3, "the first challenge again, no room")
}

// A storm with nobody reading lists does not overflow the notes: they are
// read again in the background once half of them are taken, and the
// lists stay held.
func TestRankIndexDrainsNotesInAStorm(t *testing.T) {
	s, users, c, ideas := smallRankIndex(t, 40, 10, 16)
	ctx := context.Background()
	sameAsDatabase(t, s, c.ID, 4, "start")
	if !s.ranks.indexed(c.ID) { // its load, started by the first read, is settled
		t.Fatal("the challenge was not held once read")
	}
	for u := range users {
		for k := range 3 {
			if _, err := s.Vote(ctx, users[u].ID, ideas[(u+k)%len(ideas)].ID, allow); err != nil {
				t.Fatal(err)
			}
			// The drain runs on its own goroutine: on a busy machine it may
			// not get a core before the next votes, so wait for it here
			// (as a storm's voters wait on the writer) once half the notes
			// are taken. Without the drain this times out.
			waitForDrain(t, s, 10*time.Second)
		}
	}
	s.ranks.nmu.Lock()
	overflow, notes := s.ranks.overflow, len(s.ranks.notes)
	s.ranks.nmu.Unlock()
	if overflow != 0 || notes >= 16 {
		t.Errorf("after 120 votes with no list read: %d notes, overflow at %d; want them read again before 16", notes, overflow)
	}
	if !s.ranks.indexed(c.ID) {
		t.Error("the challenge left the index")
	}
	sameAsDatabase(t, s, c.ID, 4, "after the storm")
}

// A challenge being read into the index (a second at 100,000 ideas) holds
// up no list: it is read in the background, and its first reader, the
// lists of a challenge already held, and (from the database) those of the
// loading one and of any other are all served meanwhile. A vote committed
// while it loads, and read again meanwhile for another reader, is on its
// pages once it is held.
func TestRankIndexLoadsWithoutHoldingTheLists(t *testing.T) {
	s, users, held, _ := smallRankIndex(t, 10, 6, 1<<14)
	ctx := context.Background()
	sameAsDatabase(t, s, held.ID, 4, "the held challenge")
	// Its load (started by the first of those reads) is over before the
	// next challenge's first read, which would start none while it ran.
	if !s.ranks.indexed(held.ID) {
		t.Fatal("the held challenge is not held")
	}
	loading := held
	loading.ID = 0
	loading, err := s.CreateChallenge(ctx, loading)
	if err != nil {
		t.Fatal(err)
	}
	var ideas []domain.Idea
	for i := range 9 {
		ideas = append(ideas, addIdea(t, s, loading, users[i%3].ID, fmt.Sprintf("加载中的想法 %d", i)))
	}
	other := held
	other.ID = 0
	if other, err = s.CreateChallenge(ctx, other); err != nil {
		t.Fatal(err)
	}
	addIdea(t, s, other, users[0].ID, "第三个挑战的想法")

	started, release := make(chan struct{}), make(chan struct{})
	s.ranks.mu.Lock()
	s.ranks.loaded = func(id int64) {
		if id == loading.ID {
			close(started)
			<-release
		}
	}
	s.ranks.mu.Unlock()
	first := make(chan error, 1)
	go func() { _, _, err := s.IdeaRanks(ctx, loading.ID, domain.SortTop, nil, 4); first <- err }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the first read of the challenge did not start its load")
	}
	// Its first reader is answered (from the database) while it loads.
	select {
	case err := <-first:
		if err != nil {
			close(release)
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("the first reader of a challenge waited for its load")
	}

	// While it loads (held up), every other read is answered.
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		sameAsDatabase(t, s, held.ID, 4, "the held challenge while another loads")
		sameAsDatabase(t, s, other.ID, 4, "a third challenge while another loads")
		sameAsDatabase(t, s, loading.ID, 4, "the loading challenge, from the database")
		// A vote while it loads, read again for a reader of another list.
		if err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE ideas SET votes = votes + 40 WHERE id = ?`, ideas[5].ID)
			return err
		}); err != nil {
			t.Error(err)
		}
		sameAsDatabase(t, s, held.ID, 4, "the held challenge after a vote on the loading one")
	}()
	select {
	case <-answered:
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("a list waited for another challenge's load")
	}
	if t.Failed() {
		close(release)
		return
	}
	s.ranks.nmu.Lock()
	notes := len(s.ranks.notes)
	s.ranks.nmu.Unlock()
	if notes != 0 {
		t.Fatalf("%d notes left: the vote was not read again while the challenge loaded", notes)
	}
	close(release)
	if !s.ranks.indexed(loading.ID) {
		t.Fatal("the challenge was not held once loaded")
	}
	sameAsDatabase(t, s, loading.ID, 4, "the loaded challenge, with the vote cast while it loaded")
	got, _, err := s.IdeaRanks(ctx, loading.ID, domain.SortTop, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != ideas[5].ID || got[0].Votes != 40 {
		t.Errorf("top idea %+v; want idea %d with the 40 votes cast while loading", got, ideas[5].ID)
	}
}

// waitForDrain waits until the rank index holds fewer than half its notes,
// failing the test if the background drain does not read them within d.
func waitForDrain(t *testing.T, s *Store, d time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(d); ; {
		s.ranks.nmu.Lock()
		n, half := len(s.ranks.notes), s.ranks.maxNotes/2
		s.ranks.nmu.Unlock()
		if n < half {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d notes still taken after %v with no list read: the background drain did not read them again", n, d)
		}
		time.Sleep(time.Millisecond)
	}
}
