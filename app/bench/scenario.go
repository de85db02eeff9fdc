package bench

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
)

// Scenario is one workload of the benchmark: it seeds its data straight into
// the store before the server starts, then measures the running server over
// HTTP and returns rows for the table.
type Scenario interface {
	// Name is what -scenarios selects it by.
	Name() string
	// Seed writes the scenario's data through the store and service, not
	// over HTTP: seeding 100,000 (or 1,000,000) rows through the API would
	// take longer than the measurement itself.
	Seed(ctx context.Context, s *Seeder) error
	// Conns is how many connections the scenario keeps busy. The ceiling is
	// measured at every distinct value, so each figure stands beside a
	// ceiling taken under the same concurrency and duration.
	Conns() int
	// Run measures the running server. A broken promise (a tally that does
	// not match the acknowledged votes) is an error; a missed performance
	// target is only a row whose Met is false.
	Run(ctx context.Context, t *Target) ([]Row, error)
}

// scenarios is the extension point: one row per workload, seeded and run in
// this order. Search comes last because it seeds whatever brings the total
// to -search-ideas. Seeding builds the index for whatever the scenarios
// wrote, and times it: that is the rebuild figure.
var scenarios = []scenarioEntry{
	{"votes", func(cfg *Config) Scenario { return &votes{cfg: cfg} }},
	{"pairwise", func(cfg *Config) Scenario { return &pairwise{cfg: cfg} }},
	{"list", func(cfg *Config) Scenario { return &list{cfg: cfg} }},
	{"mixed", func(cfg *Config) Scenario { return &mixed{cfg: cfg} }},
	{"search", func(cfg *Config) Scenario { return &search{cfg: cfg} }},
}

type scenarioEntry struct {
	name string
	make func(cfg *Config) Scenario
}

// Fan is a seeded account with its bearer token.
type Fan struct {
	User  domain.User
	Token string
}

// phones are the browsers the benchmark's fans vote from, one of
// len(phones) × len(androids) a fan (Header).
var phones, androids = []string{"SM-S918B", "M2102J2SC", "22081212C", "V2227A", "PGT-AN10", "NOH-AL00"}, []int{10, 11, 12, 13, 14}

// Header is what the fan's requests carry: the bearer token, and the
// address and browser its votes are signed with. Genuine fans come from
// many networks and phones, so each fan has an address of its own
// (10.x.y.1, a network each), forwarded by the reverse proxy the server
// is told to trust (StartServer), and one of thirty phone browsers.
// Without them every fan came from 127.0.0.1 with Go's agent, and the
// vote-integrity scan rightly took the lot for one click farm, in the
// middle of a load: a thousand accounts quarantined and 180,000 votes
// held while the storm ran (session 59).
func (f Fan) Header() http.Header {
	id := int(f.User.ID)
	return http.Header{
		"Authorization":   {"Bearer " + f.Token},
		"X-Forwarded-For": {fmt.Sprintf("10.%d.%d.1", id>>8&255, id&255)},
		"User-Agent": {fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; %s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1%02d.0.0.0 Mobile Safari/537.36",
			androids[id%len(androids)], phones[id/len(androids)%len(phones)], 20+id%7)},
	}
}

// Seeder is what a scenario seeds with. The store is open in this process;
// the server is not running yet.
type Seeder struct {
	Cfg     *Config
	Store   *store.Store
	Service *service.Service
	Admin   domain.User
	Fans    []Fan

	alongside []func(context.Context) error
	ideas     int           // seeded so far, for the start-up and memory rows
	indexed   uint64        // documents the seeding's rebuild indexed
	indexTook time.Duration // and how long it took
}

// Target is the running server, as a scenario sees it.
type Target struct {
	Cfg *Config
	// Base is the server's root URL, http://127.0.0.1:PORT.
	Base string
	// Client is for checks outside the measured load (the tally proof).
	Client *http.Client
	Fans   []Fan
	server *Process
	// loads collects every measured load by name for the JSON report.
	loads map[string]Stats
	// ceilings holds the echo ceiling by connection count.
	ceilings map[int]Stats
}

// Load runs work on conns goroutines, each with its own keep-alive
// connection, for d, and records it under name for the report. The server's
// and this process's CPU time are taken around it: on a 2-core machine the
// load generator competes with the server, and the split says how much.
func (t *Target) Load(name string, conns int, d time.Duration, work Worker) Stats {
	t.Cfg.waitQuiet()
	st := runLoad(conns, d, t.server.Pid(), t.Cfg.Gzip, t.Cfg.profileFile(name), work)
	t.loads[name] = st
	return st
}

// LoadTogether runs the groups at once for d (see runLoads) and records
// the whole under name, its server CPU per answer over every group's
// answers, and each group under name + " " + its name without CPU figures
// (the server's time cannot be split by kind of request).
func (t *Target) LoadTogether(name string, names []string, groups []Group, d time.Duration) []Stats {
	t.Cfg.waitQuiet()
	sts := runLoads(groups, d, t.server.Pid(), t.Cfg.Gzip, t.Cfg.profileFile(name))
	var all Stats
	for i, st := range sts {
		part := st
		part.ServerCPU, part.ClientCPU, part.OtherCPU, part.ServerUS, part.ClientUS = 0, 0, 0, 0, 0
		t.loads[name+" "+names[i]] = part
		all.Conns += st.Conns
		all.OK += st.OK
		all.Errors += st.Errors
		all.PerSec += st.PerSec
		all.Max = max(all.Max, st.Max)
		all.Seconds, all.ServerCPU, all.ClientCPU, all.OtherCPU = st.Seconds, st.ServerCPU, st.ClientCPU, st.OtherCPU
	}
	all.perAnswer()
	t.loads[name] = all
	return sts
}

// Ceiling is the echo ceiling measured at conns connections (zero Stats if
// the scenario's Conns did not ask for it).
func (t *Target) Ceiling(conns int) Stats { return t.ceilings[conns] }

// Row is one line of the results table.
type Row struct {
	Figure string  `json:"figure"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"` // "/s", "ms", "µs", "s", "MiB", "×" or ""
	// Text replaces Value in the table when the figure is not a number.
	Text string `json:"text,omitempty"`
	// Ceiling is the same figure for the minimal echo handler; 0 for none.
	Ceiling float64 `json:"ceiling,omitempty"`
	// Target is the figure promised for this row, as text; Met is nil when
	// there is none.
	Target string `json:"target,omitempty"`
	Met    *bool  `json:"met,omitempty"`
}

func yes(b bool) *bool { return &b }

// ms turns a duration into milliseconds, the unit of the latency rows.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
