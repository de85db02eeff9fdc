package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A refused form of the judging desk shows the desk again with what that
// form sent: the rubric's new criterion row, its crowd weight and boxes;
// the shortlist's number and ticks; the judges' ticks and judges per idea.
func TestForms26JudgingDeskKeepsTheRefusedForm(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	admin := h.adminBrowser()
	desk := fmt.Sprintf("/challenges/%d/judging", e.cid)
	post := func(action string, form url.Values) string {
		t.Helper()
		r := admin.post(desk, fmt.Sprintf("/challenges/%d/%s", e.cid, action), form)
		if r.Status != 400 {
			t.Fatalf("%s: status %d, want 400", action, r.Status)
		}
		return r.Body
	}
	want := func(what, page string, marks ...string) {
		t.Helper()
		for _, m := range marks {
			if !strings.Contains(page, m) {
				t.Errorf("%s: the desk lacks %q", what, m)
			}
		}
	}

	// The rubric: a new third criterion whose max is not above its min.
	page := post("rubric", url.Values{
		"key":          {"novelty", "feasibility", "impact", ""},
		"name":         {"新颖性", "Feasibility", "影响力", ""},
		"weight":       {"2", "1", "3", "1"},
		"min":          {"0", "0", "5", "1"},
		"max":          {"10", "10", "5", "10"},
		"crowd_weight": {"0.4"},
		// blind unticked, exclude_voters ticked
		"exclude_voters": {"1"},
	})
	want("rubric", page,
		`name="key" value="impact"`, `name="name" value="影响力"`, `name="weight" type="number" step="any" min="0" value="3"`,
		`name="min" type="number" step="any" value="5"`,
		`name="crowd_weight" type="number" step="0.05" min="0" max="1" value="0.4"`,
		`name="blind" value="1" >`, `name="exclude_voters" value="1" checked>`)
	if n := strings.Count(page, `name="key"`); n != 5 {
		t.Errorf("rubric: %d criterion rows, want the 3 sent and 2 blank", n)
	}

	// The shortlist: a number that is not whole, with ideas ticked.
	page = post("shortlist", url.Values{"top": {"7.5"}, "add": {itoa(int64(e.ideas[5]))}})
	want("shortlist", page, `name="top" type="number" min="0" value="7.5"`,
		fmt.Sprintf(`name="add" value="%d" checked>`, e.ideas[5]))
	if n := strings.Count(page, `name="add" value="`+itoa(int64(e.ideas[4]))+`" checked`); n != 0 {
		t.Error("shortlist: an idea not ticked is ticked")
	}

	// The judges: one left out, judges per idea not whole.
	page = post("judges", url.Values{"judges": {itoa(int64(e.j1ID))}, "per_idea": {"1.5"}})
	want("judges", page, `name="per_idea" type="number" min="1" max="2" step="1" value="1.5"`,
		fmt.Sprintf(`name="judges" value="%d" checked>`, e.j1ID), fmt.Sprintf(`name="judges" value="%d">`, e.j2ID))

	// Shown as asked for, the desk holds what is saved.
	page = admin.get(desk).must(t, 200).Body
	want("saved", page, `name="crowd_weight" type="number" step="0.05" min="0" max="1" value="0.25"`, `name="blind" value="1" checked>`,
		fmt.Sprintf(`name="judges" value="%d" checked>`, e.j2ID), `name="per_idea" type="number" min="1" max="2" step="1" value="2"`)
	if strings.Contains(page, "impact") || strings.Count(page, `name="key"`) != 4 {
		t.Error("saved: the refused criterion shows on the desk")
	}
}
