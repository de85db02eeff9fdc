package service

import (
	"fmt"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// draftWithItems is a draft challenge (no phase begun: admins alone see
// it) with n ideas by author, made in the store as an admin's import
// would, past the phase rules.
func (w *world) draftWithItems(author domain.User, n int) []int64 {
	w.t.Helper()
	now := w.s.now()
	at := func(d time.Duration) domain.OptTime { t := now.Add(d); return domain.OptTime{Set: true, Time: &t} }
	title, brief, kind := "草稿 draft", "**Soon**", domain.OpenCall
	c, err := w.s.CreateChallenge(w.ctx, &w.admin, domain.ChallengeInput{Title: &title, Brief: &brief, Kind: &kind,
		SubmissionsOpenAt: at(24 * time.Hour), SubmissionsCloseAt: at(48 * time.Hour),
		VotingOpenAt: at(24 * time.Hour), VotingCloseAt: at(72 * time.Hour)})
	if err != nil {
		w.t.Fatal(err)
	}
	if domain.MaySeeChallenge(&domain.User{Roles: []domain.Role{domain.RoleModerator}}, c, now) {
		w.t.Fatal("the fixture's challenge is no draft")
	}
	ids := make([]int64, n)
	for i := range ids {
		idea, err := w.s.store.CreateIdea(w.ctx, c.ID, author.ID, func(domain.Challenge, int) (domain.Idea, error) {
			return domain.Idea{Title: fmt.Sprintf("草稿想法 %d", i), Summary: "s", Body: "b"}, nil
		})
		if err != nil {
			w.t.Fatal(err)
		}
		ids[i] = idea.ID
	}
	return ids
}

// moderator is fan i with the moderator role.
func (w *world) moderator(i int) domain.User {
	w.t.Helper()
	return w.staff(w.fan(i), "moderator")
}

// More items of a draft challenge wait in the queue than a page holds,
// all more reported than an item of an open challenge: a moderator, who
// may not see the draft, still finds that item on their page (the draft's
// are left out before the limit, not after it, which left them an empty
// page); an admin, who sees drafts, gets a full page of them.
func TestModeratorsQueueIsFullPastDraftItems(t *testing.T) {
	w := newWorld(t)
	author, reporter, mod := w.fan(1), w.fan(2), w.moderator(3)
	c := w.openCall()
	summary, body, title := "s", "b", "漏水的门封 a leaking seal"
	seen, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.Report(w.ctx, &reporter, domain.ItemIdea, seen.ID, domain.ReportInput{Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range w.draftWithItems(author, 201) {
		for _, by := range []int64{reporter.ID, w.admin.ID} { // two reports: before the open item
			if _, err := w.s.store.Report(w.ctx, domain.ItemIdea, id, by, domain.ReportWindow, func(int) (bool, error) { return true, nil }, "spam", "",
				func(store.ReportTarget, domain.Reported) (bool, error) { return false, nil },
				func(store.ReportTarget, bool) []domain.Outgoing { return nil }); err != nil {
				t.Fatal(err)
			}
		}
	}
	queue := func(u *domain.User) ([]store.ModerationItem, error) {
		p, err := w.s.ModerationQueuePage(w.ctx, u, store.QueueAll, "")
		return p.Items, err
	}
	q, err := queue(&mod)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].ID != seen.ID {
		t.Errorf("the moderator's queue: %d items (%v); want the open challenge's idea %d alone", len(q), firstIDs(q), seen.ID)
	}
	if q, err = queue(&w.admin); err != nil || len(q) != 200 || q[0].ChallengeID == c.ID {
		t.Errorf("the admin's queue: %d items (%v); want a full page of the draft's", len(q), err)
	}
	// The menu's count is the same queue's: the moderator's one item; the
	// admin's, the draft's too, counted up to its cap.
	if n, err := w.s.ModerationWaiting(w.ctx, &mod); err != nil || n != 1 {
		t.Errorf("the moderator's count: %d (%v), want 1", n, err)
	}
	if n, err := w.s.ModerationWaiting(w.ctx, &w.admin); err != nil || n != ModerationWaitingMost {
		t.Errorf("the admin's count: %d (%v), want %d", n, err, ModerationWaitingMost)
	}
	if n, err := w.s.ModerationWaiting(w.ctx, &author); err != nil || n != 0 {
		t.Errorf("a fan's count: %d (%v), want 0", n, err)
	}
}

// More decisions on a draft's items than the log shows follow a decision
// on an open challenge's idea and one on a comment there: a moderator
// still finds both in the log, the comment's under its idea's mask (an
// anonymous author's request for a review names nobody); an admin gets
// a full page of the draft's.
func TestModeratorsLogIsFullPastDraftDecisions(t *testing.T) {
	w := newWorld(t)
	author, mod := w.fan(1), w.moderator(3)
	c := w.openCall()
	anonymous := true
	if _, err := w.s.UpdateChallenge(w.ctx, &w.admin, c.ID, domain.ChallengeInput{AnonymousUntilResults: &anonymous}); err != nil {
		t.Fatal(err)
	}
	summary, body, title := "s", "b", "漏水的门封 a leaking seal"
	seen, err := w.s.SubmitIdea(w.ctx, &author, c.ID, domain.IdeaInput{Title: &title, Summary: &summary, Body: &body}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := w.s.Comment(w.ctx, &author, seen.ID, "加我微信 add me")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.Moderate(w.ctx, &mod, "idea", seen.ID, "dismiss", "不是广告 not an ad"); err != nil {
		t.Fatal(err)
	}
	if err := w.s.Moderate(w.ctx, &mod, "comment", cm.ID, "hide", "广告 an ad"); err != nil {
		t.Fatal(err)
	}
	if err := w.s.RequestReview(w.ctx, &author, "comment", cm.ID, "只是联系方式 only a contact"); err != nil {
		t.Fatal(err)
	}
	for _, id := range w.draftWithItems(author, 51) {
		if err := w.s.store.Moderate(w.ctx, domain.ItemIdea, id, w.admin.ID, domain.ActionDismiss, "草稿 draft",
			func(store.ReportTarget) (bool, bool, error) { return false, false, nil },
			func(store.ReportTarget, bool) []domain.Outgoing { return nil }, domain.VotesReturnedNotices); err != nil {
			t.Fatal(err)
		}
	}
	log, err := w.s.ModerationLog(w.ctx, &mod)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 {
		t.Fatalf("the moderator's log: %d decisions %+v; want the 3 on the open challenge", len(log), log)
	}
	if d := log[0]; d.Type != domain.ItemComment || d.ItemID != cm.ID || d.Action != "review" || d.Actor.ID != 0 || d.ActorHidden != domain.HiddenUntilResults {
		t.Errorf("the anonymous author's request for a review: %+v; want it, its author hidden until the results", d)
	}
	if d := log[1]; d.Type != domain.ItemComment || d.Action != "hide" || d.Actor.ID != mod.ID {
		t.Errorf("the comment's hiding: %+v; want it, by the moderator", d)
	}
	if d := log[2]; d.Type != domain.ItemIdea || d.ItemID != seen.ID || d.Action != "dismiss" || d.Actor.ID != mod.ID {
		t.Errorf("the idea's dismissal: %+v; want it, by the moderator", d)
	}
	if log, err = w.s.ModerationLog(w.ctx, &w.admin); err != nil || len(log) != 50 || log[49].Type != domain.ItemIdea || log[49].ItemID == seen.ID {
		t.Errorf("the admin's log: %d decisions (%v); want a full page of the draft's", len(log), err)
	}
}

func firstIDs(q []store.ModerationItem) []int64 {
	var out []int64
	for i, m := range q {
		if i == 5 {
			break
		}
		out = append(out, m.ID)
	}
	return out
}
