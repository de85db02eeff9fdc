package integrity

import (
	"fmt"
	"sort"
	"strings"

	"cocreate/app/i18n"
)

// Group statuses.
const (
	Suspected   = "suspected"
	Quarantined = "quarantined"
	Removed     = "removed"
	Cleared     = "cleared"
)

// Undecided says whether a group in status waits for an admin's decision
// (suspected or quarantined): the decision may be made, and results wait
// for it (judging.CheckIntegrity).
func Undecided(status string) bool { return status == Suspected || status == Quarantined }

// Stored is a group as a previous scan or an admin left it.
type Stored struct {
	ID     int64
	Status string
	Users  []int64
}

// Change is what a scan does to one stored group (ID 0: a new group).
type Change struct {
	ID     int64
	Status string
	Group  Group
	Delete bool
}

// Reconcile decides what a scan's groups do to the stored ones, so that a
// group keeps its id from scan to scan while the admin looks at it. A found
// group continues the open stored group it shares most accounts with. A
// quarantined group stays quarantined and only grows (its held votes are
// never released but by an admin); a suspected one follows the scan, and
// goes when the scan no longer finds it. New groups scoring at least
// cfg.Quarantine are quarantined at once, and so is any group at least
// half of whose accounts were in a group an admin removed (a farm caught
// once that votes again is not given the benefit of the doubt twice).
// Removed and cleared groups are the admin's and never change.
func Reconcile(stored []Stored, found []Group, cfg Config) []Change {
	owner := map[int64]int{} // user → index of the open stored group
	removed := map[int64]bool{}
	for i, s := range stored {
		switch s.Status {
		case Suspected, Quarantined:
			for _, u := range s.Users {
				owner[u] = i
			}
		case Removed:
			for _, u := range s.Users {
				removed[u] = true
			}
		}
	}
	taken := map[int]bool{}
	var out []Change
	for _, g := range found {
		overlap := map[int]int{}
		for _, u := range g.Users {
			if i, ok := owner[u]; ok && !taken[i] {
				overlap[i]++
			}
		}
		best, n := -1, 0
		for i, c := range overlap {
			// (i never equals best: each stored group is counted once, so
			// i <= best decides the same.)
			if c > n || c == n && i < best {
				best, n = i, c
			}
		}
		status := Suspected
		if g.Score >= cfg.Quarantine || caughtBefore(g.Users, removed) {
			status = Quarantined
		}
		if best < 0 {
			out = append(out, Change{Status: status, Group: g})
			continue
		}
		taken[best] = true
		s := stored[best]
		if s.Status == Quarantined {
			status = Quarantined
			g.Users = union(s.Users, g.Users)
		}
		out = append(out, Change{ID: s.ID, Status: status, Group: g})
	}
	for i, s := range stored {
		if s.Status == Suspected && !taken[i] {
			out = append(out, Change{ID: s.ID, Status: s.Status, Delete: true})
		}
	}
	return out
}

// caughtBefore says whether at least half of users were in removed groups.
func caughtBefore(users []int64, removed map[int64]bool) bool {
	n := 0
	for _, u := range users {
		if removed[u] {
			n++
		}
	}
	return n > 0 && 2*n >= len(users)
}

func union(a, b []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, l := range [][]int64{a, b} {
		for _, u := range l {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] }) // ids are distinct: <= sorts the same
	return out
}

// Words puts a signal in a language: the evidence an admin reads.
func Words(lang string, s Signal) string {
	p := i18n.For(lang)
	args := make([]any, 0, len(s.N)+1) // a capacity only: any size gives the same words
	for _, n := range s.N {
		args = append(args, n)
	}
	args = append(args, IdeaList(lang, s.Ideas))
	key := "integrity.signal." + s.Kind
	if !i18n.Has(key) {
		return s.Kind
	}
	return p.T(key, args...)
}

// IdeaList writes idea numbers as a reader expects: "12, 31 and 40" or
// "12、31 和 40".
func IdeaList(lang string, ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("#%d", id)
	}
	sep, and := ", ", " and "
	if lang == "zh" {
		sep, and = "、", " 和 "
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], sep) + and + parts[len(parts)-1]
}
