//go:build linux

package search

import (
	"os"
	"testing"
)

// BenchmarkScaleSearch runs the bench's twelve queries, each as if new to
// the server (ix.search, never the cache), against an index built by
// TestScale and kept in COCREATE_SEARCH_SCALE_DIR; it is skipped without
// one. It reports the process's CPU time per query (getrusage), which on a
// shared machine is steadier than the wall clock:
//
//	COCREATE_SEARCH_SCALE=200000 COCREATE_SEARCH_SCALE_DIR=/tmp/ix go test ./app/search -run TestScale -v -timeout 40m
//	COCREATE_SEARCH_SCALE_DIR=/tmp/ix go test ./app/search -run '^$' -bench ScaleSearch -benchtime 240x
//
// "page20" asks for 20 hits, as a first page; "bench" asks for 1 to 100
// hits, as `cocreate bench`'s "each query new" load does.
func BenchmarkScaleSearch(b *testing.B) {
	dir := os.Getenv("COCREATE_SEARCH_SCALE_DIR")
	if dir == "" {
		b.Skip("set COCREATE_SEARCH_SCALE_DIR to an index built by TestScale")
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skip(err)
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d documents", n)

	run := func(b *testing.B, q func(i int) Query) {
		cpu0 := cpuTime()
		for i := 0; b.Loop(); i++ {
			if _, err := ix.search(b.Context(), q(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(ms(cpuTime()-cpu0)/float64(b.N), "cpu-ms/query")
		b.ReportMetric(float64(ix.postings.bytes)/(1<<20), "cache-MiB")
	}
	b.Run("page20", func(b *testing.B) {
		run(b, func(i int) Query { q := benchQueries[i%len(benchQueries)]; q.Limit = 20; return q })
	})
	b.Run("bench", func(b *testing.B) {
		run(b, func(i int) Query {
			q := benchQueries[i%len(benchQueries)]
			q.Limit = 1 + (i/len(benchQueries))%99 // as cocreate bench's "each query new"
			if q.Limit >= 20 {
				q.Limit++
			}
			return q
		})
	})
	b.Run("bench-uncached", func(b *testing.B) {
		// As "bench", each query's words' postings decoded anew: the cost
		// of a query whose words no query before it had.
		run(b, func(i int) Query {
			ix.postings = &postingsCache{maxBytes: postingsCacheBytes}
			q := benchQueries[i%len(benchQueries)]
			q.Limit = 1 + (i/len(benchQueries))%99
			if q.Limit >= 20 {
				q.Limit++
			}
			return q
		})
	})
	if os.Getenv("COCREATE_SEARCH_EACH") != "" {
		for _, q := range benchQueries {
			b.Run(q.Text, func(b *testing.B) { run(b, func(int) Query { return q }) })
		}
	}
}
