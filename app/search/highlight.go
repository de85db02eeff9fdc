package search

import (
	"html"
	"html/template"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
)

// highlightRunes is the length of a result's highlight, in characters.
const highlightRunes = 120

// highlight returns text, HTML-escaped, with <mark> around every word whose
// analysed term is in terms. If maxRunes > 0 and text is longer, it returns a
// window of about maxRunes around the first match, with ellipses.
//
// Bleve's own highlighter (its html formatter does escape the text) needs
// term vectors and the stored source of every highlighted field, which at a
// million ideas would roughly double the index. Re-analysing the few stored
// snippets of one page of hits costs microseconds instead, and since the
// same analyzer produced the index, a word is marked exactly when it could
// have matched.
func highlight(text string, terms map[string]bool, maxRunes int) template.HTML {
	if text == "" {
		return ""
	}
	text = strings.ToValidUTF8(text, "\uFFFD")

	spans := mergeSpans(termSpans(text, terms))

	from, to := 0, len(text)
	if maxRunes > 0 && utf8.RuneCountInString(text) > maxRunes {
		anchor := 0
		if len(spans) > 0 {
			anchor = spans[0][0]
		}
		from, to = window(text, anchor, maxRunes)
	}

	var b strings.Builder
	b.Grow(len(text) + 32)
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		start, end := max(s[0], pos), min(s[1], to)
		if start >= end {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		pos = end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	// Safe: every byte of user text above went through html.EscapeString;
	// the only markup is the literal <mark> pairs.
	return template.HTML(b.String())
}

// termSpans returns the byte ranges of text whose analysed terms are in
// terms, as the index's analyzer finds them (TestTermSpansAreTheAnalyzers
// checks each shortcut against it).
//
// Shortcuts for a page of hits: terms all of Chinese characters are found
// by their text alone (the analyzer makes a character and a pair of
// adjacent characters into themselves, nothing else into them); text of
// ASCII alone has no full-width forms and no Chinese to pair, so two of the
// analyzer's filters would pass it unchanged.
func termSpans(text string, terms map[string]bool) [][2]int {
	if len(terms) == 0 {
		return nil
	}
	var spans [][2]int
	if allHan(terms) {
		for t := range terms {
			for i := 0; ; {
				j := strings.Index(text[i:], t)
				if j < 0 {
					break
				}
				spans = append(spans, [2]int{i + j, i + j + len(t)})
				_, size := utf8.DecodeRuneInString(text[i+j:])
				i += j + size
			}
		}
		return spans
	}
	a := highlightAnalyzer
	if isASCII(text) {
		a = asciiAnalyzer
	}
	for _, t := range a.Analyze([]byte(text)) {
		if terms[string(t.Term)] {
			spans = append(spans, [2]int{t.Start, t.End})
		}
	}
	return spans
}

// allHan reports whether every term is one or two CJK unified ideographs
// (the analyzer's unigrams and bigrams of Chinese).
func allHan(terms map[string]bool) bool {
	for t := range terms {
		n := 0
		for _, r := range t {
			if !(r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF) {
				return false
			}
			n++
		}
		if n == 0 || n > 2 {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mergeSpans sorts byte ranges and joins those that overlap or touch, so
// that the bigrams 二次, 次污, 污染 become one mark around 二次污染.
func mergeSpans(spans [][2]int) [][2]int {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s[0] <= last[1] {
			last[1] = max(last[1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// window returns byte offsets of about n runes of text, starting a quarter
// of n before anchor so that the first match has some context before it.
func window(text string, anchor, n int) (from, to int) {
	lead := n / 4
	// Walk back lead runes from anchor.
	from = anchor
	for i := 0; i < lead && from > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	to = from
	for i := 0; i < n && to < len(text); i++ {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
	}
	// Near the end, slide back so that the window is still n runes long.
	for i := utf8.RuneCountInString(text[from:to]); i < n && from > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	return from, to
}

// highlightAnalyzer is textAnalyzer with its last filter, the English
// stemmer, remembering what it made of each word: the stemmer is a pure
// function of the word, and the most costly part of analysing a hit's
// text (it runs on every token, Chinese ones included). The words of the
// hits of a campaign's searches are a small vocabulary; at most
// stemCacheMax are kept.
var highlightAnalyzer = func() analysis.Analyzer {
	a, ok := textAnalyzer.(*analysis.DefaultAnalyzer)
	if !ok || len(a.TokenFilters) == 0 {
		return textAnalyzer
	}
	n := len(a.TokenFilters)
	filters := append(slices.Clip(a.TokenFilters[:n-1]), &stemCache{stem: a.TokenFilters[n-1]})
	return &analysis.DefaultAnalyzer{CharFilters: a.CharFilters, Tokenizer: a.Tokenizer, TokenFilters: filters}
}()

// asciiAnalyzer is highlightAnalyzer without the filters that change only
// full-width forms and Chinese, for text of ASCII alone.
var asciiAnalyzer = func() analysis.Analyzer {
	a, ok := highlightAnalyzer.(*analysis.DefaultAnalyzer)
	if !ok {
		return highlightAnalyzer
	}
	var filters []analysis.TokenFilter
	for _, f := range a.TokenFilters {
		switch f.(type) {
		case *cjk.CJKWidthFilter, *cjk.CJKBigramFilter:
		default:
			filters = append(filters, f)
		}
	}
	return &analysis.DefaultAnalyzer{CharFilters: a.CharFilters, Tokenizer: a.Tokenizer, TokenFilters: filters}
}()

const stemCacheMax = 1 << 16

// stemCache is a token filter that remembers stem's answers.
type stemCache struct {
	stem analysis.TokenFilter
	m    sync.Map // word -> []byte, its stem; shared, never changed
	size atomic.Int64
}

func (c *stemCache) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if s, ok := c.m.Load(string(tok.Term)); ok {
			tok.Term = s.([]byte)
			continue
		}
		word := string(tok.Term)
		c.stem.Filter(analysis.TokenStream{tok})
		if c.size.Load() < stemCacheMax {
			c.size.Add(1)
			c.m.Store(word, tok.Term)
		}
	}
	return input
}
