package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A judge who types a score off the scale, or leaves one empty, is told
// under that score's box which criterion it is and its scale, the box
// marked and focused; no bare "out of range" above the form.
func TestAudit53AScoreOffTheScaleIsNamedUnderItsBox(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", e.cid), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", e.cid), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	j := h.browser()
	j.signIn("j2@x.cn", "fan-password")
	card := fmt.Sprintf("/judging/ideas/%d", e.ideas[1])
	for _, c := range []struct {
		novelty, feasibility string
		want, box            string
	}{
		{"99", "5", "新颖性：请打 0–10 分。", "score_novelty"},
		{"5", "", "Feasibility：请打 0–10 分。", "score_feasibility"},
	} {
		body := j.zhPost(card, card, url.Values{"score_novelty": {c.novelty}, "score_feasibility": {c.feasibility}, "comment": {"留着"}}).must(t, 400).Body
		at := strings.Index(body, `id="`+c.box+`"`)
		if at < 0 {
			t.Fatalf("the card has no box %s", c.box)
		}
		tail := body[at:]
		input := tail[:strings.Index(tail, ">")]
		if !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, `aria-describedby="err-`+c.box+`"`) || !strings.Contains(input, "autofocus") {
			t.Errorf("the box %s is not marked, described and focused: %s", c.box, input)
		}
		next := tail[len(input):]
		if end := strings.Index(next, "<label"); end < 0 || !strings.Contains(next[:end], `id="err-`+c.box+`"`) || !strings.Contains(next[:end], c.want) {
			t.Errorf("under %s the card does not say %q: %.300s", c.box, c.want, next)
		}
		if strings.Contains(body, `class="alert"`) || strings.Contains(body, "数值超出范围") {
			t.Errorf("the card still says the error above the form, without the criterion")
		}
		if !strings.Contains(body, "留着") {
			t.Errorf("the comment typed is lost")
		}
	}
}

// A stars challenge's buttons say "Give 1 star", not "Give 1 stars".
func TestAudit53OneStarIsOneStar(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	h.idea(admin, cid, "青花瓷连衣裙")
	body := h.browser().get(fmt.Sprintf("/challenges/%d", cid), "Accept-Language", "en").must(t, 200).Body
	for _, want := range []string{`aria-label="Give 1 star"`, `aria-label="Give 2 stars"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the stars say no %s", want)
		}
	}
	if strings.Contains(body, "Give 1 stars") {
		t.Errorf("one star is said in the plural")
	}
}
