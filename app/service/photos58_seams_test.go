//go:build cocreate_seams

package service

import (
	"testing"
	"time"

	"cocreate/app/domain"
)

// Each write that names uploads it saved, committed but answering an
// error (its commit's answer lost: the seam after the store's write), is
// answered as saved through its own path, and the files its row names
// stay: a new idea with its photo (posted once, not refused), an idea's
// edit adding a photo and taking one off (the one taken off retired), a
// tester's report with its photo, the site's logo (the one replaced
// retired) and a challenge's cover. Before session 58 the first four
// removed the files their rows named. A write refused in its transaction
// is not a lost answer: the seam passes its error on, and its files go.
func TestSeams58ALostAnswerIsAnsweredAsSaved(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	author := w.fan(1)
	title, summary, body := "带照片的创意", "照片在路上", "回答丢了"
	old, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1000))
	if err != nil {
		t.Fatal(err)
	}
	first, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body},
		[]Upload{{Name: "i.jpg", Data: covers54JPEG(1001)}})
	if err != nil {
		t.Fatal(err)
	}
	since := w.s.now().Add(-time.Minute)
	w.s.seams.loseAnswers.Store(true)
	defer w.s.seams.loseAnswers.Store(false)

	fan := w.fan(5)
	idea, err := w.s.SubmitIdea(w.ctx, &fan, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body},
		[]Upload{{Name: "i.jpg", Data: covers54JPEG(1002)}})
	if err != nil || idea.ID == 0 || len(idea.Images) != 1 {
		t.Fatalf("a new idea whose answer was lost: %v, idea %d, photos %v; want it posted", err, idea.ID, idea.Images)
	}
	photos58Kept(t, w, "a new idea", idea.Images[0].File)
	if n, err := w.s.store.IdeasIn(w.ctx, fan.ID, c.ID); err != nil || n != 1 {
		t.Errorf("the fan has %d ideas there (%v), want the one", n, err)
	}

	edited, err := w.s.EditIdea(w.ctx, &author, first.ID, IdeaPatch{RemoveImages: []string{first.Images[0].File},
		Images: []Upload{{Name: "a.jpg", Data: covers54JPEG(1003)}}})
	if err != nil || len(edited.Images) != 1 || edited.Images[0].File == first.Images[0].File {
		t.Fatalf("an edit whose answer was lost: %v, photos %v; want it edited", err, edited.Images)
	}
	photos58Kept(t, w, "an idea's edit", edited.Images[0].File)
	covers54Retired(t, w, first.Images[0].File, since)

	w.s.seams.loseAnswers.Store(false)
	pid, tester := uploads55Testing(t, w, first.ID)
	w.s.seams.loseAnswers.Store(true)
	fb, err := w.s.GiveFeedback(w.ctx, &tester, pid, 4, "噪音小了", &Upload{Name: "r.jpg", Data: covers54JPEG(1004)})
	if err != nil || fb.ID == 0 || fb.Photo == nil {
		t.Fatalf("a report whose answer was lost: %v, report %d, photo %v; want it sent", err, fb.ID, fb.Photo)
	}
	photos58Kept(t, w, "a tester's report", fb.Photo.File)

	site, err := w.s.SetSite(w.ctx, &w.admin, domain.SiteInput{}, covers54JPEG(1005))
	if err != nil || site.Logo.File == "" || site.Logo.File == old.Logo.File {
		t.Fatalf("a logo whose answer was lost: %v, logo %q; want it saved", err, site.Logo.File)
	}
	photos58Kept(t, w, "the site's logo", site.Logo.File)
	covers54Retired(t, w, old.Logo.File, since)

	ch, err := w.s.SetCover(w.ctx, &w.admin, c.ID, covers54JPEG(1006))
	if err != nil || ch.Cover == "" {
		t.Fatalf("a cover whose answer was lost: %v, cover %q; want it set", err, ch.Cover)
	}
	photos58Kept(t, w, "a challenge's cover", ch.Cover)

	// Refused in its transaction (a challenge not there): its error, and
	// no file left.
	had := covers54Uploads(t, w.s.Images.Path)
	if _, err := w.s.SetCover(w.ctx, &w.admin, c.ID+100, covers54JPEG(1007)); !covers54Is(err, domain.KindNotFound) {
		t.Errorf("a cover for a challenge not there: %v; want it refused", err)
	}
	if got := covers54Uploads(t, w.s.Images.Path); len(got) != len(had) {
		t.Errorf("the refused cover left files: %d, were %d", len(got), len(had))
	}
}
