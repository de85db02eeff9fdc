package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// UploadNamedBy is the store's one answer to "what names this file": an
// idea's photo names its idea, a cover its challenge, a tester's report's
// photo its report and the report's project, the logo the site; a file
// of nothing (or a refused write's) is named by nothing (on either
// engine).
func TestUploads59EachKindIsNamedByItsRow(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	admin, author := users[0], users[1]
	photo := domain.Image{File: "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a.jpg", Width: 750, Height: 1000}
	idea, err := s.CreateIdea(ctx, c.ID, author.ID, func(domain.Challenge, int) (domain.Idea, error) {
		return domain.Idea{Title: "免清洗内筒", Images: []domain.Image{photo}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const cover = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b.jpg"
	if _, err := s.UpdateChallenge(ctx, c.ID, func(ch *domain.Challenge) error { ch.Cover = cover; return nil }); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreateProject(ctx, idea.ID, admin.ID, admin.ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	ok := func(workflow.Project, bool, int) error { return nil }
	report := &domain.Image{File: "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c.jpg", Width: 1, Height: 1}
	fb, err := s.AddFeedback(ctx, p.ID, author.ID, 2, "门关不上", report, ok, nil)
	if err != nil {
		t.Fatal(err)
	}
	refused := domain.Conflict("testing_over", "over")
	const refusedPhoto = "0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d.jpg"
	if _, err := s.AddFeedback(ctx, p.ID, author.ID, 1, "被拒", &domain.Image{File: refusedPhoto, Width: 1, Height: 1}, func(workflow.Project, bool, int) error { return refused }, nil); err != refused {
		t.Fatalf("a refused report: %v", err)
	}
	logo := domain.Image{File: "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e.jpg", Width: 300, Height: 100}
	if _, _, err := s.UpdateSite(ctx, admin.ID, s.Now(), func(site *domain.Site) error { site.Logo = logo; return nil }); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]UploadNamers{
		photo.File:    {Idea: idea.ID},
		cover:         {Challenge: c.ID},
		report.File:   {Report: fb.ID, Project: p.ID},
		logo.File:     {Logo: true},
		refusedPhoto:  {},
		"nothing.jpg": {},
		"":            {}, // no logo, no report photo is taken for ''
	} {
		got, err := s.UploadNamedBy(ctx, file)
		if err != nil || got != want || got.Named() != (want != UploadNamers{}) {
			t.Errorf("UploadNamedBy(%q) = %+v (named %v), %v; want %+v", file, got, got.Named(), err, want)
		}
	}
}
