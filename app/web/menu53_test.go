package web

import (
	"strings"
	"testing"

	"cocreate/app/domain"
)

// Who each row of the route table lets in: the one rule the middleware
// refuses by and the menu offers by.
func TestCopies53AccessAdmits(t *testing.T) {
	t.Parallel()
	as := func(roles ...domain.Role) *domain.User { return &domain.User{ID: 1, Roles: roles} }
	people := []struct {
		name string
		u    *domain.User
	}{
		{"visitor", nil},
		{"fan", as(domain.RoleFan)},
		{"judge", as(domain.RoleFan, domain.RoleJudge)},
		{"engineer", as(domain.RoleFan, domain.RoleEngineer)},
		{"moderator", as(domain.RoleFan, domain.RoleModerator)},
		{"admin", as(domain.RoleFan, domain.RoleAdmin)},
	}
	for _, tc := range []struct {
		a     Access
		admit string // the people let in, by name
	}{
		{Anyone, "visitor fan judge engineer moderator admin"},
		{SignedIn, "fan judge engineer moderator admin"},
		{Judge, "judge"},
		{Staff, "engineer admin"},
		{Moderator, "moderator admin"},
		{Admin, "admin"},
		{Access("owner"), ""}, // an access nobody wrote a rule for admits nobody
	} {
		for _, p := range people {
			want := strings.Contains(" "+tc.admit+" ", " "+p.name+" ")
			if got := tc.a.Admits(p.u); got != want {
				t.Errorf("%s admits the %s: %v, want %v", tc.a, p.name, got, want)
			}
		}
	}
}

// The staff menu offers a place exactly when the server lets the person
// in: each of its places is a page of the route table, shown to whoever
// gets 200 there and to nobody it refuses.
func TestCopies53MenuOffersWhatTheServerLetsIn(t *testing.T) {
	t.Parallel()
	h := newStaffCast(t)
	gets := map[string]bool{}
	for _, r := range (&Server{}).Routes() {
		if r.Method == "GET" {
			gets[r.Path] = true
		}
	}
	for _, place := range staffPlaces {
		if !gets[place.href] {
			t.Errorf("the menu's %s is no page of the route table: nobody would see it", place.href)
		}
	}
	for _, who := range []struct{ email, password string }{
		{"fan@x.cn", "fan-password"}, {"judge@brand.cn", "fan-password"}, {"mod@brand.cn", "fan-password"},
		{"eng@brand.cn", "fan-password"}, {"admin@brand.cn", "admin-password"},
	} {
		b := h.browser()
		b.signIn(who.email, who.password)
		body := b.get("/projects").must(t, 200).Body
		nav := body[strings.Index(body, `<nav class="nav"`):strings.Index(body, `</nav>`)]
		offered := 0
		for _, place := range staffPlaces {
			inMenu := strings.Contains(nav, `href="`+place.href+`"`)
			status := b.get(place.href).Status
			if inMenu != (status == 200) {
				t.Errorf("%s: the menu offers %s: %v, the server answers %d", who.email, place.href, inMenu, status)
			}
			if inMenu {
				offered++
			}
		}
		if who.email == "admin@brand.cn" && offered != len(staffPlaces)-1 { // all but /judging
			t.Errorf("the admin's menu offers %d places, want %d", offered, len(staffPlaces)-1)
		}
	}
}

// newStaffCast is a site with one person of each role: admin@brand.cn
// (admin-password), eng@, mod@ and judge@brand.cn and the fan fan@x.cn
// (fan-password).
func newStaffCast(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	admin := h.setup()
	h.staffer(admin, "eng@brand.cn", "engineer")
	h.staffer(admin, "mod@brand.cn", "moderator")
	h.staffer(admin, "judge@brand.cn", "judge")
	h.fan("fan@x.cn")
	return h
}
