package search

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// matchCounts are how many documents match a query (see countMatches),
// and of those how many have every one of its words in the title, and
// how many some of them but not every one: the sizes of ranked's tiers.
type matchCounts struct {
	total, every, some uint64
	segs               []segmentCount // each segment's, in the snapshot's order
}

// countMatches counts the documents of snap that match q's terms, filters
// and exclusions, exactly as Search's strict query does, and the words
// their titles have (matchCounts), by intersecting the terms' postings
// bitmaps segment by segment. Bleve counts a query's matches only by
// scoring every one of them (a common word at a million ideas is tens of
// thousands of matches); the bitmaps cost microseconds. The second tier
// is counted only if the first has fewer than need documents (a page
// that ends within the first tier does not need it); otherwise its count
// is 0.
func countMatches(snap *scorch.IndexSnapshot, q Query, terms []string, need uint64) (matchCounts, error) {
	var c matchCounts
	for _, s := range snap.Segments() {
		sc, err := countSegment(s, q, terms)
		if err != nil {
			return matchCounts{}, err
		}
		c.total, c.every = c.total+sc.total, c.every+sc.every
		c.segs = append(c.segs, sc)
	}
	if c.every < need && len(terms) > 1 {
		for i := range c.segs {
			if sc := &c.segs[i]; sc.total > sc.every {
				// Those with a word in the title, but every's.
				sc.inTitle = roaring.FastOr(sc.titles...)
				c.some += sc.inTitle.AndCardinality(sc.all) - sc.every
			}
		}
	}
	return c, nil
}

// segmentCount is one segment's part of matchCounts: its matches (all),
// how many, those with every term in the title (everyDocs) and how many,
// and each term's title postings.
type segmentCount struct {
	all, everyDocs *roaring.Bitmap
	total, every   uint64
	titles         []*roaring.Bitmap
	inTitle        *roaring.Bitmap // the OR of titles, once the second tier is counted
}

// tier is the segment's documents of ranked's tier: 0, every term in the
// title; 1, some of them; 2, none. Nil if there are none.
func (sc segmentCount) tier(t int) *roaring.Bitmap {
	if sc.total == 0 {
		return nil
	}
	if t == 0 {
		return sc.everyDocs
	}
	inTitle := sc.inTitle
	if inTitle == nil {
		inTitle = roaring.FastOr(sc.titles...)
	}
	if t == 1 {
		docs := roaring.And(sc.all, inTitle)
		docs.AndNot(sc.everyDocs)
		return docs
	}
	return roaring.AndNot(sc.all, inTitle)
}

// countSegment counts one segment's live matches: the AND of every
// required clause (each filter, each term on the text field, or with
// IncludeHidden the text or the hidden text), minus the deleted documents
// and the excluded challenges; then of those, the ones with every term on
// the title field too.
func countSegment(s *scorch.SegmentSnapshot, q Query, terms []string) (segmentCount, error) {
	seg := s.Segment()
	var clauses []*roaring.Bitmap
	for _, f := range filterFields(q) {
		bm, err := postings(seg, f[0], f[1])
		if err != nil {
			return segmentCount{}, err
		}
		clauses = append(clauses, bm)
	}
	for _, t := range terms {
		bm, err := postings(seg, fieldText, t)
		if err != nil {
			return segmentCount{}, err
		}
		if q.IncludeHidden {
			hidden, err := postings(seg, fieldHiddenText, t)
			if err != nil {
				return segmentCount{}, err
			}
			bm = roaring.Or(bm, hidden)
		}
		clauses = append(clauses, bm)
	}
	if len(clauses) == 0 {
		return segmentCount{}, nil
	}
	// The smallest first: every AND after it is at most its size.
	smallest := 0
	for i, bm := range clauses {
		if bm.GetCardinality() < clauses[smallest].GetCardinality() {
			smallest = i
		}
	}
	all := clauses[smallest].Clone() // postings bitmaps are the segment's own: never change them
	for i, bm := range clauses {
		if i != smallest && !all.IsEmpty() {
			all.And(bm)
		}
	}
	if del := s.Deleted(); del != nil && !all.IsEmpty() {
		all.AndNot(del)
	}
	for _, id := range q.ExcludeChallenges {
		if all.IsEmpty() {
			break
		}
		bm, err := postings(seg, fieldChallenge, strconv.FormatInt(id, 10))
		if err != nil {
			return segmentCount{}, err
		}
		all.AndNot(bm)
	}
	c := segmentCount{all: all, total: all.GetCardinality()}
	if c.total == 0 {
		return c, nil
	}
	c.titles = make([]*roaring.Bitmap, len(terms))
	for i, t := range terms {
		bm, err := postings(seg, fieldTitle, t)
		if err != nil {
			return segmentCount{}, err
		}
		c.titles[i] = bm
	}
	// The smallest title postings first, the matches last: every AND is
	// at most the size of the first.
	titles := slices.SortedFunc(slices.Values(c.titles), func(a, b *roaring.Bitmap) int {
		return cmp.Compare(a.GetCardinality(), b.GetCardinality())
	})
	every := titles[0].Clone()
	for _, bm := range append(titles[1:], all) {
		if every.IsEmpty() {
			break
		}
		every.And(bm)
	}
	c.everyDocs, c.every = every, every.GetCardinality()
	return c, nil
}

// filterFields are the field and term of each of q's filters, as
// filterQueries makes them.
func filterFields(q Query) [][2]string {
	var fs [][2]string
	if q.Type != "" {
		fs = append(fs, [2]string{fieldType, q.Type})
	}
	if q.ChallengeID != 0 {
		fs = append(fs, [2]string{fieldChallenge, strconv.FormatInt(q.ChallengeID, 10)})
	}
	if q.State != "" {
		fs = append(fs, [2]string{fieldState, q.State})
	}
	if tag := normalizeTag(q.Tag); tag != "" {
		fs = append(fs, [2]string{fieldTag, tag})
	}
	return fs
}

// postingsList is the postings of term on field in seg.
func postingsList(seg segment.Segment, field, term string) (segment.PostingsList, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("search: dictionary of %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("search: postings of %s:%q: %w", field, term, err)
	}
	return pl, nil
}

// postings is the bitmap of the documents of seg whose field has term,
// deleted ones included. It may be the segment's own bitmap: read only.
// Every segment of a scorch index (zap) has its postings as bitmaps.
func postings(seg segment.Segment, field, term string) (*roaring.Bitmap, error) {
	pl, err := postingsList(seg, field, term)
	if err != nil {
		return nil, err
	}
	it, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
	if !ok {
		return nil, fmt.Errorf("search: count: postings of %s:%q are a %T, not bitmaps", field, term, pl)
	}
	if doc, ok := it.DocNum1Hit(); ok {
		bm := roaring.New()
		bm.Add(uint32(doc))
		return bm, nil
	}
	if bm := it.ActualBitmap(); bm != nil {
		return bm, nil
	}
	return roaring.New(), nil
}
