package search

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// markupFree reports whether h has no markup besides <mark> pairs, i.e.
// every < and > of the user's text arrived escaped.
func markupFree(h string) bool {
	h = strings.ReplaceAll(h, "<mark>", "")
	h = strings.ReplaceAll(h, "</mark>", "")
	return !strings.ContainsAny(h, `<>"'`)
}

func TestHighlightIsEscaped(t *testing.T) {
	ix := openWith(t, seedDocs())
	for _, q := range []string{"hack", "script", "img onerror", "iframe", "洗衣机 quotes"} {
		r := mustSearch(t, ix, Query{Text: q})
		if rank(r, Key{TypeIdea, 20}) < 0 {
			t.Fatalf("%q does not find idea 20: %v", q, keys(r))
		}
		h := r.Hits[rank(r, Key{TypeIdea, 20})]
		for _, html := range []string{string(h.TitleHighlight), string(h.Highlight)} {
			if !markupFree(html) {
				t.Errorf("%q: highlight has live markup: %s", q, html)
			}
		}
	}
	r := mustSearch(t, ix, Query{Text: "script"})
	if got, want := string(r.Hits[0].TitleHighlight), `&lt;<mark>script</mark>&gt;alert(&#34;title&#34;)&lt;/<mark>script</mark>&gt; 洗衣机 hack`; got != want {
		t.Errorf("title highlight\n got %s\nwant %s", got, want)
	}
	// The snippet is the summary as a reader sees it (markdown.Plain): raw
	// HTML is dropped, as the page drops it; what remains is escaped.
	r = mustSearch(t, ix, Query{Text: "hack"})
	if got := string(r.Hits[0].Highlight); strings.Contains(got, "img") || !strings.HasPrefix(got, "洗衣机 &amp; &#34;quotes&#34;") {
		t.Errorf("summary highlight %s", got)
	}
}

func TestHighlightMarksMatches(t *testing.T) {
	ix := openWith(t, seedDocs())
	cases := []struct {
		query string
		key   Key
		title string // a fragment of the title highlight ("" = skip)
		text  string // a fragment of the highlight ("" = skip)
	}{
		// Bigram marks join into one mark around the phrase.
		{"二次污染", Key{TypeIdea, 1}, "洗衣机<mark>二次污染</mark>的", "杜绝<mark>二次污染</mark>。"},
		// A lone character marks only itself, not the bigrams around it.
		{"污", Key{TypeIdea, 4}, "衣领<mark>污</mark>渍", "袖口的<mark>污</mark>渍"},
		{"污", Key{TypeIdea, 1}, "二次<mark>污</mark>染", ""},
		{"washes", Key{TypeIdea, 3}, "Quiet <mark>washing</mark> at night", "the <mark>washing</mark> machine"},
		{"BATTERIES 电池", Key{TypeIdea, 5}, "更换<mark>电池</mark>的", "<mark>电池</mark>老化"},
		// A comment has no summary: its highlight is cut from the body.
		{"支持 方案", Key{TypeComment, 101}, "", "<mark>支持</mark>这个<mark>方案</mark>"},
	}
	for _, c := range cases {
		r := mustSearch(t, ix, Query{Text: c.query, Limit: MaxLimit})
		i := rank(r, c.key)
		if i < 0 {
			t.Errorf("%q does not find %v", c.query, c.key)
			continue
		}
		h := r.Hits[i]
		if !strings.Contains(string(h.TitleHighlight), c.title) {
			t.Errorf("%q: title highlight %s lacks %s", c.query, h.TitleHighlight, c.title)
		}
		if !strings.Contains(string(h.Highlight), c.text) {
			t.Errorf("%q: highlight %s lacks %s", c.query, h.Highlight, c.text)
		}
	}
}

func TestHighlightWindow(t *testing.T) {
	long := strings.Repeat("前面的内容很长。", 30) + "这里提到二次污染。" + strings.Repeat("后面还有很多字。", 30)
	got := string(highlight(long, map[string]bool{"二次": true, "次污": true, "污染": true}, 40))
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("window lacks ellipses: %s", got)
	}
	if !strings.Contains(got, "<mark>二次污染</mark>") {
		t.Errorf("window misses the match: %s", got)
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got)
	if n := utf8.RuneCountInString(plain); n != 40 {
		t.Errorf("window is %d runes, want 40: %s", n, got)
	}
	if !utf8.ValidString(got) {
		t.Errorf("window cut a character: %q", got)
	}

	// No match: the start of the text.
	got = string(highlight(long, map[string]bool{"电池": true}, 10))
	if got != "前面的内容很长。前面…" {
		t.Errorf("unmatched window = %s", got)
	}
	// A match at the very end still gets a full window.
	got = string(highlight(strings.Repeat("字", 50)+"污", map[string]bool{"污": true}, 10))
	if got != "…字字字字字字字字字<mark>污</mark>" {
		t.Errorf("window at end = %s", got)
	}
}

func TestMergeSpans(t *testing.T) {
	got := mergeSpans([][2]int{{6, 12}, {0, 6}, {3, 9}, {20, 25}, {14, 18}})
	want := [][2]int{{0, 12}, {14, 18}, {20, 25}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// TestHighlightAnalyzerIsTheIndexAnalyzer: the highlighter's analyzer (the
// index's, with the stemmer's answers remembered) makes the same terms at
// the same offsets as the index's, the first time a word is seen and the
// next.
func TestHighlightAnalyzerIsTheIndexAnalyzer(t *testing.T) {
	var texts []string
	for _, d := range relevanceDocs() {
		texts = append(texts, d.Title, d.Summary, d.Body)
	}
	g := corpusGen()
	for i := range 1000 {
		d := generatedIdea(g, 1, i)
		texts = append(texts, d.Title, d.Summary, d.Body)
	}
	texts = append(texts, "Ｗａｓｈｉｎｇ ﾃｽﾄ WASHES flies dying 二次污染，二次 污染 電池 battery's", "")
	for pass := range 2 {
		for _, s := range texts {
			want, got := textAnalyzer.Analyze([]byte(s)), highlightAnalyzer.Analyze([]byte(s))
			if len(got) != len(want) {
				t.Fatalf("pass %d, %q: %d tokens, want %d", pass, s, len(got), len(want))
			}
			for i := range want {
				if string(got[i].Term) != string(want[i].Term) || got[i].Start != want[i].Start || got[i].End != want[i].End {
					t.Fatalf("pass %d, %q: token %d is %q %d-%d, want %q %d-%d", pass, s, i,
						got[i].Term, got[i].Start, got[i].End, want[i].Term, want[i].Start, want[i].End)
				}
			}
		}
	}
}

// BenchmarkHighlight highlights the title and snippet of generated ideas,
// as a page of hits does.
func BenchmarkHighlight(b *testing.B) {
	g := corpusGen()
	var titles, snippets []string
	for i := range 200 {
		d := generatedIdea(g, 1, i)
		titles, snippets = append(titles, d.Title), append(snippets, snippetText(d.Summary))
	}
	marks := map[string]bool{"电池": true, "batteri": true, "wash": true, "二次": true, "次污": true, "污染": true}
	for i := 0; b.Loop(); i++ {
		highlight(titles[i%len(titles)], marks, 0)
		highlight(snippets[i%len(snippets)], marks, highlightRunes)
	}
}

// TestTermSpansAreTheAnalyzers checks termSpans's shortcuts against the
// index's own analyzer: the same marks on the relevance documents,
// generated ideas and awkward text, for the bench's queries and for terms
// taken from each text itself (Chinese alone, and mixed).
func TestTermSpansAreTheAnalyzers(t *testing.T) {
	reference := func(text string, terms map[string]bool) [][2]int {
		var spans [][2]int
		for _, tok := range textAnalyzer.Analyze([]byte(text)) {
			if terms[string(tok.Term)] {
				spans = append(spans, [2]int{tok.Start, tok.End})
			}
		}
		return mergeSpans(spans)
	}
	texts := []string{
		"二，次污染", "二\u200d次污染", "二\u0301次", "々二次〇", "ｈｅｌｌｏ二次", "二次二次二次", "污污污", "abc二次def",
		"二次123", "日本語のテキスト二次", "ﾃｽﾄ 二次", "한국어 二次", "\U00020000二次", "二次\n污染", "電池 电池 battery's BATTERIES",
		"Ｗａｓｈｉｎｇ machines", "washes, washing; washed", "e-mail 二次-污染", "二次 污染", "二", "",
	}
	for _, d := range relevanceDocs() {
		texts = append(texts, d.Title, snippetText(d.Summary), d.Body)
	}
	g := corpusGen()
	for i := range 1500 {
		d := generatedIdea(g, 1, i)
		texts = append(texts, d.Title, snippetText(d.Summary))
	}
	var sets []map[string]bool
	for _, q := range append(benchQueries, Query{Text: "二次 污 二"}, Query{Text: "washes 二次"}, Query{Text: "电池"}) {
		set := map[string]bool{}
		for _, term := range queryTerms(q.Text) {
			set[term] = true
		}
		sets = append(sets, set)
	}
	// Overlapping occurrences: 污污污 is 污污 twice, one character apart.
	sets = append(sets, map[string]bool{"污污": true}, map[string]bool{"次二": true, "二次": true})
	checked, shortcut := 0, 0
	for i, text := range texts {
		own := sets
		han, mixed := map[string]bool{}, map[string]bool{}
		for j, tok := range textAnalyzer.Analyze([]byte(text)) {
			if j%3 == i%3 {
				mixed[string(tok.Term)] = true
				if allHan(map[string]bool{string(tok.Term): true}) {
					han[string(tok.Term)] = true
				}
			}
		}
		for _, set := range append(own, han, mixed) {
			if len(set) == 0 {
				continue
			}
			if allHan(set) || isASCII(text) {
				shortcut++
			}
			checked++
			if got, want := mergeSpans(termSpans(text, set)), reference(text, set); !slices.Equal(got, want) {
				t.Errorf("%q with %v: spans %v, want %v", text, slices.Collect(maps.Keys(set)), got, want)
			}
		}
	}
	t.Logf("%d texts and term sets compared, %d by a shortcut", checked, shortcut)
}
