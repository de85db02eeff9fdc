package integrity

import (
	"slices"
	"testing"
)

// A ring of aged accounts, each on its own network with its own browser,
// voting for ideas 7 and 8 together in bursts of 20 accounts (4 s apart),
// bursts four hours apart, in a quiet challenge (40 honest voters over a
// day) or a busier one (300): however many bursts, each is beyond what its
// ideas' traffic at other times gives (its other bursts count no more than
// a typical moment), and the whole ring is quarantined, no honest fan with
// it.
func TestARingInBurstsIsQuarantined(t *testing.T) {
	const s = int64(1000)
	for _, c := range []struct{ honest, bursts int }{{40, 1}, {40, 2}, {40, 4}, {40, 6}, {300, 4}, {300, 6}} {
		var votes []Vote
		for u := int64(1); u <= int64(c.honest); u++ {
			votes = append(votes, Vote{User: u, Idea: 1 + u%6, At: u * (86400 * s / int64(c.honest)), Net: 1000 + u, UA: 50 + u%9, Age: 30 * 86400})
		}
		ring := int64(0)
		for b := 0; b < c.bursts; b++ {
			for i := 0; i < 20; i++ {
				at := int64(b)*4*3600*s + 3600*s + int64(i)*4*s
				u := 2001 + ring
				votes = append(votes, Vote{User: u, Idea: 7, At: at, Net: 5000 + ring, UA: 7000 + ring, Age: 200 * 86400},
					Vote{User: u, Idea: 8, At: at + 2*s, Net: 5000 + ring, UA: 7000 + ring, Age: 200 * 86400})
				ring++
			}
		}
		held, honest := 0, 0
		for _, g := range Detect(votes, nil, Defaults()) {
			for _, u := range g.Users {
				switch {
				case u <= 2000:
					honest++
				case g.Score >= Defaults().Quarantine:
					held++
				}
			}
		}
		if held != int(ring) || honest != 0 {
			t.Errorf("%d honest, %d bursts: %d of %d ring accounts quarantined, %d honest fans in groups", c.honest, c.bursts, held, ring, honest)
		}
	}
}

// Moments group sorted times by window; each holds its votes up to the
// cap; outside counts the capped votes of the moments before and after a
// range of them.
func TestMoments(t *testing.T) {
	const w = 30
	m := newMoments([]int64{-5, 0, 10, 20, 29, 30, 95, 96, 97, 98, 200}, w, 3)
	if !slices.Equal(m.at, []int64{0, 1, 3, 6}) || !slices.Equal(m.count, []int{3, 1, 3, 1}) {
		t.Fatalf("moments %v counts %v", m.at, m.count)
	}
	for _, c := range []struct {
		lo, hi int64
		want   int
	}{{0, 0, 5}, {0, 1, 4}, {1, 3, 4}, {2, 2, 8}, {4, 5, 8}, {6, 9, 7}, {-1, 9, 0}} {
		if got := m.outside(c.lo, c.hi); got != c.want {
			t.Errorf("outside moments %d..%d: %d, want %d", c.lo, c.hi, got, c.want)
		}
	}
	if uncapped := newMoments([]int64{1, 2, 3, 4}, w, 1<<30); uncapped.outside(5, 5) != 4 {
		t.Errorf("uncapped: %v", uncapped.count)
	}
}
