package search

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// termPostings are one segment's postings of a term on a field, decoded:
// the documents (segment numbers, ascending) and, for each, what Bleve's
// tf-idf TermQueryScorer takes from the document: √frequency × norm. A
// term clause's score is that times the clause's boost, the square of the
// term's idf and the query norm (see tierScorer). The products and the
// sum are grouped in this order, not as Bleve groups them, so a score
// equals Bleve's within rounding (TestRankedIsTheFullOrder: 1e-9), not to
// the last bit.
type termPostings struct {
	docs []uint32
	tfn  []float64
}

// find returns the position of doc in p.docs and whether it is there,
// searching from from (every document before it is below doc): galloping,
// so that walking a tier's documents in order through p costs about the
// log of the gaps, not the length of p.
func (p *termPostings) find(doc uint32, from int) (int, bool) {
	n := len(p.docs)
	if from >= n {
		return n, false
	}
	if p.docs[from] >= doc {
		return from, p.docs[from] == doc
	}
	lo, step := from, 1 // p.docs[lo] < doc
	hi := lo + step
	for hi < n && p.docs[hi] < doc {
		lo = hi
		step *= 2
		hi = lo + step
	}
	// p.docs[lo] < doc, and doc <= p.docs[hi] if hi < n.
	i, ok := slices.BinarySearch(p.docs[lo+1:min(hi+1, n)], doc)
	return lo + 1 + i, ok
}

func (p *termPostings) size() int { return len(p.docs)*4 + len(p.tfn)*8 + 64 }

// decodePostings reads the postings of term on field in seg, every
// document of them, deleted ones included (a tier's documents are live).
func decodePostings(seg segment.Segment, field, term string) (*termPostings, error) {
	pl, err := postingsList(seg, field, term)
	if err != nil {
		return nil, err
	}
	n := int(pl.Count())
	p := &termPostings{docs: make([]uint32, 0, n), tfn: make([]float64, 0, n)}
	it := pl.Iterator(true, true, false, nil)
	for {
		x, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("search: postings of %s:%q: %w", field, term, err)
		}
		if x == nil {
			return p, nil
		}
		p.docs = append(p.docs, uint32(x.Number()))
		// As TermQueryScorer: its SqrtCache holds math.Sqrt's values.
		p.tfn = append(p.tfn, math.Sqrt(float64(x.Frequency()))*x.Norm())
	}
}

// postingsCache keeps the decoded postings of the longest lists, least
// recently used out first, within maxBytes. A segment never changes, so
// an entry is right for as long as its segment is in the index, across
// versions; the entries of a segment merged away are never asked for
// again and age out. A query's words are few and the same words come back
// in many queries ("battery" in "battery life", "电池 battery", ...), and
// decoding a long list is most of what scoring it costs.
type postingsCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	lru      list.List // of *postingsEntry, most recent first
	entries  map[postingsKey]*list.Element
}

type postingsKey struct {
	seg         segment.Segment
	field, term string
}

type postingsEntry struct {
	key postingsKey
	p   *termPostings
}

// Bounds of postingsCache: the memory it may hold (a list of n documents
// holds 12n bytes: 1.3 MiB for a word in a tenth of a million ideas), and
// the shortest list it keeps (shorter ones decode in microseconds).
const postingsCacheBytes = 24 << 20

var minCachedPostings = 2048 // a variable for the tests

func (c *postingsCache) get(seg segment.Segment, field, term string) (*termPostings, error) {
	key := postingsKey{seg, field, term}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		p := e.Value.(*postingsEntry).p
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	// Decoded outside the lock: two searches may decode the same list at
	// once, and the second's copy is dropped.
	p, err := decodePostings(seg, field, term)
	if err != nil || len(p.docs) < minCachedPostings || p.size() > c.maxBytes {
		return p, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		return e.Value.(*postingsEntry).p, nil
	}
	if c.entries == nil {
		c.entries = map[postingsKey]*list.Element{}
	}
	c.entries[key] = c.lru.PushFront(&postingsEntry{key, p})
	c.bytes += p.size()
	for c.bytes > c.maxBytes {
		last := c.lru.Back()
		old := last.Value.(*postingsEntry)
		c.lru.Remove(last)
		delete(c.entries, old.key)
		c.bytes -= old.p.size()
	}
	return p, nil
}

// tierScorer scores documents as the query that scores every match
// (tiers' queries) does, from decoded postings instead of Bleve's
// searchers: the sum of its required clauses' scores (each filter and
// each term on the text field), plus the sum of the title clauses found
// in the document times their share (Bleve's coordination factor). Each
// clause's score is √freq × norm × boost × idf² × the query norm, where
// idf² is the clause's weight as Bleve reckons it in the snapshot (see
// weighClauses) and the query norm is 1/√ of the sum of the clauses'
// squared weights (boost² × idf²), as Bleve's boolean searcher has it.
//
// A filter on a field of one term a document (oneTermEach: its type,
// challenge or state) scores the same in every document it keeps, √1 × 1/√1
// × mult, so it is added as fixed and its list is never read: the type
// filter every API search has (ideas unless asked otherwise) is a list of
// nearly every document, 12 MiB decoded at a million ideas, which
// decoded on every new query and pushed the words' lists out of the
// postings cache. A tag's norm depends on how many tags the document has.
//
// A term's frequency and norm in the text field are read from
// fieldTitleInText when the document has the term in its title (the same
// values, in a list of only those documents), and from the text field's
// list otherwise: a first tier never reads the long text lists at all.
type tierScorer struct {
	fixed   float64 // the filters on a field of one term a document
	filters []scoredClause
	terms   []termClause
}

type scoredClause struct {
	field, term string
	mult        float64 // boost × idf² × query norm
}

type termClause struct {
	term        string
	text, title float64 // mult of the term's text and title clauses
}

func newTierScorer(q Query, terms []string, w clauseWeights) tierScorer {
	sum := 0.0
	for _, x := range w.filters {
		sum += x
	}
	for i := range terms {
		sum += w.text[i] + titleBoost*titleBoost*w.title[i]
	}
	norm := 1 / math.Sqrt(sum)
	var s tierScorer
	for i, f := range filterFields(q) {
		if oneTermEach(f[0]) {
			s.fixed += w.filters[i] * norm
			continue
		}
		s.filters = append(s.filters, scoredClause{f[0], f[1], w.filters[i] * norm})
	}
	for i, t := range terms {
		s.terms = append(s.terms, termClause{t, w.text[i] * norm, titleBoost * w.title[i] * norm})
	}
	return s
}

// scoredHit is a document of the snapshot (its global number, as Bleve's
// internal id has it) and its score.
type scoredHit struct {
	doc   uint64
	score float64
}

// before is the order of hits: best score first, equal scores in the
// index's order, as Bleve's top-N collector orders them.
func (a scoredHit) before(b scoredHit) bool {
	return a.score > b.score || (a.score == b.score && a.doc < b.doc)
}

// scoreTier returns the hits at ranks [from, from+size) of tier (0: every
// word in the title, 1: some, 2: none; see ranked) of the matches counted
// in c, scoring each document of the tier.
func (ix *Index) scoreTier(ctx context.Context, snap *scorch.IndexSnapshot, c matchCounts, s tierScorer, tier, size, from int) (blevesearch.DocumentMatchCollection, error) {
	keep := from + size
	// top is a heap of the best keep hits so far, the worst at the root.
	top := make([]scoredHit, 0, keep)
	worse := func(i, j int) bool { return top[j].before(top[i]) }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(top) {
				return
			}
			if r := l + 1; r < len(top) && worse(r, l) {
				l = r
			}
			if !worse(l, i) {
				return
			}
			top[i], top[l] = top[l], top[i]
			i = l
		}
	}
	push := func(h scoredHit) {
		if len(top) < keep {
			top = append(top, h)
			for i := len(top) - 1; i > 0; {
				p := (i - 1) / 2
				if !worse(i, p) {
					break
				}
				top[i], top[p] = top[p], top[i]
				i = p
			}
			return
		}
		if h.before(top[0]) {
			top[0] = h
			down(0)
		}
	}

	var base uint64 // the global number of the segment's first document
	segs := snap.Segments()
	for i, ss := range segs {
		seg := ss.Segment()
		sc := c.segs[i]
		docs := sc.tier(tier)
		if docs != nil && !docs.IsEmpty() {
			if err := ix.scoreSegment(ctx, seg, s, docs, base, push); err != nil {
				return nil, err
			}
		}
		base += seg.Count()
	}

	slices.SortFunc(top, func(a, b scoredHit) int {
		if a.before(b) {
			return -1
		}
		if b.before(a) {
			return 1
		}
		return 0
	})
	top = top[min(from, len(top)):]
	hits := make(blevesearch.DocumentMatchCollection, 0, len(top))
	for _, h := range top {
		id := index.NewIndexInternalID(nil, h.doc)
		ext, err := snap.ExternalID(id)
		if err != nil {
			return nil, err
		}
		hits = append(hits, &blevesearch.DocumentMatch{ID: ext, IndexInternalID: id, Score: h.score})
	}
	return hits, nil
}

// scoreSegment scores docs, documents of seg (at global number base),
// each of which has every required clause, and hands each hit to push.
func (ix *Index) scoreSegment(ctx context.Context, seg segment.Segment, s tierScorer, docs *roaring.Bitmap, base uint64, push func(scoredHit)) error {
	// A list and where the next search in it starts.
	type cursor struct {
		p  *termPostings
		at int
	}
	filters := make([]cursor, len(s.filters))
	for i, c := range s.filters {
		p, err := ix.postings.get(seg, c.field, c.term)
		if err != nil {
			return err
		}
		filters[i].p = p
	}
	// Each term's title, title-in-text and (read when first needed) text
	// lists.
	type lists struct{ title, inTitle, text cursor }
	terms := make([]lists, len(s.terms))
	for i, c := range s.terms {
		title, err := ix.postings.get(seg, fieldTitle, c.term)
		if err != nil {
			return err
		}
		inTitle, err := ix.postings.get(seg, fieldTitleInText, c.term)
		if err != nil {
			return err
		}
		terms[i].title.p, terms[i].inTitle.p = title, inTitle
	}
	// find returns the tf×norm of doc in c's list, if doc is there.
	find := func(c *cursor, doc uint32) (float64, bool) {
		at, ok := c.p.find(doc, c.at)
		c.at = at
		if !ok {
			return 0, false
		}
		c.at++
		return c.p.tfn[at], true
	}
	n := 0
	it := docs.Iterator()
	for it.HasNext() {
		doc := it.Next()
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		must := s.fixed
		for i := range filters {
			tfn, ok := find(&filters[i], doc)
			if !ok {
				return fmt.Errorf("search: document %d of a match lacks %s:%q", doc, s.filters[i].field, s.filters[i].term)
			}
			must += s.filters[i].mult * tfn
		}
		should, found := 0.0, 0
		for i := range terms {
			l, c := &terms[i], s.terms[i]
			tfn, inTitle := find(&l.title, doc)
			if inTitle {
				should += c.title * tfn
				found++
				if tfn, ok := find(&l.inTitle, doc); ok {
					must += c.text * tfn
					continue
				}
			}
			if l.text.p == nil {
				p, err := ix.postings.get(seg, fieldText, c.term)
				if err != nil {
					return err
				}
				l.text.p = p
			}
			tfn, ok := find(&l.text, doc)
			if !ok {
				return fmt.Errorf("search: document %d of a match lacks %s:%q", doc, fieldText, c.term)
			}
			must += c.text * tfn
		}
		score := must
		if found > 0 {
			score += should * (float64(found) / float64(len(terms)))
		}
		push(scoredHit{base + uint64(doc), score})
	}
	return nil
}
