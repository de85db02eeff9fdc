package search

import (
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"
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

	var spans [][2]int
	if len(terms) > 0 {
		for _, t := range textAnalyzer.Analyze([]byte(text)) {
			if terms[string(t.Term)] {
				spans = append(spans, [2]int{t.Start, t.End})
			}
		}
	}
	spans = mergeSpans(spans)

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
