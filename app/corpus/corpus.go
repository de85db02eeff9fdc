// Package corpus generates realistic synthetic ideas, in Chinese, English and
// a mix of both, about the household products co-creation challenges are run
// for (washing machines, fridges, phones, clothes, air conditioners…).
//
// The search relevance tests, the load benchmark (a million ideas) and the
// demo data all need text that behaves like fans' submissions: recurring
// product words, problem phrases shared across ideas, English words dropped
// into Chinese sentences. Random strings would make every term unique and
// every search trivially fast, which is why this package exists.
//
// Generation is deterministic: Idea(i) depends only on the seed and i, so
// any idea can be regenerated on its own, in any order, from any goroutine.
package corpus

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Idea is one generated submission.
type Idea struct {
	Title   string
	Summary string
	Body    string
	Tags    []string
	Lang    string // "zh", "en" or "mixed"
	Topic   string // the product family, one of Topics()
}

// Generator makes ideas from a seed. It holds no mutable state, so one
// Generator may be shared by many goroutines.
type Generator struct {
	seed uint64
}

// New returns a generator; the same seed always yields the same ideas.
func New(seed int64) *Generator {
	return &Generator{seed: uint64(seed)}
}

// Topics lists the product families ideas are about, so that callers can
// create one challenge per topic and route ideas by Idea.Topic.
func Topics() []string {
	keys := make([]string, len(topics))
	for i, t := range topics {
		keys[i] = t.key
	}
	return keys
}

// choice is the set of concepts one idea is about; every sentence of the idea
// uses the same ones, so that the text stays on one subject.
type choice struct {
	t          *topic
	prob, feat term
	user       term
	mix        string
	zh         bool
}

// Idea returns the i-th idea of this generator's sequence.
func (g *Generator) Idea(i int) Idea {
	pcg := rand.NewPCG(g.seed, uint64(i))
	r := rand.New(pcg)

	t := &topics[r.IntN(len(topics))]
	c := choice{
		t:    t,
		prob: t.problems[r.IntN(len(t.problems))],
		feat: t.features[r.IntN(len(t.features))],
		user: users[r.IntN(len(users))],
		mix:  mixins[r.IntN(len(mixins))],
	}

	// Roughly the mix of a Chinese brand's portal: mostly Chinese, a good
	// share of English, and some fans who write in both.
	lang := "zh"
	switch n := r.IntN(100); {
	case n >= 90:
		lang = "mixed"
	case n >= 55:
		lang = "en"
	}

	idea := Idea{Lang: lang, Topic: t.key}
	c.zh = lang != "en"
	if c.zh {
		idea.Title = expand(zhTitleParts[r.IntN(len(zhTitleParts))], &c)
	} else {
		idea.Title = expand(enTitleParts[r.IntN(len(enTitleParts))], &c)
	}
	idea.Summary = g.sentences(r, &c, lang, 1)
	idea.Body = g.sentences(r, &c, lang, 3+r.IntN(4))

	n := 1 + r.IntN(3)
	idea.Tags = make([]string, 0, n)
	first := r.IntN(len(t.tags))
	for k := 0; k < n; k++ {
		idea.Tags = append(idea.Tags, t.tags[(first+k)%len(t.tags)])
	}
	return idea
}

// sentences joins n different sentences in the idea's language; a "mixed"
// idea alternates Chinese and English sentences, the way bilingual fans
// write.
func (g *Generator) sentences(r *rand.Rand, c *choice, lang string, n int) string {
	var b strings.Builder
	b.Grow(n * 90)
	// A random start and a stride coprime to the list length give n distinct
	// sentences without a shuffle.
	start := r.IntN(len(zhSentenceParts))
	for k := 0; k < n; k++ {
		c.zh = lang == "zh" || (lang == "mixed" && k%2 == 0)
		idx := (start + 3*k) % len(zhSentenceParts)
		// Chinese sentences run on without spaces; any sentence next to an
		// English one is separated by one.
		if k > 0 && lang != "zh" {
			b.WriteByte(' ')
		}
		if c.zh {
			b.WriteString(expand(zhSentenceParts[idx], c))
		} else {
			b.WriteString(expand(enSentenceParts[idx], c))
		}
	}
	c.zh = lang != "en"
	return b.String()
}

// part is a piece of a parsed template: literal text, or a slot to fill.
type part struct {
	lit  string
	slot string
}

var (
	zhTitleParts    = parseAll(zhTitles)
	enTitleParts    = parseAll(enTitles)
	zhSentenceParts = parseAll(zhSentences)
	enSentenceParts = parseAll(enSentences)
)

func init() {
	// sentences() indexes both lists with the same index and a stride of 3.
	if len(zhSentenceParts) != len(enSentenceParts) || len(zhSentenceParts)%3 == 0 {
		panic("corpus: sentence lists must have equal length, not a multiple of 3")
	}
}

func parseAll(templates []string) [][]part {
	out := make([][]part, len(templates))
	for i, s := range templates {
		out[i] = parse(s)
	}
	return out
}

// parse splits "a {p} b" into literal and slot parts once, at start-up, so
// that generating an idea is only appends.
func parse(s string) []part {
	var parts []part
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			break
		}
		if open > 0 {
			parts = append(parts, part{lit: s[:open]})
		}
		parts = append(parts, part{slot: s[open+1 : open+end]})
		s = s[open+end+1:]
	}
	if s != "" {
		parts = append(parts, part{lit: s})
	}
	return parts
}

func expand(parts []part, c *choice) string {
	var b strings.Builder
	b.Grow(96)
	for _, p := range parts {
		if p.slot == "" {
			b.WriteString(p.lit)
			continue
		}
		b.WriteString(c.fill(p.slot))
	}
	return b.String()
}

func (c *choice) fill(slot string) string {
	pick := func(t term) string {
		if c.zh {
			return t.zh
		}
		return t.en
	}
	switch slot {
	case "p":
		return pick(c.t.name)
	case "prob":
		return pick(c.prob)
	case "feat":
		return pick(c.feat)
	case "Feat":
		return capitalize(pick(c.feat))
	case "user":
		return pick(c.user)
	case "mix":
		return c.mix
	}
	panic("corpus: unknown template slot " + slot)
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
