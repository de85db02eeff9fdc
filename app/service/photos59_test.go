package service

import (
	"context"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// A write whose commit's answer was lost may give back nothing of what
// it wrote (zero values, as a failed driver call does). What it wrote
// stays: each new file a row names is kept. An idea's edit and the
// site's logo are read again and answered as saved; what they replaced,
// unknown without their answer, is kept too (space, never a broken
// photo). A tester's report, with no id to check, is answered with its
// error, its photo kept.
func TestPhotos59ALostAnswerWithNothingBackKeepsWhatItWrote(t *testing.T) {
	w := newWorld(t)
	lost := context.Canceled
	posted, author := photos58Posted(t, w)

	// An edit that swapped the photo, answered with nothing.
	old, added := posted.Images[0], photos58Upload(t, w, "images", 1001)
	photos58Swapped(t, w, posted, author, added)
	got, err := w.s.settleIdeaEdit(posted.ID, []domain.Image{added}, nil, true, domain.Idea{}, lost)
	if err != nil || got.ID != posted.ID || len(got.Images) != 1 || got.Images[0].File != added.File {
		t.Errorf("an edit that landed, answered with nothing, answers %v, idea %d (photos %v); want it edited", err, got.ID, got.Images)
	}
	photos58Kept(t, w, "an idea's edit answered with nothing", added.File)
	photos58Kept(t, w, "the photo an edit answered with nothing took off", old.File)

	// A tester's report, answered with nothing: no id to check.
	pid, tester := uploads55Testing(t, w, posted.ID)
	fb, err := w.s.GiveFeedback(w.ctx, &tester, pid, 4, "噪音小了", &Upload{Name: "r.jpg", Data: covers54JPEG(1002)})
	if err != nil || fb.Photo == nil {
		t.Fatalf("the report: %v, photo %v", err, fb.Photo)
	}
	if _, err := w.s.settleReport(fb.Photo, true, workflow.Feedback{}, lost); err != lost {
		t.Errorf("a report answered with nothing answers %v, want its error", err)
	}
	photos58Kept(t, w, "a tester's report answered with nothing", fb.Photo.File)

	// The site's logo replaced, answered with nothing.
	first, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1003))
	if err != nil {
		t.Fatal(err)
	}
	logo := photos58Upload(t, w, "logo", 1004)
	if _, _, err := w.s.store.UpdateSite(w.ctx, w.admin.ID, w.s.now(), func(site *domain.Site) error { site.Logo = logo; return nil }); err != nil {
		t.Fatal(err)
	}
	if site, err := w.s.settleSite(logo, true, domain.Site{}, domain.Site{}, lost); err != nil || site.Logo.File != logo.File {
		t.Errorf("a logo's write answered with nothing answers %v, logo %q; want %q saved", err, site.Logo.File, logo.File)
	}
	photos58Kept(t, w, "the site's logo answered with nothing", logo.File)
	photos58Kept(t, w, "the logo a write answered with nothing replaced", first.Logo.File)
	if site, err := w.s.Site(w.ctx); err != nil || site.Logo.File != logo.File {
		t.Errorf("the node says logo %q (%v), want %q", site.Logo.File, err, logo.File)
	}
}

// An edit that only takes photos off, its answer lost: landed (no row
// names them now), it is answered as edited and the photos it took off
// are retired; not landed (the idea still names them), its error, and
// they stay. Before, both answered the error and kept the files, so a
// landed one left files nothing named and told its author it failed.
func TestPhotos59ALostRemovalIsSettledByItsPhotos(t *testing.T) {
	w := newWorld(t)
	lost := context.Canceled
	posted, author := photos58Posted(t, w)
	old := posted.Images[0]

	// Not landed: the idea still names the photo.
	if _, err := w.s.settleIdeaEdit(posted.ID, nil, []domain.Image{old}, true, domain.Idea{}, lost); err != lost {
		t.Errorf("a removal that did not land answers %v, want its error", err)
	}
	photos58Kept(t, w, "the photo a removal that did not land would take off", old.File)

	// Refused in its last run: its error, the photo kept, nothing asked.
	if _, err := w.s.settleIdeaEdit(posted.ID, nil, []domain.Image{old}, false, domain.Idea{}, lost); err != lost {
		t.Errorf("a refused removal answers %v, want its error", err)
	}

	// Landed: written as the lost edit did.
	since := w.s.now().Add(-time.Minute)
	if _, err := w.s.store.UpdateIdea(w.ctx, posted.ID, author.ID, "", func(_ domain.Challenge, idea *domain.Idea) (bool, error) {
		idea.Images = nil
		return false, nil
	}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := w.s.settleIdeaEdit(posted.ID, nil, []domain.Image{old}, true, domain.Idea{}, lost)
	if err != nil || got.ID != posted.ID || len(got.Images) != 0 {
		t.Errorf("a removal that landed answers %v, idea %d (photos %v); want it edited", err, got.ID, got.Images)
	}
	covers54Retired(t, w, old.File, since)
}
