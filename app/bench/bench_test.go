package bench

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is the real cocreate binary, built once for every test here: the
// benchmark and the crash test measure and kill a real server process.
var bin string

func TestMain(m *testing.M) {
	// The test binary doubles as the ceiling process (`bench.test bench
	// -ceiling-server`), so these tests do not depend on how main.go
	// dispatches its subcommands.
	if len(os.Args) > 1 && os.Args[1] == "bench" {
		if err := Main(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // every test here skips
	}
	dir, err := os.MkdirTemp("", "cocreate-bench-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "cocreate")
	// The working directory is app/bench; the main package is two up.
	if out, err := exec.Command("go", "build", "-o", bin, "../..").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func needBinary(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts real server processes")
	}
}

// runBench runs the benchmark through its command line with args, reads
// its JSON report, and fails the test on a broken promise; want finds a
// row by the start of its figure.
func runBench(t *testing.T, args ...string) (Report, func(prefix string) Row) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bench.json")
	if err := Main(append([]string{"-bin", bin, "-ceiling-bin", self, "-json", out}, args...)); err != nil {
		t.Fatalf("bench: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Passed || len(rep.Failures) > 0 {
		t.Errorf("failures: %v", rep.Failures)
	}
	return rep, func(prefix string) Row {
		t.Helper()
		row, ok := rep.Row(prefix)
		if !ok {
			t.Fatalf("no row %q in %+v", prefix, rep.Rows)
		}
		return row
	}
}

// TestSmallBenchmark runs the whole benchmark at a small scale, through its
// command line, so that it cannot rot: seeding, ceiling, votes with the
// tally proof, the idea lists, start-up, memory and `cocreate check`.
func TestSmallBenchmark(t *testing.T) {
	needBinary(t)
	rep, want := runBench(t,
		"-fans", "50", "-ideas", "20", "-list-ideas", "2000", "-search-ideas", "5000",
		"-duration", "1s", "-conns", "32", "-list-conns", "8", "-pages", "3",
		"-mixed-readers", "4", "-mixed-voters", "8", "-mixed-searchers", "2")
	if row := want("votes: acknowledged/s"); row.Value <= 0 || row.Ceiling <= 0 {
		t.Errorf("votes/s = %v (ceiling %v), want both > 0", row.Value, row.Ceiling)
	}
	if row := want("votes: tallies"); row.Met == nil || !*row.Met {
		t.Errorf("tally proof did not pass: %s", row.Text)
	}
	if row := want("votes: errors"); row.Value != 0 {
		t.Errorf("%v vote errors: %s", row.Value, rep.Loads["votes"].FirstError)
	}
	// The load generator's CPU a vote, beside the ceiling generator's a
	// request, in the table and in the JSON.
	votes, ceil := rep.Loads["votes"], rep.Loads["ceiling 32 conns"]
	if row := want("votes: load generator CPU per vote"); row.Value <= 0 || row.Ceiling <= 0 || row.Unit != "µs" ||
		!near(row.Value, votes.ClientCPU*votes.Seconds/float64(votes.OK)*1e6) || !near(row.Ceiling, ceil.ClientUS) {
		t.Errorf("generator CPU row %+v; votes %+v; ceiling %+v", row, votes, ceil)
	}
	for name, st := range rep.Loads {
		if st.ClientCPU > 0 && (!near(st.ClientUS, st.ClientCPU*st.Seconds/float64(st.OK)*1e6) || !near(st.ServerUS, st.ServerCPU*st.Seconds/float64(st.OK)*1e6)) {
			t.Errorf("%s: CPU per answer %.1f µs (server %.1f µs) from %+v", name, st.ClientUS, st.ServerUS, st)
		}
	}
	for _, prefix := range []string{"idea list top", "idea list hot"} {
		if row := want(prefix); row.Value <= 0 {
			t.Errorf("%s: %v requests/s", prefix, row.Value)
		}
	}
	mixed := "mixed (2000 ideas): "
	for _, prefix := range []string{"list, 4 readers alone: requests/s", "list, 4 readers during the others (14 conns in all): requests/s",
		"votes, 8 fans alone: acknowledged/s", "votes, 8 fans during the others (14 conns in all): acknowledged/s",
		"search, 2 searchers during the others (14 conns in all): requests/s"} {
		if row := want(mixed + prefix); row.Value <= 0 || row.Ceiling <= 0 {
			t.Errorf("%s: %v (ceiling %v), want both > 0", prefix, row.Value, row.Ceiling)
		}
	}
	if row := want(mixed + "votes, 8 fans: tallies"); row.Met == nil || !*row.Met || !strings.Contains(row.Text, "exact") {
		t.Errorf("mixed tally proof did not pass: %s", row.Text)
	}
	if row := want(mixed + "errors"); row.Value != 0 {
		t.Errorf("%v mixed errors: %s %s %s", row.Value, rep.Loads["mixed list"].FirstError, rep.Loads["mixed votes"].FirstError, rep.Loads["mixed search"].FirstError)
	}
	if row := want("search (5000 ideas"); row.Value <= 0 {
		t.Errorf("search: %v requests/s", row.Value)
	}
	for _, load := range []string{"search", "search 8 conns", "search, new queries", "search 8 conns, new queries"} {
		if st := rep.Loads[load]; st.OK == 0 || st.Errors != 0 {
			t.Errorf("%s: %d answers, %d errors: %s", load, st.OK, st.Errors, st.FirstError)
		}
	}
	for _, prefix := range []string{"search (5000 ideas, 2 conns, zh and en): server CPU per query", "search (5000 ideas, 8 conns, zh and en): p99",
		"search (5000 ideas, 2 conns, zh and en, each query new): server CPU per query",
		"search (5000 ideas, 8 conns, zh and en, each query new): p99", "search (5000 ideas, 8 conns, zh and en, each query new): server CPU per query"} {
		if row := want(prefix); row.Value <= 0 {
			t.Errorf("%s: %v", prefix, row.Value)
		}
	}
	if row := want("new idea searchable"); row.Met == nil || !*row.Met {
		t.Errorf("freshness: %s", row.Text)
	}
	if row := want("index rebuild"); row.Value <= 0 || !strings.Contains(row.Figure, "(5004 documents") {
		t.Errorf("rebuild row: %+v", row)
	}
	if row := want("cocreate check"); row.Met == nil || !*row.Met {
		t.Errorf("cocreate check failed: %s", row.Text)
	}
	if row := want("start-up"); row.Value <= 0 || !strings.Contains(row.Figure, "(5000 ideas)") {
		t.Errorf("start-up time %v", row.Value)
	}
	if row := want("resident memory"); row.Value <= 0 {
		t.Errorf("resident memory %v MiB", row.Value)
	}
	// The server answers the bench's SIGUSR1 with its breakdown: each part
	// is there and measured, inside VmRSS, and the parts add up to it.
	rss := want("resident memory after").Value
	files := want("resident memory: of it, files mapped")
	heap := want("resident memory: of it, Go's heap")
	goRuntime := want("resident memory: of it, Go's stacks")
	rest := want("resident memory: of it, the anonymous rest")
	for _, row := range []Row{files, heap, goRuntime} {
		if row.Value <= 0 || row.Value >= rss {
			t.Errorf("%s: %v MiB of %v", row.Figure, row.Value, rss)
		}
	}
	// The anonymous rest is the kernel's anonymous memory beyond Go's own
	// account, clamped at 0: Go counts its free pages as held although
	// some were never touched (a buffer freed before it was filled), so
	// at this size Go's account can cover all of it (once in 25 CI runs).
	// It may be 0 only then.
	clamped := heap.Value+goRuntime.Value+1 >= rss-files.Value // 1 MiB for rounding
	if rest.Value < 0 || rest.Value >= rss || (rest.Value == 0 && !clamped) {
		t.Errorf("%s: %v MiB of %v (Go's account %.1f MiB of %.1f anonymous)", rest.Figure, rest.Value, rss,
			heap.Value+goRuntime.Value, rss-files.Value)
	}
	if sum := files.Value + heap.Value + goRuntime.Value + rest.Value; sum < rss*0.9 || sum > rss*1.1 {
		t.Errorf("the parts of the resident memory add up to %.1f MiB, not its %.1f", sum, rss)
	}
	if !strings.Contains(rest.Text, " arenas)") {
		t.Errorf("C's heap without its arenas: %q", rest.Text)
	}
}

// TestPairwiseBenchmark runs the pairwise scenario (#16) after votes at a
// tiny scale: fans ask for pairs and answer them over HTTP, every idea's
// served comparisons equal the acknowledged answers, a token sent twice is
// refused, and `cocreate check` passes.
func TestPairwiseBenchmark(t *testing.T) {
	needBinary(t)
	profiles := t.TempDir()
	rep, want := runBench(t, "-scenarios", "votes,pairwise", "-fans", "40", "-ideas", "12", "-duration", "1s", "-conns", "8", "-pair-conns", "4",
		"-cpuprofile", profiles)
	// -cpuprofile: the generator's profile of each load, a gzipped
	// protobuf (what go tool pprof reads) per load, named after it.
	for _, name := range []string{"ceiling-8-conns", "ceiling-4-conns", "votes", "pairwise"} {
		b, err := os.ReadFile(filepath.Join(profiles, name+".pprof"))
		if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("profile of %s: %d bytes, %v", name, len(b), err)
		}
	}
	if row := want("pairwise: requests/s"); row.Value <= 0 || row.Ceiling <= 0 || !strings.HasSuffix(row.Figure, " (4 conns)") {
		t.Errorf("pairwise requests/s = %v (ceiling %v) in %q, want both > 0 at -pair-conns 4", row.Value, row.Ceiling, row.Figure)
	}
	if got := rep.Loads["pairwise"].Conns; got != 4 {
		t.Errorf("pairwise ran at %d connections, want -pair-conns' 4", got)
	}
	if row := want("pairwise: answers acknowledged/s"); row.Value <= 0 {
		t.Errorf("pairwise answers/s = %v", row.Value)
	}
	if row := want("pairwise: answers/s over votes/s"); row.Value <= 0 {
		t.Errorf("ratio to votes %v", row.Value)
	}
	if row := want("pairwise: errors"); row.Value != 0 {
		t.Errorf("%v pairwise errors: %s", row.Value, rep.Loads["pairwise"].FirstError)
	}
	if row := want("pairwise: comparisons equal"); row.Met == nil || !*row.Met || !strings.Contains(row.Text, "12/12 ideas exact") {
		t.Errorf("comparison proof: %s", row.Text)
	}
	if row := want("pairwise: an answered token"); row.Met == nil || !*row.Met {
		t.Errorf("replayed token: %s", row.Text)
	}
	if row := want("cocreate check"); row.Met == nil || !*row.Met {
		t.Errorf("cocreate check failed: %s", row.Text)
	}
}

// near says whether two figures agree to a part in a million (the JSON's
// rounding).
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b)) }

func TestFlags(t *testing.T) {
	if _, err := parseFlags([]string{"-fans", "0"}); err == nil {
		t.Error("-fans 0 accepted")
	}
	if _, err := parseFlags([]string{"-pair-conns", "-1"}); err == nil {
		t.Error("-pair-conns -1 accepted")
	}
	if _, err := parseFlags([]string{"extra"}); err == nil {
		t.Error("a stray argument accepted")
	}
	cfg, err := parseFlags([]string{"-scenarios", "votes, list"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Scenarios) != 2 || cfg.Scenarios[1] != "list" || cfg.Fans != 2000 || cfg.Conns != 256 {
		t.Errorf("parsed %+v", cfg)
	}
	cfg.Scenarios = []string{"nope"}
	cfg.Log = nil
	if _, err := Run(t.Context(), cfg); err == nil {
		t.Error("an unknown scenario ran")
	}
}
