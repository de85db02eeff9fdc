package search

import (
	"reflect"
	"testing"
)

// A repeated query is answered from the cache with the same result, and
// never after the index changed: an update, a new document and a delete
// each show on the very next search of the same words.
func TestCachedResultsFollowTheIndex(t *testing.T) {
	docs := seedDocs()
	ix := openWith(t, docs)
	q := Query{Text: "电池"}
	first := mustSearch(t, ix, q)
	if first.Total == 0 {
		t.Fatal("电池 finds nothing in the seed documents")
	}
	again := mustSearch(t, ix, q)
	if !reflect.DeepEqual(first, again) {
		t.Fatalf("the same query twice: %+v then %+v", first, again)
	}
	again.Hits[0].Title = "changed by a caller"
	if r := mustSearch(t, ix, q); r.Hits[0].Title == "changed by a caller" {
		t.Error("a caller changed a cached result")
	}
	d := docs[4]
	d.Title, d.Summary, d.Body, d.Tags = "太阳能充电手机壳 电池", "晒太阳就能充电。", "Solar panel case.", nil
	d.ID = 900
	if err := ix.Apply([]Doc{d}, nil); err != nil {
		t.Fatal(err)
	}
	added := mustSearch(t, ix, q)
	if added.Total != first.Total+1 || rank(added, Key{TypeIdea, 900}) < 0 {
		t.Errorf("after adding a document: total %d (was %d), new one at %d", added.Total, first.Total, rank(added, Key{TypeIdea, 900}))
	}
	if err := ix.Apply(nil, []Key{{TypeIdea, 900}}); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, q); r.Total != first.Total || rank(r, Key{TypeIdea, 900}) >= 0 {
		t.Errorf("after deleting it: total %d, deleted one at %d", r.Total, rank(r, Key{TypeIdea, 900}))
	}
}
