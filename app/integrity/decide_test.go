package integrity

import (
	"reflect"
	"strings"
	"testing"
)

// TestReconcileEdges: the quarantine bar itself quarantines; a group that
// overlaps two stored groups continues the one it shares most accounts
// with, the earlier one on a tie; a stored group is continued once, so a
// second found group sharing it starts anew.
func TestReconcileEdges(t *testing.T) {
	cfg := Defaults()
	at := Reconcile(nil, []Group{{Users: []int64{1}, Score: cfg.Quarantine}, {Users: []int64{2}, Score: cfg.Quarantine - 0.001}}, cfg)
	if at[0].Status != Quarantined || at[1].Status != Suspected {
		t.Errorf("at the bar %s, just under it %s; want quarantined, suspected", at[0].Status, at[1].Status)
	}

	stored := []Stored{
		{ID: 7, Status: Suspected, Users: []int64{1, 2}},
		{ID: 8, Status: Suspected, Users: []int64{3, 4, 5}},
		{ID: 9, Status: Suspected, Users: []int64{6, 7}},
	}
	most := Reconcile(stored, []Group{{Users: []int64{2, 3, 4}, Score: 0.6}}, cfg)
	if most[0].ID != 8 {
		t.Errorf("sharing 1 with group 7 and 2 with group 8, it continued %d", most[0].ID)
	}
	tie := Reconcile(stored, []Group{{Users: []int64{2, 6}, Score: 0.6}}, cfg)
	if tie[0].ID != 7 {
		t.Errorf("sharing 1 with group 7 and 1 with group 9, it continued %d; want the earlier, 7", tie[0].ID)
	}
	tieLater := Reconcile(stored, []Group{{Users: []int64{6, 2}, Score: 0.6}}, cfg)
	if tieLater[0].ID != 7 {
		t.Errorf("the order of the found group's users changed the tie: %d", tieLater[0].ID)
	}
	twice := Reconcile(stored, []Group{{Users: []int64{1}, Score: 0.6}, {Users: []int64{2}, Score: 0.6}}, cfg)
	if twice[0].ID != 7 || twice[1].ID != 0 {
		t.Errorf("two found groups in one stored group: ids %d and %d, want 7 and a new one", twice[0].ID, twice[1].ID)
	}
	// Groups 8 and 9 were not found again: both go, in stored order.
	if len(twice) != 4 || !twice[2].Delete || twice[2].ID != 8 || !twice[3].Delete || twice[3].ID != 9 {
		t.Errorf("changes: %+v", twice)
	}
	if u := Reconcile([]Stored{{ID: 3, Status: Quarantined, Users: []int64{9, 4}}}, []Group{{Users: []int64{4, 1}, Score: 0.5}}, cfg)[0].Group.Users; !reflect.DeepEqual(u, []int64{1, 4, 9}) {
		t.Errorf("a quarantined group grows into %v, want 1, 4, 9 once each in order", u)
	}
}

func TestWordsAndIdeaLists(t *testing.T) {
	for _, c := range []struct {
		lang string
		ids  []int64
		want string
	}{
		{"en", nil, ""},
		{"en", []int64{5}, "#5"},
		{"zh", []int64{5}, "#5"},
		{"en", []int64{5, 9}, "#5 and #9"},
		{"en", []int64{12, 31, 40}, "#12, #31 and #40"},
		{"zh", []int64{12, 31, 40}, "#12、#31 和 #40"},
	} {
		if got := IdeaList(c.lang, c.ids); got != c.want {
			t.Errorf("IdeaList(%s, %v) = %q, want %q", c.lang, c.ids, got, c.want)
		}
	}
	if got := Words("en", Signal{Kind: "unheard_of", N: []int64{3}}); got != "unheard_of" {
		t.Errorf("a signal with no words = %q, want its kind", got)
	}
	if got := Words("en", Signal{Kind: FewNetworks, N: []int64{12, 2}}); got == FewNetworks || !containsAll(got, "12", "2") {
		t.Errorf("few networks in words: %q", got)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// Suspected and quarantined groups wait for a decision; removed and
// cleared ones were decided.
func TestUndecided(t *testing.T) {
	for status, want := range map[string]bool{Suspected: true, Quarantined: true, Removed: false, Cleared: false, "": false} {
		if got := Undecided(status); got != want {
			t.Errorf("Undecided(%q) = %v, want %v", status, got, want)
		}
	}
}

// caughtBefore: at least half, and at least one, of a group's accounts.
func TestCaughtBefore(t *testing.T) {
	removed := map[int64]bool{1: true, 2: true}
	for _, tc := range []struct {
		users []int64
		want  bool
	}{
		{nil, false}, // no accounts: none caught before
		{[]int64{3}, false},
		{[]int64{1}, true},
		{[]int64{1, 3}, true},     // half
		{[]int64{1, 3, 4}, false}, // a third
		{[]int64{1, 2, 3}, true},
	} {
		if got := caughtBefore(tc.users, removed); got != tc.want {
			t.Errorf("caughtBefore(%v) = %v, want %v", tc.users, got, tc.want)
		}
	}
}
