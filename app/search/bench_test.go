package search

import (
	"path/filepath"
	"testing"
)

// benchIdeas is the modest scale of the package benchmarks; TestScale
// measures a million.
const benchIdeas = 20000

// BenchmarkSearch measures queries over benchIdeas generated ideas, per
// language. go test -bench Search -run '^$' ./app/search
func BenchmarkSearch(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "index")
	if err := Rebuild(dir, feedGenerated(corpusGen(), 1, benchIdeas, 1000), nil); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()

	groups := []struct {
		name    string
		queries []Query
	}{
		{"zh", []Query{{Text: "二次污染"}, {Text: "洗衣机 异味"}, {Text: "污"}, {Text: "冰箱保鲜"}}},
		{"en", []Query{{Text: "washing machine"}, {Text: "battery life"}, {Text: "fridge odours"}, {Text: "washes"}}},
		{"mixed", []Query{{Text: "电池 battery"}, {Text: "App 洗衣机"}}},
		{"filtered", []Query{{Text: "二次污染", ChallengeID: 1003}, {Text: "self-cleaning drum", Tag: "hygiene"}}},
	}
	for _, g := range groups {
		// ix.search, not Search: every query as if asked for the first time
		// (Search would answer the repeats from its cache).
		b.Run(g.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := ix.search(b.Context(), g.queries[i%len(g.queries)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("repeated", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ix.Search(b.Context(), groups[0].queries[i%len(groups[0].queries)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("similar", func(b *testing.B) {
		gen := corpusGen()
		for i := 0; b.Loop(); i++ {
			if _, err := ix.Similar(b.Context(), 1000+int64(i%perTopicChallenges), gen.Idea(i).Title, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkApply measures live indexing in the outbox drainer's batches of
// 500, each durable when Apply returns.
func BenchmarkApply(b *testing.B) {
	ix := openTest(b)
	gen := corpusGen()
	batch := make([]Doc, 500)
	next := 0
	for b.Loop() {
		for j := range batch {
			batch[j] = generatedIdea(gen, 1, next)
			next++
		}
		if err := ix.Apply(batch, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkRebuild measures the offline build used by reindex.
func BenchmarkRebuild(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "index")
	for b.Loop() {
		if err := Rebuild(dir, feedGenerated(corpusGen(), 1, benchIdeas, 1000), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchIdeas*b.N)/b.Elapsed().Seconds(), "docs/s")
}
