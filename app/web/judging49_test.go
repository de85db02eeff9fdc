package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// judging49Scored is newJudging's challenge with ideas X and Y on the
// shortlist, both assigned to judge j2, who has scored both.
func judging49Scored(t *testing.T) (e *judgingEnv, x, y int) {
	e = newJudging(t, true)
	x, y = e.ideas[1], e.ideas[2]
	e.h.api("POST", e.path("shortlist"), e.admin, map[string]any{"top": 0, "add": []int{x, y}}).must(t, 200)
	e.h.api("POST", e.path("judges"), e.admin, map[string]any{"user_ids": []int{e.j2ID}, "per_idea": 1}).must(t, 200)
	for _, id := range []int{x, y} {
		e.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), e.j2,
			map[string]any{"scores": map[string]float64{"novelty": 7, "feasibility": 6}}).must(t, 200)
	}
	return e, x, y
}

func (e *judgingEnv) path(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }

// pairs reads an answer's assignments as "judge/idea", sorted.
func pairs(r res) []string {
	var out []string
	for _, a := range r.JSON["assignments"].([]any) {
		m := a.(map[string]any)
		out = append(out, fmt.Sprintf("%d/%d", num(m, "judge_id"), num(m, "idea_id")))
	}
	slices.Sort(out)
	return out
}

func want49(pairs ...int) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, fmt.Sprintf("%d/%d", pairs[i], pairs[i+1]))
	}
	slices.Sort(out)
	return out
}

// The audit's case: judge A scored X and Y; assigning A and B again with
// one judge per idea moved Y to B, and A's card for Y stopped counting.
// Now a new plan keeps every scored assignment and plans around it.
func TestJudging49ReassigningKeepsTheScorecardsFiled(t *testing.T) {
	t.Parallel()
	e, x, y := judging49Scored(t)
	h := e.h
	r := h.api("POST", e.path("judges"), e.admin, map[string]any{"user_ids": []int{e.j2ID, e.j1ID}, "per_idea": 1}).must(t, 200)
	if got, want := pairs(r), want49(e.j2ID, x, e.j2ID, y); !slices.Equal(got, want) {
		t.Fatalf("after re-assigning: %v, want %v (j2's scored ideas stay with j2)", got, want)
	}
	res := h.api("GET", e.path("results"), e.admin, nil).must(t, 200)
	for _, id := range []int{x, y} {
		if l := line(t, res, id); num(l, "missing") != 0 || l["judges_raw"] == nil {
			t.Errorf("idea %d after re-assigning: %v; its card must still count", id, l)
		}
	}
	if q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any); len(q) != 2 {
		t.Errorf("j2's queue has %d ideas, want the 2 they scored", len(q))
	}
	// A judge left out keeps what they scored; the new judge comes beside.
	r = h.api("POST", e.path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID}, "per_idea": 2}).must(t, 200)
	if got, want := pairs(r), want49(e.j2ID, x, e.j2ID, y, e.j1ID, x, e.j1ID, y); !slices.Equal(got, want) {
		t.Fatalf("j2 left out, two per idea: %v, want %v", got, want)
	}
	res = h.api("GET", e.path("results"), e.admin, nil).must(t, 200)
	for _, id := range []int{x, y} {
		if l := line(t, res, id); num(l, "missing") != 1 {
			t.Errorf("idea %d: %v missing, want 1 (j1's card to come)", id, l["missing"])
		}
	}
}

// Taking off by hand a judge who scored the idea is refused until the
// organiser confirms that the card stops counting; one who has not scored
// comes off as before.
func TestJudging49TakingOffAJudgeWhoScoredNeedsConfirming(t *testing.T) {
	t.Parallel()
	e, x, y := judging49Scored(t)
	h := e.h
	one := func(judge, idea int) string {
		return fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", e.cid, judge, idea)
	}
	if r := h.api("DELETE", one(e.j2ID, x), e.admin, nil); r.Status != 409 || r.errCode() != "scorecard_filed" {
		t.Fatalf("taking off a judge who scored, unconfirmed: %d %s", r.Status, r.Body)
	}
	if r := h.api("DELETE", one(e.j2ID, x)+"?discard_scorecard=false", e.admin, nil); r.Status != 409 {
		t.Fatalf("discard_scorecard=false: %d", r.Status)
	}
	if q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any); len(q) != 2 {
		t.Fatalf("a refused removal changed j2's queue: %d ideas", len(q))
	}
	h.api("DELETE", one(e.j2ID, x)+"?discard_scorecard=true", e.admin, nil).must(t, 200)
	q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any)
	if len(q) != 1 || num(q[0].(map[string]any)["idea"].(map[string]any), "id") != y {
		t.Fatalf("j2's queue after the confirmed removal: %v", q)
	}
	// Unscored: no confirmation needed.
	h.api("PUT", one(e.j1ID, y), e.admin, nil).must(t, 200)
	h.api("DELETE", one(e.j1ID, y), e.admin, nil).must(t, 200)
}

// The desk says, in Chinese, what a new plan keeps and what taking off a
// judge who scored does, before either happens; its confirmation takes
// the judge off, and a stale form without it is refused with the reason.
func TestJudging49TheDeskSaysWhatHappensToFiledCards(t *testing.T) {
	t.Parallel()
	e, x, _ := judging49Scored(t)
	h := e.h
	b := h.adminBrowser()
	desk := fmt.Sprintf("/challenges/%d/judging", e.cid)
	body := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{
		"已有 2 份评分卡：评过分的评委保留这些创意（即使你没有勾选他们），评分照常计入",
		"j2 已为这条创意评分。移除后，这份评分卡不再计入结果",
		`<input type="hidden" name="discard" value="1">`,
		"移除，不再计入这份评分",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the desk does not say %q", want)
		}
	}
	// A stale form without the confirmation: refused on the desk, in Chinese.
	form := url.Values{"_csrf": {b.csrf(desk)}, "judge_id": {itoa(int64(e.j2ID))}, "idea_id": {itoa(int64(x))}, "assign": {"0"}}
	r := b.postLang(fmt.Sprintf("/challenges/%d/assignments", e.cid), strings.NewReader(form.Encode()), "zh-CN")
	if r.Status != 409 || !strings.Contains(r.Body, "这位评委已为这条创意评分：移除后这份评分卡不再计入结果。请确认后再移除。") {
		t.Fatalf("unconfirmed removal from the desk: %d %.300s", r.Status, r.Body)
	}
	form.Set("discard", "1")
	b.postLang(fmt.Sprintf("/challenges/%d/assignments", e.cid), strings.NewReader(form.Encode()), "zh-CN").must(t, 303)
	if q := h.api("GET", "/api/v1/judging/assignments", e.j2, nil).must(t, 200).JSON["assignments"].([]any); len(q) != 1 {
		t.Fatalf("the desk's confirmed removal left j2 %d ideas", len(q))
	}
	if body := b.get(desk, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, "已有 1 份评分卡") {
		t.Error("the desk does not count the one card left")
	}
}

// A judge taken off an idea who opens its scorecard page is told so, with
// the way back to their queue, not a bare refusal.
func TestJudging49AJudgeTakenOffIsToldSo(t *testing.T) {
	t.Parallel()
	e, x, _ := judging49Scored(t)
	h := e.h
	h.api("DELETE", fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d?discard_scorecard=true", e.cid, e.j2ID, x), e.admin, nil).must(t, 200)
	r := pageIn(h, fmt.Sprintf("/judging/ideas/%d", x), e.j2, "zh-CN")
	if r.Status != 403 {
		t.Fatalf("status %d, want 403", r.Status)
	}
	for _, want := range []string{"这条创意不在你的评审任务中", "主办方可能调整了评委分配", `href="/judging">回到我的评审任务</a>`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the page does not say %q: %.1500s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, "你没有权限这样做。") {
		t.Error("the bare refusal is still shown")
	}
	// An idea there is not: not found, as its own page says.
	if r := pageIn(h, "/judging/ideas/999999", e.j2, "zh-CN"); r.Status != 404 {
		t.Errorf("a judge opening an idea there is not: %d, want 404", r.Status)
	}
}

// PUT scorecard of an idea there is not is 404 (API.md), for a judge;
// anyone else is refused for their role, as before, whatever the idea.
func TestJudging49ScorecardOfAMissingIdeaIsNotFound(t *testing.T) {
	t.Parallel()
	e, _, _ := judging49Scored(t)
	h := e.h
	card := map[string]any{"scores": map[string]float64{"novelty": 5, "feasibility": 5}}
	if r := h.api("PUT", "/api/v1/ideas/999999/scorecard", e.j2, card); r.Status != 404 || r.errCode() != "not_found" {
		t.Fatalf("a judge scoring an idea there is not: %d %s", r.Status, r.Body)
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", e.ideas[3]), e.j2, card); r.Status != 403 || r.errCode() != "forbidden" {
		t.Fatalf("a judge scoring an idea not theirs: %d %s", r.Status, r.Body)
	}
	for _, idea := range []int{999999, e.ideas[3]} {
		if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", idea), e.fan, card); r.Status != 403 {
			t.Errorf("a fan scoring idea %d: %d, want 403 whether or not it exists", idea, r.Status)
		}
	}
}

// The audit's case: an idea shortlisted by its supporters stays when the
// organiser builds the shortlist again, unless they take it off by name;
// the desk and the results say it is there for its supporters.
func TestJudging49RebuildingTheShortlistKeepsTheQualified(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author, voter := h.fan("maker@x.cn"), h.fan("voter@x.cn")
	cid := h.openChallenge(admin, map[string]any{"support_threshold": 1, "shortlist_size": 2, "winners": 1})
	p, q := h.idea(author, cid, "自清洁滤网"), h.idea(author, cid, "静音电机")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", p), voter, nil).must(t, 200)
	state := func(id int) string {
		return str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil).must(t, 200).JSON, "state")
	}
	if state(p) != "shortlisted" {
		t.Fatalf("P after reaching its threshold: %s", state(p))
	}
	h.advance(80 * time.Hour)
	path := func(s string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, s) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 0, "add": []int{q}}).must(t, 200)
	if state(p) != "shortlisted" || state(q) != "shortlisted" {
		t.Fatalf("after top 0 plus Q: P %s, Q %s; P qualified and must stay", state(p), state(q))
	}
	res := h.api("GET", path("results"), admin, nil).must(t, 200)
	if got := fmt.Sprint(res.JSON["shortlist"]); !strings.Contains(got, fmt.Sprintf("qualified:[%d]", p)) || !strings.Contains(got, fmt.Sprintf("picked:[%d]", q)) {
		t.Errorf("the results' shortlist: %s", got)
	}
	b := h.adminBrowser()
	desk := b.get(fmt.Sprintf("/challenges/%d/judging", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	for _, want := range []string{"支持者达标入围", "达到支持者门槛的创意在重新生成入围名单时会保留"} {
		if !strings.Contains(desk, want) {
			t.Errorf("the desk does not say %q", want)
		}
	}
	preview := b.get(fmt.Sprintf("/challenges/%d/results", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(preview, "1 个因支持者达标入围： 自清洁滤网") {
		t.Errorf("the results page does not say why P is on the list")
	}
	// Taken off by name, it goes, and the desk says it was taken off.
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 0, "add": []int{q}, "remove": []int{p}}).must(t, 200)
	if state(p) != "submitted" {
		t.Fatalf("P after the organiser took it off: %s", state(p))
	}
	desk = b.get(fmt.Sprintf("/challenges/%d/judging", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(desk, "支持者曾达标，后被移出") {
		t.Error("the desk does not say P was taken off after qualifying")
	}
}
