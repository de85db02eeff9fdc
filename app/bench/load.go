package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/valyala/fastjson"
)

// Worker is one connection's loop: it sends requests through rec until
// deadline. It must not start a request after the deadline, but it lets one
// already sent finish, so that no write is cut off with its outcome unknown.
type Worker func(w int, deadline time.Time, rec *Recorder)

// Stats summarises one measured load.
type Stats struct {
	Conns   int     `json:"conns"`
	Seconds float64 `json:"seconds"`
	// OK counts 2xx answers; Errors everything else (status or transport).
	OK     int     `json:"ok"`
	Errors int     `json:"errors"`
	PerSec float64 `json:"per_sec"` // OK answers per second
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	Max    float64 `json:"max_ms"`
	// FirstError shows what went wrong, for the log.
	FirstError string `json:"first_error,omitempty"`
	// ServerCPU and ClientCPU are CPU seconds per wall second (cores busy)
	// of the server process and of this process, the load generator.
	ServerCPU float64 `json:"server_cores"`
	ClientCPU float64 `json:"client_cores"`
	// OtherCPU is every other process's share of the machine meanwhile:
	// on a shared machine, anything above a few hundredths means the
	// figures were taken with a neighbour competing for the cores.
	OtherCPU float64 `json:"other_cores"`
	// ServerUS and ClientUS are ServerMicros and ClientMicros, for the
	// JSON report: the server's and the load generator's CPU time per 2xx
	// answer, in microseconds.
	ServerUS float64 `json:"server_us_per_answer"`
	ClientUS float64 `json:"client_us_per_answer"`
}

// ServerMicros is the server's CPU time per 2xx answer, in microseconds:
// unlike answers per second it barely moves when a neighbour takes cores.
func (s Stats) ServerMicros() float64 {
	if s.OK == 0 {
		return 0
	}
	return s.ServerCPU * s.Seconds / float64(s.OK) * 1e6
}

// ClientMicros is this process's (the load generator's) CPU time per 2xx
// answer, in microseconds. On a machine the generator shares with the
// server, whatever it spends beyond the ceiling's generator per request is
// taken from the server.
func (s Stats) ClientMicros() float64 {
	if s.OK == 0 {
		return 0
	}
	return s.ClientCPU * s.Seconds / float64(s.OK) * 1e6
}

// perAnswer fills ServerUS and ClientUS once the counts and cores are in.
func (s *Stats) perAnswer() {
	s.ServerUS, s.ClientUS = s.ServerMicros(), s.ClientMicros()
}

// Recorder times one worker's requests. Each worker has its own, so
// recording takes no lock.
//
// Requests go straight to the load's http.Transport (its connections, its
// gzip), not through an http.Client: a Client's Do copies the request and
// its header and starts a timer for every request, for redirects, cookies
// and a timeout the load does not use. The timeout is the load's instead:
// every request carries ctx, which ends a minute after the load's deadline.
type Recorder struct {
	rt       http.RoundTripper
	ctx      context.Context
	tmpl     *http.Request // with ctx, copied by Send
	lat      []time.Duration
	ok, errs int
	firstErr string
	buf      bytes.Buffer
	json     fastjson.Parser // the answers the worker reads (answers.go)
	// acceptGzip: NewRequest's requests ask for gzip themselves, and Do
	// decompresses their answers with gz, the worker's own reader (reset
	// for each answer), where the transport would make a new compress/gzip
	// reader for each: 66 µs a list page (23 KB) against 32.
	acceptGzip bool
	gz         *gzip.Reader
}

// noHeader is the header of a request that sends none of its own; the
// transport reads a request's header and never writes it.
var noHeader = http.Header{}

// NewRequest is http.NewRequest for this worker's load (with its context).
func (r *Recorder) NewRequest(method, url string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(r.ctx, method, url, body)
	if err == nil && r.acceptGzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	return req, err
}

// Send is Do for a request without a body to base's scheme and host, at
// path (no query), with header h (nil for none). base and h are made once
// by the caller and shared by all its requests, since the transport only
// reads them: a request costs its copy of the URL and of the Request, where
// http.NewRequest parses the URL and makes a header map every time.
func (r *Recorder) Send(method string, base *url.URL, path string, h http.Header) (status int, body []byte, err error) {
	u := *base
	u.Path = path
	req := r.tmpl.WithContext(r.ctx)
	req.Method, req.URL, req.Host, req.Header = method, &u, u.Host, h
	if h == nil {
		req.Header = noHeader
	}
	return r.Do(req)
}

// Do sends req (made with NewRequest, or by Send), reads the whole body
// (so the connection is reused) and records the latency. The body is valid
// until the next Do. err is a transport error; a non-2xx status is recorded
// as an error but returned as a status, since the caller may treat a
// refusal differently from a lost answer.
func (r *Recorder) Do(req *http.Request) (status int, body []byte, err error) {
	start := time.Now()
	res, err := r.rt.RoundTrip(req)
	r.buf.Reset()
	if err == nil {
		err = r.read(res)
		res.Body.Close()
	}
	r.lat = append(r.lat, time.Since(start))
	if err != nil {
		r.fail(fmt.Sprintf("%s %s: %v", req.Method, req.URL.Path, err))
		return 0, nil, err
	}
	if res.StatusCode/100 != 2 {
		r.fail(fmt.Sprintf("%s %s: %d %.200s", req.Method, req.URL.Path, res.StatusCode, r.buf.Bytes()))
	} else {
		r.ok++
	}
	return res.StatusCode, r.buf.Bytes(), nil
}

// read reads res's body into buf, decompressing an answer the transport
// left compressed (one to a request that asked for gzip itself).
func (r *Recorder) read(res *http.Response) error {
	if res.Uncompressed || res.Header.Get("Content-Encoding") != "gzip" {
		_, err := r.buf.ReadFrom(res.Body)
		return err
	}
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(res.Body)
	} else {
		err = r.gz.Reset(res.Body)
	}
	if err == nil {
		_, err = r.buf.ReadFrom(r.gz)
	}
	return err
}

// Fail records an answer the worker found wrong although its status was 2xx.
func (r *Recorder) Fail(msg string) {
	r.ok--
	r.fail(msg)
}

func (r *Recorder) fail(msg string) {
	r.errs++
	if r.firstErr == "" {
		r.firstErr = msg
	}
}

// newClient is a keep-alive client for conns concurrent connections. Both
// idle limits must be raised: MaxIdleConns defaults to 100 in total, which
// would make 256 workers open and close connections all the time. With gzip
// it sends Accept-Encoding: gzip, as phones' HTTP stacks do.
func newClient(conns int, gzip bool) (*http.Client, *http.Transport) {
	tr := &http.Transport{
		DisableCompression:  !gzip,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns + 16,
		MaxIdleConnsPerHost: conns + 16,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}, tr
}

// runLoad runs work on conns goroutines for d and summarises it. pid is the
// server's process id, for its CPU time (0 to skip); profile is a file for
// this process's CPU profile during the load ("" for none).
func runLoad(conns int, d time.Duration, pid int, gzip bool, profile string, work Worker) Stats {
	return runLoads([]Group{{Conns: conns, Work: work}}, d, pid, gzip, profile)[0]
}

// Group is one kind of client in a load that mixes several at once: conns
// connections each running Work.
type Group struct {
	Conns int
	Work  Worker
}

// runLoads runs every group at once, each connection on its own goroutine,
// for d, and summarises each group apart. The CPU figures are the whole
// load's (the server cannot tell which request its time went to), so every
// group's Stats carries the same ServerCPU, ClientCPU and OtherCPU. With a
// profile file, this process's CPU profile (the load generator's) is
// written there, taken around the load alone.
func runLoads(groups []Group, d time.Duration, pid int, gzip bool, profile string) []Stats {
	total := 0
	for _, g := range groups {
		total += g.Conns
	}
	_, tr := newClient(total, gzip)
	defer tr.CloseIdleConnections()
	// No request outlives the load's end by more than a minute.
	ctx, cancel := context.WithTimeout(context.Background(), d+time.Minute)
	defer cancel()
	tmpl, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/", nil)
	if err != nil {
		panic(err) // a constant URL
	}
	recs := make([][]*Recorder, len(groups))
	for i, g := range groups {
		recs[i] = make([]*Recorder, g.Conns)
		for w := range recs[i] {
			recs[i][w] = &Recorder{rt: tr, ctx: ctx, tmpl: tmpl, lat: make([]time.Duration, 0, 4096), acceptGzip: gzip}
		}
	}
	stopProfile := startProfile(profile)
	server0, self0, all0 := procCPU(pid), selfCPU(), machineCPU()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, g := range groups {
		for w := range g.Conns {
			wg.Go(func() { g.Work(w, deadline, recs[i][w]) })
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	server1, self1, all1 := procCPU(pid), selfCPU(), machineCPU()
	stopProfile()

	out := make([]Stats, len(groups))
	for i, g := range groups {
		st := Stats{Conns: g.Conns, Seconds: elapsed.Seconds()}
		var lat []time.Duration
		for _, r := range recs[i] {
			st.OK += r.ok
			st.Errors += r.errs
			if st.FirstError == "" {
				st.FirstError = r.firstErr
			}
			lat = append(lat, r.lat...)
		}
		st.PerSec = float64(st.OK) / elapsed.Seconds()
		slices.Sort(lat)
		st.P50, st.P99 = ms(percentile(lat, 0.50)), ms(percentile(lat, 0.99))
		if len(lat) > 0 {
			st.Max = ms(lat[len(lat)-1])
		}
		if pid > 0 {
			st.ServerCPU = (server1 - server0) / elapsed.Seconds()
		}
		st.ClientCPU = (self1 - self0) / elapsed.Seconds()
		st.OtherCPU = max(0, (all1-all0)/elapsed.Seconds()-st.ServerCPU-st.ClientCPU)
		st.perAnswer()
		out[i] = st
	}
	return out
}

// startProfile starts this process's CPU profile into file ("" for none)
// and returns what stops it. A profile that cannot be taken is said on
// stderr and skipped: it is a diagnosis, not a figure.
func startProfile(file string) (stop func()) {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		if err = pprof.StartCPUProfile(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: no CPU profile %s: %v\n", file, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: CPU profile %s: %v\n", file, err)
		}
	}
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// selfCPU is this process's user+system CPU time in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// machineCPU is the CPU time, in seconds, every process on the machine has
// used since boot (the first line of /proc/stat, less idle and iowait).
func machineCPU() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy float64
	for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
		if i == 3 || i == 4 {
			continue
		}
		n, _ := strconv.ParseFloat(v, 64)
		busy += n
	}
	return busy / 100
}
