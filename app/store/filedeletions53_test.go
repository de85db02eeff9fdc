package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Deleting a kept file logs its name in the same write (migration 106);
// a name never kept is not logged; the log is read from a time on, leaves
// out a name kept again since (a restore), and is pruned before a time.
// On both engines: SQLite installations never delete files rows (one
// node), but the store reads and writes the same.
func TestFileDeletions53LoggedReadAndPruned(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	name := func(c string) string { return strings.Repeat(c, 32) + ".jpg" }
	old, gone, back, never := name("a"), name("b"), name("c"), name("d")
	now := time.Now().Truncate(time.Millisecond)
	clock := now.Add(-40 * 24 * time.Hour)
	s.Now = func() time.Time { return clock }
	for _, n := range []string{old, gone, back} {
		if err := s.PutFile(ctx, n, []byte("jpeg")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteFiles(ctx, []string{old}); err != nil {
		t.Fatal(err)
	}
	clock = now
	if err := s.DeleteFiles(ctx, []string{gone, back, never}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutFile(ctx, back, []byte("jpeg again")); err != nil {
		t.Fatal(err)
	}
	deleted := func(since time.Time) []string {
		t.Helper()
		names, err := s.FilesDeletedSince(ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	if got, want := deleted(time.Time{}), []string{old, gone}; !reflect.DeepEqual(got, want) {
		t.Errorf("deleted ever: %v; want %v (not the name kept again, nor one never kept)", got, want)
	}
	if got, want := deleted(now.Add(-time.Hour)), []string{gone}; !reflect.DeepEqual(got, want) {
		t.Errorf("deleted within the hour: %v; want %v", got, want)
	}
	if got := deleted(now.Add(time.Millisecond)); len(got) != 0 {
		t.Errorf("deleted after now: %v; want none", got)
	}
	held, err := s.FilesHeld(ctx, []string{gone, back})
	if err != nil {
		t.Fatal(err)
	}
	if s.SharesFiles() && (held[gone] || !held[back]) {
		t.Errorf("held %v; want %s alone", held, back)
	}
	n, err := s.PruneFileDeletions(ctx, now.Add(-30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := deleted(time.Time{}), []string{gone}; n != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("pruned %d, left %v; want 1 pruned, %v left", n, got, want)
	}
	// Deleted again after a restore: the latest deletion counts.
	if err := s.DeleteFiles(ctx, []string{back}); err != nil {
		t.Fatal(err)
	}
	if got, want := deleted(now), []string{gone, back}; !reflect.DeepEqual(got, want) {
		t.Errorf("deleted since now: %v; want %v", got, want)
	}
}
