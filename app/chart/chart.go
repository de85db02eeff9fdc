// Package chart draws small charts as inline SVG on the server: no script,
// no library to download, readable without JavaScript, and sharp on phones.
// Labels are escaped; colours come from CSS classes, so dark mode applies.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bar is one labelled value. Class styles the bar (e.g. "winner").
type Bar struct {
	Label string
	Value float64
	Note  string // shown after the bar, e.g. the formatted value
	Class string
}

// Bars draws horizontal bars, one per row, scaled to the largest absolute
// value; negative values grow left from a zero line, so z-scores read right.
// Each row puts its label on a line of its own above the bar, so a label
// keeps the whole width of a phone (about 22 Chinese characters or 44
// Latin ones before an ellipsis; the bar's tooltip has it whole), and the
// drawing is 320 units wide so that its 13-unit text is at least 13 px on a
// 375 px screen.
func Bars(title string, bars []Bar) template.HTML {
	const rowH, barW, noteW, labelCols = 40, 250, 70, 44
	width := barW + noteW
	height := rowH*len(bars) + 4
	maxAbs, hasNeg := 0.0, false
	for _, b := range bars {
		maxAbs = math.Max(maxAbs, math.Abs(b.Value))
		hasNeg = hasNeg || b.Value < 0
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	zero, span := 0.0, float64(barW)
	if hasNeg {
		zero, span = float64(barW)/2, float64(barW)/2
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" data-kind="bars" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		width, height, template.HTMLEscapeString(title))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(title))
	for i, b := range bars {
		y := 2 + i*rowH
		w := math.Abs(b.Value) / maxAbs * span
		x := zero
		if b.Value < 0 {
			x = zero - w
		}
		fmt.Fprintf(&sb, `<text class="chart-label" x="0" y="%d">%s</text>`, y+14, template.HTMLEscapeString(truncateWidth(b.Label, labelCols)))
		fmt.Fprintf(&sb, `<rect class="chart-bar %s" x="%.1f" y="%d" width="%.1f" height="%d" rx="3"><title>%s</title></rect>`,
			template.HTMLEscapeString(b.Class), x, y+20, math.Max(w, 1), 14, template.HTMLEscapeString(b.Label+": "+b.Note))
		fmt.Fprintf(&sb, `<text class="chart-note" x="%d" y="%d">%s</text>`, barW+6, y+32, template.HTMLEscapeString(b.Note))
	}
	if hasNeg {
		fmt.Fprintf(&sb, `<line class="chart-axis" x1="%.1f" y1="0" x2="%.1f" y2="%d"/>`, zero, zero, height)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// truncateWidth shortens s to at most cols columns, a wide (CJK) character
// counting two, with an ellipsis.
func truncateWidth(s string, cols int) string {
	n := 0
	for i, r := range s {
		w := 1
		if wide(r) {
			w = 2
		}
		if n+w > cols {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}

// wide reports whether r takes two columns: CJK ideographs, kana, Hangul
// and full-width forms.
func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6))
}

// Point is one value on a time axis.
type Point struct {
	Label string // e.g. "11-24"
	Value float64
}

// Columns draws vertical bars over time (votes per day), labelling the
// first, last and tallest so the chart stays readable on a phone: a day's
// own count is in its bar's tooltip, and what matters over weeks is the
// shape.
func Columns(title string, points []Point) template.HTML {
	const width, height, top, bottom = 360, 150, 16, 22
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		width, height, template.HTMLEscapeString(title), template.HTMLEscapeString(title))
	maxV, maxAt := 0.0, 0
	for i, p := range points {
		if p.Value > maxV {
			maxV, maxAt = p.Value, i
		}
	}
	if len(points) > 0 && maxV > 0 {
		slot := float64(width) / float64(len(points))
		barW := math.Min(math.Max(slot*0.7, 1), 36)
		plot := float64(height - top - bottom)
		for i, p := range points {
			h := p.Value / maxV * plot
			x := float64(i)*slot + (slot-barW)/2
			y := float64(height-bottom) - h
			fmt.Fprintf(&sb, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
				x, y, barW, math.Max(h, 0.5), template.HTMLEscapeString(p.Label), fmtValue(p.Value))
			if i == 0 || i == len(points)-1 || i == maxAt {
				anchor := "middle"
				if i == 0 {
					anchor = "start"
				} else if i == len(points)-1 {
					anchor = "end"
				}
				lx := math.Min(math.Max(x+barW/2, 0), float64(width))
				fmt.Fprintf(&sb, `<text class="chart-label" x="%.1f" y="%d" text-anchor="%s">%s</text>`, lx, height-6, anchor, template.HTMLEscapeString(p.Label))
				if i == maxAt {
					fmt.Fprintf(&sb, `<text class="chart-note" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x+barW/2, y-4, fmtValue(p.Value))
				}
			}
		}
	}
	fmt.Fprintf(&sb, `<line class="chart-axis" x1="0" y1="%d" x2="%d" y2="%d"/></svg>`, height-bottom, width, height-bottom)
	return template.HTML(sb.String())
}

// Chart text metrics, in the drawing's units: the columns' text is 12
// units high (static/app.css), a Latin letter or digit about 0.62 of that
// wide and a Chinese character the whole of it; labels keep a gap apart.
const (
	colText   = 12.0
	colNarrow = 0.62 * colText
	colGap    = 4.0
	colRowH   = 16.0
)

// textWidth estimates how wide s is drawn in the columns' text.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) {
			w += colText
		} else {
			w += colNarrow
		}
	}
	return w
}

// Staggered places one text per column, centred on its column but kept
// inside the drawing, on as few rows as keep neighbours on a row from
// touching: Row is the row of column i (0 the row nearest the bars).
// Lefts and Rights are each text's drawn extent.
type staggered struct {
	Rows          int
	X             []float64 // each text's centre
	Row           []int
	Lefts, Rights []float64
}

// stagger lays out texts of the given widths over n columns of slot units
// in a drawing width units wide. A text wider than the drawing is the
// caller's to shorten.
func stagger(widths []float64, slot, width float64) staggered {
	n := len(widths)
	var st staggered
	for rows := 1; rows <= max(n, 1); rows++ {
		st = staggered{Rows: rows, X: make([]float64, n), Row: make([]int, n), Lefts: make([]float64, n), Rights: make([]float64, n)}
		fits := true
		for i, w := range widths {
			c := float64(i)*slot + slot/2
			c = math.Min(math.Max(c, w/2+1), width-w/2-1) // a unit clear of the edges
			st.X[i], st.Row[i], st.Lefts[i], st.Rights[i] = c, i%rows, c-w/2, c+w/2
			if j := i - rows; j >= 0 && st.Rights[j]+colGap > st.Lefts[i] {
				fits = false
			}
		}
		if fits {
			return st
		}
	}
	return st
}

// LabelledColumns draws vertical bars each labelled below with its label
// and above with its value, for a few bars whose every value matters (the
// units a demand curve would sell at each price band): on a phone the
// labels and values that would touch their neighbours take turns on two
// or more rows rather than being left out. Text is never smaller than the
// other columns' and stays inside the drawing.
func LabelledColumns(title string, points []Point) template.HTML {
	const width, plot = 360, 110
	const labelCols = 46 // the drawing's width in narrow characters, less one
	n := len(points)
	labels, notes := make([]string, n), make([]string, n)
	lw, nw := make([]float64, n), make([]float64, n)
	maxV := 0.0
	for i, p := range points {
		labels[i] = truncateWidth(p.Label, labelCols)
		notes[i] = fmtValue(p.Value)
		lw[i], nw[i] = textWidth(labels[i]), textWidth(notes[i])
		maxV = math.Max(maxV, p.Value)
	}
	slot := float64(width) / float64(max(n, 1))
	ls, ns := stagger(lw, slot, width), stagger(nw, slot, width)
	top := 4 + colRowH*float64(ns.Rows)
	base := top + plot
	height := base + 6 + colRowH*float64(ls.Rows)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" data-kind="labelled-columns" viewBox="0 0 %d %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		width, height, template.HTMLEscapeString(title), template.HTMLEscapeString(title))
	if maxV <= 0 {
		maxV = 1
	}
	barW := math.Min(math.Max(slot*0.7, 1), 36)
	tops := make([]float64, n)
	for i, p := range points {
		tops[i] = base - math.Max(p.Value, 0)/maxV*plot
	}
	for i, p := range points {
		x := float64(i)*slot + (slot-barW)/2
		fmt.Fprintf(&sb, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
			x, tops[i], barW, math.Max(base-tops[i], 0.5), template.HTMLEscapeString(p.Label), notes[i])
		// A value sits just above the tallest bar under it, one row
		// higher per row it is staggered by.
		y := tops[i]
		for j := range points {
			if float64(j+1)*slot > ns.Lefts[i] && float64(j)*slot < ns.Rights[i] {
				y = math.Min(y, tops[j])
			}
		}
		fmt.Fprintf(&sb, `<text class="chart-note" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
			ns.X[i], y-4-colRowH*float64(ns.Row[i]), notes[i])
		fmt.Fprintf(&sb, `<text class="chart-label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
			ls.X[i], base+4+colRowH*float64(ls.Row[i]+1)-3, template.HTMLEscapeString(labels[i]))
	}
	fmt.Fprintf(&sb, `<line class="chart-axis" x1="0" y1="%.1f" x2="%d" y2="%.1f"/></svg>`, base, width, base)
	return template.HTML(sb.String())
}

func fmtValue(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// Timeline draws votes over time as columns of the honest background with
// a highlighted part stacked on top (a suspect group's votes), so a burst
// stands out against the crowd's own rhythm. labels name the first and last
// columns.
func Timeline(title, first, last string, background, highlight []float64) template.HTML {
	const width, height, top, bottom = 360, 140, 8, 20
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart timeline-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		width, height, template.HTMLEscapeString(title), template.HTMLEscapeString(title))
	n := min(len(background), len(highlight))
	maxV := 0.0
	for i := 0; i < n; i++ {
		maxV = math.Max(maxV, background[i]+highlight[i])
	}
	if n > 0 && maxV > 0 {
		slot := float64(width) / float64(n)
		barW := math.Max(slot*0.8, 1)
		plot := float64(height - top - bottom)
		for i := 0; i < n; i++ {
			x := float64(i)*slot + (slot-barW)/2
			hb := background[i] / maxV * plot
			hh := highlight[i] / maxV * plot
			base := float64(height - bottom)
			if hb > 0 {
				fmt.Fprintf(&sb, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x, base-hb, barW, hb)
			}
			if hh > 0 {
				fmt.Fprintf(&sb, `<rect class="chart-bar suspect" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
					x, base-hb-hh, barW, math.Max(hh, 1), fmtValue(highlight[i]))
			}
		}
	}
	fmt.Fprintf(&sb, `<line class="chart-axis" x1="0" y1="%d" x2="%d" y2="%d"/>`, height-bottom, width, height-bottom)
	fmt.Fprintf(&sb, `<text class="chart-label" x="0" y="%d" text-anchor="start">%s</text>`, height-5, template.HTMLEscapeString(first))
	fmt.Fprintf(&sb, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text></svg>`, width, height-5, template.HTMLEscapeString(last))
	return template.HTML(sb.String())
}
