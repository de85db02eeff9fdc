package service

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// photos58Kept checks that file and its smaller copies are in the uploads
// and, where nodes share files, in the database.
func photos58Kept(t *testing.T, w *world, what, file string) {
	t.Helper()
	for _, n := range covers54Names(file) {
		if !sweep53Exists(w.s.Images.Path, n) {
			t.Errorf("%s: %s, which its row names, is gone", what, n)
		}
		if w.s.store.SharesFiles() {
			if _, err := w.s.store.File(w.ctx, n); err != nil {
				t.Errorf("%s: the database no longer keeps %s: %v", what, n, err)
			}
		}
	}
}

// photos58Gone checks that file and its smaller copies left the uploads
// (at once: no row named them) and, where nodes share files, the database.
func photos58Gone(t *testing.T, w *world, what, file string) {
	t.Helper()
	for _, n := range covers54Names(file) {
		if sweep53Exists(w.s.Images.Path, n) {
			t.Errorf("%s: %s, which no row names, is left", what, n)
		}
		if w.s.store.SharesFiles() {
			if _, err := w.s.store.File(w.ctx, n); !covers54Is(err, domain.KindNotFound) {
				t.Errorf("%s: the database still keeps %s (%v)", what, n, err)
			}
		}
	}
}

// photos58Upload saves an image as a write would before it runs: a file
// no row names yet.
func photos58Upload(t *testing.T, w *world, field string, width int) domain.Image {
	t.Helper()
	img, err := w.s.Images.Save(field, covers54JPEG(width))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// photos58OnSave runs change once, when the service saves an upload's
// first file: between the cheap checks before the photos are decoded and
// the write that names them, where another person's act refuses the
// write in its transaction. It says the files saved, and is undone at the
// test's end.
func photos58OnSave(t *testing.T, w *world, change func()) *[]string {
	t.Helper()
	share := w.s.Images.Share // PostgreSQL's files table, or none
	var once sync.Once
	var mu sync.Mutex
	var saved []string
	w.s.Images.Share = func(name string, data []byte) error {
		once.Do(change)
		mu.Lock()
		saved = append(saved, name)
		mu.Unlock()
		if share != nil {
			return share(name, data)
		}
		return nil
	}
	t.Cleanup(func() { w.s.Images.Share = share })
	return &saved
}

// A write with new photos refused in its transaction, after its photos
// were saved (submissions closed, or the project's testing ended, while
// they were decoded), leaves none of them, on the disk or in the
// database: a new idea, an idea's edit adding a photo, a tester's report
// with its photo. The logo's write cannot be refused once its input was
// checked; its refusal (and a change accepted whose write did not land)
// is settled as the others are, by the same rule (settleSite).
func TestPhotos58ARefusedWriteLeavesNoFile(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	author := w.fan(1)
	title, summary, body := "带照片的创意", "照片在路上", "提交截止了"
	idea, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, tester := uploads55Testing(t, w, idea.ID)
	had := covers54Uploads(t, w.s.Images.Path)
	photo := covers54JPEG(1000)
	refusedOnly := func(what string, saved []string) {
		t.Helper()
		if len(saved) == 0 {
			t.Fatalf("%s: no file was saved before the write", what)
		}
		if got := covers54Uploads(t, w.s.Images.Path); !slices.Equal(got, had) {
			t.Errorf("%s: the refused write left files: %v, were %v", what, got, had)
		}
		if w.s.store.SharesFiles() {
			for _, n := range saved {
				if _, err := w.s.store.File(w.ctx, n); !covers54Is(err, domain.KindNotFound) {
					t.Errorf("%s: the database still keeps %s (%v)", what, n, err)
				}
			}
		}
	}

	// The report first: the project's testing ends while its photo is
	// decoded.
	saved := photos58OnSave(t, w, func() {
		if _, err := w.s.MoveProject(w.ctx, &w.admin, pid, string(workflow.Shelved), "测试提前结束"); err != nil {
			t.Error(err)
		}
	})
	if _, err := w.s.GiveFeedback(w.ctx, &tester, pid, 4, "噪音小了", &Upload{Name: "r.jpg", Data: photo}); err == nil {
		t.Fatal("a report after the testing ended was taken")
	}
	refusedOnly("a tester's report", *saved)

	// Submissions close while a new idea's photo and an edit's are
	// decoded (a minute ago: the write judges at the moment its request
	// began).
	fan := w.fan(3)
	closeAt := func(at time.Time) {
		if _, err := w.s.store.UpdateChallenge(w.ctx, c.ID, func(ch *domain.Challenge) error {
			ch.SubmissionsCloseAt = &at
			return nil
		}); err != nil {
			t.Error(err)
		}
	}
	closeOnce := func() { closeAt(w.s.now().Add(-time.Minute)) }
	saved = photos58OnSave(t, w, closeOnce)
	if _, err := w.s.SubmitIdea(w.ctx, &fan, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body},
		[]Upload{{Name: "i.jpg", Data: photo}}); !covers54Is(err, domain.KindConflict) {
		t.Fatalf("an idea after submissions closed: %v; want it refused", err)
	}
	refusedOnly("a new idea", *saved)
	closeAt(w.s.now().Add(48 * time.Hour))
	saved = photos58OnSave(t, w, closeOnce)
	if _, err := w.s.EditIdea(w.ctx, &author, idea.ID, IdeaPatch{Images: []Upload{{Name: "a.jpg", Data: photo}}}); !covers54Is(err, domain.KindConflict) {
		t.Fatalf("an edit after submissions closed: %v; want it refused", err)
	}
	refusedOnly("an idea's edit", *saved)
	if got, err := w.s.store.Idea(w.ctx, idea.ID); err != nil || len(got.Images) != 0 {
		t.Errorf("the refused edit changed the idea's photos: %v (%v)", got.Images, err)
	}

	// The logo: refused in its write, then accepted with a write that did
	// not land (no row names it).
	for _, accepted := range []bool{false, true} {
		logo := photos58Upload(t, w, "logo", 1000)
		if _, err := w.s.settleSite(logo, accepted, domain.Site{}, domain.Site{Logo: logo}, context.Canceled); err != context.Canceled {
			t.Errorf("a logo's write that did not land (accepted %v) answers %v, want its error", accepted, err)
		}
		photos58Gone(t, w, "the site's logo", logo.File)
	}
}

// A write with new photos whose change was accepted but which answered an
// error may have committed all the same (its commit's answer lost). The
// database, not the error, says whether it landed: files a row names are
// kept and the write answered as saved (a fan told their idea failed
// would post it twice); files no row names go. Each kind is written as
// the lost write did and then settled as its caller settles it: a new
// idea, an idea's edit adding a photo (the one it took off retired), a
// tester's report, the site's logo (the one it replaced retired).
// photos58Posted posts a fan's idea with one photo (its width 1000 px)
// in an open call: the idea, and its author.
func photos58Posted(t *testing.T, w *world) (domain.Idea, domain.User) {
	t.Helper()
	c := w.openCall()
	author := w.fan(1)
	title, summary, body := "带照片的创意", "照片在路上", "回答丢了"
	posted, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body},
		[]Upload{{Name: "i.jpg", Data: covers54JPEG(1000)}})
	if err != nil || len(posted.Images) != 1 {
		t.Fatalf("the idea: %v, photos %v", err, posted.Images)
	}
	return posted, author
}

// photos58Swapped writes, as a lost edit's commit would, the idea's
// photos replaced by added alone.
func photos58Swapped(t *testing.T, w *world, idea domain.Idea, author domain.User, added domain.Image) {
	t.Helper()
	if _, err := w.s.store.UpdateIdea(w.ctx, idea.ID, author.ID, "", func(_ domain.Challenge, idea *domain.Idea) (bool, error) {
		idea.Images = []domain.Image{added}
		return false, nil
	}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestPhotos58ALostAnswerKeepsTheNamedFiles(t *testing.T) {
	w := newWorld(t)
	lost := context.Canceled

	// A new idea: posted with its photo, its answer lost.
	posted, author := photos58Posted(t, w)
	if got, err := w.s.settleNewIdea(posted.Images, true, domain.Idea{}, lost); err != nil || got.ID != posted.ID || len(got.Images) != 1 {
		t.Errorf("a new idea that landed answers %v, idea %d (photos %v); want it posted", err, got.ID, got.Images)
	}
	photos58Kept(t, w, "a new idea", posted.Images[0].File)
	unposted := photos58Upload(t, w, "images", 1001)
	if _, err := w.s.settleNewIdea([]domain.Image{unposted}, true, domain.Idea{}, lost); err != lost {
		t.Errorf("a new idea that did not land answers %v, want its error", err)
	}
	photos58Gone(t, w, "a new idea that did not land", unposted.File)

	// An edit that takes the photo off and adds another, its answer lost.
	since := w.s.now().Add(-time.Minute)
	old, added := posted.Images[0], photos58Upload(t, w, "images", 1002)
	photos58Swapped(t, w, posted, author, added)
	got, err := w.s.settleIdeaEdit(posted.ID, []domain.Image{added}, []domain.Image{old}, true, domain.Idea{}, lost)
	if err != nil || got.ID != posted.ID || len(got.Images) != 1 || got.Images[0].File != added.File {
		t.Errorf("an edit that landed answers %v, idea %d (photos %v); want it edited", err, got.ID, got.Images)
	}
	photos58Kept(t, w, "an idea's edit", added.File)
	covers54Retired(t, w, old.File, since)
	unadded := photos58Upload(t, w, "images", 1003)
	if _, err := w.s.settleIdeaEdit(posted.ID, []domain.Image{unadded}, []domain.Image{added}, true, domain.Idea{}, lost); err != lost {
		t.Errorf("an edit that did not land answers %v, want its error", err)
	}
	photos58Gone(t, w, "an edit that did not land", unadded.File)
	photos58Kept(t, w, "the photo an edit that did not land would take off", added.File)

	// A tester's report with its photo, its answer lost.
	pid, tester := uploads55Testing(t, w, posted.ID)
	fb, err := w.s.GiveFeedback(w.ctx, &tester, pid, 4, "噪音小了", &Upload{Name: "r.jpg", Data: covers54JPEG(1004)})
	if err != nil || fb.Photo == nil {
		t.Fatalf("the report: %v, photo %v", err, fb.Photo)
	}
	if got, err := w.s.settleReport(fb.Photo, true, fb, lost); err != nil || got.ID != fb.ID {
		t.Errorf("a report that landed answers %v, report %d; want report %d sent", err, got.ID, fb.ID)
	}
	photos58Kept(t, w, "a tester's report", fb.Photo.File)
	unsent := photos58Upload(t, w, "photo", 1005)
	if _, err := w.s.settleReport(&unsent, true, workflow.Feedback{}, lost); err != lost {
		t.Errorf("a report that did not land answers %v, want its error", err)
	}
	photos58Gone(t, w, "a report that did not land", unsent.File)

	// The site's logo replaced, its answer lost.
	first, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1006))
	if err != nil {
		t.Fatal(err)
	}
	since = w.s.now().Add(-time.Minute)
	logo := photos58Upload(t, w, "logo", 1007)
	before, after, err := w.s.store.UpdateSite(w.ctx, w.admin.ID, w.s.now(), func(site *domain.Site) error { site.Logo = logo; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if site, err := w.s.settleSite(logo, true, before, after, lost); err != nil || site.Logo.File != logo.File {
		t.Errorf("a logo's write that landed answers %v, logo %q; want %q saved", err, site.Logo.File, logo.File)
	}
	photos58Kept(t, w, "the site's logo", logo.File)
	covers54Retired(t, w, first.Logo.File, since)
	if site, err := w.s.Site(w.ctx); err != nil || site.Logo.File != logo.File {
		t.Errorf("the node says logo %q (%v), want %q", site.Logo.File, err, logo.File)
	}
	unset := photos58Upload(t, w, "logo", 1008)
	if _, err := w.s.settleSite(unset, true, after, domain.Site{Logo: unset}, lost); err != lost {
		t.Errorf("a logo's write that did not land answers %v, want its error", err)
	}
	photos58Gone(t, w, "a logo's write that did not land", unset.File)
	photos58Kept(t, w, "the logo a write that did not land would replace", logo.File)
}

// When the database cannot say whether a row names a write's new files
// (here: it is closed), they are all kept: an unnamed file is only
// space, a named one gone is a broken photo. A refused change's files go
// without asking.
func TestPhotos58AnUnknownOwnerKeepsTheFiles(t *testing.T) {
	w := newWorld(t)
	kept := []domain.Image{photos58Upload(t, w, "images", 1000), photos58Upload(t, w, "images", 1001)}
	refused := photos58Upload(t, w, "images", 1002)
	if err := w.s.store.Close(); err != nil {
		t.Fatal(err)
	}
	if named := w.s.settleUploads("a new idea", kept, true, context.Canceled); named.Named() {
		t.Errorf("a closed database named the files: %+v", named)
	}
	for _, img := range kept {
		for _, n := range covers54Names(img.File) {
			if !sweep53Exists(w.s.Images.Path, n) {
				t.Errorf("%s, which a row may name, is gone", n)
			}
		}
	}
	w.s.settleUploads("a new idea", []domain.Image{refused}, false, domain.Invalid("title", "required", "a title"))
	for _, n := range covers54Names(refused.File) {
		if sweep53Exists(w.s.Images.Path, n) {
			t.Errorf("%s of a refused change is left", n)
		}
	}
}
