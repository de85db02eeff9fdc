package web

import (
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// smallfix30Judging is a challenge judged under "exclude voters" by two
// judges, each assigned the three shortlisted ideas X, Y, Z. Judge A scores
// X and then votes for it; judge B scores all three. Judge A has not yet
// scored Y or Z.
type smallfix30Judging struct {
	h                *harness
	admin, ja, jb    string
	jaID, jbID, cid  int
	x, y, z          int
	excludeVotersRub func(bool) map[string]any
}

func newSmallfix30Judging(t *testing.T) smallfix30Judging {
	h := newHarness(t)
	e := smallfix30Judging{h: h, admin: h.setup()}
	e.ja, e.jaID = h.staffer(e.admin, "ja@x.cn", "judge")
	e.jb, e.jbID = h.staffer(e.admin, "jb@x.cn", "judge")
	e.cid = h.openChallenge(e.admin, map[string]any{"shortlist_size": 3, "winners": 1})
	maker := h.fan("maker@x.cn")
	e.x, e.y, e.z = h.idea(maker, e.cid, "创意 X"), h.idea(maker, e.cid, "创意 Y"), h.idea(maker, e.cid, "创意 Z")
	e.excludeVotersRub = func(exclude bool) map[string]any {
		return map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}, "blind": false, "exclude_voters": exclude}
	}
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("PUT", path("rubric"), e.admin, e.excludeVotersRub(true)).must(t, 200)
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.jaID, e.jbID}, "per_idea": 2}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", e.x), e.ja, map[string]any{"scores": map[string]any{"look": 10}, "comment": "A on X"}).must(t, 200)
	for i, id := range []int{e.x, e.y, e.z} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), e.jb, map[string]any{"scores": map[string]any{"look": 2 + 2*i}}).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", e.x), e.ja, nil).must(t, 200)
	return e
}

// The organiser's scores.csv ends with a "counted" column: judge A's card
// of X, set aside since A voted for X, reads false, every other card true;
// the columns before it are the export's old ones, in their old places.
// With voters allowed again, A's card counts and reads true.
func TestSmallfix30ScoresCSVSaysWhichCardsCount(t *testing.T) {
	t.Parallel()
	e := newSmallfix30Judging(t)
	b := e.h.adminBrowser()
	read := func() ([]string, map[string]string) {
		t.Helper()
		body := b.get(fmt.Sprintf("/challenges/%d/scores.csv", e.cid)).must(t, 200).Body
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("scores.csv: %v %q", err, body)
		}
		counted := map[string]string{} // "judge id/idea id" → counted cell
		for _, r := range rows[1:] {
			if len(r) != len(rows[0]) {
				t.Fatalf("row %q has %d cells, the header %d", r, len(r), len(rows[0]))
			}
			counted[r[2]+"/"+r[0]] = r[len(r)-1]
		}
		return rows[0], counted
	}
	header, counted := read()
	if want := "idea_id,idea_title,judge_id,judge_name,look,comment,counted"; strings.Join(header, ",") != want {
		t.Errorf("header %q, want %q (counted appended at the end)", strings.Join(header, ","), want)
	}
	want := map[string]string{
		fmt.Sprintf("%d/%d", e.jaID, e.x): "false",
		fmt.Sprintf("%d/%d", e.jbID, e.x): "true",
		fmt.Sprintf("%d/%d", e.jbID, e.y): "true",
		fmt.Sprintf("%d/%d", e.jbID, e.z): "true",
	}
	if fmt.Sprint(counted) != fmt.Sprint(want) {
		t.Errorf("counted cells %v, want %v", counted, want)
	}
	e.h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", e.cid), e.admin, e.excludeVotersRub(false)).must(t, 200)
	if _, counted := read(); counted[fmt.Sprintf("%d/%d", e.jaID, e.x)] != "true" {
		t.Errorf("with voters allowed judge A's card of X should count: %v", counted)
	}
}

// GET /api/v1/judging/assignments says, per assignment, whether the
// judge's card counts and, when not, why; the judge's queue does not offer
// the set-aside idea "to score" (the server refuses it), and saving a card
// moves on to the next idea the judge may score, not the set-aside one.
func TestSmallfix30AssignmentsSayWhetherTheCardCounts(t *testing.T) {
	t.Parallel()
	e := newSmallfix30Judging(t)
	h := e.h
	// Judge A, assigned Y and not yet scored, votes for Y too: its card
	// would not count, and A may not score it.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", e.y), e.ja, nil).must(t, 200)
	check := func(tok string, want map[int]bool) {
		t.Helper()
		q := h.api("GET", "/api/v1/judging/assignments", tok, nil).must(t, 200)
		got := map[int]bool{}
		for _, it := range q.JSON["assignments"].([]any) {
			m := it.(map[string]any)
			id := int(m["idea"].(map[string]any)["id"].(float64))
			c, ok := m["counted"].(bool)
			if !ok {
				t.Fatalf("assignment of idea %d has no counted boolean: %v", id, m)
			}
			got[id] = c
			reason, has := m["not_counted_reason"]
			if c && has {
				t.Errorf("idea %d counts yet has a not_counted_reason %v", id, reason)
			}
			if !c && reason != "acted_as_fan" {
				t.Errorf("idea %d does not count: not_counted_reason %v, want acted_as_fan", id, reason)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("counted per idea %v, want %v", got, want)
		}
	}
	check(e.ja, map[int]bool{e.x: false, e.y: false, e.z: true})
	check(e.jb, map[int]bool{e.x: true, e.y: true, e.z: true})

	b := h.browser()
	b.signIn("ja@x.cn", "fan-password")
	for _, lang := range []string{"en", "zh-CN"} {
		queue := b.get("/judging", "Accept-Language", lang).must(t, 200).Body
		notCounted, toScore := "Not counted", "To score"
		if lang != "en" {
			notCounted, toScore = "不计入", "待评"
		}
		if n := strings.Count(queue, notCounted); n != 2 {
			t.Errorf("(%s) the queue marks %d cards as not counted, want 2 (X and Y)", lang, n)
		}
		if n := strings.Count(queue, toScore); n != 1 {
			t.Errorf("(%s) the queue offers %d ideas to score, want 1 (Z; Y is set aside)", lang, n)
		}
		// The progress counts what A may score: Z alone (it counted the
		// set-aside cards, and never reached its end).
		if lang != "en" && !strings.Contains(queue, jT("zh", "judging.progress", 0, 1)) {
			t.Errorf("the queue's progress does not read %q", jT("zh", "judging.progress", 0, 1))
		}
	}
	// Z's card offers "Save", not "Save and next": Y, the only other idea
	// unscored, is set aside. Scoring Z leads back to the queue, not to
	// Y's card, which A may not score.
	if zc := b.get(fmt.Sprintf("/judging/ideas/%d", e.z), "Accept-Language", "en").must(t, 200).Body; strings.Contains(zc, "Save and next") {
		t.Errorf("Z's card offers to go on to Y, which A may not score")
	}
	r := b.post(fmt.Sprintf("/judging/ideas/%d", e.z), fmt.Sprintf("/judging/ideas/%d", e.z), url.Values{"score_look": {"7"}}).must(t, 303)
	if loc := r.Header.Get("Location"); loc != "/judging" {
		t.Errorf("after scoring Z the judge is sent to %q, want /judging (Y is set aside)", loc)
	}
}
