package service

import (
	"fmt"
	"slices"
	"testing"

	"cocreate/app/domain"
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

// An admin hiding a reported idea through its edit (the organiser's hide
// on the idea's page) tells its reporters, as a moderator's decision in
// the queue does; the author is told, and not as a reporter.
func TestHidingByEditTellsReporters(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	author, reporter := w.fan(1), w.fan(2)
	summary, body, title := "s", "b", "加我微信领优惠券 coupons"
	idea, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Report(w.ctx, &reporter, domain.ItemIdea, idea.ID, domain.ReportInput{Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	hidden := domain.StateHidden
	if _, err := w.s.EditIdea(w.ctx, &w.admin, idea.ID, IdeaPatch{State: &hidden, Reason: "广告 advert"}); err != nil {
		t.Fatal(err)
	}
	kinds := func(u domain.User) []domain.NoticeKind {
		list, _, err := w.s.Notifications(w.ctx, &u, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []domain.NoticeKind
		for _, n := range list {
			out = append(out, n.Kind)
		}
		return out
	}
	if got := kinds(reporter); !slices.Equal(got, []domain.NoticeKind{domain.NoticeReportUpheld}) {
		t.Errorf("the reporter was told %v, want only that their report was upheld", got)
	}
	if got := kinds(author); slices.Contains(got, domain.NoticeReportUpheld) || len(got) == 0 {
		t.Errorf("the author was told %v, want told of the hiding and not as a reporter", got)
	}
}
