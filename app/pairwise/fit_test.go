package pairwise

import (
	"math"
	"math/rand/v2"
	"sort"
	"syscall"
	"testing"
	"time"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

// No answers: every item sits at the prior, an even chance.
func TestFitWithoutAnswers(t *testing.T) {
	f := FitOutcomes(3, nil, Options{})
	se := math.Sqrt(2) // 1/√(Prior·¼)
	for i := range 3 {
		if f.Theta[i] != 0 || f.Score[i] != 50 || !near(f.SE[i], se, 1e-12) || !near(f.SD[i], 25*se, 1e-9) || f.Count[i] != 0 {
			t.Errorf("item %d: theta %v score %v se %v sd %v count %v", i, f.Theta[i], f.Score[i], f.SE[i], f.SD[i], f.Count[i])
		}
	}
	if f.Iterations != 1 {
		t.Errorf("an empty fit took %d iterations", f.Iterations)
	}
}

// A worked example: A beat B 3 times out of 4. By symmetry π_B = 1/π_A = 1/x,
// and the posterior's score equation for A is
// 3 + 1 = 4·x/(x + 1/x) + 2·x/(x + 1); solved here by bisection.
func TestFitWorkedExample(t *testing.T) {
	outcomes := []Outcome{{0, 1}, {0, 1}, {0, 1}, {1, 0}}
	f := FitOutcomes(2, outcomes, Options{Tolerance: 1e-12})
	g := func(x float64) float64 { return 4*x/(x+1/x) + 2*x/(x+1) - 4 }
	lo, hi := 1.0, 10.0
	for range 200 {
		mid := (lo + hi) / 2
		if g(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	want := math.Log(lo)
	if !near(f.Theta[0], want, 1e-9) || !near(f.Theta[1], -want, 1e-9) {
		t.Errorf("theta = %v, want ±%v", f.Theta, want)
	}
	if !near(f.Score[0]+f.Score[1], 100, 1e-9) || f.Score[0] <= 50 {
		t.Errorf("scores %v", f.Score)
	}
	if !near(f.Score[0], 100/(1+math.Exp(-want)), 1e-9) {
		t.Errorf("score %v is not 100·logistic(theta)", f.Score[0])
	}
	// The information: the prior's and the 4 answers', at the fitted strengths.
	x := lo
	q := x / (x + 1)
	p := x * x / (x*x + 1)
	wantSE := 1 / math.Sqrt(Prior*q*(1-q)+4*p*(1-p))
	if !near(f.SE[0], wantSE, 1e-9) || !near(f.SE[1], wantSE, 1e-9) {
		t.Errorf("se = %v, want %v", f.SE, wantSE)
	}
	s := f.Score[0] / 100
	if !near(f.SD[0], 100*s*(1-s)*wantSE, 1e-9) {
		t.Errorf("sd = %v", f.SD[0])
	}
	if f.Count[0] != 4 || f.Count[1] != 4 {
		t.Errorf("counts %v", f.Count)
	}
}

func TestFitPropertiesOfSmallCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		n        int
		outcomes []Outcome
		check    func(Fit) bool
	}{
		{"an even record is even", 2, []Outcome{{0, 1}, {1, 0}, {0, 1}, {1, 0}},
			func(f Fit) bool { return near(f.Theta[0], 0, 1e-9) && near(f.Theta[1], 0, 1e-9) }},
		{"one win is finite", 2, []Outcome{{0, 1}},
			func(f Fit) bool { return f.Theta[0] > 0 && f.Theta[0] < 2 && !math.IsInf(f.Theta[0], 0) }},
		{"a chain orders its items", 3, []Outcome{{0, 1}, {0, 1}, {1, 2}, {1, 2}},
			func(f Fit) bool { return f.Theta[0] > f.Theta[1] && f.Theta[1] > f.Theta[2] }},
		{"beating a strong item counts more than beating a weak one", 4,
			[]Outcome{{1, 3}, {1, 3}, {1, 3}, {0, 1}, {2, 3}},
			func(f Fit) bool { return f.Theta[0] > f.Theta[2] }},
		{"answers outside the items and self-comparisons are ignored", 2,
			[]Outcome{{0, 0}, {0, 2}, {-1, 1}, {5, 1}, {1, -3}},
			func(f Fit) bool { return f.Theta[0] == 0 && f.Count[0] == 0 && f.Count[1] == 0 }},
		{"more answers, less uncertainty", 3, []Outcome{{0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 2}},
			func(f Fit) bool { return f.SE[0] < f.SE[2] && f.SE[2] < math.Sqrt(2) }},
		{"the log-strengths are centred", 3, []Outcome{{0, 1}, {0, 2}, {0, 2}},
			func(f Fit) bool { return near(f.Theta[0]+f.Theta[1]+f.Theta[2], 0, 1e-9) }},
	} {
		if f := FitOutcomes(tc.n, tc.outcomes, Options{}); !tc.check(f) {
			t.Errorf("%s: %+v", tc.name, f)
		}
	}
}

func TestFitStopsAtItsBounds(t *testing.T) {
	outcomes := []Outcome{{0, 1}, {0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 2}}
	if f := FitOutcomes(4, outcomes, Options{MaxIterations: 3}); f.Iterations != 3 {
		t.Errorf("MaxIterations 3 ran %d", f.Iterations)
	}
	loose := FitOutcomes(4, outcomes, Options{Tolerance: 1e-2})
	tight := FitOutcomes(4, outcomes, Options{Tolerance: 1e-13})
	def := FitOutcomes(4, outcomes, Options{})
	if !(loose.Iterations < def.Iterations && def.Iterations < tight.Iterations) {
		t.Errorf("iterations loose %d default %d tight %d", loose.Iterations, def.Iterations, tight.Iterations)
	}
	for i := range 4 {
		if !near(def.Theta[i], tight.Theta[i], 1e-6) {
			t.Errorf("default tolerance is %v off", def.Theta[i]-tight.Theta[i])
		}
	}
	if def.Iterations >= 1000 {
		t.Errorf("the fit did not converge")
	}
}

// Property: with hidden strengths and many noisy answers, the fit finds the
// strengths again (and its order), whichever the table the pairs go in.
func TestFitRecoversHiddenStrengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ n, per int }{{30, 400}, {2100, 30}} { // 2100² exceeds the dense table: the map
		n := tc.n
		truth := make([]float64, n)
		for i := range truth {
			truth[i] = rng.NormFloat64()
		}
		outcomes := Simulate(rng, truth, tc.per*n)
		f := FitOutcomes(n, outcomes, Options{})
		mean := 0.0
		for _, v := range truth {
			mean += v
		}
		mean /= float64(n)
		worst := 0.0
		for i := range truth {
			worst = math.Max(worst, math.Abs(f.Theta[i]-(truth[i]-mean))/f.SE[i])
		}
		if worst > 5 {
			t.Errorf("n=%d: an estimate is %.1f standard errors from the truth", n, worst)
		}
		if tau := KendallTau(truth, f.Theta); tau < 0.85-0.15*float64(n/2100) {
			t.Errorf("n=%d: tau %.3f", n, tau)
		}
	}
}

func TestWinChance(t *testing.T) {
	if WinChance(0, 0) != 0.5 || !near(WinChance(math.Log(3), 0), 0.75, 1e-12) || !near(WinChance(0, math.Log(3)), 0.25, 1e-12) {
		t.Error("WinChance is not π_a/(π_a+π_b)")
	}
}

func TestKendallTau(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{10, 20, 30}, 1},
		{[]float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		{[]float64{1, 2, 3, 4}, []float64{1, 2, 4, 3}, 4.0 / 6},
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, 0},
		{[]float64{1}, []float64{1}, 0},
		{[]float64{1, 2}, []float64{2, 1}, -1},
	} {
		if got := KendallTau(tc.a, tc.b); !near(got, tc.want, 1e-12) {
			t.Errorf("tau(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSimulateFollowsTheModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	out := Simulate(rng, []float64{math.Log(3), 0}, 20000)
	wins := 0
	for _, o := range out {
		if o.Winner == o.Loser || o.Winner < 0 || o.Winner > 1 || o.Loser < 0 || o.Loser > 1 {
			t.Fatalf("bad outcome %v", o)
		}
		if o.Winner == 0 {
			wins++
		}
	}
	if got := float64(wins) / 20000; !near(got, 0.75, 0.015) {
		t.Errorf("the stronger item won %.3f, want 0.75", got)
	}
	if len(Simulate(rng, []float64{1}, 10)) != 0 {
		t.Error("one item cannot be compared")
	}
}

func BenchmarkRefit1000Ideas1MComparisons(b *testing.B) { benchmarkRefit(b, 1_000_000) }

// BenchmarkRefit1000Ideas20kComparisons is a young campaign's refit (and
// the pairwise bench's, every 3 s): few answers, where the level's
// bisection over every idea weighs most.
func BenchmarkRefit1000Ideas20kComparisons(b *testing.B) { benchmarkRefit(b, 20_000) }

func benchmarkRefit(b *testing.B, comparisons int) {
	rng := rand.New(rand.NewPCG(5, 6))
	truth := make([]float64, 1000)
	for i := range truth {
		truth[i] = rng.NormFloat64()
	}
	outcomes := Simulate(rng, truth, comparisons)
	var f Fit
	cpu := cpuTime()
	for b.Loop() {
		f = FitOutcomes(len(truth), outcomes, Options{})
	}
	// CPU time as well as wall time: on a shared, loaded machine the wall
	// time counts the waits for a core.
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(f.Iterations), "iterations")
	order := make([]int, len(truth))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return f.Theta[order[i]] > f.Theta[order[j]] })
	b.ReportMetric(KendallTau(truth, f.Theta), "tau")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// level sets the strengths' common factor so that the prior's games
// against the typical item balance: Σ (1 − π)/(1 + π) = 0, to the last
// digits, however spread the strengths are, keeping their ratios.
func TestLevelBalancesThePrior(t *testing.T) {
	for _, pi := range [][]float64{{1e-3, 1e3, 50}, {7, 7, 7}, {0.01}, {200, 300, 1e4, 2e5}, {1e-20, 1e-21}} {
		before := append([]float64(nil), pi...)
		level(pi)
		sum := 0.0
		for _, p := range pi {
			sum += (1 - p) / (1 + p)
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%v: Σ(1−π)/(1+π) = %v after level", before, sum)
		}
		for i := range pi {
			if !near(pi[i]/pi[0], before[i]/before[0], 1e-9*before[i]/before[0]) {
				t.Errorf("%v: level changed the ratios: %v", before, pi)
			}
		}
	}
	level(nil) // nothing to level
}

// The level is solved every step, so a fit converges in a few dozen
// iterations, not thousands.
func TestFitConvergesQuickly(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	truth := make([]float64, 40)
	for i := range truth {
		truth[i] = 2 * rng.NormFloat64()
	}
	f := FitOutcomes(len(truth), Simulate(rng, truth, 8000), Options{})
	if f.Iterations > 60 {
		t.Errorf("%d iterations", f.Iterations)
	}
	// An answer naming an index just past the items is ignored, not a panic.
	g := FitOutcomes(2, []Outcome{{2, 0}, {0, 2}, {1, 0}}, Options{})
	if g.Count[0] != 1 || g.Count[1] != 1 {
		t.Errorf("counts %v", g.Count)
	}
}
