package search

import (
	"strconv"
	"strings"

	"cocreate/app/domain"
	"cocreate/app/markdown"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
)

// schemaVersion is stored inside the index. Bump it whenever the mapping or
// the analyzer changes: Open then reports ErrStale and the app rebuilds,
// instead of searching an index whose terms no longer match the queries.
const schemaVersion = "cocreate-search-4" // 2: project updates carry their idea's state; 3: title_in_text; 4: on_title

var schemaKey = []byte("cocreate_schema")

// Field names in the index.
//
// All the text of a document goes into one analysed field, because a query
// then costs one term searcher per word; a disjunction over title, summary,
// tags and body for every word made searches twice as slow. Hidden documents put their text in a field of their own,
// so that ordinary searches, which must not find them, simply never see
// their terms instead of subtracting them from every result.
const (
	fieldText       = "text"        // analysed: weighted title, summary, tags, body
	fieldHiddenText = "hidden_text" // the same for documents in a hidden state
	fieldTitle      = "title"       // analysed and stored: the title bonus, hit titles
	fieldOnTitle    = "on_title"    // stored only: a comment's or update's hit title, its idea's
	fieldSnippet    = "snippet"     // stored only: the text a highlight is cut from
	fieldRefs       = "refs"        // stored only: "challenge idea project" ids
	fieldType       = "type"        // keyword
	fieldState      = "state"       // keyword
	fieldTag        = "tag"         // keyword, one term per tag, lower-cased
	fieldChallenge  = "challenge"   // keyword: decimal id
	fieldCreated    = "created"     // keyword with doc values: sorts listings
	fieldHidden     = "hidden"      // keyword "1", only on hidden documents
	fieldSimilar    = "similar"     // challenge-scoped title terms of visible ideas
	// fieldTitleInText is made at analysis, not mapped (see titleInText):
	// the terms of a visible document's title, each with its frequency in
	// the text field and the text field's norm.
	fieldTitleInText = "title_in_text"
)

// Weights of the summary and tags against the body, applied by repeating
// them in the text: repetition raises the term frequency Bleve scores by,
// the way a boost would, without a searcher per field. The title, which
// should weigh most, gets a boosted query on its own field instead (see
// titleBoost): repeating it could not lift a long idea above a short
// comment, whose length alone gives its words a high score.
const (
	summaryRepeat = 2
	tagsRepeat    = 2
)

// analyzerName is the one analyzer for all text (Bleve has no Chinese
// analyzer that suits short user text, so it is composed here): unicode words, full-width forms folded, lower case, Chinese as
// overlapping bigrams plus single characters (so that a one-character query
// like 污 still matches), and English stemming (washes → wash).
const analyzerName = "cocreate_text"

// termsAnalyzerName splits a field of ready-made terms on spaces, as they are.
const termsAnalyzerName = "cocreate_terms"

// snippetRunes bounds the stored snippet. The body is not stored (at a
// million ideas it would dominate the index); highlights are cut from the
// summary, or the start of the body for comments and updates.
const snippetRunes = 240

func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomTokenFilter("cjk_bigram_unigram", map[string]any{
		"type":           cjk.BigramName,
		"output_unigram": true,
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			cjk.WidthName,
			lowercase.Name,
			"cjk_bigram_unigram",
			en.SnowballStemmerName,
		},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(termsAnalyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     whitespace.Name,
		"token_filters": []string{},
	}); err != nil {
		return nil, err
	}

	// No term vectors and no doc values on text: highlights are computed
	// from the stored snippet (highlight.go), and nothing sorts by text.
	// Both would roughly double the index at a million ideas.
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		// Not SkipFreqNorm, although filters need no scores: in bleve
		// v2.6.3 a term query on such a field scores NaN, which makes the
		// order of every result it is part of arbitrary.
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text(false))
	doc.AddFieldMappingsAt(fieldHiddenText, text(false))
	doc.AddFieldMappingsAt(fieldTitle, text(true))
	doc.AddFieldMappingsAt(fieldSnippet, storedOnly())
	doc.AddFieldMappingsAt(fieldOnTitle, storedOnly())
	doc.AddFieldMappingsAt(fieldRefs, storedOnly())
	doc.AddFieldMappingsAt(fieldType, kw(false))
	doc.AddFieldMappingsAt(fieldState, kw(false))
	doc.AddFieldMappingsAt(fieldTag, kw(false))
	doc.AddFieldMappingsAt(fieldChallenge, kw(false))
	doc.AddFieldMappingsAt(fieldCreated, kw(true))
	doc.AddFieldMappingsAt(fieldHidden, kw(false))
	similar := text(false)
	similar.Analyzer = termsAnalyzerName
	doc.AddFieldMappingsAt(fieldSimilar, similar)
	// Without this, bleve adds an "_all" composite field to every document.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m, m.Validate()
}

// docID is the bleve document id: ids are only unique within a type.
func docID(typ string, id int64) string {
	return typ + ":" + strconv.FormatInt(id, 10)
}

// parseDocID is the inverse of docID.
func parseDocID(s string) (Key, bool) {
	typ, num, ok := strings.Cut(s, ":")
	if !ok {
		return Key{}, false
	}
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return Key{}, false
	}
	return Key{Type: typ, ID: id}, true
}

// fields turns a Doc into what the mapping indexes. Invalid UTF-8 is
// replaced here so that neither the analyzer nor a highlight ever sees it.
func (d *Doc) fields() map[string]any {
	title := strings.ToValidUTF8(d.Title, "\uFFFD")
	summary := strings.ToValidUTF8(d.Summary, "\uFFFD")
	body := strings.ToValidUTF8(d.Body, "\uFFFD")
	tags := make([]string, 0, len(d.Tags))
	for _, t := range d.Tags {
		if t = normalizeTag(t); t != "" {
			tags = append(tags, t)
		}
	}
	snippet := summary
	if strings.TrimSpace(snippet) == "" {
		snippet = body
	}
	// A comment or a project update is found by its own words: its
	// idea's title is only shown (fieldOnTitle), neither searched nor
	// given the title's bonus. Searched, it put every short comment on
	// an idea ("@林小雨 你好") above the idea itself for the idea's own
	// title's words.
	titleKey := fieldTitle
	if d.Type == TypeComment || d.Type == TypeUpdate {
		titleKey, title = fieldOnTitle, ""
	}
	f := map[string]any{
		titleKey:       strings.ToValidUTF8(d.Title, "\uFFFD"),
		fieldSnippet:   snippetText(snippet),
		fieldRefs:      formatRefs(d.ChallengeID, d.IdeaID, d.ProjectID),
		fieldType:      d.Type,
		fieldState:     d.State,
		fieldChallenge: strconv.FormatInt(d.ChallengeID, 10),
		fieldCreated:   d.CreatedAt.UTC().Format(createdLayout),
	}
	if len(tags) > 0 {
		f[fieldTag] = tags
	}
	all := weightedText(title, summary, strings.Join(tags, " "), body)
	if d.hidden() {
		f[fieldHiddenText] = all
		f[fieldHidden] = "1"
	} else {
		f[fieldText] = all
		if d.Type == TypeIdea {
			f[fieldSimilar] = similarTerms(d.ChallengeID, title)
		}
	}
	return f
}

// hidden reports whether search leaves d out unless asked: a document of
// an idea that is not listed (domain.State.Listed: hidden, merged,
// withdrawn), which its comments and its project's updates carry.
func (d *Doc) hidden() bool {
	s, ok := domain.ParseState(d.State) // other documents' states (a challenge's phase) hide nothing
	return ok && !s.Listed()
}

// weightedText joins the text fields, each repeated by its weight. Newlines
// keep a run of Chinese from pairing across fields.
func weightedText(title, summary, tags, body string) string {
	var b strings.Builder
	b.Grow(len(title) + 1 + summaryRepeat*(len(summary)+1) + tagsRepeat*(len(tags)+1) + len(body))
	add := func(s string, n int) {
		if strings.TrimSpace(s) == "" {
			return
		}
		for range n {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	add(title, 1)
	add(summary, summaryRepeat)
	add(tags, tagsRepeat)
	add(body, 1)
	return b.String()
}

// similarTerms is the similar field of an idea: its title's significant
// terms, each prefixed with the challenge, so that a term's postings list
// only that challenge's visible ideas and its frequency is counted within
// the challenge: "7:二次 7:次污 7:污染".
func similarTerms(challengeID int64, title string) string {
	terms, _ := significantTerms(title)
	for i, t := range terms {
		terms[i] = similarTerm(challengeID, t)
	}
	return strings.Join(terms, " ")
}

func similarTerm(challengeID int64, term string) string {
	return strconv.FormatInt(challengeID, 10) + ":" + term
}

// createdLayout has a fixed width, so that sorting the keyword sorts by time.
const createdLayout = "2006-01-02T15:04:05.000000000Z"

// oneTermEach says whether every document has at most one term on field:
// fields gives type, challenge and state a single keyword each.
func oneTermEach(field string) bool {
	return field == fieldType || field == fieldChallenge || field == fieldState
}

// normalizeTag makes tag filters case-insensitive ("Battery" = "battery").
func normalizeTag(t string) string {
	return strings.ToLower(strings.TrimSpace(strings.ToValidUTF8(t, "")))
}

func formatRefs(challenge, idea, project int64) string {
	return strconv.FormatInt(challenge, 10) + " " + strconv.FormatInt(idea, 10) + " " + strconv.FormatInt(project, 10)
}

func parseRefs(s string) (challenge, idea, project int64) {
	parts := strings.Fields(s)
	ids := [3]int64{}
	for i := 0; i < len(parts) && i < 3; i++ {
		ids[i], _ = strconv.ParseInt(parts[i], 10, 64)
	}
	return ids[0], ids[1], ids[2]
}

// truncateRunes cuts s to at most n runes, on a rune boundary.
// snippetText is the stored snippet: the text as a reader sees it (no
// "##" or "**" in a result), cut to snippetRunes. Only a generous head of
// the source is rendered, so a 20,000-character body costs no more than a
// short one.
func snippetText(src string) string {
	return truncateRunes(markdown.Plain(truncateRunes(src, 4*snippetRunes)), snippetRunes)
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
