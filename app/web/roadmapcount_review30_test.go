package web

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// A write that moves the store's ContentVersion (any write but a vote)
// makes the roadmap's counts be read again, once: readers arriving at
// the same time wait for that one count instead of each starting its own
// grouped COUNT, and every one of them sees the write.
func TestRoadmapCountsAreReadOnceForReadersArrivingTogether(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	_, public := pagefix30Roadmap(t, h, admin)
	visible := 0
	var moved int64
	for id, p := range public {
		if p {
			visible++
			moved = id
		}
	}
	srv := h.srv.Config.Handler.(*Server)
	h.api("GET", "/api/v1/roadmap", "", nil).must(t, 200)
	eng := h.engineer(admin, "eng@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", moved), eng, map[string]any{"status": "done", "response": "已上线"}).must(t, 200)

	srv.roadmap.slowCount = func() { time.Sleep(100 * time.Millisecond) }
	defer func() { srv.roadmap.slowCount = nil }()
	before := srv.roadmap.recounts.Load()
	const readers = 16
	start := make(chan struct{})
	var wg sync.WaitGroup
	totals := make([]map[string]any, readers)
	for k := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := h.api("GET", "/api/v1/roadmap", "", nil)
			if r.Status == 200 {
				totals[k], _ = r.JSON["totals"].(map[string]any)
			}
		}()
	}
	close(start)
	wg.Wait()
	for k, got := range totals {
		if num(got, "planned") != visible-1 || num(got, "done") != 1 {
			t.Errorf("reader %d: totals %v, want %d planned and 1 done", k, got, visible-1)
		}
	}
	if h.dbURL() == "" { // on SQLite nothing else moves the version
		if n := srv.roadmap.recounts.Load() - before; n != 1 {
			t.Errorf("%d readers arriving together read the counts %d times, want once", readers, n)
		}
	}
}
