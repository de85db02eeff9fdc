package web

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A judge with cards left unscored in a challenge whose results are out
// (final) and one card to score in another: that card offers "Save", not
// "Save and next" into a final card, and saving it leads to the queue. A
// final card of a blind challenge no longer says the authors are hidden.
func TestJudge47FinalCardsAreNoNextWork(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	api := func(cid int, p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", api(e.cid, "shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", api(e.cid, "judges"), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	h.api("POST", api(e.cid, "results/publish"), e.admin, nil).must(t, 200)

	b := h.openChallenge(e.admin, map[string]any{"shortlist_size": 1, "winners": 1})
	w := h.idea(e.fan, b, "新创意 W")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", w), e.admin, nil).must(t, 200)
	h.advance(80 * time.Hour)
	h.api("PUT", api(b, "rubric"), e.admin, map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}}).must(t, 200)
	h.api("POST", api(b, "shortlist"), e.admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", api(b, "judges"), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)

	j := h.browser()
	j.signIn("j2@x.cn", "fan-password")
	card := fmt.Sprintf("/judging/ideas/%d", w)
	if body := j.get(card, "Accept-Language", "en").must(t, 200).Body; strings.Contains(body, "Save and next") {
		t.Errorf("W's card offers to go on to a card whose results are out")
	}
	r := j.post(card, card, url.Values{"score_look": {"7"}}).must(t, 303)
	if loc := r.Header.Get("Location"); loc != "/judging" {
		t.Errorf("after scoring W the judge is sent to %q, want the queue", loc)
	}
	if body := j.zhPage(fmt.Sprintf("/judging/ideas/%d", e.ideas[1])); strings.Contains(body, jT("zh", "judging.blind_note")) || !strings.Contains(body, "结果已公布") {
		t.Errorf("a final card of the blind challenge still says the authors are hidden")
	}
}

// A blind judge reading their own profile through the API sees no vote
// count on their idea in the challenge they judge, as every other read
// leaves it out; a fan reading the same profile sees it.
func TestJudge47ABlindJudgesProfileHidesVotes(t *testing.T) {
	t.Parallel()
	e := newJudging(t, true)
	h := e.h
	api := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", api("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", api("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	if _, has := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", e.j1Idea), e.j1, nil).must(t, 200).JSON["votes"]; has {
		t.Fatalf("the fixture's judge sees the votes of their idea")
	}
	votes := func(tok string) (any, bool) {
		for _, it := range h.api("GET", fmt.Sprintf("/api/v1/users/%d", e.j1ID), tok, nil).must(t, 200).JSON["idea_list"].([]any) {
			if it := it.(map[string]any); num(it, "id") == e.j1Idea {
				v, has := it["votes"]
				return v, has
			}
		}
		t.Fatalf("the judge's idea is not on their profile")
		return nil, false
	}
	if v, has := votes(e.j1); has {
		t.Errorf("the blind judge's profile shows their idea's votes: %v", v)
	}
	if v, has := votes(e.fan); !has || v != 5.0 {
		t.Errorf("a fan reads the idea's votes on the profile as %v (%v), want 5", v, has)
	}
}

// When the results are published, the author whose idea was not
// shortlisted hears they are out (once, though they posted two), in their
// language, linking to them; the shortlisted author hears their outcome.
func TestJudge47AuthorsLeftOffTheShortlistHearTheResults(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	maker, other := h.fan("maker@x.cn"), h.fan("other@x.cn")
	cid := h.openChallenge(admin, map[string]any{"title": "洗衣机二次污染", "shortlist_size": 1, "winners": 1})
	top := h.idea(maker, cid, "免清洗内筒")
	h.idea(other, cid, "银离子门封")
	h.idea(other, cid, "自动晾干")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", top), admin, nil).must(t, 200)
	h.advance(80 * time.Hour)
	api := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", api("rubric"), admin, map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 10}}}).must(t, 200)
	h.api("POST", api("shortlist"), admin, map[string]any{"top": 1}).must(t, 200)
	h.api("POST", api("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", top), judge, map[string]any{"scores": map[string]any{"look": 8}}).must(t, 200)
	h.api("POST", api("results/publish"), admin, nil).must(t, 200)

	if got := h.kinds(maker); len(got) != 2 || got[0] != "won" || got[1] != "shortlisted" {
		t.Errorf("the shortlisted author's notices: %v", got)
	}
	ns := h.notices(other)
	if len(ns) != 1 || ns[0]["kind"] != "results_out" || ns[0]["url"] != fmt.Sprintf("/challenges/%d/results", cid) {
		t.Fatalf("the author left off the shortlist: %v", ns)
	}
	b := h.browser()
	b.signIn("other@x.cn", "fan-password")
	if body := b.zhPage("/notifications"); !strings.Contains(body, html.EscapeString(jT("zh", "notice.results_out", "洗衣机二次污染"))) {
		t.Errorf("the notice does not say so in Chinese")
	}
}
