package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkVoteHTTP is the vote path whole, in one process: PUT
// /api/v1/ideas/{id}/vote with bearer tokens over real HTTP (keep-alive
// connections on loopback), through every middleware, the service and the
// group-commit writer, with the integrity signals recorded. Run it with
// -cpuprofile to see where a vote's server CPU goes (the client's share is
// in the same profile, under net/http.(*Transport)).
func BenchmarkVoteHTTP(b *testing.B) {
	h := newHarness(b)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	var ideas []int
	for i := range 200 {
		ideas = append(ideas, h.idea(admin, cid, fmt.Sprintf("想法 %d", i)))
	}
	var fans []string
	for i := range 64 {
		fans = append(fans, h.fan(fmt.Sprintf("fan%d@x.cn", i)))
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	var n atomic.Int64
	b.SetParallelism(32)
	stop := profileTimedPart(b)
	cpu0 := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/api/v1/ideas/%d/vote", h.srv.URL, ideas[i%int64(len(ideas))]), nil)
			req.Header.Set("Authorization", "Bearer "+fans[(i/int64(len(ideas)))%int64(len(fans))])
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body) // read whole, so the connection is kept
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
			}
		}
	})
	b.StopTimer()
	cpu := processCPU() - cpu0
	stop()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
	// The process's CPU per vote, client included: far steadier than
	// votes/s on a shared machine.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/vote")
}

// profileTimedPart writes a CPU profile of the timed part only to the file
// COCREATE_BENCH_CPUPROFILE names (go test's -cpuprofile also holds the
// setup: here, 64 password hashes that outweigh thousands of votes).
func profileTimedPart(b *testing.B) (stop func()) {
	path := os.Getenv("COCREATE_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Error(err)
		}
	}
}

// processCPU is the CPU time (user and system) this process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The vote's answer, written by hand, is what encoding/json writes for it.
func TestVoteAnswerIsTheEncodedMap(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "想法")
	fan := h.fan("fan@x.cn")
	for _, step := range []struct {
		method string
		want   map[string]any
	}{{"PUT", map[string]any{"votes": 1, "voted": true}}, {"PUT", map[string]any{"votes": 1, "voted": true}}, {"DELETE", map[string]any{"votes": 0, "voted": false}}} {
		r := h.api(step.method, fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 200)
		want, _ := json.Marshal(step.want)
		if r.Body != string(want)+"\n" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %q (%s), want %q", step.method, r.Body, r.Header.Get("Content-Type"), want)
		}
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote?pretty", idea), fan, nil).must(t, 200); !strings.Contains(r.Body, "\n  ") {
		t.Errorf("?pretty is not indented: %q", r.Body)
	}
}
