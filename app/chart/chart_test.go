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
		{Label: "洗衣机内筒自清洁与银离子抑菌的组合方案以及更多更多的说明", Value: 1, Note: "1"},
	}))
	if strings.Contains(svg, "<script>") {
		t.Fatal("a label's markup reached the SVG")
	}
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if strings.Count(svg, "<rect") != 4 || !strings.Contains(svg, "chart-axis") || !strings.Contains(svg, "…") {
		t.Errorf("unexpected chart: %s", svg)
	}
}

func TestBarsScalesToTheLargest(t *testing.T) {
	svg := string(Bars("t", []Bar{{Label: "a", Value: 10}, {Label: "b", Value: 5}}))
	if !strings.Contains(svg, `width="250.0"`) || !strings.Contains(svg, `width="125.0"`) {
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

// A label keeps the phone's whole width: a 13-character Chinese title is
// shown whole, a longer one is cut at 22 wide characters (44 columns).
func TestBarsLabelsFitAPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"二次污染解决方案很长的名字", "二次污染解决方案很长的名字"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四", "一二三四五六七八九十一二三四五六七八九十一二…"},
		{"Drum that cleans itself with silver ions", "Drum that cleans itself with silver ions"},
		{strings.Repeat("a", 50), strings.Repeat("a", 44) + "…"},
		{"中a" + strings.Repeat("文", 30), "中a" + strings.Repeat("文", 20) + "…"},
	} {
		if got := truncateWidth(tc.in, 44); got != tc.want {
			t.Errorf("truncateWidth(%q) = %q, want %q", tc.in, got, tc.want)
		}
		svg := string(Bars("t", []Bar{{Label: tc.in, Value: 1}}))
		if !strings.Contains(svg, ">"+tc.want+"</text>") {
			t.Errorf("the label %q is not drawn as %q: %s", tc.in, tc.want, svg)
		}
	}
}
