// Package bench is cocreate's load benchmark, `cocreate bench`: it measures
// a real server process over loopback against the product's target figures
// (votes/s, list and search latency, start-up, memory: each Row's Target), and
// beside each figure the same machine's ceiling from the same run (a
// minimal echo handler in its own process, loaded by the same generator with
// the same connections and duration), because absolute numbers drift from
// machine to machine.
//
// One run seeds a fresh data directory straight through the store (fans,
// tokens, ideas, votes, the search index), measures the ceiling, starts
// `cocreate serve` as a child process, runs each scenario (votes, idea
// list), proves the tallies, stops the server and runs `cocreate check`.
// The scenario table in scenario.go is where further workloads (search over
// a million ideas) are added.
package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"cocreate/app/memstat"
	"cocreate/app/store"
)

// Config is the benchmark's flags.
type Config struct {
	Data        string        // data directory; a fresh temporary one if empty
	DB          string        // a PostgreSQL database (postgres://…, empty) to run on instead of SQLite
	Keep        bool          // keep a temporary data directory afterwards
	Bin         string        // the cocreate binary to serve with
	CeilingBin  string        // the binary whose `bench -ceiling-server` is the ceiling
	Fans        int           // seeded fans, each with a token
	Ideas       int           // ideas to vote on
	ListIdeas   int           // ideas in the listed challenge
	SearchIdeas int           // ideas seeded in all, the search scenario making up the rest
	SearchConns int           // concurrent searchers
	Duration    time.Duration // of each measured load
	Conns       int           // concurrent fans voting
	ListConns   int           // concurrent readers of the idea list
	PairConns   int           // pairwise: concurrent fans answering pairs (0: Conns)
	Pages       int           // pages each list reader follows
	// The mixed scenario's clients, all at once on one challenge.
	MixedReaders, MixedVoters, MixedSearchers int
	Gzip                                      bool          // load generator sends Accept-Encoding: gzip
	WaitQuiet                                 time.Duration // before each load, wait up to this for other processes to go quiet
	JSON                                      string        // file for the numbers, "" for none
	CPUProfile                                string        // directory for this process's CPU profile during each load, "" for none
	Scenarios                                 []string
	Log                                       io.Writer // progress lines; os.Stderr from Main

	tmpData       bool // Data was made by prepare, to be removed
	ceilingServer bool
	addr          string
}

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, "bench: "+format+"\n", args...)
	}
}

// parseFlags reads the command line of `cocreate bench`.
func parseFlags(args []string) (*Config, error) {
	cfg := &Config{Log: os.Stderr}
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.StringVar(&cfg.Data, "data", "", "fresh data directory to seed (default: a temporary one, removed afterwards)")
	fl.BoolVar(&cfg.Keep, "keep", false, "keep the temporary data directory")
	fl.StringVar(&cfg.DB, "db", "", "an empty PostgreSQL database (postgres://...) to measure instead of SQLite; the server and check get it as COCREATE_DB")
	fl.StringVar(&cfg.Bin, "bin", "", "cocreate binary to measure (default: this executable)")
	fl.StringVar(&cfg.CeilingBin, "ceiling-bin", "", "binary whose \"bench -ceiling-server\" serves the ceiling (default: -bin)")
	fl.IntVar(&cfg.Fans, "fans", 2000, "fans, each with a bearer token")
	fl.IntVar(&cfg.Ideas, "ideas", 1000, "ideas the fans vote on")
	fl.IntVar(&cfg.ListIdeas, "list-ideas", 100000, "ideas in the challenge whose list is read")
	fl.IntVar(&cfg.SearchIdeas, "search-ideas", 1000000, "ideas in all once the search scenario has seeded its own")
	fl.IntVar(&cfg.SearchConns, "search-conns", 2, "concurrent connections searching")
	fl.DurationVar(&cfg.Duration, "duration", 10*time.Second, "duration of each measured load")
	fl.IntVar(&cfg.Conns, "conns", 256, "concurrent connections voting (one fan each at a time)")
	fl.IntVar(&cfg.ListConns, "list-conns", 32, "concurrent connections reading the idea list")
	fl.IntVar(&cfg.PairConns, "pair-conns", 0, "pairwise: concurrent connections answering pairs, one fan each at a time (0: -conns, as votes)")
	fl.IntVar(&cfg.MixedReaders, "mixed-readers", 16, "mixed: connections reading the idea list (top and hot)")
	fl.IntVar(&cfg.MixedVoters, "mixed-voters", 64, "mixed: connections voting on the same challenge (at most half the fans)")
	fl.IntVar(&cfg.MixedSearchers, "mixed-searchers", 2, "mixed: connections searching")
	fl.IntVar(&cfg.Pages, "pages", 5, "pages each idea-list reader follows with next_cursor")
	fl.BoolVar(&cfg.Gzip, "gzip", true, "send Accept-Encoding: gzip, as phones do (false shows what compression costs)")
	fl.DurationVar(&cfg.WaitQuiet, "wait-quiet", 0, "before each measured load, wait up to this long for the rest of the machine to go idle (shared machines)")
	fl.StringVar(&cfg.JSON, "json", "", "write the numbers to this JSON file")
	fl.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write the load generator's (this process's) CPU profile during each measured load to this directory, a file per load (votes.pprof, ceiling-256-conns.pprof, ...)")
	names := fl.String("scenarios", "votes,list,mixed,search", "scenarios to run, comma-separated, in this order (also: pairwise, best right after votes)")
	fl.BoolVar(&cfg.ceilingServer, "ceiling-server", false, "internal: serve the minimal echo handler (the ceiling) and print its address")
	fl.StringVar(&cfg.addr, "addr", "127.0.0.1:0", "internal: -ceiling-server's listen address")
	if err := fl.Parse(args); err != nil {
		return nil, err
	}
	if fl.NArg() > 0 {
		return nil, fmt.Errorf("bench: unexpected arguments %q", fl.Args())
	}
	if cfg.DB != "" {
		if !store.IsPostgres(cfg.DB) {
			return nil, fmt.Errorf("bench: -db must be a postgres:// address")
		}
		// The server and `check` are other processes: they read it here.
		if err := os.Setenv("COCREATE_DB", cfg.DB); err != nil {
			return nil, err
		}
	}
	for _, n := range strings.Split(*names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			cfg.Scenarios = append(cfg.Scenarios, n)
		}
	}
	if cfg.Fans < 1 || cfg.Ideas < 1 || cfg.ListIdeas < 1 || cfg.Conns < 1 || cfg.ListConns < 1 || cfg.Pages < 1 || cfg.Duration <= 0 ||
		cfg.SearchIdeas < 1 || cfg.SearchConns < 1 || cfg.MixedReaders < 1 || cfg.MixedVoters < 1 || cfg.MixedSearchers < 1 || cfg.Fans < 2 {
		return nil, errors.New("bench: -fans (at least 2), -ideas, -list-ideas, -search-ideas, -conns, -list-conns, -search-conns, -mixed-readers, -mixed-voters, -mixed-searchers, -pages and -duration must be positive")
	}
	if cfg.PairConns < 0 {
		return nil, errors.New("bench: -pair-conns must be positive (or 0: -conns)")
	}
	return cfg, nil
}

// Main runs `cocreate bench [flags]` (args exclude "bench"): it prints the
// results table on stdout, progress on stderr, and with -json writes the
// numbers to a file. It returns an error when a promise is broken (a tally
// differs from the acknowledged votes, `cocreate check` fails, the server
// errs); performance targets that are missed are reported in the table, not
// as an error. With the internal -ceiling-server flag it serves the ceiling
// handler instead, until SIGTERM.
func Main(args []string) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	if cfg.ceilingServer {
		return serveCeiling(cfg.addr)
	}
	// On Ctrl-C, take the children down too and remove a temporary data
	// directory; the loads are not interruptible, and need not be.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer func() { signal.Stop(sigs); close(sigs) }()
	go func() {
		if _, ok := <-sigs; ok {
			killAll()
			if cfg.tmpData {
				os.RemoveAll(cfg.Data)
			}
			fmt.Fprintln(os.Stderr, "bench: interrupted")
			os.Exit(130)
		}
	}()
	rep, err := Run(context.Background(), cfg)
	if rep != nil {
		rep.Print(os.Stdout)
		if cfg.JSON != "" {
			if werr := rep.WriteJSON(cfg.JSON); werr != nil && err == nil {
				err = werr
			}
		}
	}
	return err
}

// Run is the whole benchmark for cfg; Main is its command line. The report
// is returned even with an error, as far as the run got.
func Run(ctx context.Context, cfg *Config) (*Report, error) {
	var scens []Scenario
	for _, name := range cfg.Scenarios {
		i := slices.IndexFunc(scenarios, func(s scenarioEntry) bool { return s.name == name })
		if i < 0 {
			return nil, fmt.Errorf("bench: no scenario %q", name)
		}
		scens = append(scens, scenarios[i].make(cfg))
	}
	if err := cfg.prepare(); err != nil {
		return nil, err
	}
	if cfg.Keep || !cfg.tmpData {
		cfg.logf("data directory: %s", cfg.Data)
	} else {
		defer os.RemoveAll(cfg.Data)
	}
	rep := newReport(cfg)

	began := time.Now()
	seeded, err := seed(ctx, cfg, scens)
	if err != nil {
		return rep, err
	}
	rep.add(
		Row{Figure: fmt.Sprintf("seeding (%d fans, their tokens, ideas, votes, index)", cfg.Fans), Value: time.Since(began).Seconds(), Unit: "s"},
		Row{Figure: fmt.Sprintf("index rebuild from the database (%d documents, with seeding's votes alongside)", seeded.indexed),
			Value: seeded.indexTook.Seconds(), Unit: "s", Target: "< 5 min at 1,000,000 ideas", Met: yes(seeded.indexTook < 5*time.Minute)},
	)

	ceilings, err := measureCeilings(cfg, scens, rep)
	if err != nil {
		return rep, err
	}

	srv, err := StartServer(cfg.Bin, cfg.Data, filepath.Join(cfg.Data, "server.log"))
	if err != nil {
		return rep, err
	}
	defer func() {
		if !srv.Exited() {
			srv.Kill()
		}
	}()
	cfg.logf("server %s ready in %s", srv.Base, srv.Ready.Round(time.Millisecond))
	client, tr := newClient(32, cfg.Gzip)
	defer tr.CloseIdleConnections()
	t := &Target{Cfg: cfg, Base: srv.Base, Client: client, Fans: seeded.Fans, server: srv, loads: rep.Loads, ceilings: ceilings}
	for _, sc := range scens {
		rows, err := sc.Run(ctx, t)
		rep.add(rows...)
		if err != nil {
			rep.fail(err)
		}
		// What each scenario leaves behind, for finding which one grows it.
		if m, whole := srv.Memory(); whole {
			cfg.logf("after %s, %s", sc.Name(), m)
		}
	}

	mem, whole := srv.Memory()
	ideas := seeded.ideas
	rep.add(Row{Figure: fmt.Sprintf("start-up to /healthz 200 (%d ideas)", ideas), Value: srv.Ready.Seconds(), Unit: "s",
		Target: "< 2 s at 1,000,000 ideas", Met: yes(srv.Ready < 2*time.Second)})
	rep.add(memoryRows(ideas, mem, whole)...)
	if err := srv.Stop(); err != nil {
		rep.fail(fmt.Errorf("the server did not stop cleanly on SIGTERM: %w", err))
	}
	out, err := runCheck(cfg.Bin, cfg.Data)
	out = strings.ReplaceAll(out, "\n", "; ") // one table cell
	rep.add(Row{Figure: "cocreate check after the load", Text: out, Target: "exit 0", Met: yes(err == nil)})
	if err != nil {
		rep.fail(fmt.Errorf("cocreate check: %v: %s", err, out))
	}
	return rep, rep.err()
}

// measureCeilings loads the echo handler at every concurrency the scenarios
// use, with the same generator and duration, in its own process.
func measureCeilings(cfg *Config, scens []Scenario, rep *Report) (map[int]Stats, error) {
	out := map[int]Stats{}
	ceil, err := startCeiling(cfg.CeilingBin, filepath.Join(cfg.Data, "ceiling.log"))
	if err != nil {
		return nil, err
	}
	defer func() { _ = ceil.Stop() }()
	base, err := url.Parse(ceil.Base)
	if err != nil {
		return nil, err
	}
	var conns []int
	for _, sc := range scens {
		conns = append(conns, sc.Conns())
		if more, ok := sc.(interface{ ceilingConns() []int }); ok {
			conns = append(conns, more.ceilingConns()...)
		}
	}
	for _, n := range conns {
		if _, done := out[n]; done {
			continue
		}
		cfg.waitQuiet()
		name := fmt.Sprintf("ceiling %d conns", n)
		st := runLoad(n, cfg.Duration, ceil.Pid(), cfg.Gzip, cfg.profileFile(name), func(w int, deadline time.Time, rec *Recorder) {
			for time.Now().Before(deadline) {
				_, _, _ = rec.Send(http.MethodGet, base, "/", nil) // the ceiling counts failures itself
			}
		})
		out[n] = st
		rep.Loads[name] = st
		cfg.logf("ceiling at %d connections: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors %s",
			n, st.PerSec, st.P50, st.P99, st.Errors, st.FirstError)
		if st.OK == 0 {
			return nil, fmt.Errorf("bench: the ceiling served nothing: %s", st.FirstError)
		}
	}
	return out, nil
}

// profileFile is where the CPU profile of the load called name goes, ""
// without -cpuprofile.
func (c *Config) profileFile(name string) string {
	if c.CPUProfile == "" {
		return ""
	}
	file := strings.Map(func(r rune) rune {
		if r == ' ' || r == ',' || r == '/' {
			return '-'
		}
		return r
	}, name)
	return filepath.Join(c.CPUProfile, strings.ReplaceAll(file, "--", "-")+".pprof")
}

// prepare fills the defaults that need the file system and checks that the
// data directory is fresh: seeding into a used one would measure its data.
func (c *Config) prepare() error {
	if c.Bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		c.Bin = exe
	}
	if c.CeilingBin == "" {
		c.CeilingBin = c.Bin
	}
	if c.CPUProfile != "" {
		if err := os.MkdirAll(c.CPUProfile, 0o755); err != nil {
			return err
		}
	}
	if c.Data == "" {
		dir, err := os.MkdirTemp("", "cocreate-bench-")
		if err != nil {
			return err
		}
		c.Data, c.tmpData = dir, true
		return nil
	}
	if entries, err := os.ReadDir(c.Data); err == nil && len(entries) > 0 {
		return fmt.Errorf("bench: -data %s is not empty; the benchmark seeds a fresh directory", c.Data)
	}
	return os.MkdirAll(c.Data, 0o755)
}

// waitQuiet waits, up to cfg.WaitQuiet, until the machine is idle but for
// this benchmark's processes (all idle between loads): on a shared machine a
// neighbour's build would otherwise be measured as the server's slowness.
func (c *Config) waitQuiet() {
	if c.WaitQuiet <= 0 {
		return
	}
	const sample, idle = 2 * time.Second, 0.15 // cores
	began := time.Now()
	var said time.Time
	for {
		before := machineCPU()
		time.Sleep(sample)
		busy := (machineCPU() - before) / sample.Seconds()
		switch {
		case busy < idle:
			if !said.IsZero() {
				c.logf("quiet after %s", time.Since(began).Round(time.Second))
			}
			return
		case time.Since(began) > c.WaitQuiet:
			c.logf("the machine is still busy (%.2f cores); measuring anyway", busy)
			return
		case time.Since(said) > 30*time.Second:
			c.logf("waiting for the machine to go quiet (%.2f cores busy)", busy)
			said = time.Now()
		}
	}
}

// memoryRows are the resident memory figure and what it is made of: mapped
// files (the index's segments, which the kernel may drop), Go's heap and
// the rest of Go's runtime, and the anonymous rest: C's heap (SQLite's
// caches; malloc's figures beside it, its free bytes partly trimmed back to
// the OS) and thread stacks. Without
// whole (an older server) only the kernel's split is known.
func memoryRows(ideas int, m memstat.Breakdown, whole bool) []Row {
	mib := func(n int64) float64 { return float64(n) / (1 << 20) }
	rows := []Row{
		{Figure: fmt.Sprintf("resident memory after the load (%d ideas)", ideas), Value: mib(m.VmRSS), Unit: "MiB",
			Target: "< 500 MiB at 1,000,000 ideas", Met: yes(m.VmRSS > 0 && m.VmRSS < 500<<20)},
		{Figure: "resident memory: of it, files mapped (the index's segments; the kernel may drop them)", Value: mib(m.RssFile), Unit: "MiB"},
	}
	if !whole {
		return append(rows, Row{Figure: "resident memory: of it, anonymous (Go's and C's heaps, stacks)", Value: mib(m.RssAnon), Unit: "MiB"})
	}
	return append(rows,
		Row{Figure: "resident memory: of it, Go's heap (objects, live or not yet swept; unused in spans with live objects; free pages not returned)",
			Value: mib(m.GoHeapObjects + m.GoHeapUnused + m.GoHeapFree), Unit: "MiB",
			Text: fmt.Sprintf("%.1f MiB (%.0f + %.0f + %.0f; %d MiB returned to the OS; %s)", mib(m.GoHeapObjects+m.GoHeapUnused+m.GoHeapFree),
				mib(m.GoHeapObjects), mib(m.GoHeapUnused), mib(m.GoHeapFree), m.GoHeapReleased>>20, limiter(m))},
		Row{Figure: "resident memory: of it, Go's stacks and runtime", Value: mib(m.GoStacks + m.GoOther), Unit: "MiB"},
		Row{Figure: "resident memory: of it, the anonymous rest: C's heap (SQLite), thread stacks",
			Value: mib(m.NotGo()), Unit: "MiB", Text: fmt.Sprintf("%.1f MiB (malloc: %.0f in use, %.0f free, trimmed back to the OS every 10 s past 32 MiB; %d arenas)",
				mib(m.NotGo()), mib(m.CInUse), mib(m.CFree), m.CArenas)},
	)
}

// limiter says whether the collector's CPU limiter ever let Go's memory
// past its soft limit (GOMEMLIMIT, 256 MiB): then the heap's peak, not the
// limit, is what the process held.
func limiter(m memstat.Breakdown) string {
	if m.LimiterCycle == 0 {
		return fmt.Sprintf("%d collections, the CPU limiter never on", m.GCCycles)
	}
	return fmt.Sprintf("%d collections, the CPU limiter last on at the %dth: the heap went past the soft limit", m.GCCycles, m.LimiterCycle)
}
