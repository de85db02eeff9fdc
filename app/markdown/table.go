package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxTableCells bounds the cells of all the tables in one text together.
// GFM fills every row of a table out to its header's width, so a header of
// a thousand columns over a thousand one-character lines is a million
// cells: a 20,000-character idea body rendered as 80 MB of HTML in 12 s,
// again for every reader once it no longer fit the cache. A table that
// would pass the bound is left as the text it was written as. Ten columns
// of about 400 rows fit (a row written with outer pipes counts two cells
// more). MaxHTML bounds what a text renders to; this bounds the work of
// parsing it, which a table's padding made millions of nodes first.
const MaxTableCells = 5000

// boundedTable is goldmark's GFM table extension with its paragraph
// transformer behind tableCells.
type boundedTable struct{}

func (boundedTable) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableBound{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewTableHTMLRenderer(), 500)))
}

// cellsKey keeps, per text, the cells its tables have taken so far.
var cellsKey = parser.NewContextKey()

type tableBound struct{ parser.ParagraphTransformer }

// Transform lets goldmark make a table of the paragraph only while the
// text's tables stay within MaxTableCells.
func (b tableBound) Transform(node *gast.Paragraph, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	segs := node.Lines()
	piped := false
	for i := 0; i < segs.Len() && !piped; i++ {
		seg := segs.At(i)
		piped = bytes.IndexByte(seg.Value(src), '|') >= 0
	}
	if !piped {
		return // most paragraphs: no pipe, no table, nothing to count
	}
	lines := make([][]byte, segs.Len())
	for i := range lines {
		seg := segs.At(i)
		lines[i] = seg.Value(src)
	}
	cells := tableCells(lines)
	if cells == 0 {
		return // no table: nothing for goldmark to do
	}
	used, _ := pc.Get(cellsKey).(int)
	if used+cells > MaxTableCells {
		return
	}
	pc.Set(cellsKey, used+cells)
	b.ParagraphTransformer.Transform(node, reader, pc)
}

// tableCells bounds from above the cells a paragraph of these lines can
// make as a table: 0 when no line after the first can be a delimiter row
// (only pipes, dashes, colons and blanks, with a dash); otherwise the
// lines' count times one more than the most pipes a line has, as a row has
// at most that many cells.
func tableCells(lines [][]byte) int {
	delimiter := false
	pipes := 0
	for i, l := range lines {
		n, dash, other := 0, false, false
		for _, c := range l {
			switch c {
			case '|':
				n++
			case '-':
				dash = true
			case ':', ' ', '\t', '\n', '\r':
			default:
				other = true
			}
		}
		pipes = max(pipes, n)
		if i > 0 && dash && !other {
			delimiter = true
		}
	}
	if !delimiter {
		return 0
	}
	return len(lines) * (pipes + 1)
}
