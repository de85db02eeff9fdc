package search

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// A search Bleve must answer waits for one of the index's slots, one a
// core: while every slot is taken, a new query waits (and gives up with
// its request), an answer already cached is still served at once, and a
// slot set free lets the waiting query through.
func TestSearchesTakeASlotEach(t *testing.T) {
	ix := openWith(t, seedDocs())
	cached := Query{Text: "washing machine"}
	want := mustSearch(t, ix, cached)
	if cap(ix.running) != runtime.GOMAXPROCS(0) {
		t.Fatalf("%d slots, want one a core (%d)", cap(ix.running), runtime.GOMAXPROCS(0))
	}
	for range cap(ix.running) {
		ix.running <- struct{}{}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := ix.Search(ctx, Query{Text: "电池"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a new query with every slot taken: %v, want it to wait until its request gives up", err)
	}
	if got := mustSearch(t, ix, cached); got.Total != want.Total || len(got.Hits) != len(want.Hits) {
		t.Fatalf("a cached answer while every slot is taken: %d hits of %d, want %d of %d", len(got.Hits), got.Total, len(want.Hits), want.Total)
	}

	done := make(chan Result, 1)
	go func() { done <- mustSearch(t, ix, Query{Text: "电池"}) }()
	select {
	case <-done:
		t.Fatal("a new query ran with every slot taken")
	case <-time.After(20 * time.Millisecond):
	}
	<-ix.running
	select {
	case r := <-done:
		if r.Total == 0 {
			t.Fatal("the query let through found nothing")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a slot set free did not let the waiting query through")
	}
	if len(ix.running) != cap(ix.running)-1 {
		t.Fatalf("%d slots taken after the query, want %d: a search must give its slot back", len(ix.running), cap(ix.running)-1)
	}
}
