package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discardWriter is a ResponseWriter that keeps only the status, so a
// benchmark measures the server, not a recorder.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// BenchmarkBearerChain is the web layer alone, as a bearer-token call
// passes it: GET /api/v1/me served in-process (no socket, no store: the
// token's user is cached), through every middleware, the log line (to a
// discarding TextHandler, so its formatting is counted, or written
// directly as cocreate serve does) and the metrics. It measures what a
// vote pays above its handler.
func BenchmarkBearerChain(b *testing.B) {
	for _, direct := range []bool{false, true} {
		name := "slog"
		if direct {
			name = "direct"
		}
		b.Run(name, func(b *testing.B) {
			h := newHarness(b, func(c *Config) {
				if direct {
					c.RequestLog = io.Discard
				}
			})
			h.setup()
			fan := h.fan("fan@x.cn")
			srv := h.srv.Config.Handler
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+fan)
			req.RemoteAddr = "127.0.0.1:40000"
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for b.Loop() {
				clear(w.h)
				srv.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
			// The process's CPU (GC included) per request: steadier than
			// ns/op on a shared machine.
			b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
