package search

import (
	"fmt"
	"slices"
	"testing"
)

// TestFindGallops checks termPostings.find against a linear search, from
// every starting point, for documents present, absent, before the first
// and past the last.
func TestFindGallops(t *testing.T) {
	for _, docs := range [][]uint32{nil, {5}, {1, 2, 3}, {0, 4, 9, 10, 11, 30, 31, 64, 100, 101, 102, 500, 1000, 1001}} {
		p := &termPostings{docs: docs}
		for from := 0; from <= len(docs); from++ {
			for doc := uint32(0); doc <= 1002; doc++ {
				if from > 0 && docs[from-1] >= doc {
					continue // find's promise: every document before from is below doc
				}
				want := from + slices.IndexFunc(docs[from:], func(d uint32) bool { return d >= doc })
				if want < from {
					want = len(docs)
				}
				got, ok := p.find(doc, from)
				if got != want || ok != (want < len(docs) && docs[want] == doc) {
					t.Fatalf("docs %v: find(%d, %d) = %d, %v; want %d", docs, doc, from, got, ok, want)
				}
			}
		}
	}
}

// TestPostingsCacheIsBounded fills the cache past its bound with the
// postings of a real index: it keeps the most recently used lists within
// maxBytes, answers a kept list without decoding it again, and never keeps
// the short lists.
func TestPostingsCacheIsBounded(t *testing.T) {
	ix, _ := rankedDocs(t)
	snap, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = snap.Close() }()
	segs := snap.Segments()
	seg := segs[0].Segment()
	for _, ss := range segs { // the largest segment
		if ss.Segment().Count() > seg.Count() {
			seg = ss.Segment()
		}
	}
	long := []string{}
	for _, term := range []string{"洗衣", "电池", "的", "wash", "batteri", "fridg", "冰箱", "污染"} {
		p, err := decodePostings(seg, fieldText, term)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.docs) >= 4 {
			long = append(long, term)
		}
	}
	if len(long) < 3 {
		t.Fatalf("only %v have 4 documents or more", long)
	}
	first, err := decodePostings(seg, fieldText, long[0])
	if err != nil {
		t.Fatal(err)
	}
	// Room for the first list and a little more: each list put pushes out
	// the one before it.
	c := &postingsCache{maxBytes: first.size() + 1}
	saved := minCachedPostingsForTest(t, 1)
	defer saved()
	p1, err := c.get(seg, fieldText, long[0])
	if err != nil || !slices.Equal(p1.docs, first.docs) || !slices.Equal(p1.tfn, first.tfn) {
		t.Fatalf("get %q: %v, %v; decoded %v", long[0], p1, err, first)
	}
	if again, _ := c.get(seg, fieldText, long[0]); again != p1 {
		t.Errorf("a kept list was decoded again")
	}
	for _, term := range long[1:] {
		if _, err := c.get(seg, fieldText, term); err != nil {
			t.Fatal(err)
		}
		if c.bytes > c.maxBytes || len(c.entries) != c.lru.Len() {
			t.Fatalf("after %q: %d bytes kept of %d, %d entries, %d in the list", term, c.bytes, c.maxBytes, len(c.entries), c.lru.Len())
		}
	}
	if again, _ := c.get(seg, fieldText, long[0]); again == p1 {
		t.Errorf("the least recently used list was kept past the bound")
	}
}

// minCachedPostingsForTest sets the shortest list the cache keeps to n
// until the returned function is called.
func minCachedPostingsForTest(t *testing.T, n int) func() {
	t.Helper()
	old := minCachedPostings
	minCachedPostings = n
	return func() { minCachedPostings = old }
}

// TestSearchesShareTheKeptPostings runs the ranked queries from four
// goroutines at once over one cache, kept lists shared and pushed out
// while they are read (a cache of a few lists), and checks each answer
// against the same query asked alone.
func TestSearchesShareTheKeptPostings(t *testing.T) {
	ix, _ := rankedDocs(t)
	defer minCachedPostingsForTest(t, 1)()
	ctx := t.Context()
	want := map[int][]Key{}
	for i, q := range rankedQueries {
		r, err := ix.search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = keys(r)
	}
	ix.postings = &postingsCache{maxBytes: 64 << 10}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for n := range 2 * len(rankedQueries) {
				i := (n + g*5) % len(rankedQueries)
				r, err := ix.search(ctx, rankedQueries[i])
				if err == nil && !slices.Equal(keys(r), want[i]) {
					err = fmt.Errorf("%+v: %v, alone %v", rankedQueries[i], keys(r), want[i])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestOneTermFiltersReadNoList56: a search filtered by type, challenge and
// state scores those filters without decoding their lists (each of them a
// list of nearly every document at a million ideas, which pushed the
// words' lists out of the cache on every new query), while a tag's list,
// whose norm differs by document, is read; the scores stay Bleve's
// (TestRankedIsTheFullOrder).
func TestOneTermFiltersReadNoList56(t *testing.T) {
	ix, _ := rankedDocs(t)
	defer minCachedPostingsForTest(t, 1)()
	ix.postings = &postingsCache{maxBytes: 64 << 20}
	ctx := t.Context()
	for _, q := range []Query{
		{Text: "洗衣机", Type: TypeIdea, ChallengeID: chWasher, State: "shortlisted"},
		{Text: "二次污染", Type: TypeComment},
		{Text: "self-cleaning drum", Tag: "hygiene"},
	} {
		if _, err := ix.search(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	read := map[string]bool{}
	for k := range ix.postings.entries {
		read[k.field] = true
	}
	for _, f := range []string{fieldType, fieldChallenge, fieldState} {
		if read[f] {
			t.Errorf("a filter on %s decoded its list", f)
		}
	}
	if !read[fieldTag] || !read[fieldTitle] {
		t.Errorf("lists read: %v; want the tag's and the words'", read)
	}
}
