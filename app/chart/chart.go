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
func Bars(title string, bars []Bar) template.HTML {
	const rowH, labelW, barW, noteW = 28, 150, 180, 70
	width := labelW + barW + noteW
	height := rowH*len(bars) + 8
	maxAbs, hasNeg := 0.0, false
	for _, b := range bars {
		maxAbs = math.Max(maxAbs, math.Abs(b.Value))
		hasNeg = hasNeg || b.Value < 0
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	zero, span := float64(labelW), float64(barW)
	if hasNeg {
		zero, span = float64(labelW)+float64(barW)/2, float64(barW)/2
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		width, height, template.HTMLEscapeString(title))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(title))
	for i, b := range bars {
		y := 4 + i*rowH
		w := math.Abs(b.Value) / maxAbs * span
		x := zero
		if b.Value < 0 {
			x = zero - w
		}
		fmt.Fprintf(&sb, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+18, template.HTMLEscapeString(truncate(b.Label, 14)))
		fmt.Fprintf(&sb, `<rect class="chart-bar %s" x="%.1f" y="%d" width="%.1f" height="%d" rx="3"><title>%s</title></rect>`,
			template.HTMLEscapeString(b.Class), x, y+4, math.Max(w, 1), rowH-10, template.HTMLEscapeString(b.Label+": "+b.Note))
		fmt.Fprintf(&sb, `<text class="chart-note" x="%d" y="%d">%s</text>`, labelW+barW+6, y+18, template.HTMLEscapeString(b.Note))
	}
	if hasNeg {
		fmt.Fprintf(&sb, `<line class="chart-axis" x1="%.1f" y1="0" x2="%.1f" y2="%d"/>`, zero, zero, height)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// truncate shortens s to n characters, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
