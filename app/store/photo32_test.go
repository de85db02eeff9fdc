package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// A tester's report keeps its one photo (file and size), the list gives it
// back (nil for a report without one), and the photo's file names its
// report and project (UploadNamedBy; 0 for a file of no report). A refused
// report writes nothing, its photo neither.
func TestPhoto32FeedbackPhoto(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 3)
	admin, author, tester := users[0], users[1], users[2]
	idea := addIdea(t, s, c, author.ID, "免清洗内筒")
	p, err := s.CreateProject(ctx, idea.ID, admin.ID, admin.ID, func(domain.Idea, domain.User, bool, bool) error { return nil }, openedTell)
	if err != nil {
		t.Fatal(err)
	}
	ok := func(workflow.Project, bool, int) error { return nil }
	pic := &domain.Image{File: "ab12cd34.jpg", Width: 750, Height: 1000}
	with, err := s.AddFeedback(ctx, p.ID, tester.ID, 2, "门关不上", pic, ok, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFeedback(ctx, p.ID, tester.ID, 4, "没有照片", nil, ok, nil); err != nil {
		t.Fatal(err)
	}
	refused := domain.Conflict("testing_over", "over")
	if _, err := s.AddFeedback(ctx, p.ID, tester.ID, 1, "被拒", &domain.Image{File: "ef56ab78.jpg", Width: 1, Height: 1}, func(workflow.Project, bool, int) error { return refused }, nil); err != refused {
		t.Fatalf("refused report: %v", err)
	}
	list, err := s.Feedback(ctx, p.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Photo != nil || list[1].ID != with.ID || list[1].Photo == nil || *list[1].Photo != *pic {
		t.Fatalf("reports: %+v", list)
	}
	for file, want := range map[string]int64{"ab12cd34.jpg": p.ID, "ef56ab78.jpg": 0, "": 0, "nothing.jpg": 0} {
		got, err := s.UploadNamedBy(ctx, file)
		if err != nil || got.Project != want || (got.Report == with.ID) != (want != 0) {
			t.Errorf("UploadNamedBy(%q) = %+v, %v; want the project %d", file, got, err, want)
		}
	}
}
