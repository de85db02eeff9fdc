package people

import (
	"slices"
	"testing"

	"cocreate/app/domain"
)

// Orphaning composes the rules as the service and the store's tests use
// them: who counts as orphaned, and, for a club read after the write,
// which staff are told, all but the actor.
func TestOrphan56OrphaningComposesTheRules(t *testing.T) {
	user := func(id int64, roles ...domain.Role) domain.User {
		return domain.User{ID: id, Roles: append([]domain.Role{domain.RoleFan}, roles...)}
	}
	admin, mod, fan := user(1, domain.RoleAdmin), user(2, domain.RoleModerator), user(3)
	suspended := user(4, domain.RoleAdmin)
	suspended.Suspended = true
	candidates := []domain.User{admin, mod, fan, suspended}
	orphaned := OrphanedClub{ID: 7, Name: "青岛同城会", City: "青岛"}
	for _, c := range []struct {
		name    string
		actor   int64
		acts    bool
		others  int
		club    OrphanedClub
		orphans bool
		told    []int64
	}{
		{"the last who could act, by themselves", 0, true, 0, orphaned, true, []int64{1, 2}},
		{"the last, removed by the moderator", 2, true, 0, orphaned, true, []int64{1}},
		{"the last, removed by the admin", 1, true, 0, orphaned, true, []int64{2}},
		{"another stays", 0, true, 1, OrphanedClub{ID: 7, Name: "青岛同城会", City: "青岛", Organisers: 1}, false, nil},
		{"not one who could act", 0, false, 0, orphaned, false, []int64{1, 2}},
		{"named again before the write ended", 0, true, 0, OrphanedClub{ID: 7, Organisers: 2}, true, nil},
	} {
		r := Orphaning(c.actor)
		if got := r.Orphans(c.acts, c.others); got != c.orphans {
			t.Errorf("%s: Orphans(%v, %d) = %v, want %v", c.name, c.acts, c.others, got, c.orphans)
		}
		var told []int64
		for _, o := range r.Tell(c.club, candidates) {
			if o.Kind != domain.NoticeClubOrphaned || o.URL != ClubLink(7) || !slices.Equal(o.Args, []string{c.club.Name, c.club.City}) {
				t.Errorf("%s: notice %+v", c.name, o)
			}
			told = append(told, o.To)
		}
		if !slices.Equal(told, c.told) {
			t.Errorf("%s: told %v, want %v", c.name, told, c.told)
		}
	}
	if (OrphanRules{}).Orphans != nil || (OrphanRules{}).Tell != nil {
		t.Error("the zero rules are not empty")
	}
}
