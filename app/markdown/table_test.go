package markdown

import (
	"strings"
	"testing"
	"time"
)

func TestTableCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"a table", "a | b\n--|--\n1 | 2", 3 * 2},
		{"outer pipes", "| a | b |\n|:-|-:|\n| 1 | 2 |\n| 3 | 4 |", 4 * 4},
		{"the widest line counts", "a|b\n-|-\n1|2|3|4", 3 * 4},
		{"one column with pipes", "|a|\n|-|", 2 * 3},
		{"pipes but no delimiter row", "a | b\nc | d", 0},
		{"a delimiter first is no delimiter", "--|--\na | b", 0},
		{"a dash among words is no delimiter", "a | b\nx-y | z", 0},
		{"colons and blanks alone are no delimiter", "a | b\n : | : ", 0},
		{"tabs", "a\t|\tb\n-\t|\t-", 2 * 2},
		{"one line", "a | b", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines [][]byte
			for l := range strings.SplitSeq(tc.text, "\n") {
				lines = append(lines, []byte(l+"\n"))
			}
			if got := tableCells(lines); got != tc.want {
				t.Errorf("tableCells(%q) = %d, want %d", tc.text, got, tc.want)
			}
		})
	}
}

// A header a thousand columns wide over thousands of one-character lines
// made millions of cells; now the table is left as text, rendered at once
// and about the size of what was written.
func TestAWideTableIsLeftAsText(t *testing.T) {
	src := strings.Repeat("a|", 1000) + "\n" + strings.Repeat("-|", 1000) + "\n" + strings.Repeat("x\n", 8000)
	start := time.Now()
	got := string(NewRenderer(0).Render(src))
	if strings.Contains(got, "<table>") {
		t.Error("a table of 9,000,000 cells was rendered as a table")
	}
	// Each of its one-character lines ends in a <br> (hard wraps): three
	// bytes of HTML for two of text.
	if len(got) > 3*len(src) {
		t.Errorf("%d characters rendered as %d bytes of HTML; want at most three times as many", len(src), len(got))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("rendering took %v", d)
	}
}

// Ordinary tables still render, up to MaxTableCells in one text together:
// ten tables of 600 cells each fit eight times, and the last two are text.
func TestTablesShareTheBound(t *testing.T) {
	one := "a | b\n--|--\n" + strings.Repeat("1 | 2\n", 298) // 300 lines × 2 cells
	got := string(NewRenderer(0).Render(one))
	if !strings.Contains(got, "<table>") || !strings.Contains(got, "<td>1</td>") || !strings.Contains(got, "<th>a</th>") {
		t.Fatalf("a table of 600 cells: %.200q, want a table", got)
	}
	ten := strings.Repeat(one+"\n", 10)
	got = string(NewRenderer(0).Render(ten))
	if n := strings.Count(got, "<table>"); n != MaxTableCells/600 {
		t.Errorf("ten tables of 600 cells: %d rendered as tables, want %d", n, MaxTableCells/600)
	}
	if !strings.Contains(got, "<p>a | b<br>\n--|--<br>\n1 | 2") {
		t.Errorf("the tables past the bound are not left as text: %.300q", got[len(got)-300:])
	}
}

// A link reference repeats its address at every use: 2,700 uses of one
// with a 9,000-character address rendered a 20,000-character body as
// 24.5 MB of HTML. Past MaxHTML the text is shown as written.
func TestAnHTMLBombIsShownAsWritten(t *testing.T) {
	src := "[a]: https://x.example/" + strings.Repeat("y", 9000) + "\n\n" + strings.Repeat("[a] ", 2700)
	got := string(NewRenderer(0).Render(src))
	if len(got) > MaxHTML(len(src)) {
		t.Errorf("%d characters rendered as %d bytes of HTML; want at most %d", len(src), len(got), MaxHTML(len(src)))
	}
	if strings.Contains(got, "<a ") || !strings.Contains(got, "[a]: https://x.example/yyy") {
		t.Errorf("the bomb is not shown as written: %.200q", got)
	}
	// A long ordinary text with links renders as it always did.
	ok := strings.Repeat("见 [海尔](https://haier.com/washing-machines) 的**新款**洗衣机。\n\n", 300)
	if got := string(NewRenderer(0).Render(ok)); strings.Count(got, `<a href="https://haier.com/washing-machines"`) != 300 {
		t.Errorf("an ordinary text of %d characters with 300 links did not render its links", len(ok))
	}
}

// A table of exactly MaxTableCells cells is still a table; one row more
// and it is text.
func TestATableAtTheBoundIsATable(t *testing.T) {
	table := func(lines int) string { // two cells a line, counted from above
		return "a | b\n--|--\n" + strings.Repeat("1 | 2\n", lines-2)
	}
	if got := string(NewRenderer(0).Render(table(MaxTableCells / 2))); !strings.Contains(got, "<table>") {
		t.Errorf("a table of exactly %d cells was not rendered as a table", MaxTableCells)
	}
	if got := string(NewRenderer(0).Render(table(MaxTableCells/2 + 1))); strings.Contains(got, "<table>") {
		t.Errorf("a table of %d cells was rendered as a table", MaxTableCells+2)
	}
}

// The writer takes exactly its bound, and not a byte more.
func TestCappedTakesItsBoundExactly(t *testing.T) {
	c := capped{left: 3}
	if n, err := c.Write([]byte("abc")); n != 3 || err != nil {
		t.Errorf("3 bytes into a bound of 3: %d, %v", n, err)
	}
	if _, err := c.Write([]byte("d")); err == nil {
		t.Error("a byte past the bound was taken")
	}
	c = capped{left: 3}
	if _, err := c.Write([]byte("abcd")); err == nil || c.buf.Len() != 0 {
		t.Errorf("4 bytes into a bound of 3: %v, %q kept", err, c.buf.String())
	}
}
