package search

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	reErci    = regexp.MustCompile(`二次污染`)
	reWu      = regexp.MustCompile(`污`)
	reWash    = regexp.MustCompile(`(?i)\bwash(es|ed|ing)?\b`)
	reBattery = regexp.MustCompile(`(?i)\bbatter(y|ies)\b`)
	reDianchi = regexp.MustCompile(`电池`)
	reWasher  = regexp.MustCompile(`洗衣机`)
)

// checkFinds asserts that q finds exactly the documents in want: the total
// matches and, page by page, the hits are those documents.
func checkFinds(t *testing.T, ix *Index, q Query, want map[Key]bool) Result {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("bad test: nothing expected for %+v", q)
	}
	q.Limit = MaxLimit
	r := mustSearch(t, ix, q)
	if r.Total != uint64(len(want)) {
		t.Errorf("%q: total %d, want %d", q.Text, r.Total, len(want))
	}
	got := map[Key]bool{}
	for off := 0; off < len(want) && off <= MaxOffset; off += MaxLimit {
		q.Offset = off
		for _, k := range keys(mustSearch(t, ix, q)) {
			got[k] = true
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("%q: missing %v", q.Text, k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("%q: unexpected %v", q.Text, k)
		}
	}
	return r
}

func TestRelevance(t *testing.T) {
	docs := relevanceDocs()
	ix := openWith(t, docs)
	byKey := map[Key]Doc{}
	for _, d := range docs {
		byKey[Key{d.Type, d.ID}] = d
	}

	t.Run("chinese phrase", func(t *testing.T) {
		r := checkFinds(t, ix, Query{Text: "二次污染"}, expected(docs, reErci))
		if !strings.Contains(r.Hits[0].Title, "二次污染") {
			t.Errorf("top hit %q lacks the phrase in its title", r.Hits[0].Title)
		}
		// Title, summary and tags beat a mention deep in the body.
		if a, b := rank(r, Key{TypeIdea, 1}), rank(r, Key{TypeIdea, 2}); a < 0 || b >= 0 && a > b {
			t.Errorf("idea 1 (title) ranks %d, idea 2 (body only) ranks %d", a, b)
		}
	})
	t.Run("one chinese character", func(t *testing.T) {
		r := checkFinds(t, ix, Query{Text: "污"}, expected(docs, reWu))
		if rank(r, Key{TypeIdea, 4}) < 0 {
			t.Error("污 does not find 污渍 (idea 4)")
		}
	})
	t.Run("english stems", func(t *testing.T) {
		r := checkFinds(t, ix, Query{Text: "washes"}, expected(docs, reWash))
		if rank(r, Key{TypeIdea, 3}) < 0 {
			t.Error("washes does not find washing (idea 3)")
		}
		r = checkFinds(t, ix, Query{Text: "Batteries"}, expected(docs, reBattery))
		if rank(r, Key{TypeIdea, 5}) < 0 || rank(r, Key{TypeIdea, 6}) < 0 {
			t.Errorf("batteries does not find ideas 5 and 6: %v", keys(r))
		}
	})
	t.Run("chinese and english together", func(t *testing.T) {
		// Every term must match, each in any field: 电池 is in idea 5's
		// title, battery in its body. Idea 6 has no 电池.
		r := checkFinds(t, ix, Query{Text: "电池 battery"}, expected(docs, reDianchi, reBattery))
		if rank(r, Key{TypeIdea, 5}) < 0 {
			t.Error("电池 battery does not find idea 5")
		}
		if rank(r, Key{TypeIdea, 6}) >= 0 {
			t.Error("电池 battery finds idea 6, which has no 电池")
		}
	})
	t.Run("chinese words written together", func(t *testing.T) {
		// 空调噪音 (air conditioner noise): no document has the bigram 调噪
		// that joins the two words, so the strict query finds nothing and
		// the relaxed one finds the documents with both words.
		r := checkFinds(t, ix, Query{Text: "空调噪音"}, expected(docs, regexp.MustCompile(`空调`), regexp.MustCompile(`噪音`)))
		if !r.Relaxed {
			t.Error("Result.Relaxed not set")
		}
		if !strings.Contains(string(r.Hits[0].Highlight)+string(r.Hits[0].TitleHighlight), "<mark>") {
			t.Errorf("relaxed hit has no marks: %+v", r.Hits[0])
		}
		// A phrase that exists is matched strictly: no document with 二次
		// and 污染 apart sneaks in, and the result is not marked relaxed.
		if r := mustSearch(t, ix, Query{Text: "二次污染"}); r.Relaxed {
			t.Error("二次污染 was relaxed although it has exact matches")
		}
		// Words outside the run are still all required.
		if r := mustSearch(t, ix, Query{Text: "空调噪音 qwertyuiop"}); r.Total != 0 {
			t.Errorf("relaxed query dropped a required word: %v", keys(r))
		}
	})
	t.Run("user text is not query syntax", func(t *testing.T) {
		for _, s := range []string{`title:x +y -z "`, `*`, `~`, `^`, `\`, `"`, `(`, `)`, `[`, `{`, `/`,
			`title:`, `:`, `+`, `-`, `洗衣机~2`, `洗*`, `/.*/`, `a AND OR NOT b`, `\u0000`, "\xff\xfe",
			`_id:idea:1`, `state:hidden`, `^2`, strings.Repeat("污染 ", 500)} {
			if _, err := ix.Search(t.Context(), Query{Text: s}); err != nil {
				t.Errorf("%q: %v", s, err)
			}
		}
		washers := expected(docs, reWasher)
		checkFinds(t, ix, Query{Text: "-洗衣机"}, washers)
		checkFinds(t, ix, Query{Text: `"洗衣机"`}, washers)
		// + and - are not must and must-not: this needs both words.
		checkFinds(t, ix, Query{Text: "+洗衣机 -二次污染"}, expected(docs, reWasher, reErci))
		if r := mustSearch(t, ix, Query{Text: "state:hidden"}); r.Total != 0 {
			t.Errorf("state:hidden found %v", keys(r))
		}
		if r := mustSearch(t, ix, Query{Text: `*`}); r.Total != 0 {
			t.Errorf("* found %d documents, want none", r.Total)
		}
	})
	t.Run("filters", func(t *testing.T) {
		filtered := func(pred func(Doc) bool) map[Key]bool {
			want := expected(docs, reErci)
			maps.DeleteFunc(want, func(k Key, _ bool) bool { return !pred(byKey[k]) })
			return want
		}
		r := checkFinds(t, ix, Query{Text: "二次污染", ChallengeID: chWasher},
			filtered(func(d Doc) bool { return d.ChallengeID == chWasher }))
		for _, h := range r.Hits {
			if h.ChallengeID != chWasher {
				t.Errorf("hit %v in challenge %d", keyOf(h), h.ChallengeID)
			}
		}
		checkFinds(t, ix, Query{Text: "二次污染", Type: TypeComment},
			filtered(func(d Doc) bool { return d.Type == TypeComment }))
		checkFinds(t, ix, Query{Text: "二次污染", State: "shortlisted"},
			filtered(func(d Doc) bool { return d.State == "shortlisted" }))
		checkFinds(t, ix, Query{Text: "二次污染", Tag: "二次污染", Type: TypeIdea},
			filtered(func(d Doc) bool { return d.Type == TypeIdea && slices.Contains(d.Tags, "二次污染") }))

		// Tags match whatever their case.
		r = mustSearch(t, ix, Query{Text: "刺绣", Tag: "FASHION"})
		if rank(r, Key{TypeIdea, 10}) < 0 {
			t.Errorf("tag FASHION does not find idea 10 (tag Fashion): %v", keys(r))
		}
		if r := mustSearch(t, ix, Query{Text: "刺绣", Tag: "pockets"}); rank(r, Key{TypeIdea, 10}) >= 0 {
			t.Error("tag pockets finds idea 10")
		}
	})
	t.Run("hidden ideas and their comments", func(t *testing.T) {
		hidden := []Key{{TypeIdea, 7}, {TypeIdea, 8}, {TypeIdea, 9}, {TypeComment, 100}}
		r := mustSearch(t, ix, Query{Text: "二次污染", Limit: MaxLimit})
		for _, k := range hidden {
			if rank(r, k) >= 0 {
				t.Errorf("%v found without IncludeHidden", k)
			}
		}
		r = mustSearch(t, ix, Query{Text: "二次污染", ChallengeID: chWasher, IncludeHidden: true, Limit: MaxLimit})
		for _, k := range hidden {
			if rank(r, k) < 0 {
				t.Errorf("%v not found with IncludeHidden", k)
			}
		}
		if r := mustSearch(t, ix, Query{Text: "二次污染", State: "hidden"}); r.Total != 0 {
			t.Errorf("State hidden without IncludeHidden found %v", keys(r))
		}
	})
	t.Run("empty text lists by filter, newest first", func(t *testing.T) {
		var want []Key
		for _, d := range docs {
			if d.ChallengeID == chDress && visible(d) {
				want = append(want, Key{d.Type, d.ID})
			}
		}
		r := mustSearch(t, ix, Query{ChallengeID: chDress, Limit: MaxLimit})
		if r.Total != uint64(len(want)) {
			t.Fatalf("total %d, want %d", r.Total, len(want))
		}
		for i := 1; i < len(r.Hits); i++ {
			if byKey[keyOf(r.Hits[i])].CreatedAt.After(byKey[keyOf(r.Hits[i-1])].CreatedAt) {
				t.Fatalf("hit %d is newer than hit %d", i, i-1)
			}
		}
		for _, q := range []Query{{}, {Text: "   "}, {Type: TypeIdea}} {
			if r := mustSearch(t, ix, q); r.Total != 0 || len(r.Hits) != 0 {
				t.Errorf("%+v found %d documents, want none", q, r.Total)
			}
		}
	})
	t.Run("paging", func(t *testing.T) {
		all := keys(mustSearch(t, ix, Query{Text: "洗衣机", Limit: 10}))
		page := keys(mustSearch(t, ix, Query{Text: "洗衣机", Limit: 5, Offset: 5}))
		if !slices.Equal(page, all[5:10]) {
			t.Errorf("page 2 = %v, want %v", page, all[5:10])
		}
		if n := len(mustSearch(t, ix, Query{Text: "洗衣机"}).Hits); n != DefaultLimit {
			t.Errorf("default limit gave %d hits", n)
		}
		if n := len(mustSearch(t, ix, Query{Text: "的", Limit: 10000}).Hits); n != MaxLimit {
			t.Errorf("limit 10000 gave %d hits", n)
		}
		r := mustSearch(t, ix, Query{Text: "的", Offset: MaxOffset + 1})
		if len(r.Hits) != 0 || r.Total == 0 {
			t.Errorf("offset past MaxOffset gave %d hits of %d", len(r.Hits), r.Total)
		}
	})
	t.Run("hit fields", func(t *testing.T) {
		r := mustSearch(t, ix, Query{Text: "原型机 九成"})
		if len(r.Hits) != 1 {
			t.Fatalf("got %v", keys(r))
		}
		h := r.Hits[0]
		if h.Type != TypeUpdate || h.ID != 200 || h.ChallengeID != chWasher || h.IdeaID != 1 || h.ProjectID != 1 || h.Score <= 0 {
			t.Errorf("hit = %+v", h)
		}
	})
}
