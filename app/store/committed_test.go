package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"
)

// committed reports whether the store signalled Committed (for the search
// indexer) and takes the signal.
func committed(s *Store) bool {
	select {
	case <-s.Committed:
		return true
	default:
		return false
	}
}

// The indexer is woken by commits that may have queued something for the
// search index, and only by those: a storm of votes writes nothing
// searchable, and used to make the indexer read the empty outbox after
// every batch (about 150 times a second).
func TestCommittedOnlyWhenSearchMayHaveChanged(t *testing.T) {
	s := mustOpen(t)
	users, c := fixture(t, s, 3)
	committed(s) // the fixture's
	idea := addIdea(t, s, c, users[0].ID, "干衣机")
	if !committed(s) {
		t.Fatal("a new idea's commit did not wake the indexer")
	}
	ctx := context.Background()
	for _, u := range users[1:] {
		if _, err := s.Vote(ctx, u.ID, idea.ID, allow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Unvote(ctx, users[1].ID, idea.ID, allow); err != nil {
		t.Fatal(err)
	}
	// A commit signals before it acknowledges its writes (commit), so
	// nothing can arrive later.
	if committed(s) {
		t.Error("a batch of votes woke the indexer: it writes nothing searchable")
	}
	if votes, err := s.Vote(ctx, users[1].ID, idea.ID, allow); err != nil || votes != 2 {
		t.Fatalf("vote: %d, %v; want 2", votes, err)
	}
	addIdea(t, s, c, users[1].ID, "洗碗机")
	if !committed(s) {
		t.Error("a second idea's commit did not wake the indexer")
	}
}

// A batch big enough to be answered apart from the writer (answerApart) is
// answered once committed, each write with its own outcome, while the
// writer goes on with the next batch: each voter reads a new version and
// their vote back as soon as they are answered, and two batches one after
// the other, the second queued while the first runs, each get their own
// tallies.
func TestBatchesAnsweredApartGetTheirOwnAnswers(t *testing.T) {
	s := mustOpen(t)
	n := 3 * answerApart
	users, c := fixture(t, s, 2*n+1)
	idea := addIdea(t, s, c, users[0].ID, "烘干机")
	ctx := context.Background()
	before := s.Version()
	type outcome struct {
		votes, stored int
		version       uint64
		err           error
	}
	got := make([]outcome, 2*n)
	var wg sync.WaitGroup
	vote := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			votes, err := s.Vote(ctx, users[i+1].ID, idea.ID, allow)
			v := s.Version()
			read, rerr := s.Idea(ctx, idea.ID)
			got[i] = outcome{votes, read.Votes, v, errors.Join(err, rerr)}
		}()
		for len(s.writes) < i%n+1 { // queued in this order
			time.Sleep(time.Millisecond)
		}
	}
	// The first batch: n votes, then a write that holds the writer until
	// the second batch's n votes are queued.
	held, release := make(chan struct{}), make(chan struct{})
	go s.write(ctx, func(*sql.Tx) error { close(held); <-release; return nil })
	<-held
	for i := range n {
		vote(i)
	}
	held2, release2 := make(chan struct{}), make(chan struct{})
	go s.write(ctx, func(*sql.Tx) error { close(held2); <-release2; return nil })
	for len(s.writes) < n+1 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	<-held2
	for i := n; i < 2*n; i++ {
		vote(i)
	}
	close(release2)
	answered := make(chan struct{})
	go func() { wg.Wait(); close(answered) }()
	select {
	case <-answered:
	case <-time.After(30 * time.Second):
		t.Fatal("votes not answered after 30 s: an answer went to another write")
	}
	for i, o := range got {
		if o.err != nil || o.votes != i+1 {
			t.Errorf("vote %d: %d, %v; want %d", i, o.votes, o.err, i+1)
		}
		if o.stored < o.votes || o.version <= before {
			t.Errorf("vote %d answered before its batch was committed: the idea read back holds %d votes (want %d or more), version %d (was %d)",
				i, o.stored, o.votes, o.version, before)
		}
	}
}
