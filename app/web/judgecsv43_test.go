package web

import (
	"encoding/csv"
	"fmt"
	"html"
	"strings"
	"testing"
)

// A judge downloads their own scorecards of a challenge (DESIGN §5, CSV
// exports "for admins and judges"), linked from their queue: their cards
// only, never another judge's; in a blind challenge, no author or vote.
func TestJcsv43AJudgeDownloadsTheirScorecards(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	r := h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	assigned := map[int][]int{}
	for _, a := range r.JSON["assignments"].([]any) {
		m := a.(map[string]any)
		assigned[num(m, "judge_id")] = append(assigned[num(m, "judge_id")], num(m, "idea_id"))
	}
	score := func(tok string, idea int, novelty float64, comment string) {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", idea), tok, map[string]any{"scores": map[string]float64{"novelty": novelty, "feasibility": 6}, "comment": comment}).must(t, 200)
	}
	score(e.j1, assigned[e.j1ID][0], 9, "很新颖")
	score(e.j2, assigned[e.j2ID][0], 3, "j2's secret opinion")

	j1 := h.browser()
	j1.signIn("j1@x.cn", "fan-password")
	download := fmt.Sprintf("/judging/challenges/%d/scores.csv", e.cid)
	if !strings.Contains(j1.zhPage("/judging"), `href="`+download+`"`) || !strings.Contains(j1.zhPage("/judging"), html.EscapeString(jT("zh", "jcsv43.download"))) {
		t.Errorf("the judge's queue does not offer their scorecards")
	}
	got := j1.get(download).must(t, 200)
	if !strings.HasPrefix(got.Header.Get("Content-Type"), "text/csv") || !strings.Contains(got.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("not a download: %v", got.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(got.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != "idea_id,idea_title,judge_id,judge_name,novelty,feasibility,comment,counted" {
		t.Fatalf("rows: %q", rows)
	}
	if row := rows[1]; row[0] != itoa(int64(assigned[e.j1ID][0])) || row[2] != itoa(int64(e.j1ID)) || row[4] != "9" || row[6] != "很新颖" || row[7] != "true" {
		t.Errorf("the judge's card: %q", row)
	}
	if strings.Contains(got.Body, "secret") || strings.Contains(got.Body, "fan@x.cn") {
		t.Errorf("the export shows another judge's card or an author:\n%s", got.Body)
	}

	// A fan may not; a judge sees nothing of a draft challenge.
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	fan.get(download).must(t, 403)
	h.toDraft(e.admin, e.cid)
	j1.get(download).must(t, 404)
}
