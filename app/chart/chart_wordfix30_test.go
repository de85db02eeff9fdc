package chart

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// svgText is one text of a drawing, as the tests read it back.
type svgText struct {
	Class  string  `xml:"class,attr"`
	X      float64 `xml:"x,attr"`
	Y      float64 `xml:"y,attr"`
	Anchor string  `xml:"text-anchor,attr"`
	Text   string  `xml:",chardata"`
}

type svgDrawing struct {
	ViewBox string     `xml:"viewBox,attr"`
	Rects   []struct{} `xml:"rect"`
	Texts   []svgText  `xml:"text"`
}

func readSVG(t *testing.T, svg string) (d svgDrawing, w, h float64) {
	t.Helper()
	if err := xml.Unmarshal([]byte(svg), &d); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if _, err := fmt.Sscanf(d.ViewBox, "0 0 %g %g", &w, &h); err != nil {
		t.Fatalf("viewBox %q: %v", d.ViewBox, err)
	}
	return d, w, h
}

// A demand curve's every band says its price and its count, whatever the
// number of bands (up to domain.MaxPriceBands, 10) and the prices' length
// (up to 1,000,000): on a 360-unit drawing (a 375 px phone) no two texts
// touch, none leaves the drawing, and none is smaller than the other
// charts' text.
func TestLabelledColumnsLabelEveryColumnAndFit(t *testing.T) {
	prices := func(n, base int) []Point {
		out := make([]Point, n)
		for i := range out {
			out[i] = Point{Label: "¥" + strconv.Itoa(base*(i+1)), Value: float64((n - i) * (n - i) * 3)}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		points []Point
	}{
		{"one band", []Point{{"¥199", 3}}},
		{"three bands", []Point{{"¥99", 4}, {"¥199", 3}, {"¥299", 3}}},
		{"zero at the top band", []Point{{"¥99", 2}, {"¥199", 0}}},
		{"ten short bands", prices(10, 9)},
		{"ten three-digit bands", prices(10, 99)},
		{"ten dear bands", prices(10, 99999)},
		{"ten bands near the limit", prices(10, 100000)},
		{"big counts", []Point{{"¥1000", 123456}, {"¥2000", 98765}, {"¥3000", 45678}, {"¥4000", 12345}, {"¥5000", 9999}, {"¥6000", 8888}, {"¥7000", 777}, {"¥8000", 66}, {"¥9000", 5}, {"¥10000", 1}}},
		{"nobody", []Point{{"¥99", 0}, {"¥199", 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, w, h := readSVG(t, string(LabelledColumns("需求曲线 <units>", tc.points)))
			if len(d.Rects) != len(tc.points) {
				t.Errorf("%d bars for %d bands", len(d.Rects), len(tc.points))
			}
			var labels, notes []svgText
			for _, x := range d.Texts {
				switch x.Class {
				case "chart-label":
					labels = append(labels, x)
				case "chart-note":
					notes = append(notes, x)
				}
			}
			if len(labels) != len(tc.points) || len(notes) != len(tc.points) {
				t.Fatalf("%d labels and %d counts for %d bands", len(labels), len(notes), len(tc.points))
			}
			for i, p := range tc.points {
				if labels[i].Text != p.Label || notes[i].Text != fmtValue(p.Value) {
					t.Errorf("band %d reads %q and %q, want %q and %v", i, labels[i].Text, notes[i].Text, p.Label, p.Value)
				}
			}
			all := append(append([]svgText{}, labels...), notes...)
			for i, a := range all {
				l, r := a.X-textWidth(a.Text)/2, a.X+textWidth(a.Text)/2
				if a.Anchor != "middle" || l < 0 || r > w || a.Y-colText < 0 || a.Y > h {
					t.Errorf("%q at (%.1f, %.1f), %.1f to %.1f, anchor %q: outside the %gx%g drawing", a.Text, a.X, a.Y, l, r, a.Anchor, w, h)
				}
				for _, b := range all[i+1:] {
					bl, br := b.X-textWidth(b.Text)/2, b.X+textWidth(b.Text)/2
					sameLine := a.Y-colText < b.Y && b.Y-colText < a.Y
					if sameLine && l < br && bl < r {
						t.Errorf("%q (%.1f–%.1f, y %.1f) and %q (%.1f–%.1f, y %.1f) overlap", a.Text, l, r, a.Y, b.Text, bl, br, b.Y)
					}
				}
			}
			if w != 360 {
				t.Errorf("drawing %g units wide, want 360 as the other columns (12-unit text is 11 px or more on a phone)", w)
			}
		})
	}
}

// The votes-per-day columns keep their rule: over weeks the shape is what
// matters, so only the first, last and tallest days are labelled.
func TestColumnsStillLabelFirstLastAndTallest(t *testing.T) {
	var pts []Point
	for i := 1; i <= 20; i++ {
		pts = append(pts, Point{fmt.Sprintf("11-%02d", i), float64(i % 7)})
	}
	d, _, _ := readSVG(t, string(Columns("votes", pts)))
	labels := 0
	for _, x := range d.Texts {
		if x.Class == "chart-label" {
			labels++
		}
	}
	if labels != 3 || strings.Count(string(Columns("votes", pts)), "<rect") != 20 {
		t.Errorf("%d day labels, want first, last and tallest", labels)
	}
}
