package service

import (
	"reflect"
	"slices"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// The moderation page's one call (ModerationPage) gives the log and the
// clubs without an organiser that their own calls give (ModerationLog,
// ClubsWithoutOrganiser), for a moderator and an admin; an admin's
// decision on a draft's item is in the admin's log and not in the
// moderator's.
func TestModq56ThePageGivesTheLogAndTheClubs(t *testing.T) {
	w := newWorld(t)
	mod := modq55Queue(w)
	if _, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛同城会"}); err != nil {
		t.Fatal(err)
	}
	modPage, err := w.s.ModerationPage(w.ctx, &mod, store.QueueAll, "")
	if err != nil {
		t.Fatal(err)
	}
	adminPage, err := w.s.ModerationPage(w.ctx, &w.admin, store.QueueAll, "")
	if err != nil {
		t.Fatal(err)
	}
	// The admin decides on an item of the draft, which the moderator does
	// not see.
	draftItem := slices.IndexFunc(adminPage.Queue.Reported.Items, func(a store.ModerationItem) bool {
		return !slices.ContainsFunc(modPage.Queue.Reported.Items, func(m store.ModerationItem) bool { return m.Type == a.Type && m.ID == a.ID })
	})
	if draftItem < 0 {
		t.Fatal("the admin's queue has no item the moderator's has not")
	}
	d := adminPage.Queue.Reported.Items[draftItem]
	if err := w.s.Moderate(w.ctx, &w.admin, string(d.Type), d.ID, "dismiss", "草稿里的 in a draft"); err != nil {
		t.Fatal(err)
	}

	logs := map[string]int{}
	for _, who := range []struct {
		name string
		u    *domain.User
	}{{"moderator", &mod}, {"admin", &w.admin}} {
		page, err := w.s.ModerationPage(w.ctx, who.u, store.QueueAll, "")
		if err != nil {
			t.Fatal(err)
		}
		log, err := w.s.ModerationLog(w.ctx, who.u)
		if err != nil {
			t.Fatal(err)
		}
		orphaned, err := w.s.ClubsWithoutOrganiser(w.ctx, who.u)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) == 0 || !reflect.DeepEqual(page.Log, log) {
			t.Errorf("%s: the page's log %+v, ModerationLog's %+v", who.name, page.Log, log)
		}
		if orphaned.Total != 1 || !reflect.DeepEqual(page.Orphaned, orphaned) {
			t.Errorf("%s: the page's clubs %+v, ClubsWithoutOrganiser's %+v (want 1)", who.name, page.Orphaned, orphaned)
		}
		logs[who.name] = len(page.Log)
	}
	if logs["admin"] != logs["moderator"]+1 {
		t.Errorf("the admin's log has %d decisions, the moderator's %d: want the draft's decision in the admin's alone", logs["admin"], logs["moderator"])
	}
}
