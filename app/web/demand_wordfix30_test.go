package web

import (
	"regexp"
	"strings"
	"testing"
)

// The demand page labels every price band of a design's demand curve with
// how many units would sell at it, not only the first, last and tallest.
func TestDemandCurveLabelsEveryBand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	poll, designs := qigePoll(t, h, admin) // bands 99, 199, 299
	for i, in := range []struct{ qty, price int }{{2, 199}, {1, 99}, {3, 299}} {
		fan := h.fan("f" + itoa(int64(i)) + "@fans.cn")
		h.api("PUT", "/api/v1/ideas/"+itoa(int64(designs[1]))+"/intent", fan,
			map[string]any{"quantity": in.qty, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": in.price}).must(t, 200)
	}
	b := h.adminBrowser()
	r := b.get("/challenges/"+itoa(int64(poll))+"/demand").must(t, 200)
	sec := r.Body[strings.Index(r.Body, `id="idea-`+itoa(int64(designs[1]))+`"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	curve := regexp.MustCompile(`(?s)<svg class="chart" data-kind="labelled-columns".*?</svg>`).FindString(sec)
	if curve == "" {
		t.Fatalf("no labelled demand curve:\n%s", sec)
	}
	// At ¥99 all 6 units sell, at ¥199 the 5 of who would pay that or
	// more, at ¥299 the 3 of the one who would pay it.
	for _, want := range []string{`>¥99</text>`, `>¥199</text>`, `>¥299</text>`, `class="chart-note" `, `>6</text>`, `>5</text>`, `>3</text>`} {
		if !strings.Contains(curve, want) {
			t.Errorf("the curve lacks %s:\n%s", want, curve)
		}
	}
	if n := strings.Count(curve, `class="chart-note"`); n != 3 {
		t.Errorf("%d counts on the curve, want one per band (3)", n)
	}
}
