package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestBarsIsValidEscapedSVG(t *testing.T) {
	svg := string(Bars(`Final <score>`, []Bar{
		{Label: `<script>alert(1)</script>`, Value: 1.5, Note: "1.50", Class: "winner"},
		{Label: "二次污染解决方案很长的名字", Value: -0.5, Note: "-0.50"},
		{Label: "zero", Value: 0, Note: "0"},
	}))
	if strings.Contains(svg, "<script>") {
		t.Fatal("a label's markup reached the SVG")
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if strings.Count(svg, "<rect") != 3 || !strings.Contains(svg, "chart-axis") || !strings.Contains(svg, "…") {
		t.Errorf("unexpected chart: %s", svg)
	}
}

func TestBarsScalesToTheLargest(t *testing.T) {
	svg := string(Bars("t", []Bar{{Label: "a", Value: 10}, {Label: "b", Value: 5}}))
	if !strings.Contains(svg, `width="180.0"`) || !strings.Contains(svg, `width="90.0"`) {
		t.Errorf("bars not scaled 2:1: %s", svg)
	}
	if Bars("empty", nil) == "" {
		t.Error("an empty chart draws nothing at all")
	}
}

func TestColumnsDrawsOneBarPerPoint(t *testing.T) {
	svg := string(Columns("votes <per> day", []Point{{"11-20", 3}, {"11-21", 0}, {"11-22", 12}, {"11-23", 5}}))
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	if strings.Count(svg, "<rect") != 4 || !strings.Contains(svg, ">12</text>") || !strings.Contains(svg, "11-20") || !strings.Contains(svg, "11-23") {
		t.Errorf("columns: %s", svg)
	}
	if strings.Contains(svg, "<per>") {
		t.Error("title not escaped")
	}
	if empty := string(Columns("none", nil)); strings.Contains(empty, "<rect") {
		t.Error("an empty series drew bars")
	}
}

func TestTimelineStacksTheHighlightOnTheBackground(t *testing.T) {
	svg := string(Timeline(`votes <x>`, "11-24 10:00", "11-24 22:00", []float64{2, 4, 0}, []float64{0, 6, 0}))
	if strings.Count(svg, `class="chart-bar"`) != 2 || strings.Count(svg, `class="chart-bar suspect"`) != 1 {
		t.Fatalf("bars: %s", svg)
	}
	if strings.Contains(svg, "<x>") || !strings.Contains(svg, "11-24 22:00") {
		t.Fatalf("labels: %s", svg)
	}
	var x xmlCheck
	if err := xml.Unmarshal([]byte(svg), &x); err != nil {
		t.Fatalf("not XML: %v", err)
	}
}

type xmlCheck struct{}
