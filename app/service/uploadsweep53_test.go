package service

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// sweep53PNG is a small real image, different for each shade.
func sweep53PNG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{shade, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sweep53Node is a second node of w's installation: the same database,
// its own uploads directory, swept once as at its start.
func sweep53Node(t *testing.T, w *world) *Service {
	t.Helper()
	b := New(w.s.store, t.TempDir())
	if err := os.MkdirAll(b.Images.Path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SweepCachedUploads(w.ctx); err != nil {
		t.Fatal(err)
	}
	return b
}

// sweep53File writes a file into dir, last written at.
func sweep53File(t *testing.T, dir, name string, at time.Time) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

func sweep53Exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

func sweep53Name(c string) string { return strings.Repeat(c, 32) + ".jpg" }

// An admin replaces the site's logo on node A; node B, which served the
// old one, removes its copy at its next sweep, though that copy is fresh
// (a walk of the directory would wait an hour): the sweep reads the
// deletion. It looks at nothing else: an old copy of a file the database
// never had, which a walk would remove, stays; B's copy of the new logo
// stays. On SQLite (one node) nothing is swept.
func TestSweep53DeletedLogoLeavesSecondNode(t *testing.T) {
	w := newWorld(t)
	if !w.s.store.SharesFiles() {
		dir := w.s.Images.Path
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		stray := sweep53Name("e")
		sweep53File(t, dir, stray, time.Now().Add(-2*cachedGrace))
		for range 2 {
			if n, err := w.s.SweepCachedUploads(w.ctx); err != nil || n != 0 || !sweep53Exists(dir, stray) {
				t.Fatalf("SQLite: %d swept (%v); want none", n, err)
			}
		}
		return
	}
	b := sweep53Node(t, w)
	first, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, sweep53PNG(t, 200))
	if err != nil {
		t.Fatal(err)
	}
	old := first.Logo.File
	if p, _, err := b.Upload(w.ctx, nil, old); err != nil || filepath.Dir(p) != b.Images.Path {
		t.Fatalf("node B serves the logo from %q (%v); want its own copy", p, err)
	}
	stray := sweep53Name("e")
	sweep53File(t, b.Images.Path, stray, time.Now().Add(-2*cachedGrace))
	second, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, sweep53PNG(t, 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Upload(w.ctx, nil, second.Logo.File); err != nil {
		t.Fatal(err)
	}
	if sweep53Exists(w.s.Images.Path, old) {
		t.Fatal("node A kept the replaced logo")
	}
	n, err := b.SweepCachedUploads(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || sweep53Exists(b.Images.Path, old) {
		t.Errorf("node B swept %d, the replaced logo's copy there: %v; want it alone swept", n, sweep53Exists(b.Images.Path, old))
	}
	if !sweep53Exists(b.Images.Path, second.Logo.File) {
		t.Error("node B's copy of the logo in use was swept")
	}
	if !sweep53Exists(b.Images.Path, stray) {
		t.Error("node B walked its directory: a file whose deletion was never logged was swept")
	}
}

// A name deleted and then kept again (a restore writes it back) is not
// swept, while one deleted in the same hour is; a held file stays.
func TestSweep53NameKeptAgainStays(t *testing.T) {
	w := newWorld(t)
	if !w.s.store.SharesFiles() {
		t.Skip("SQLite keeps no files in the database (TestSweep53DeletedLogoLeavesSecondNode)")
	}
	b := sweep53Node(t, w)
	back, gone, held := sweep53Name("a"), sweep53Name("b"), sweep53Name("c")
	old := time.Now().Add(-2 * cachedGrace)
	for _, n := range []string{back, gone, held} {
		if err := w.s.store.PutFile(w.ctx, n, []byte("jpeg")); err != nil {
			t.Fatal(err)
		}
		sweep53File(t, b.Images.Path, n, old)
	}
	if err := w.s.store.DeleteFiles(w.ctx, []string{back, gone}); err != nil {
		t.Fatal(err)
	}
	if err := w.s.store.PutFile(w.ctx, back, []byte("jpeg")); err != nil {
		t.Fatal(err)
	}
	n, err := b.SweepCachedUploads(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || sweep53Exists(b.Images.Path, gone) {
		t.Errorf("%d swept, the deleted file's copy there: %v; want it alone swept", n, sweep53Exists(b.Images.Path, gone))
	}
	if !sweep53Exists(b.Images.Path, back) || !sweep53Exists(b.Images.Path, held) {
		t.Errorf("the copy of a file kept again (%v) or always kept (%v) was swept",
			sweep53Exists(b.Images.Path, back), sweep53Exists(b.Images.Path, held))
	}
}

// A sweep prunes the deletions logged longer ago than deletionsKept; a
// node whose last sweep is older than the log walks its directory again.
func TestSweep53PrunesTheLogAndWalksAfterALongGap(t *testing.T) {
	w := newWorld(t)
	if !w.s.store.SharesFiles() {
		t.Skip("SQLite keeps no files in the database (TestSweep53DeletedLogoLeavesSecondNode)")
	}
	b := sweep53Node(t, w)
	early, late := sweep53Name("a"), sweep53Name("b")
	now := w.s.store.Now()
	clock := now.Add(-deletionsKept - time.Hour)
	w.s.store.Now = func() time.Time { return clock }
	for _, n := range []string{early, late} {
		if err := w.s.store.PutFile(w.ctx, n, []byte("jpeg")); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.s.store.DeleteFiles(w.ctx, []string{early}); err != nil {
		t.Fatal(err)
	}
	clock = now
	if err := w.s.store.DeleteFiles(w.ctx, []string{late}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SweepCachedUploads(w.ctx); err != nil {
		t.Fatal(err)
	}
	logged, err := w.s.store.FilesDeletedSince(w.ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(logged) != 1 || logged[0] != late {
		t.Errorf("the log after a sweep: %v; want %s alone (%s pruned)", logged, late, early)
	}

	// Down for longer than the log is kept: the deletions it missed may
	// be pruned, so the node walks its directory.
	stray := sweep53Name("e")
	sweep53File(t, b.Images.Path, stray, time.Now().Add(-2*cachedGrace))
	b.sweep.mu.Lock()
	b.sweep.last = now.Add(-deletionsKept)
	b.sweep.mu.Unlock()
	if n, err := b.SweepCachedUploads(w.ctx); err != nil || n != 1 || sweep53Exists(b.Images.Path, stray) {
		t.Errorf("after a month away: %d swept (%v), the unkept copy there: %v; want it swept", n, err, sweep53Exists(b.Images.Path, stray))
	}

	// A copy whose deletion was never logged (its row's write failed after
	// the file was saved here) goes at the day's walk, not at a restart.
	lost := sweep53Name("f")
	sweep53File(t, b.Images.Path, lost, time.Now().Add(-2*cachedGrace))
	if _, err := b.SweepCachedUploads(w.ctx); err != nil || !sweep53Exists(b.Images.Path, lost) {
		t.Fatalf("an hourly sweep walked the directory (%v)", err)
	}
	b.sweep.mu.Lock()
	b.sweep.walk = b.sweep.walk.Add(-walkEvery - time.Minute)
	b.sweep.mu.Unlock()
	if n, err := b.SweepCachedUploads(w.ctx); err != nil || n != 1 || sweep53Exists(b.Images.Path, lost) {
		t.Errorf("a day after the last walk: %d swept (%v), the unlogged copy there: %v; want it swept", n, err, sweep53Exists(b.Images.Path, lost))
	}
}

// A copy the sweep cannot remove (here a directory of that name) does not
// keep it from the copies after it: they go, and the sweep says it failed,
// so the next one tries again from the same time.
func TestSweep54ACopyThatStaysKeepsNoOtherBack(t *testing.T) {
	w := newWorld(t)
	if !w.s.store.SharesFiles() {
		t.Skip("SQLite keeps no files in the database (TestSweep53DeletedLogoLeavesSecondNode)")
	}
	b := sweep53Node(t, w)
	stuck, gone := sweep53Name("a"), sweep53Name("b") // read in name order: the stuck one first
	for _, n := range []string{stuck, gone} {
		if err := w.s.store.PutFile(w.ctx, n, []byte("jpeg")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(b.Images.Path, stuck, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	sweep53File(t, b.Images.Path, gone, time.Now())
	if err := w.s.store.DeleteFiles(w.ctx, []string{stuck, gone}); err != nil {
		t.Fatal(err)
	}
	n, err := b.SweepCachedUploads(w.ctx)
	if err == nil || n != 1 || sweep53Exists(b.Images.Path, gone) {
		t.Fatalf("swept %d (%v), the copy after the stuck one there: %v; want it swept and the failure said",
			n, err, sweep53Exists(b.Images.Path, gone))
	}
	if err := os.RemoveAll(filepath.Join(b.Images.Path, stuck)); err != nil {
		t.Fatal(err)
	}
	sweep53File(t, b.Images.Path, stuck, time.Now())
	if _, err := b.SweepCachedUploads(w.ctx); err != nil || sweep53Exists(b.Images.Path, stuck) {
		t.Errorf("the next sweep (%v) left the copy it failed on: %v", err, sweep53Exists(b.Images.Path, stuck))
	}
}
