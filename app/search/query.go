package search

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"cocreate/app/domain"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Query is a search as a user asks it.
type Query struct {
	// Text is what the user typed, taken literally: quotes, colons, + and -
	// are not operators. Every word (every pair of Chinese characters, or a
	// character standing alone) must match, each in any field; English stop
	// words need not. If that finds nothing, a long run of Chinese is
	// relaxed (see Result.Relaxed). Empty text lists the documents matching
	// the filters, newest first; with no filter either, the result is
	// empty. Text made only of punctuation finds nothing.
	Text          string
	Type          string // "" = all types
	ChallengeID   int64  // 0 = all challenges
	State         string // "" = any state
	Tag           string // "" = any tag; case-insensitive
	IncludeHidden bool   // include hidden, merged and withdrawn ideas and their comments
	// ExcludeChallenges leaves out every document of these challenges (the
	// ones the caller may not see), inside the query, so Total counts
	// only what the caller may see.
	ExcludeChallenges []int64
	Limit             int // 0 = DefaultLimit; at most MaxLimit
	Offset            int // beyond MaxOffset, no hits (Total is still counted)
}

// titleBoost weighs a query word found in the title against the same word
// elsewhere: a match in the title is the best sign that the document is
// about what was searched.
const titleBoost = 2.0

// Paging bounds. Deep pages cost Bleve a heap of Offset+Limit hits per
// search, so offsets are bounded; nobody reads the 50th page of results.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	MaxOffset    = 1000
)

// Result is one page of hits.
type Result struct {
	Total uint64 // all matches, not only this page
	Hits  []Hit
	// Relaxed says that no document had every word, and the hits are those
	// that lack a word or two of a run of Chinese written without spaces
	// (see relaxedRun); a page may say "no exact matches" above them.
	Relaxed bool
	// Version and Key say what the result was read at and for: the index's
	// version and every field of the query. Two results with the same
	// Version and Key are the same, so what is made from a result (its
	// encoded answer) may be cached under them.
	Version uint64
	Key     string
}

// Hit is one matching document.
type Hit struct {
	Type        string
	ID          int64
	ChallengeID int64
	IdeaID      int64
	ProjectID   int64
	Title       string // plain text; escape when rendering
	// TitleHighlight and Highlight are HTML-escaped text with <mark> around
	// the matched words, safe to insert into a page as they are. Highlight
	// is cut from the summary (or, without one, the start of the body); a
	// match deeper in the body leaves it without marks.
	TitleHighlight template.HTML
	Highlight      template.HTML
	Score          float64
	// Unlisted is the state of a hit of an unlisted idea (hidden, merged,
	// withdrawn, expired; a comment or update carries its idea's, a hidden
	// comment hidden), found only with IncludeHidden, so that the page can
	// mark it; empty for every other hit.
	Unlisted string
}

// Search runs q. It never fails because of what the user typed. Hits come
// best first: those with every word in the title before the others (see
// ranked), each group by score.
//
// The same query asked again before the index changes (any Apply) is
// answered from resultCache: fans search the same few words during a
// campaign, and a query new to the server costs milliseconds of CPU at a
// million ideas.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	version, key := ix.version.Load(), q.key() // the version before the search
	if r, ok := ix.results.get(version, key); ok {
		return r, nil
	}
	select {
	case ix.running <- struct{}{}:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	defer func() { <-ix.running }()
	if r, ok := ix.results.get(version, key); ok {
		return r, nil // a searcher before us in the line asked the same
	}
	r, err := ix.search(ctx, q)
	if err == nil {
		r.Version, r.Key = version, key
		ix.results.put(version, key, r)
	}
	return r, err
}

func (ix *Index) search(ctx context.Context, q Query) (Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)
	if offset > MaxOffset {
		// Past the last page served: no hits, but still the total.
		limit, offset = 0, 0
	}

	terms := queryTerms(q.Text)
	filters := filterQueries(q)
	listing := len(terms) == 0
	if listing && (strings.TrimSpace(q.Text) != "" || (q.ChallengeID == 0 && q.State == "" && q.Tag == "")) {
		// Punctuation only, or nothing to search and nothing to filter by:
		// listing the whole index would be both useless and the slowest
		// query there is.
		return Result{Hits: []Hit{}}, nil
	}

	// Every read of one search is of one snapshot: the total, the
	// weights and each query's hits agree even while batches land.
	snap, err := ix.snapshot()
	if err != nil {
		return Result{}, err
	}
	defer func() { _ = snap.Close() }()

	var (
		total   uint64
		hits    blevesearch.DocumentMatchCollection
		relaxed bool
	)
	if listing {
		bq := excluding(query.NewBooleanQuery(filters, nil, nil), q)
		if !q.IncludeHidden {
			// Without terms there is no text field to leave hidden documents
			// out by; subtract them instead (listings are rare).
			bq.AddMustNot(keywordQuery(fieldHidden, "1"))
		}
		total, hits, err = ix.collect(ctx, snap, bq, limit, offset, newestFirst)
	} else {
		total, hits, err = ix.ranked(ctx, snap, q, terms, limit, offset)
	}
	if err != nil {
		return Result{}, fmt.Errorf("search: search %q: %w", q.Text, err)
	}

	// Nothing has every word: if the text has a long Chinese run, the
	// words in it may only be written apart (see relaxedRun). A strict
	// query without matches costs next to nothing, so trying strict first
	// keeps exact matches for the queries that have them.
	if total == 0 && !listing {
		if runs := chineseRuns(q.Text, terms); len(runs) > 0 {
			bq := excluding(query.NewBooleanQuery(append(filterQueries(q), relaxedTerms(terms, runs, q.IncludeHidden)...), titleTerms(terms), nil), q)
			if total, hits, err = ix.collect(ctx, snap, bq, limit, offset, bestFirst); err != nil {
				return Result{}, fmt.Errorf("search: search %q: %w", q.Text, err)
			}
			relaxed = true
		}
	}

	if err := loadFields(snap, hits); err != nil {
		return Result{}, fmt.Errorf("search: search %q: %w", q.Text, err)
	}
	marks := make(map[string]bool, len(terms))
	for _, t := range terms {
		marks[t] = true
	}
	out := Result{Total: total, Hits: make([]Hit, 0, len(hits)), Relaxed: relaxed && total > 0}
	for _, h := range hits {
		key, ok := parseDocID(h.ID)
		if !ok {
			continue
		}
		title, _ := h.Fields[fieldTitle].(string)
		if on, ok := h.Fields[fieldOnTitle].(string); ok {
			title = on
		}
		snippet, _ := h.Fields[fieldSnippet].(string)
		refs, _ := h.Fields[fieldRefs].(string)
		c, i, p := parseRefs(refs)
		out.Hits = append(out.Hits, Hit{
			Type:           key.Type,
			ID:             key.ID,
			ChallengeID:    c,
			IdeaID:         i,
			ProjectID:      p,
			Title:          title,
			TitleHighlight: highlight(title, marks, 0),
			Highlight:      highlight(snippet, marks, highlightRunes),
			Score:          h.Score,
		})
	}
	if q.IncludeHidden {
		if err := markUnlisted(ctx, snap, hits, out.Hits); err != nil {
			return Result{}, fmt.Errorf("search: search %q: %w", q.Text, err)
		}
	}
	return out, nil
}

// markUnlisted sets Unlisted on each of out whose document (hits, in the
// same order; a hit parseDocID refused is in neither) is in an unlisted
// state, read from the state field's postings in snap: the state is not
// stored, and only the searches of moderators and admins ask.
func markUnlisted(ctx context.Context, snap index.IndexReader, hits blevesearch.DocumentMatchCollection, out []Hit) error {
	var found []*blevesearch.DocumentMatch
	for _, h := range hits {
		if _, ok := parseDocID(h.ID); ok {
			found = append(found, h)
		}
	}
	order := make([]int, len(found))
	for i := range order {
		order[i] = i
	}
	// Ascending internal ids, so that each reader only moves forward.
	slices.SortFunc(order, func(a, b int) int { return found[a].IndexInternalID.Compare(found[b].IndexInternalID) })
	for _, st := range domain.UnlistedStates() {
		tfr, err := snap.TermFieldReader(ctx, []byte(st), fieldState, false, false, false)
		if err != nil {
			return err
		}
		for _, i := range order {
			d, err := tfr.Advance(found[i].IndexInternalID, nil)
			if err != nil {
				_ = tfr.Close()
				return err
			}
			if d != nil && d.ID.Equals(found[i].IndexInternalID) {
				out[i].Unlisted = string(st)
			}
		}
		if err := tfr.Close(); err != nil {
			return err
		}
	}
	return nil
}

// ranked runs the strict query of terms and returns the total and the
// page of hits at offset. The order is by tiers: first the documents with
// every word in their title, then those with some of the words in the
// title, then the others; each tier best score first (a score counts
// every word in the text and, with titleBoost, in the title; see
// titleTerms).
//
// That order is what lets a query score only a part of its matches. Bleve
// scores every match of a query to find its best ones; for a common word
// at a million ideas, tens of thousands. A page is made from the tiers it
// reaches, and only those are scored. The total and each tier's documents
// come from the postings bitmaps (countMatches), and a tier's documents
// are scored from the words' decoded postings (scoreTier), as the query
// of every match would score them, without Bleve's searchers: those read
// the words' postings lists whole for each query (zap cannot skip within
// them), and the decoded lists of the common words are kept between
// queries (postingsCache). With IncludeHidden (moderators' searches, a
// word may be in the hidden text instead) each tier is a Bleve query
// (tiers).
func (ix *Index) ranked(ctx context.Context, snap *scorch.IndexSnapshot, q Query, terms []string, limit, offset int) (uint64, blevesearch.DocumentMatchCollection, error) {
	counts, err := countMatches(snap, q, terms, uint64(offset+limit))
	if err != nil {
		return 0, nil, err
	}
	if counts.total == 0 || limit == 0 {
		return counts.total, nil, nil
	}
	var page func(tier int, size, from int) (blevesearch.DocumentMatchCollection, error)
	if q.IncludeHidden {
		every, some, none := tiers(q, terms, counts)
		page = func(tier int, size, from int) (blevesearch.DocumentMatchCollection, error) {
			_, hits, err := ix.collect(ctx, snap, []*query.BooleanQuery{every, some, none}[tier], size, from, bestFirst)
			return hits, err
		}
	} else {
		w, err := weighClauses(ctx, snap, q, terms)
		if err != nil {
			return 0, nil, err
		}
		s := newTierScorer(q, terms, w)
		page = func(tier int, size, from int) (blevesearch.DocumentMatchCollection, error) {
			return ix.scoreTier(ctx, snap, counts, s, tier, size, from)
		}
	}
	var (
		hits  blevesearch.DocumentMatchCollection
		start uint64 // the rank of the tier's first document
	)
	for tier, n := range []uint64{counts.every, counts.some, counts.total - counts.every - counts.some} {
		end := start + n
		if n > 0 && uint64(offset) < end && len(hits) < limit {
			more, err := page(tier, limit-len(hits), int(uint64(offset)-min(uint64(offset), start)))
			if err != nil {
				return 0, nil, err
			}
			hits = append(hits, more...)
		}
		start = end
	}
	return counts.total, hits, nil
}

// clauseWeights are Bleve's squared weights (idf², boost 1) of a query's
// clauses in one snapshot: each filter's and, per term, the term's on the
// text field and on the title field.
type clauseWeights struct {
	filters, text, title []float64
}

func weighClauses(ctx context.Context, r index.IndexReader, q Query, terms []string) (clauseWeights, error) {
	weight := func(field, term string) (float64, error) {
		s, err := searcher.NewTermSearcher(ctx, r, term, field, 1, blevesearch.SearcherOptions{})
		if err != nil {
			return 0, err
		}
		w := s.Weight()
		return w, s.Close()
	}
	var w clauseWeights
	for _, f := range filterFields(q) {
		x, err := weight(f[0], f[1])
		if err != nil {
			return clauseWeights{}, err
		}
		w.filters = append(w.filters, x)
	}
	for _, t := range terms {
		for _, fw := range []struct {
			field string
			to    *[]float64
		}{{fieldText, &w.text}, {fieldTitle, &w.title}} {
			x, err := weight(fw.field, t)
			if err != nil {
				return clauseWeights{}, err
			}
			*fw.to = append(*fw.to, x)
		}
	}
	return w, nil
}

// tiers are the queries of ranked's three tiers, each with the clauses of
// the query that scores every match (the same weights and query norm),
// and what it takes to be in the tier. ranked runs them for IncludeHidden
// only; other searches' tiers are scored by scoreTier.
//
//   - every has each title clause required: each of them matches its
//     documents, so each scores as in the full query (all of the title
//     clauses' coordination factor).
//   - some requires one title clause at least, through a disjunction of
//     them boosted by 0 (it weighs nothing in the query norm and adds 0 to
//     every score), and excludes every's documents if there are any
//     (excluding none would cost a searcher advanced at every match). Its
//     conjunction is led by that disjunction, the union of the words'
//     title postings: only its documents are scored.
//   - none excludes the documents with any word in the title, if there are
//     any.
func tiers(q Query, terms []string, c matchCounts) (every, some, none *query.BooleanQuery) {
	text := append(filterQueries(q), allTerms(terms, q.IncludeHidden)...)
	every = excluding(query.NewBooleanQuery(append(slices.Clip(text), titleTerms(terms)...), nil, nil), q)

	inTitle := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(fieldTitle)
		tq.SetBoost(0)
		inTitle[i] = tq
	}
	some = excluding(query.NewBooleanQuery(append(slices.Clip(text), query.NewDisjunctionQuery(inTitle)), titleTerms(terms), nil), q)
	if c.every > 0 {
		some.AddMustNot(query.NewConjunctionQuery(titleTerms(terms)))
	}

	none = excluding(query.NewBooleanQuery(text, titleTerms(terms), nil), q)
	if c.every+c.some > 0 {
		none.AddMustNot(query.NewDisjunctionQuery(titleTerms(terms)))
	}
	return every, some, none
}

// Orders of hits: by score, and newest first (listings).
var (
	bestFirst   = blevesearch.SortOrder{&blevesearch.SortScore{Desc: true}}
	newestFirst = blevesearch.SortOrder{blevesearch.ParseSearchSortString("-" + fieldCreated)}
)

// snapshot is a reader of the index as it is now, which stays as it is
// until closed. The index is a scorch index (Open and Rebuild make no
// other), whose snapshot countMatches reads.
func (ix *Index) snapshot() (*scorch.IndexSnapshot, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		_ = r.Close()
		return nil, fmt.Errorf("search: the index reader is a %T, not a scorch snapshot", r)
	}
	return snap, nil
}

// collect runs qy on the snapshot r and returns how many documents match
// and the page of size hits at from in order (without their fields: see
// loadFields). It is what Bleve's SearchInContext does for these requests
// (a top-N collector), on a reader the caller holds: SearchInContext opens
// a snapshot of its own.
func (ix *Index) collect(ctx context.Context, r index.IndexReader, qy query.Query, size, from int, order blevesearch.SortOrder) (uint64, blevesearch.DocumentMatchCollection, error) {
	s, err := qy.Searcher(ctx, r, ix.idx.Mapping(), blevesearch.SearcherOptions{})
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = s.Close() }()
	coll := collector.NewTopNCollector(size, from, order)
	if err := coll.Collect(ctx, s, r); err != nil {
		return 0, nil, err
	}
	return coll.Total(), coll.Results(), nil
}

// loadFields adds to each hit the stored fields a hit is made of, from r,
// the snapshot the hits were found in.
func loadFields(r index.IndexReader, hits blevesearch.DocumentMatchCollection) error {
	for _, h := range hits {
		doc, err := r.Document(h.ID)
		if err != nil {
			return err
		}
		if doc == nil {
			return fmt.Errorf("hit %s is not in the snapshot it was found in", h.ID)
		}
		doc.VisitFields(func(f index.Field) {
			switch f.Name() {
			case fieldTitle, fieldOnTitle, fieldSnippet, fieldRefs:
				if tf, ok := f.(index.TextField); ok {
					h.AddFieldValue(f.Name(), tf.Text())
				}
			}
		})
	}
	return nil
}

// Similar returns the ids of the visible ideas in a challenge whose titles
// are most like text, best first: the possible duplicates to show a fan
// while they type a new idea. Unlike Search, an idea need not contain every
// word; the more of the words its title shares, and the rarer they are in
// the challenge, the higher it ranks.
//
// It runs on every few keystrokes, so it reads one field made for it (see
// similarTerms): its terms are already limited to the visible ideas of one
// challenge, and the query is a plain disjunction, with no filters to
// intersect.
func (ix *Index) Similar(ctx context.Context, challengeID int64, text string, limit int) ([]int64, error) {
	if limit <= 0 {
		limit = 5
	}
	limit = min(limit, MaxLimit)
	terms := queryTerms(text)
	if len(terms) == 0 {
		return []int64{}, nil
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		qs[i] = keywordQuery(fieldSimilar, similarTerm(challengeID, t))
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), limit, 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: similar ideas in challenge %d: %w", challengeID, err)
	}
	ids := make([]int64, 0, len(res.Hits))
	for _, h := range res.Hits {
		if key, ok := parseDocID(h.ID); ok {
			ids = append(ids, key.ID)
		}
	}
	return ids, nil
}

// allTerms is one query per term on the text field, for a conjunction
// ("every term, each anywhere in the document": 电池 in the title and
// battery in the body still match "电池 battery") or a disjunction. With
// hidden, each term may match a hidden document's text instead.
func allTerms(terms []string, hidden bool) []query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(fieldText)
		qs[i] = tq
		if hidden {
			hq := query.NewTermQuery(t)
			hq.SetField(fieldHiddenText)
			qs[i] = query.NewDisjunctionQuery([]query.Query{tq, hq})
		}
	}
	return qs
}

// relaxedTerms is allTerms where each long run of Chinese characters need
// only match most of its bigrams. Without a dictionary the words of a run
// are unknown, and the bigram across two words (调噪 in 空调噪音, "air
// conditioner noise") appears only where the words are written together;
// a run of n bigrams may miss one bigram in two (n - (n-1)/2 required:
// 2 of 3, 3 of 4, 4 of 6). Terms outside the runs are all still required.
func relaxedTerms(terms []string, runs [][]string, hidden bool) []query.Query {
	inRun := map[string]bool{}
	var qs []query.Query
	budget := maxRelaxedBigrams
	for _, run := range runs {
		for _, t := range run {
			inRun[t] = true
		}
		// A disjunction reads the postings of every one of its bigrams,
		// however few match together: past the budget, a run's bigrams
		// are left out (no longer required), not added.
		run = run[:min(len(run), budget)]
		budget -= len(run)
		if len(run) < minRelaxedRun {
			continue
		}
		d := query.NewDisjunctionQuery(allTerms(run, hidden))
		d.SetMin(float64(relaxedRun(len(run))))
		qs = append(qs, d)
	}
	var rest []string
	for _, t := range terms {
		if !inRun[t] {
			rest = append(rest, t)
		}
	}
	return append(qs, allTerms(rest, hidden)...)
}

// minRelaxedRun is the fewest bigrams a run needs for relaxing it to make a
// difference: a run of two bigrams (a three-character word like 洗衣机)
// stays strict.
const minRelaxedRun = 3

// maxRelaxedBigrams bounds the bigrams of a relaxed query, over all its
// runs, in the query's order: a sentence of thirteen characters is relaxed
// whole; a pasted paragraph is relaxed by its start (one such query read
// every posting of up to 32 bigrams: 30 times a plain search's CPU).
const maxRelaxedBigrams = 12

// relaxedRun is how many of a run's n bigrams a relaxed match requires.
func relaxedRun(n int) int {
	return n - (n-1)/2
}

// titleTerms are optional clauses that add titleBoost-weighted scores for
// the terms found in the title.
func titleTerms(terms []string) []query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(fieldTitle)
		tq.SetBoost(titleBoost)
		qs[i] = tq
	}
	return qs
}

func keywordQuery(field, value string) query.Query {
	tq := query.NewTermQuery(value)
	tq.SetField(field)
	return tq
}

// filterQueries are the exact-match conditions of q. They are conjuncts,
// not a post-filter: Bleve then skips through the text terms' postings to
// the filter's documents instead of scoring every text match first.
// excluding subtracts the challenges q excludes from bq.
func excluding(bq *query.BooleanQuery, q Query) *query.BooleanQuery {
	for _, id := range q.ExcludeChallenges {
		bq.AddMustNot(keywordQuery(fieldChallenge, strconv.FormatInt(id, 10)))
	}
	return bq
}

func filterQueries(q Query) []query.Query {
	var qs []query.Query
	for _, f := range filterFields(q) {
		qs = append(qs, keywordQuery(f[0], f[1]))
	}
	return qs
}
