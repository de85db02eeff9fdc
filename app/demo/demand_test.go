package demo

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"cocreate/app/domain"
	"cocreate/app/i18n"
)

// A newcomer sees demand per dress by size: the Qige poll asks who would
// buy, and the demo fans have said so, differently for each dress.
func TestQigeShowsDemandPerDressBySize(t *testing.T) {
	svc, _ := load(t)
	ctx := context.Background()
	admin := &domain.User{ID: 1, Roles: []domain.Role{domain.RoleAdmin}}
	all, err := svc.Challenges(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var poll domain.Challenge
	for _, c := range all {
		if strings.Contains(c.Title, "七格格") {
			poll = c
		}
	}
	if !poll.Buying() || len(poll.PriceBands) != 3 {
		t.Fatalf("the Qige poll asks no buyers: %+v", poll.DemandRules)
	}
	// The Chinese poll names its options in Chinese: they head its charts.
	for _, name := range poll.OptionNames() {
		if !strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("the Qige poll's buying option %q is not named in Chinese (its chart reads %q)", name, i18n.For("zh").T("demand.by_option", name))
		}
	}
	r, err := svc.Demand(ctx, admin, poll.ID)
	if err != nil {
		t.Fatal(err)
	}
	const size = "尺码" // the dresses' sizes, named in Chinese
	units := map[int]bool{}
	for _, d := range r.Ideas {
		sizes := 0
		for _, n := range d.ByOption[size] {
			sizes += n
		}
		if d.Buyers == 0 || sizes != d.Units || len(d.ByOption[size]) < 2 {
			t.Errorf("%s: %d buyers, %d units, by size %v", d.Title, d.Buyers, d.Units, d.ByOption[size])
		}
		units[d.Units] = true
		t.Logf("%s: %d buyers, %d units, by size %v, by price %v", d.Title, d.Buyers, d.Units, d.ByOption[size], d.ByPrice)
	}
	if len(r.Ideas) < 4 || len(units) < 3 {
		t.Errorf("demand does not differ between dresses: %d dresses, units %v", len(r.Ideas), units)
	}
}
