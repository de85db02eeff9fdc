package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// Bounds on what one query may cost. Each term becomes two term searchers
// (text and title); a pasted essay must not become thousands of them.
const (
	maxQueryBytes = 1000
	maxTerms      = 32
)

// stopWords are English words too common to require: "a fridge with a
// drawer" should not fail for an idea that never says "with". They are
// still indexed (by the one analyzer of mapping.go), only not
// demanded of a match, unless the query has nothing else.
var stopWords = func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(en.EnglishStopWords); err != nil {
		panic(err)
	}
	return m
}()

// textAnalyzer is the index's analyzer, built from the same mapping the
// index stores (the schema version guarantees they agree). Analyzers hold no
// state between calls, so one serves every goroutine.
var textAnalyzer = func() analysis.Analyzer {
	m, err := newMapping()
	if err != nil {
		panic(err)
	}
	a := m.AnalyzerNamed(analyzerName)
	if a == nil {
		panic("search: analyzer " + analyzerName + " missing from the mapping")
	}
	return a
}()

// queryTerms returns the distinct terms a match for user text must contain,
// in query order: significantTerms, or the stop words if that is all the
// text has, at most maxTerms of them.
func queryTerms(text string) []string {
	terms, stops := significantTerms(clipQuery(text))
	if len(terms) == 0 {
		terms = stops
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	return terms
}

// clipQuery makes user text valid UTF-8 of at most maxQueryBytes.
func clipQuery(text string) string {
	text = strings.ToValidUTF8(text, " ")
	if len(text) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return text
}

// significantTerms analyses valid UTF-8 text with the index's analyzer and
// returns its distinct terms in order, English stop words apart.
//
// The analyzer emits, for a run of Chinese characters, every bigram and every
// single character. Requiring the single characters too would only repeat
// what the bigrams already demand, and for highlighting it would mark every
// lone 次 in a document for the query 二次污染; so a single character counts
// only when it stands alone (the query 污), which is what makes
// one-character searches work.
func significantTerms(text string) (terms, stops []string) {
	tokens := textAnalyzer.Analyze([]byte(text))

	// Offsets where a bigram starts or ends: a single character sharing one
	// is part of a longer run.
	inRun := make(map[int]bool)
	for _, t := range tokens {
		if t.Type == analysis.Double {
			inRun[t.Start] = true
			inRun[t.End] = true
		}
	}

	seen := make(map[string]bool, len(tokens))
	for _, t := range tokens {
		if t.Type == analysis.Single && (inRun[t.Start] || inRun[t.End]) {
			continue
		}
		term := string(t.Term)
		if seen[term] {
			continue
		}
		seen[term] = true
		if t.Type != analysis.Double && t.Type != analysis.Single && stopWords[strings.ToLower(text[t.Start:t.End])] {
			stops = append(stops, term)
			continue
		}
		terms = append(terms, term)
	}
	return terms, stops
}

// chineseRuns returns, for each run of Chinese characters in text long
// enough to be relaxed (see relaxedRun), its bigrams in order, keeping only
// those in keep.
func chineseRuns(text string, keep []string) [][]string {
	kept := make(map[string]bool, len(keep))
	for _, t := range keep {
		kept[t] = true
	}
	var runs [][]string
	var run []string
	end := -1 // end offset of the run's last bigram
	flush := func() {
		if len(run) >= minRelaxedRun {
			runs = append(runs, run)
		}
		run = nil
	}
	for _, t := range textAnalyzer.Analyze([]byte(clipQuery(text))) {
		if t.Type != analysis.Double {
			continue
		}
		// Bigrams of one run overlap by a character.
		if t.Start >= end {
			flush()
		}
		end = t.End
		if kept[string(t.Term)] {
			run = append(run, string(t.Term))
		}
	}
	flush()
	return runs
}
