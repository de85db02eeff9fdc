package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/images/imagetest"
)

// covers54JPEG is a cover wide enough for both smaller copies
// (images.Widths), a little different for each w.
func covers54JPEG(w int) []byte { return imagetest.JPEG(imagetest.Quadrants(w, 750), 85) }

// covers54Is says whether err is the domain's error of kind k.
func covers54Is(err error, k domain.ErrKind) bool {
	e := domain.AsError(err)
	return e != nil && e.Kind == k
}

// covers54Names are a stored image's file and its smaller copies.
func covers54Names(file string) []string {
	names := []string{file}
	for _, w := range images.Widths {
		names = append(names, images.VariantName(file, w))
	}
	return names
}

// covers54Uploads are the names in dir that are uploads (not the removed
// ones waiting in images.RemovedDir, nor a write's temporary file).
func covers54Uploads(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// covers54Challenge is a new open call with cover.
func covers54Challenge(t *testing.T, w *world, cover []byte) domain.Challenge {
	t.Helper()
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind := "洗衣机二次污染", "**Help**", domain.OpenCall
	c, err := w.s.SaveChallenge(w.ctx, &w.admin, 0, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(-time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(49 * time.Hour), VotingCloseAt: at(72 * time.Hour)}, cover)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cover == "" {
		t.Fatal("the challenge has no cover")
	}
	return c
}

// covers54Retired checks that cover and its smaller copies left dir: on
// SQLite into images.RemovedDir, kept there a day for a backup under way;
// where nodes share files, deleted at once, their rows gone from the
// database and their deletions logged since since, for the other nodes'
// sweeps.
func covers54Retired(t *testing.T, w *world, cover string, since time.Time) {
	t.Helper()
	dir := w.s.Images.Path
	trash := filepath.Join(dir, images.RemovedDir)
	for _, n := range covers54Names(cover) {
		if sweep53Exists(dir, n) {
			t.Errorf("%s is still in the uploads", n)
		}
		if kept := sweep53Exists(trash, n); kept == w.s.store.SharesFiles() {
			t.Errorf("%s kept among the removed: %v; want %v", n, kept, !w.s.store.SharesFiles())
		}
	}
	if !w.s.store.SharesFiles() {
		return
	}
	for _, n := range covers54Names(cover) {
		if _, err := w.s.store.File(w.ctx, n); !covers54Is(err, domain.KindNotFound) {
			t.Errorf("the database still keeps %s (%v)", n, err)
		}
	}
	logged, err := w.s.store.FilesDeletedSince(w.ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range covers54Names(cover) {
		if !slices.Contains(logged, n) {
			t.Errorf("the deletion of %s is not logged: %v", n, logged)
		}
	}
}

// covers54Kept checks that cover and its smaller copies are served.
func covers54Kept(t *testing.T, w *world, cover string) {
	t.Helper()
	for _, n := range covers54Names(cover) {
		if !sweep53Exists(w.s.Images.Path, n) {
			t.Errorf("%s of the cover in use is gone", n)
		}
	}
	if _, _, err := w.s.Upload(w.ctx, nil, cover); err != nil {
		t.Errorf("the cover in use is not served: %v", err)
	}
}

// An admin replaces a challenge's cover from its form (SaveChallenge),
// then again by SetCover: each replaced cover and its smaller copies
// leave the uploads once the write committed, as an edit's removed photos
// do. On SQLite they wait a day in images.RemovedDir (a backup under way
// still finds them) and go at a later removal; where nodes share files
// they go at once, from the database too, and a second node's copy goes
// at its next sweep, which reads the logged deletion.
func TestCovers54AReplacedCoverIsRetired(t *testing.T) {
	w := newWorld(t)
	var b *Service
	if w.s.store.SharesFiles() {
		b = sweep53Node(t, w)
	}
	c := covers54Challenge(t, w, covers54JPEG(1000))
	first := c.Cover
	covers54Kept(t, w, first)
	if b != nil {
		for _, n := range covers54Names(first)[:2] {
			if p, _, err := b.Upload(w.ctx, nil, n); err != nil || filepath.Dir(p) != b.Images.Path {
				t.Fatalf("node B serves %s from %q (%v); want its own copy", n, p, err)
			}
		}
	}

	since := w.s.now().Add(-time.Minute)
	c, err := w.s.SaveChallenge(w.ctx, &w.admin, c.ID, domain.ChallengeInput{}, covers54JPEG(1001))
	if err != nil {
		t.Fatal(err)
	}
	second := c.Cover
	if second == first {
		t.Fatal("the new cover has the old one's name")
	}
	covers54Retired(t, w, first, since)
	covers54Kept(t, w, second)
	if _, _, err := w.s.Upload(w.ctx, nil, first); !covers54Is(err, domain.KindNotFound) {
		t.Errorf("the replaced cover is still served: %v", err)
	}
	if b != nil {
		if _, _, err := b.Upload(w.ctx, nil, second); err != nil {
			t.Fatal(err)
		}
		n, err := b.SweepCachedUploads(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || sweep53Exists(b.Images.Path, first) || sweep53Exists(b.Images.Path, images.VariantName(first, images.Widths[0])) {
			t.Errorf("node B swept %d; want its two copies of the replaced cover", n)
		}
		if !sweep53Exists(b.Images.Path, second) {
			t.Error("node B's copy of the cover in use was swept")
		}
	}

	// A day later, SetCover replaces the second: it is retired as the
	// first was, and the first, kept a day, is gone.
	if !w.s.store.SharesFiles() {
		day := time.Now().Add(-images.RemovedKept)
		for _, n := range covers54Names(first) {
			if err := os.Chtimes(filepath.Join(w.s.Images.Path, images.RemovedDir, n), day, day); err != nil {
				t.Fatal(err)
			}
		}
	}
	since = w.s.now().Add(-time.Minute)
	c, err = w.s.SetCover(w.ctx, &w.admin, c.ID, covers54JPEG(1002))
	if err != nil {
		t.Fatal(err)
	}
	covers54Retired(t, w, second, since)
	covers54Kept(t, w, c.Cover)
	for _, n := range covers54Names(first) {
		if sweep53Exists(filepath.Join(w.s.Images.Path, images.RemovedDir), n) {
			t.Errorf("%s, removed a day ago, is still kept", n)
		}
	}
}

// A refused edit that brought a new cover keeps the old one and leaves
// no file of the new one, here or (sharing files) in the database; so
// does SetCover's refused write (a challenge that is not there).
func TestCovers54ARefusedCoverLeavesNothing(t *testing.T) {
	w := newWorld(t)
	c := covers54Challenge(t, w, covers54JPEG(1000))
	had := covers54Uploads(t, w.s.Images.Path)
	since := w.s.now().Add(-time.Minute)
	empty := " "
	_, err := w.s.SaveChallenge(w.ctx, &w.admin, c.ID, domain.ChallengeInput{Title: &empty}, covers54JPEG(1001))
	if !covers54Is(err, domain.KindInvalid) {
		t.Fatalf("an empty title: %v; want it refused", err)
	}
	if got, _ := w.s.Challenge(w.ctx, &w.admin, c.ID); got.Cover != c.Cover {
		t.Errorf("the refused edit changed the cover: %q, was %q", got.Cover, c.Cover)
	}
	covers54Kept(t, w, c.Cover)
	if got := covers54Uploads(t, w.s.Images.Path); !slices.Equal(got, had) {
		t.Errorf("the refused edit left files: %v, were %v", got, had)
	}

	if _, err := w.s.SetCover(w.ctx, &w.admin, c.ID+100, covers54JPEG(1002)); !covers54Is(err, domain.KindNotFound) {
		t.Fatalf("a cover for a challenge that is not there: %v", err)
	}
	if got := covers54Uploads(t, w.s.Images.Path); !slices.Equal(got, had) {
		t.Errorf("SetCover's refused write left files: %v, were %v", got, had)
	}
	covers54Kept(t, w, c.Cover)
	if w.s.store.SharesFiles() {
		// Two covers' files were kept in the database, then deleted; the
		// one in use stays.
		logged, err := w.s.store.FilesDeletedSince(w.ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		if len(logged) != 2*len(covers54Names(c.Cover)) {
			t.Errorf("deleted from the database: %v; want the two refused covers' files", logged)
		}
		for _, n := range logged {
			if slices.Contains(had, n) {
				t.Errorf("the cover in use's %s was deleted from the database", n)
			}
		}
	}
}

// A cover write whose change was accepted but which answered an error
// may have committed all the same (its read-back failed: the request
// gone). The database, not the error, says whether it landed: a cover the
// challenge now names is kept and the one it replaced retired; one no row
// names goes, the old one staying. A refused change asks nothing.
func TestCovers54ALostAnswerKeepsTheCoverSet(t *testing.T) {
	w := newWorld(t)
	c := covers54Challenge(t, w, covers54JPEG(1000))
	upload := func(width int) string {
		img, err := w.s.Images.Save("cover", covers54JPEG(width))
		if err != nil {
			t.Fatal(err)
		}
		return img.File
	}
	lost := context.Canceled

	// Not landed: the commit failed, no row names the new file.
	unset := upload(1001)
	if _, err := w.s.settleCover(coverWrite{old: c.Cover, accepted: true}, unset, domain.Challenge{}, lost); err != lost {
		t.Errorf("a write that did not land answers %v, want its error", err)
	}
	for _, n := range covers54Names(unset) {
		if sweep53Exists(w.s.Images.Path, n) {
			t.Errorf("%s of a cover never set is left", n)
		}
	}
	covers54Kept(t, w, c.Cover)

	// Landed: the challenge names it (written as the lost write did).
	since := w.s.now().Add(-time.Minute)
	set := upload(1002)
	if _, err := w.s.store.UpdateChallenge(w.ctx, c.ID, func(ch *domain.Challenge) error { ch.Cover = set; return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := w.s.settleCover(coverWrite{old: c.Cover, accepted: true}, set, domain.Challenge{}, lost); err != nil || got.ID != c.ID || got.Cover != set {
		t.Errorf("a write that landed answers %v with challenge %d (cover %q), want it saved", err, got.ID, got.Cover)
	}
	covers54Kept(t, w, set)
	covers54Retired(t, w, c.Cover, since)
}

// The site's logo, replaced and then removed, is retired as a cover is
// (SetSite, session 51): checked here beside the covers.
func TestCovers54ALogoIsRetiredLikeACover(t *testing.T) {
	w := newWorld(t)
	first, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1000))
	if err != nil {
		t.Fatal(err)
	}
	since := w.s.now().Add(-time.Minute)
	second, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1001))
	if err != nil {
		t.Fatal(err)
	}
	covers54Retired(t, w, first.Logo.File, since)
	if _, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{RemoveLogo: true}, nil); err != nil {
		t.Fatal(err)
	}
	covers54Retired(t, w, second.Logo.File, since)
	if got := covers54Uploads(t, w.s.Images.Path); len(got) != 0 {
		t.Errorf("uploads left with no logo set: %v", got)
	}
}
