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
