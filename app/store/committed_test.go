package store

import (
	"context"
	"testing"
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
