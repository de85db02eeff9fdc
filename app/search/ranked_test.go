package search

import (
	"cmp"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// rankedDocs are the relevance documents, more generated ideas, a few
// updated (their old versions deleted in older segments) and a few
// deleted: an index of several segments with deleted documents, as a live
// one is.
func rankedDocs(t *testing.T) (*Index, []Doc) {
	t.Helper()
	docs := relevanceDocs()
	g := corpusGen()
	for i := range 2400 {
		docs = append(docs, generatedIdea(g, 20000, i))
	}
	ix := openWith(t, docs)
	var changed []Doc
	var gone []Key
	for i := 0; i < 2400; i += 37 {
		d := generatedIdea(g, 20000, i)
		d.Title = generatedIdea(g, 20000, i+1).Title
		changed = append(changed, d)
	}
	for i := 5; i < 2400; i += 53 {
		gone = append(gone, Key{TypeIdea, 20000 + int64(i)})
	}
	if err := ix.Apply(changed, gone); err != nil {
		t.Fatal(err)
	}
	return ix, docs
}

// rankedQueries cover every kind of clause count reads: words in both
// languages, filters, excluded challenges, hidden documents.
var rankedQueries = []Query{
	{Text: "二次污染"}, {Text: "洗衣机 异味"}, {Text: "污"}, {Text: "电池"}, {Text: "冰箱 保鲜"},
	{Text: "washing machine"}, {Text: "battery life"}, {Text: "fridge odours"}, {Text: "washes"},
	{Text: "电池 battery"}, {Text: "洗衣机"}, {Text: "的"},
	{Text: "二次污染", ChallengeID: chWasher},
	{Text: "洗衣机", ChallengeID: 1003},
	{Text: "self-cleaning drum", Tag: "hygiene"},
	{Text: "二次污染", Type: TypeComment},
	{Text: "洗衣机", State: "shortlisted"},
	{Text: "二次污染", IncludeHidden: true},
	{Text: "洗衣机", IncludeHidden: true, ChallengeID: chWasher},
	{Text: "洗衣机", ExcludeChallenges: []int64{chWasher, 1003}},
	{Text: "电池", ExcludeChallenges: []int64{chPhone}, Type: TypeIdea},
	{Text: "qwertyuiop"},
	// Five words, and hidden documents (each tier a Bleve query).
	{Text: "洗衣机 二次污染"}, {Text: "电池 battery", IncludeHidden: true}, {Text: "冰箱 保鲜", IncludeHidden: true},
	// The second tier with a filter and an excluded challenge.
	{Text: "冰箱 保鲜", Type: TypeIdea, ExcludeChallenges: []int64{chPhone}},
}

// TestRankedIsTheFullOrder checks the cheaper path (ranked: a total from
// postings bitmaps, each tier scored alone from decoded postings) against the query that scores every match: the same
// total, the same documents with the same scores, in the order ranked
// promises (every word in the title first, then some of them, then none,
// each tier best score first), page after page and across the tiers'
// boundaries.
func TestRankedIsTheFullOrder(t *testing.T) {
	t.Run("applied", func(t *testing.T) {
		ix, _ := rankedDocs(t)
		checkRanked(t, ix)
	})
	t.Run("rebuilt", func(t *testing.T) {
		// Rebuild analyses documents itself (titleInText included).
		dir := filepath.Join(t.TempDir(), "index")
		docs := relevanceDocs()
		err := Rebuild(dir, func(emit func([]Doc) error) error {
			if err := emit(docs); err != nil {
				return err
			}
			return feedGenerated(corpusGen(), 20000, 2400, 500)(emit)
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		checkRanked(t, ix)
	})
}

func checkRanked(t *testing.T, ix *Index) {
	ctx := t.Context()
	tiesSeen := 0
	defer func() {
		if tiesSeen == 0 {
			t.Error("no two hits of a tier scored the same: the order of equal scores went untested")
		}
	}()
	for _, q := range rankedQueries {
		terms := queryTerms(q.Text)
		full := excluding(query.NewBooleanQuery(append(filterQueries(q), allTerms(terms, q.IncludeHidden)...), titleTerms(terms), nil), q)
		req := bleve.NewSearchRequestOptions(full, 10000, 0, false)
		req.Fields = []string{fieldTitle}
		all, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		// The tiers, from queries of their own: every word in the title,
		// some of them, none.
		ids := func(qy query.Query) map[string]bool {
			res, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(qy, 10000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]bool{}
			for _, h := range res.Hits {
				m[h.ID] = true
			}
			return m
		}
		everyID := ids(query.NewConjunctionQuery([]query.Query{full, query.NewConjunctionQuery(titleTerms(terms))}))
		anyID := ids(query.NewConjunctionQuery([]query.Query{full, query.NewDisjunctionQuery(titleTerms(terms))}))
		tier := map[string]int{}
		var nEvery, nSome int
		for _, h := range all.Hits {
			switch {
			case everyID[h.ID]:
				tier[h.ID] = 1
				nEvery++
			case anyID[h.ID]:
				tier[h.ID] = 2
				nSome++
			default:
				tier[h.ID] = 3
			}
		}
		if testing.Verbose() {
			t.Logf("%+v: %d matches, %d with every word in the title, %d some", q, all.Total, nEvery, nSome)
		}
		if len(everyID) != nEvery || len(anyID) != nEvery+nSome {
			t.Fatalf("%+v: the tiers' queries match what the full query does not", q)
		}
		score := map[string]float64{}
		type entry struct {
			tier  int
			score float64
		}
		var want []entry
		for _, h := range all.Hits {
			score[h.ID] = h.Score
			want = append(want, entry{tier[h.ID], h.Score})
		}
		slices.SortFunc(want, func(a, b entry) int { return cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(b.score, a.score)) })

		snap, err := ix.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		c, err := countMatches(snap, q, terms, math.MaxUint64)
		if err != nil || c.total != all.Total || c.every != uint64(nEvery) || c.some != uint64(nSome) {
			t.Errorf("%+v: counted %+v (%v), Bleve's %d, %d and %d", q, c, err, all.Total, nEvery, nSome)
		}
		if err := snap.Close(); err != nil {
			t.Fatal(err)
		}

		// Every page of 100, as far as offsets go. Equal scores come in the
		// index's order, which a background merge renumbers: the pages are
		// read again if the index's segments changed while they were read.
		var got []Hit
		order, err := ix.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		for attempt := 0; ; attempt++ {
			got = got[:0]
			for off := 0; off <= MaxOffset; off += MaxLimit {
				pq := q
				pq.Limit, pq.Offset = MaxLimit, off
				r, err := ix.search(ctx, pq)
				if err != nil {
					t.Fatal(err)
				}
				if r.Total != all.Total {
					t.Errorf("%+v offset %d: total %d, want %d", q, off, r.Total, all.Total)
				}
				got = append(got, r.Hits...)
				if len(r.Hits) < MaxLimit {
					break
				}
			}
			after, err := ix.snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if sameSegments(order, after) || attempt == 20 {
				_ = after.Close()
				break
			}
			_ = order.Close()
			order = after
			time.Sleep(50 * time.Millisecond)
		}
		if len(got) != min(len(want), MaxOffset+MaxLimit) {
			t.Errorf("%+v: %d hits over all pages, want %d", q, len(got), min(len(want), MaxOffset+MaxLimit))
			_ = order.Close()
			continue
		}
		// Equal scores in a tier come in the index's order, as Bleve's
		// collector gives them: the same page whatever the scorer.
		ties := 0
		for i := 1; i < len(got); i++ {
			a, b := docID(got[i-1].Type, got[i-1].ID), docID(got[i].Type, got[i].ID)
			if tier[a] != tier[b] || got[i-1].Score != got[i].Score {
				continue
			}
			ia, err1 := order.InternalID(a)
			ib, err2 := order.InternalID(b)
			if err1 != nil || err2 != nil || ia.Value() >= ib.Value() {
				t.Errorf("%+v ranks %d, %d: %s then %s, equal scores out of the index's order (%v, %v)", q, i-1, i, a, b, err1, err2)
			}
			ties++
		}
		tiesSeen += ties
		if err := order.Close(); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, h := range got {
			id := docID(h.Type, h.ID)
			if seen[id] {
				t.Errorf("%+v: %s twice", q, id)
			}
			seen[id] = true
			w, found := score[id]
			if !found {
				t.Errorf("%+v: %s is not a match", q, id)
				continue
			}
			if title, _ := all.Hits[slices.IndexFunc(all.Hits, func(m *blevesearch.DocumentMatch) bool { return m.ID == id })].Fields[fieldTitle].(string); h.Title != title {
				// Bleve's own stored fields (Document, by id) against loadFields.
				t.Errorf("%+v: %s is titled %q, %q by Bleve", q, id, h.Title, title)
			}
			if !sameScore(h.Score, w) {
				t.Errorf("%+v: %s scores %v, %v when every match is scored", q, id, h.Score, w)
			}
			// The order promised, up to rounding: the same tier and score
			// at each rank as the sorted full result.
			if tier[id] != want[i].tier || !sameScore(h.Score, want[i].score) {
				t.Errorf("%+v rank %d: %s is tier %d score %v, want tier %d score %v", q, i, id, tier[id], h.Score, want[i].tier, want[i].score)
			}
		}

		// Odd pages, some across the tiers' boundary, are slices of the
		// same order.
		for _, p := range [][2]int{{1, 0}, {7, 3}, {20, nEvery - 5}, {3, nEvery - 1}, {9, nEvery},
			{20, nEvery + nSome - 5}, {3, nEvery + nSome - 1}, {9, nEvery + nSome}, {30, nEvery + nSome/2}} {
			pq := q
			pq.Limit, pq.Offset = p[0], max(p[1], 0)
			r, err := ix.search(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := min(pq.Offset, len(got)), min(pq.Offset+pq.Limit, len(got))
			if !slices.EqualFunc(r.Hits, got[lo:hi], func(a, b Hit) bool { return keyOf(a) == keyOf(b) }) {
				t.Errorf("%+v limit %d offset %d: %v, want %v", q, pq.Limit, pq.Offset, keys(r), keys(Result{Hits: got[lo:hi]}))
			}
		}
	}
}

func sameScore(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// sameSegments says whether two snapshots number documents alike: the
// same segments in the same order (a merge replaces some).
func sameSegments(a, b *scorch.IndexSnapshot) bool {
	sa, sb := a.Segments(), b.Segments()
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		if sa[i].Segment() != sb[i].Segment() {
			return false
		}
	}
	return true
}
