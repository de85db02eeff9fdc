package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/diskspace"
	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// metrics counts requests by route and status class, with a latency
// histogram, for Prometheus to scrape at /metrics.
type metrics struct {
	mu     sync.Mutex
	series map[seriesKey]*series
	start  time.Time
	// methods and routes are the labels a series may carry, fixed once the
	// routes are registered (see know): anything else is "OTHER" or
	// "unmatched", so made-up methods and paths cannot grow the map.
	methods, routes map[string]bool
}

// know fixes the labels to the methods and paths of the registered routes.
func (m *metrics) know(routes []*echo.Route) {
	m.methods, m.routes = map[string]bool{}, map[string]bool{}
	for _, r := range routes {
		m.methods[r.Method] = true
		m.routes[r.Path] = true
	}
}

// label is a request's method and route as a series knows them.
func (m *metrics) label(method, route string) (string, string) {
	if !m.methods[method] {
		method = "OTHER"
	}
	if !m.routes[route] {
		route = "unmatched"
	}
	return method, route
}

type seriesKey struct {
	method, route string
	class         int // status / 100
}

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}

type series struct {
	count  atomic.Uint64
	sumNS  atomic.Uint64
	bucket [10]atomic.Uint64 // len(buckets)+1, the last is +Inf
}

func newMetrics() *metrics { return &metrics{series: map[seriesKey]*series{}, start: time.Now()} }

// record counts one answer: routes are the table's paths (":id"), never
// raw URLs, and methods those the routes use, so the number of series stays
// small whatever arrives. The front middleware calls it for every request.
func (m *metrics) record(method, path string, status int, took time.Duration) {
	method, route := m.label(method, path)
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	k := seriesKey{method, route, class}
	m.mu.Lock()
	s := m.series[k]
	if s == nil {
		s = &series{}
		m.series[k] = s
	}
	m.mu.Unlock()
	s.count.Add(1)
	s.sumNS.Add(uint64(took))
	i := sort.SearchFloat64s(buckets, took.Seconds())
	s.bucket[i].Add(1)
}

// serveMetrics writes the Prometheus text format on the site, for admins
// only (a scraper uses an admin's token). Being on this machine proves
// nothing: behind a reverse proxy, every request comes from it. A scraper
// without a token reads the metrics listener instead (MetricsHandler).
// The answer is an admin's: no shared cache keeps it.
func (s *Server) serveMetrics(c echo.Context) error {
	if !currentUser(c).Has(domain.RoleAdmin) {
		return domain.Forbidden("metrics are for admins, or on the metrics listener (-metrics-addr)")
	}
	c.Response().Header().Set("Cache-Control", metricsCacheControl)
	return c.Blob(http.StatusOK, metricsContentType, []byte(s.metricsText(c.Request().Context())))
}

const metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

// metricsCacheControl keeps the metrics out of every cache, on the site
// and on the metrics listener alike.
const metricsCacheControl = "private, no-store"

// MetricsHandler serves GET /metrics alone, without authentication, for a
// listener of its own (-metrics-addr) on an address only the scraper
// reaches.
func (s *Server) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", metricsContentType)
		w.Header().Set("Cache-Control", metricsCacheControl)
		_, _ = io.WriteString(w, s.metricsText(r.Context())) // a scraper that hung up gets nothing
	})
}

// metricsText is the Prometheus text format of every series and gauge.
func (s *Server) metricsText(ctx context.Context) string {
	var b strings.Builder
	m := s.metrics
	// The series are copied under the lock: a request on a new route adds
	// to the map while this reads.
	m.mu.Lock()
	keys := make([]seriesKey, 0, len(m.series))
	all := make(map[seriesKey]*series, len(m.series))
	for k, se := range m.series {
		keys = append(keys, k)
		all[k] = se
	}
	m.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j])
	})
	b.WriteString("# HELP cocreate_http_requests_total Requests by route and status class.\n# TYPE cocreate_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "cocreate_http_requests_total{method=%q,route=%q,status=\"%dxx\"} %d\n", k.method, k.route, k.class, all[k].count.Load())
	}
	b.WriteString("# HELP cocreate_http_request_seconds Request latency by route.\n# TYPE cocreate_http_request_seconds histogram\n")
	for _, k := range keys {
		se := all[k]
		labels := fmt.Sprintf("method=%q,route=%q,status=\"%dxx\"", k.method, k.route, k.class)
		var cum uint64
		for i, le := range buckets {
			cum += se.bucket[i].Load()
			fmt.Fprintf(&b, "cocreate_http_request_seconds_bucket{%s,le=\"%g\"} %d\n", labels, le, cum)
		}
		cum += se.bucket[len(buckets)].Load()
		fmt.Fprintf(&b, "cocreate_http_request_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, cum)
		fmt.Fprintf(&b, "cocreate_http_request_seconds_sum{%s} %g\n", labels, float64(se.sumNS.Load())/1e9)
		fmt.Fprintf(&b, "cocreate_http_request_seconds_count{%s} %d\n", labels, se.count.Load())
	}
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
	}
	if n, err := s.svc.OutboxLen(ctx); err == nil {
		gauge("cocreate_search_outbox", "Searchable changes not yet in the index.", float64(n))
	}
	if n, err := s.svc.PendingMail(ctx); err == nil {
		gauge("cocreate_mail_pending", "Emails waiting to be sent.", float64(n))
	}
	if s.cfg.MailFailures != nil {
		retried, gaveUp := s.cfg.MailFailures()
		b.WriteString("# HELP cocreate_mail_failures_total Failed email sends since start: retry (tried again later) or gave_up (the log says why).\n# TYPE cocreate_mail_failures_total counter\n")
		fmt.Fprintf(&b, "cocreate_mail_failures_total{outcome=\"retry\"} %d\ncocreate_mail_failures_total{outcome=\"gave_up\"} %d\n", retried, gaveUp)
	}
	if s.svc.Indexer != nil {
		rebuilding, done := s.svc.Indexer.Progress()
		r := 0.0
		if rebuilding {
			r = 1
		}
		gauge("cocreate_search_rebuilding", "1 while the search index is being rebuilt.", r)
		gauge("cocreate_search_rebuild_done", "Documents done by the current or last rebuild.", float64(done))
	}
	// A full disk fails every write (SQLite's file, the uploads, the
	// index) while reads and /healthz go on answering: the gauge is what
	// an alert watches. Not on /healthz, which anyone may read.
	b.WriteString("# HELP cocreate_disk_free_bytes Space left on the file system of the data directory and of the uploads.\n# TYPE cocreate_disk_free_bytes gauge\n")
	for _, d := range []struct{ name, path string }{{"data", s.cfg.DataDir}, {"uploads", s.cfg.UploadDir}} {
		if free, ok := diskspace.Free(d.path); ok {
			fmt.Fprintf(&b, "cocreate_disk_free_bytes{dir=%q} %d\n", d.name, free)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge("cocreate_go_goroutines", "Goroutines.", float64(runtime.NumGoroutine()))
	gauge("cocreate_go_heap_bytes", "Heap in use.", float64(ms.HeapInuse))
	gauge("cocreate_uptime_seconds", "Seconds since start.", time.Since(m.start).Seconds())
	return b.String()
}
