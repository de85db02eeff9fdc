package search

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
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
	{Text: "空调噪音"},
	{Text: "冰箱 保鲜"},
	{Text: "washing machine"},
	{Text: "battery life"},
	{Text: "fridge odours"},
	{Text: "washes"},
	{Text: "电池 battery"},
	{Text: "二次污染", ChallengeID: 1003},
	{Text: "self-cleaning drum", Tag: "hygiene"},
}

// TestScale measures rebuild time, index size and search latency at the
// size given by COCREATE_SEARCH_SCALE (e.g. 1000000); it is skipped
// otherwise, being far too slow for go test ./... .
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
		start := time.Now()
		last := time.Now()
		err := Rebuild(dir, feedGenerated(g, 1, n, 1000), func(done uint64) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				t.Logf("indexed %d in %s, %s", done, time.Since(start).Round(time.Second), rss())
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		t.Logf("after rebuild: %s", rss())
		t.Logf("rebuild of %d ideas: %s, %.0f ideas/s", n, el.Round(time.Second), float64(n)/el.Seconds())
	}
	t.Logf("index size: %.0f MiB", float64(dirSize(t, dir))/(1<<20))

	start := time.Now()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	t.Logf("open: %s", time.Since(start))
	count, _ := ix.Count()
	t.Logf("count: %d", count)

	ctx := context.Background()
	var all []time.Duration
	for _, q := range benchQueries {
		var lat []time.Duration
		var total uint64
		for i := 0; i < 30; i++ {
			s := time.Now()
			r, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			lat = append(lat, time.Since(s))
			total = r.Total
		}
		slices.Sort(lat)
		t.Logf("%-40q total %7d  p50 %8s  p99 %8s", q.Text+" ch="+strconv.FormatInt(q.ChallengeID, 10)+" tag="+q.Tag, total, lat[len(lat)/2], lat[len(lat)*99/100])
		all = append(all, lat...)
	}
	slices.Sort(all)
	t.Logf("all queries: p50 %s p99 %s", all[len(all)/2], all[len(all)*99/100])

	var sim []time.Duration
	for i := 0; i < 50; i++ {
		s := time.Now()
		if _, err := ix.Similar(ctx, 1000+int64(i%10), g.Idea(i).Title, 5); err != nil {
			t.Fatal(err)
		}
		sim = append(sim, time.Since(s))
	}
	slices.Sort(sim)
	t.Logf("similar: p50 %s p99 %s", sim[len(sim)/2], sim[len(sim)*99/100])

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("Go heap in use %.0f MiB, sys %.0f MiB", float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
	t.Log(rss())
}

// rss reports the process's resident memory now and at its peak (Linux).
func rss() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	var out string
	for line := range splitLines(string(b)) {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") {
			out += strings.Join(strings.Fields(line), " ") + " "
		}
	}
	return out
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

func splitLines(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for len(s) > 0 {
			i := 0
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if !yield(s[:i]) {
				return
			}
			if i < len(s) {
				i++
			}
			s = s[i:]
		}
	}
}
