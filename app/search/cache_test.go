package search

import (
	"html/template"
	"reflect"
	"runtime"
	"strconv"
	"strings"
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

// Every field of Query is in its key: setting any one field (found by
// reflection, so a field added later is checked too) to a value other than
// its zero changes the key, and no two of those keys are the same.
func TestQueryKeyHasEveryField(t *testing.T) {
	seen := map[string]string{Query{}.key(): "the zero query"}
	typ := reflect.TypeOf(Query{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		var q Query
		v := reflect.ValueOf(&q).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Int, reflect.Int64:
			v.SetInt(7)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Slice:
			v.Set(reflect.ValueOf([]int64{7}))
		default:
			t.Fatalf("Query.%s is a %s: teach key and this test about it", f.Name, v.Kind())
		}
		k := q.key()
		if other, ok := seen[k]; ok {
			t.Errorf("setting Query.%s gives the key of %s: %q", f.Name, other, k)
		}
		seen[k] = "Query." + f.Name
	}
}

// Different queries never share a key, even when their strings hold the
// key's separators, digits or what another field would write.
func TestQueryKeyIsInjective(t *testing.T) {
	qs := []Query{
		{},
		{Text: "a", Type: "b"}, {Text: "ab"}, {Type: "ab"}, {Text: "a:b"}, {Text: "1:a", Type: ""}, {Text: "", Type: "1:a"},
		{Text: "1:x", Type: "x"}, {Text: "x", Type: "1:x"}, {Text: "0:"}, {Type: "0:"}, {State: "0:"}, {Tag: "0:"},
		{Text: "a b"}, {Text: " "}, {Text: "3"}, {Text: "-"}, {Tag: "h"},
		{Text: "电池"}, {Text: "电", Type: "池"}, {Text: "电池", Tag: "电池"}, {State: "submitted"}, {Tag: "submitted"},
		{ChallengeID: 1}, {ChallengeID: 12}, {ChallengeID: 1, Limit: 2}, {ChallengeID: 1, Limit: 23}, {ChallengeID: 12, Limit: 3}, {ChallengeID: -1},
		{Limit: 1}, {Offset: 1}, {Limit: 1, Offset: 1}, {Limit: 11}, {Limit: -1}, {Offset: -1},
		{IncludeHidden: true}, {IncludeHidden: true, Limit: 1}, {Limit: -1, IncludeHidden: true},
		{ExcludeChallenges: []int64{1}}, {ExcludeChallenges: []int64{1, 2}}, {ExcludeChallenges: []int64{12}},
		{ExcludeChallenges: []int64{2, 1}}, {ExcludeChallenges: []int64{1}, Offset: 2}, {Offset: 1, ExcludeChallenges: []int64{2}},
		{ExcludeChallenges: []int64{0}}, {ExcludeChallenges: []int64{-1}},
	}
	seen := map[string]int{}
	for i, q := range qs {
		k := q.key()
		if j, ok := seen[k]; ok {
			t.Errorf("%+v and %+v share the key %q", qs[j], q, k)
		}
		seen[k] = i
		if again := q.key(); again != k {
			t.Errorf("%+v: key %q then %q", q, k, again)
		}
	}
}

// wideResult is a page of 100 hits with highlights as long as a summary's,
// what the new-query searchers fill the cache with.
func wideResult(i int) Result {
	r := Result{Total: 5000, Hits: make([]Hit, MaxLimit)}
	for j := range r.Hits {
		r.Hits[j] = Hit{Type: TypeIdea, ID: int64(i*1000 + j), Title: strings.Repeat("太阳能", 8) + strconv.Itoa(j),
			TitleHighlight: template.HTML("<mark>" + strings.Repeat("太阳能", 8) + "</mark>" + strconv.Itoa(i)),
			Highlight:      template.HTML(strings.Repeat("晒太阳就能充电。", 12) + strconv.Itoa(i))}
	}
	return r
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The cache is bounded by bytes: a thousand wide answers at one index
// version (a stream of new queries) hold at most resultCacheBytes of live
// heap, measured, not the ~90 MB they would at 1,024 entries; and what
// resultBytes counts is within a quarter of what the heap holds.
func TestResultCacheIsBoundedByBytes(t *testing.T) {
	before := liveHeap()
	kept := make([]Result, 200)
	counted := 0
	for i := range kept {
		kept[i] = wideResult(i)
		counted += resultBytes("", kept[i])
	}
	held := int(liveHeap()) - int(before)
	runtime.KeepAlive(kept)
	if counted < held*3/4 || counted > held*5/4 {
		t.Errorf("resultBytes counts %d bytes for 200 results the heap holds in %d", counted, held)
	}

	var c resultCache
	before = liveHeap()
	for i := range 1000 {
		c.put(1, strconv.Itoa(i), wideResult(i))
		if c.bytes > resultCacheBytes {
			t.Fatalf("after %d puts the cache counts %d bytes, over %d", i+1, c.bytes, resultCacheBytes)
		}
	}
	if grew := int(liveHeap()) - int(before); grew > resultCacheBytes*5/4 {
		t.Errorf("the cache holds %d bytes of live heap, over its bound %d", grew, resultCacheBytes)
	}
	if len(c.m) == 0 || len(c.m) >= 1000 {
		t.Errorf("%d results kept of 1000: want some, within the byte bound", len(c.m))
	}
	if r, ok := c.get(1, "999"); !ok || !reflect.DeepEqual(r, wideResult(999)) {
		t.Error("the last result put is not answered from the cache")
	}
	// The same key again replaces its bytes instead of adding them.
	n := c.bytes
	c.put(1, "999", wideResult(999))
	if c.bytes != n {
		t.Errorf("putting the same key again: %d bytes, was %d", c.bytes, n)
	}
	// A result too large for the whole cache is not kept, and empties nothing.
	huge := wideResult(0)
	for len(huge.Hits) < resultCacheBytes/100 {
		huge.Hits = append(huge.Hits, huge.Hits...)
	}
	c.put(1, "huge", huge)
	if _, ok := c.get(1, "huge"); ok || c.bytes != n {
		t.Errorf("a result over the bound was kept (bytes %d, was %d)", c.bytes, n)
	}
}
