package integrity

import (
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"
)

const sec = int64(1000)
const hour = 3600 * sec

// crowd makes honest fans: each from their own network (a few share one, as
// behind a campus NAT), accounts of any age, voting for 2..8 ideas at random
// times over the span, with a popularity skew so that popular ideas get
// many similar votes.
func crowd(r *rand.Rand, fans, ideas int, span int64, firstUser int64) []Vote {
	var out []Vote
	for f := 0; f < fans; f++ {
		u := firstUser + int64(f)
		net := int64(1000 + r.Intn(fans*2/3+1))
		ua := int64(1 + r.Intn(12))
		created := -int64(r.Intn(400)) * 24 * hour
		if r.Intn(5) == 0 { // a fifth sign up during the run
			created = int64(r.Int63n(span))
		}
		k := 2 + r.Intn(7)
		seen := map[int64]bool{}
		for len(seen) < k {
			// Zipf-like tastes: idea i with weight 1/(i+1).
			idea := int64(r.ExpFloat64()*float64(ideas)/4) % int64(ideas)
			if seen[idea+1] {
				continue
			}
			seen[idea+1] = true
			from := max(created, 0)
			at := from + r.Int63n(span-from+1)
			if created > 0 && r.Intn(3) == 0 { // right after signing up
				at = created + int64(10+r.Intn(300))*sec
			}
			out = append(out, Vote{User: u, Idea: idea + 1, At: at, Net: net, UA: ua, Age: max((at-created)/1000, 1)})
		}
	}
	return out
}

type ringStyle struct {
	name     string
	size     int
	nets     int   // networks it votes from
	young    bool  // accounts made just before voting
	targets  int   // ideas pushed
	spread   int64 // how long each target's votes take, ms
	decoys   int   // random votes mixed in per account
	gapEvery int64 // time between targets
}

func ring(r *rand.Rand, st ringStyle, ideas int, start int64, firstUser int64) []Vote {
	var out []Vote
	targets := r.Perm(ideas)[:st.targets]
	starts := make([]int64, len(targets)) // each target's moment, shared by the ring
	for t := range starts {
		starts[t] = start + int64(t)*st.gapEvery + r.Int63n(st.gapEvery/2+1)
	}
	for a := 0; a < st.size; a++ {
		u := firstUser + int64(a)
		net := int64(900000 + r.Intn(st.nets))
		ua := int64(77)
		if st.nets >= 10 { // a farm spread wide varies its browsers too
			ua = int64(1 + r.Intn(12))
		}
		created := start - int64(r.Intn(400))*24*hour
		if st.young {
			created = start + int64(a)*4*sec
		}
		for t, idea := range targets {
			at := starts[t] + r.Int63n(st.spread+1)
			if st.young {
				at = created + 5*sec + int64(t)*2*sec + r.Int63n(st.spread+1)
			}
			out = append(out, Vote{User: u, Idea: int64(idea + 1), At: at, Net: net, UA: ua, Age: max((at-created)/1000, 1)})
		}
		for d := 0; d < st.decoys; d++ {
			idea := int64(r.Intn(ideas) + 1)
			dup := false
			for _, t := range targets {
				dup = dup || int64(t+1) == idea
			}
			if dup {
				continue
			}
			at := start + r.Int63n(12*hour)
			out = append(out, Vote{User: u, Idea: idea, At: at, Net: net, UA: ua, Age: max((at-created)/1000, 1)})
		}
	}
	return dedupe(out)
}

func dedupe(vs []Vote) []Vote {
	seen := map[[2]int64]bool{}
	var out []Vote
	for _, v := range vs {
		k := [2]int64{v.User, v.Idea}
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

var styles = []ringStyle{
	{name: "fast burst from 2 networks", size: 27, nets: 2, young: true, targets: 2, spread: 10 * sec},
	{name: "slow ring over many networks, in step", size: 30, nets: 30, targets: 6, spread: 20 * sec, gapEvery: 2 * hour},
	{name: "ring mixing in decoys", size: 25, nets: 8, targets: 4, spread: 25 * sec, decoys: 4, gapEvery: 90 * 60 * sec},
}

// Each ring style is found with at least 90% of its accounts, and at most 1%
// of honest fans are flagged.
func TestDetectRings(t *testing.T) {
	for _, st := range styles {
		t.Run(st.name, func(t *testing.T) {
			r := rand.New(rand.NewSource(7))
			votes := crowd(r, 600, 40, 24*hour, 1)
			votes = append(votes, ring(r, st, 40, 5*hour, 100000)...)
			groups := Detect(votes, nil, Defaults())
			found, honest := 0, 0
			for _, g := range groups {
				for _, u := range g.Users {
					if u >= 100000 {
						found++
					} else {
						honest++
					}
				}
			}
			t.Logf("%s: %d of %d ring accounts found, %d of 600 honest flagged, groups %d", st.name, found, st.size, honest, len(groups))
			for _, g := range groups {
				t.Logf("  score %.2f users %d: %s", g.Score, len(g.Users), words(g))
			}
			if found*10 < st.size*9 {
				t.Errorf("recall %d/%d under 90%%", found, st.size)
			}
			if honest*100 > 600 {
				t.Errorf("%d honest fans flagged, over 1%%", honest)
			}
		})
	}
}

func words(g Group) string {
	var w []string
	for _, s := range g.Signals {
		w = append(w, Words("en", s))
	}
	return strings.Join(w, "; ")
}

// A crowd alone yields no group.
func TestDetectHonestCrowd(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	votes := crowd(r, 1500, 30, 12*hour, 1)
	if g := Detect(votes, nil, Defaults()); len(g) > 0 {
		t.Fatalf("an honest crowd made %d groups, first %v: %s", len(g), g[0].Users, words(g[0]))
	}
}

// The burst of the example is put in words, in both languages.
// It votes among a crowd: alone in a challenge, its two ideas would be
// all the challenge's traffic, which the chance model cannot tell from a
// livestream's; its two networks are then two groups (young bursts).
func TestEvidenceWords(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	votes := ring(r, styles[0], 40, 5*hour, 1)
	votes = append(votes, crowd(r, 600, 40, 24*hour, 1000)...)
	g := Detect(votes, nil, Defaults())
	if len(g) != 1 {
		t.Fatalf("groups: %d", len(g))
	}
	if g[0].Score < Defaults().Quarantine {
		t.Errorf("score %.2f, want at least the quarantine bar", g[0].Score)
	}
	var en, zh string
	for _, s := range g[0].Signals {
		if s.Kind == YoungBurst {
			en, zh = Words("en", s), Words("zh", s)
		}
	}
	if !strings.HasPrefix(en, "27 accounts created within 2 minutes from 2 networks voted for ideas #") ||
		!strings.Contains(zh, "27 个账号在 2 分钟内从 2 个网络注册") {
		t.Errorf("words:\n%s\n%s", en, zh)
	}
}

// Cleared accounts are left out of the scan.
func TestDetectExcludes(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	votes := ring(r, styles[0], 40, 0, 1)
	ex := map[int64]bool{}
	for u := int64(1); u <= 27; u++ {
		ex[u] = true
	}
	if g := Detect(votes, ex, Defaults()); len(g) != 0 {
		t.Fatalf("groups of cleared accounts: %d", len(g))
	}
}

func TestMetronomeAndSpike(t *testing.T) {
	// Six aged accounts on six networks, voting every 60 s exactly, the same
	// five ideas in the same order, 2 s apart: in step and metronomes.
	var votes []Vote
	for a := int64(0); a < 6; a++ {
		for i := int64(0); i < 5; i++ {
			at := 10*hour + i*60*sec + a*2*sec
			votes = append(votes, Vote{User: a + 1, Idea: i + 1, At: at, Net: 50 + a, UA: 9 + a, Age: 3e7})
		}
	}
	// A slow honest background for the same ideas over a day.
	for u := int64(100); u < 200; u++ {
		votes = append(votes, Vote{User: u, Idea: 1 + u%5, At: (u - 100) * 864 * sec, Net: u, UA: u % 7, Age: 3e7})
	}
	g := Detect(votes, nil, Defaults())
	if len(g) != 1 || len(g[0].Users) != 6 {
		t.Fatalf("groups %+v", g)
	}
	kinds := map[string]bool{}
	for _, s := range g[0].Signals {
		kinds[s.Kind] = true
	}
	for _, k := range []string{Synchronized, Metronome, RateSpike, SameVotes} {
		if !kinds[k] {
			t.Errorf("no %s signal: %s", k, words(g[0]))
		}
	}
}

func TestReconcile(t *testing.T) {
	cfg := Defaults()
	g := func(score float64, users ...int64) Group { return Group{Users: users, Score: score} }
	cases := []struct {
		name   string
		stored []Stored
		found  []Group
		want   []Change
	}{
		{"new groups by score", nil, []Group{g(0.9, 1, 2), g(0.6, 3, 4)},
			[]Change{{Status: Quarantined, Group: g(0.9, 1, 2)}, {Status: Suspected, Group: g(0.6, 3, 4)}}},
		{"a suspected group continues and rises", []Stored{{ID: 7, Status: Suspected, Users: []int64{1, 2}}}, []Group{g(0.95, 2, 3)},
			[]Change{{ID: 7, Status: Quarantined, Group: g(0.95, 2, 3)}}},
		{"a quarantined group only grows", []Stored{{ID: 7, Status: Quarantined, Users: []int64{1, 2}}}, []Group{g(0.6, 2, 3)},
			[]Change{{ID: 7, Status: Quarantined, Group: g(0.6, 1, 2, 3)}}},
		{"a suspected group not found goes", []Stored{{ID: 7, Status: Suspected, Users: []int64{1}}}, nil,
			[]Change{{ID: 7, Status: Suspected, Delete: true}}},
		{"quarantined, removed and cleared groups stay", []Stored{{ID: 7, Status: Quarantined, Users: []int64{1}},
			{ID: 8, Status: Removed, Users: []int64{2}}, {ID: 9, Status: Cleared, Users: []int64{3}}}, nil, nil},
		{"a removed group's accounts voting again make a new group", []Stored{{ID: 8, Status: Removed, Users: []int64{1, 2}}},
			[]Group{g(0.9, 1, 2)}, []Change{{Status: Quarantined, Group: g(0.9, 1, 2)}}},
		{"half a removed group's accounts again: quarantined whatever the score", []Stored{{ID: 8, Status: Removed, Users: []int64{1, 2, 9}}},
			[]Group{g(0.5, 1, 2, 3, 4)}, []Change{{Status: Quarantined, Group: g(0.5, 1, 2, 3, 4)}}},
		{"under half of them: suspected as any", []Stored{{ID: 8, Status: Removed, Users: []int64{1, 9}}},
			[]Group{g(0.5, 1, 2, 3)}, []Change{{Status: Suspected, Group: g(0.5, 1, 2, 3)}}},
		{"a suspected group joined by a removed group's accounts is quarantined", []Stored{{ID: 7, Status: Suspected, Users: []int64{1, 2}},
			{ID: 8, Status: Removed, Users: []int64{3, 4}}}, []Group{g(0.5, 2, 3, 4)}, []Change{{ID: 7, Status: Quarantined, Group: g(0.5, 2, 3, 4)}}},
		{"a cleared group's accounts are not caught before", []Stored{{ID: 9, Status: Cleared, Users: []int64{1, 2}}},
			[]Group{g(0.5, 1, 2)}, []Change{{Status: Suspected, Group: g(0.5, 1, 2)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Reconcile(c.stored, c.found, cfg)
			if len(got) != len(c.want) {
				t.Fatalf("got %+v", got)
			}
			for i := range got {
				w := c.want[i]
				if got[i].ID != w.ID || got[i].Status != w.Status || got[i].Delete != w.Delete ||
					!equal(got[i].Group.Users, w.Group.Users) {
					t.Errorf("change %d: got %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPrefixAndHash(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"203.0.113.77", "203.0.113.0/24"},
		{"2001:db8:abcd:12::1", "2001:db8:abcd::/48"},
		{"::ffff:198.51.100.9", "198.51.100.0/24"},
		{"not an address", ""},
	} {
		if got := Prefix(c.in); got != c.want {
			t.Errorf("Prefix(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	k := Key([]byte("secret"))
	if NewHasher(k).Hash(Prefix("203.0.113.1")) != NewHasher(k).Hash(Prefix("203.0.113.250")) {
		t.Error("one /24, two hashes")
	}
	if NewHasher(k).Hash(Prefix("203.0.113.1")) == NewHasher(k).Hash(Prefix("203.0.114.1")) || NewHasher(k).Hash("x") == NewHasher(Key([]byte("other"))).Hash("x") {
		t.Error("hashes collide")
	}
	if NewHasher(k).Hash("") != 0 {
		t.Error("unknown is not 0")
	}
	s := NewHasher(k).Of("203.0.113.1", "Mozilla", time.Unix(1000, 0), time.Unix(1010, 0))
	if s.Age != 11 || s.Net == 0 || s.UA == 0 {
		t.Errorf("signals %+v", s)
	}
}

// BenchmarkDetect scans a challenge of 100,000 votes: honest fans plus the
// three ring styles. DESIGN §7: under 2 s.
func BenchmarkDetect(b *testing.B) {
	r := rand.New(rand.NewSource(5))
	votes := crowd(r, 20000, 400, 14*24*hour, 1)
	for i, st := range styles {
		votes = append(votes, ring(r, st, 400, int64(i+2)*24*hour, int64(1000000+i*1000))...)
	}
	sort.Slice(votes, func(i, j int) bool { return votes[i].At < votes[j].At })
	for len(votes) < 100000 {
		votes = append(votes, crowd(r, 1000, 400, 14*24*hour, int64(2000000+len(votes)))...)
	}
	votes = votes[:100000]
	b.ResetTimer()
	var g []Group
	for i := 0; i < b.N; i++ {
		g = Detect(votes, nil, Defaults())
	}
	b.ReportMetric(float64(len(votes)), "votes")
	b.ReportMetric(float64(len(g)), "groups")
}

// The ring styles it is not built to catch, measured so BENCHMARKS.md can
// say so honestly: aged accounts on many networks voting for the same
// targets at unrelated times (no synchrony), with and without decoys, and a
// ring that votes in step but slower than the window. Only honest fans
// flagged is asserted; the recalls are reported.
func TestRingStylesItMisses(t *testing.T) {
	missed := []ringStyle{
		{name: "patient: same 5 targets at random times over 12 h, 40 networks", size: 30, nets: 40, targets: 5, spread: 12 * 3600 * sec, gapEvery: 1},
		{name: "patient with 4 decoys each", size: 30, nets: 40, targets: 5, spread: 12 * 3600 * sec, gapEvery: 1, decoys: 4},
		{name: "in step within 5 minutes (slower than the 30 s window)", size: 30, nets: 30, targets: 6, spread: 300 * sec, gapEvery: 2 * hour},
		{name: "small: 4 accounts in step", size: 4, nets: 4, targets: 6, spread: 10 * sec, gapEvery: 2 * hour},
	}
	for _, st := range missed {
		r := rand.New(rand.NewSource(11))
		votes := crowd(r, 600, 40, 24*hour, 1)
		votes = append(votes, ring(r, st, 40, 2*hour, 100000)...)
		found, honest := 0, 0
		for _, g := range Detect(votes, nil, Defaults()) {
			for _, u := range g.Users {
				if u >= 100000 {
					found++
				} else {
					honest++
				}
			}
		}
		t.Logf("%s: %d of %d found, %d honest flagged", st.name, found, st.size, honest)
		if honest*100 > 600 {
			t.Errorf("%s: %d honest fans flagged", st.name, honest)
		}
	}
}
