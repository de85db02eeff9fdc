package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The walk of filled forms: the challenge form's price bands ("99, 199,
// 299") asked a phone for its number pad, which on an iPhone has no comma
// or space to part them with. The field takes the phone's own keyboard
// (the bands may be parted by ",", "，", "、" or spaces).
func TestPriceBandsCanBeTypedOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.adminBrowser()
	field := regexp.MustCompile(`<input id="price_bands"[^>]*>`)
	pad := regexp.MustCompile(`inputmode="(numeric|decimal|tel)"`)
	for _, path := range []string{"/challenges/new", "/challenges/" + itoa(int64(cid)) + "/edit"} {
		tag := field.FindString(b.get(path).Body)
		if tag == "" {
			t.Fatalf("%s has no price bands field", path)
		}
		if pad.MatchString(tag) {
			t.Errorf("%s asks for a number pad, which cannot part the bands: %s", path, tag)
		}
	}
}

// The walk of filled forms: taking a judge off an idea by hand (the ×
// beside their name on the judging desk) said "Judges assigned". Now it
// says the judge was removed, and adding one still says assigned.
func TestTakingAJudgeOffAnIdeaSaysSo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	idea := h.idea(admin, cid, "设计 one")
	h.idea(admin, cid, "设计 two")
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": 2}).must(t, 200)
	b := h.adminBrowser()
	desk := fmt.Sprintf("/challenges/%d/judging", cid)
	for _, step := range []struct {
		assign, says string
		queued       bool
	}{{"1", "评委已分配。", true}, {"0", "已移除：这位评委不再为这条创意评分。", false}} {
		r := b.mf31Post(desk, fmt.Sprintf("/challenges/%d/assignments", cid), "zh",
			url.Values{"judge_id": {fmt.Sprint(judgeID)}, "idea_id": {fmt.Sprint(idea)}, "assign": {step.assign}})
		if r.Status != 303 {
			t.Fatalf("assign=%s: %d %.300s", step.assign, r.Status, r.Body)
		}
		if page := b.mf31Get(r.Header.Get("Location"), "zh"); !strings.Contains(page.Body, `<p class="flash" role="status">`+step.says+`</p>`) {
			t.Errorf("assign=%s: the desk does not say %q", step.assign, step.says)
		}
		q := h.api("GET", "/api/v1/judging/assignments", judge, nil).must(t, 200)
		if queued := strings.Contains(q.Body, fmt.Sprintf(`"id":%d,`, idea)); queued != step.queued {
			t.Errorf("assign=%s: the idea in the judge's queue %v, want %v: %.500s", step.assign, queued, step.queued, q.Body)
		}
	}
}
