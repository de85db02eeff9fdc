package service

import (
	"fmt"
	"testing"
)

// A comment hidden, shown and hidden again more times than the decisions
// read at once still shows its author the reason of the newest hiding,
// not one of its first (the decisions were read oldest first, 50 of them).
func TestHiddenCommentShowsItsNewestReason(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	idea := w.idea(c.ID, "门封发霉 a mouldy seal")
	cm, err := w.s.Comment(w.ctx, &w.admin, idea, "一条评论 a comment")
	if err != nil {
		t.Fatal(err)
	}
	last := ""
	for i := 1; i <= 30; i++ { // 60 decisions
		last = fmt.Sprintf("第 %d 次：广告 advert %d", i, i)
		if err := w.s.Moderate(w.ctx, &w.admin, "comment", cm.ID, "hide", last); err != nil {
			t.Fatalf("hide %d: %v", i, err)
		}
		if i < 30 {
			if err := w.s.Moderate(w.ctx, &w.admin, "comment", cm.ID, "restore", "误判 mistaken"); err != nil {
				t.Fatalf("restore %d: %v", i, err)
			}
		}
	}
	p, err := w.s.IdeaPage(w.ctx, &w.admin, idea)
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("comment-%d", cm.ID)
	if got := p.HiddenWhy[key]; got != last {
		t.Fatalf("the hidden comment's reason reads %q, want the newest %q", got, last)
	}
}
