//go:build linux

package search

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cocreate/app/corpus"
)

// benchQueries are what fans type: Chinese phrases, a lone character,
// English words that need stemming, and both languages at once.
var benchQueries = []Query{
	{Text: "二次污染"},
	{Text: "洗衣机 异味"},
	{Text: "污"},
	{Text: "电池"},
	{Text: "冰箱 保鲜"},
	{Text: "washing machine"},
	{Text: "battery life"},
	{Text: "fridge odours"},
	{Text: "washes"},
	{Text: "电池 battery"},
	{Text: "二次污染", ChallengeID: 1003},
	{Text: "self-cleaning drum", Tag: "hygiene"},
}

// TestScale measures rebuild time, memory, index size and search latency at
// the number of generated ideas in COCREATE_SEARCH_SCALE (e.g. 1000000). It
// is skipped otherwise, being far too slow for go test ./... . With
// COCREATE_SEARCH_SCALE_DIR, the index is kept there and reused by the next
// run.
//
//	COCREATE_SEARCH_SCALE=1000000 go test -run TestScale -v -timeout 30m ./app/search
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("COCREATE_SEARCH_SCALE"))
	if n <= 0 {
		t.Skip("set COCREATE_SEARCH_SCALE to the number of ideas")
	}
	dir := filepath.Join(t.TempDir(), "index")
	if d := os.Getenv("COCREATE_SEARCH_SCALE_DIR"); d != "" {
		dir = d
	}
	g := corpus.New(1)

	if _, err := os.Stat(dir); err != nil {
		peak := sampleMemory()
		cpu0 := cpuTime()
		start, last := time.Now(), time.Now()
		err := Rebuild(dir, feedGenerated(g, 1, n, 1000), func(done uint64) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				t.Logf("indexed %d in %s", done, time.Since(start).Round(time.Second))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		t.Logf("rebuild of %d ideas: %s, %.0f ideas/s, %s CPU; peak memory %s", n, el.Round(time.Second), float64(n)/el.Seconds(),
			(cpuTime() - cpu0).Round(time.Second), peak())
	}
	t.Logf("index size: %.0f MiB", float64(dirSize(t, dir))/(1<<20))

	start := time.Now()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	t.Logf("open: %s, count %d", time.Since(start), count(t, ix))

	// Wall-clock latency depends on what else runs on the machine; the CPU
	// time per query does not, and on an idle core it is the latency.
	ctx := context.Background()
	var all []time.Duration
	cpu0, queries := cpuTime(), 0
	for _, q := range benchQueries {
		var lat []time.Duration
		var total uint64
		for range 30 {
			s := time.Now()
			r, err := ix.search(ctx, q) // never the cache: what each query costs
			if err != nil {
				t.Fatal(err)
			}
			lat = append(lat, time.Since(s))
			total = r.Total
			queries++
		}
		slices.Sort(lat)
		t.Logf("%-28q challenge %-4d tag %-7q total %7d  p50 %6.2fms  p99 %6.2fms", q.Text, q.ChallengeID, q.Tag,
			total, ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]))
		all = append(all, lat...)
	}
	slices.Sort(all)
	t.Logf("search: p50 %.2fms p99 %.2fms, %.2fms CPU per query", ms(all[len(all)/2]), ms(all[len(all)*99/100]),
		ms(cpuTime()-cpu0)/float64(queries))

	var sim []time.Duration
	for i := range 100 {
		s := time.Now()
		if _, err := ix.Similar(ctx, 1000+int64(i%perTopicChallenges), g.Idea(i).Title, 5); err != nil {
			t.Fatal(err)
		}
		sim = append(sim, time.Since(s))
	}
	slices.Sort(sim)
	t.Logf("similar: p50 %.2fms p99 %.2fms", ms(sim[len(sim)/2]), ms(sim[len(sim)*99/100]))
	t.Logf("memory after searching: %s", memory())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memory reports the process's resident memory (Linux): anonymous (the Go
// heap and stacks) and file-backed (the index's memory-mapped segments,
// which the kernel may drop at will).
func memory() string {
	anon, file := rssKiB()
	return strconv.Itoa(anon/1024) + " MiB anon + " + strconv.Itoa(file/1024) + " MiB mapped files"
}

func rssKiB() (anon, file int) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "RssAnon:":
			anon, _ = strconv.Atoi(f[1])
		case "RssFile:":
			file, _ = strconv.Atoi(f[1])
		}
	}
	return anon, file
}

// sampleMemory polls resident memory until the returned function is called,
// which reports the peaks.
func sampleMemory() func() string {
	var mu sync.Mutex
	var maxAnon, maxFile int
	stop := make(chan struct{})
	go func() {
		for {
			anon, file := rssKiB()
			mu.Lock()
			maxAnon, maxFile = max(maxAnon, anon), max(maxFile, file)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return func() string {
		close(stop)
		mu.Lock()
		defer mu.Unlock()
		return strconv.Itoa(maxAnon/1024) + " MiB anon, " + strconv.Itoa(maxFile/1024) + " MiB mapped files"
	}
}

func dirSize(t testing.TB, dir string) int64 {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return size
}
