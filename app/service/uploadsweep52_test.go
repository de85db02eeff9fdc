package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// On PostgreSQL a node's copy of an upload the database no longer keeps
// (deleted on another node) is swept once it is older than the grace; a
// copy the database keeps stays, and so does a fresh one (an upload whose
// row may not be committed yet). On SQLite the disk is the only copy:
// nothing is swept.
func TestSweepCachedUploadsRemovesCopiesOfDeletedFiles(t *testing.T) {
	w := newWorld(t)
	dir := w.s.Images.Path
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	name := func(c string) string { return strings.Repeat(c, 32) + ".jpg" }
	gone, kept, fresh := name("a"), name("b"), name("c")
	old := time.Now().Add(-2 * cachedGrace)
	for _, n := range []string{gone, kept, fresh} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("jpeg"), 0o600); err != nil {
			t.Fatal(err)
		}
		if n != fresh {
			if err := os.Chtimes(filepath.Join(dir, n), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.s.store.PutFile(w.ctx, kept, []byte("jpeg")); err != nil {
		t.Fatal(err)
	}
	n, err := w.s.SweepCachedUploads(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	exists := func(n string) bool { _, err := os.Stat(filepath.Join(dir, n)); return err == nil }
	if !w.s.store.SharesFiles() {
		if n != 0 || !exists(gone) || !exists(kept) || !exists(fresh) {
			t.Errorf("SQLite: %d swept; want none", n)
		}
		return
	}
	if n != 1 || exists(gone) {
		t.Errorf("%d swept, the deleted upload's copy still there: %v; want it alone swept", n, exists(gone))
	}
	if !exists(kept) || !exists(fresh) {
		t.Errorf("a kept (%v) or fresh (%v) copy was swept", exists(kept), exists(fresh))
	}
}
