package markdown

import (
	"unicode"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// cjkEmphasis lets ** and * open and close next to Chinese, Japanese and
// Korean text. CommonMark's flanking rule wants a run of asterisks that
// touches punctuation on its inner side to have white space or
// punctuation on its outer side: `**注意：**请看` and `这是**“引号”**测试`
// show their asterisks, as Chinese puts no space between a word and the
// next. Here a CJK letter on the outer side counts as that space does
// (the CJK-friendly amendment's rule for punctuation); everything else is
// CommonMark's. goldmark's own extension.CJK handles line breaks and
// escaped spaces, not emphasis. Underscores keep CommonMark's rule: they
// join words in names (snake_case) that Chinese text quotes.
type cjkEmphasis struct{}

func (cjkEmphasis) Extend(m goldmark.Markdown) {
	// Before goldmark's emphasis parser (500), which then never sees '*'.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(cjkEmphasis{}, 499)))
}

func (cjkEmphasis) Trigger() []byte { return []byte{'*'} }

func (cjkEmphasis) Parse(_ gast.Node, block text.Reader, pc parser.Context) gast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 1, asterisks{})
	if d == nil {
		return nil
	}
	after := ' ' // the end of the text is white space to CommonMark
	if n := d.OriginalLength; n < len(line) {
		after = util.ToRune(line, n)
	}
	d.CanOpen, d.CanClose = flanking(before, after)
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// flanking says whether a run of asterisks between before and after may
// open (left-flanking) and close (right-flanking) emphasis.
func flanking(before, after rune) (canOpen, canClose bool) {
	beforeSpace, afterSpace := util.IsSpaceRune(before), util.IsSpaceRune(after)
	beforePunct, afterPunct := util.IsPunctRune(before), util.IsPunctRune(after)
	canOpen = !afterSpace && (!afterPunct || beforeSpace || beforePunct || isCJK(before))
	canClose = !beforeSpace && (!beforePunct || afterSpace || afterPunct || isCJK(after))
	return canOpen, canClose
}

// isCJK reports whether r is a letter of Chinese, Japanese or Korean
// text, written without spaces between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// asterisks is the delimiter processor of cjkEmphasis's runs: goldmark's
// emphasis, for '*'.
type asterisks struct{}

func (asterisks) IsDelimiter(b byte) bool { return b == '*' }

func (asterisks) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (asterisks) OnMatch(consumes int) gast.Node { return gast.NewEmphasis(consumes) }
