package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// judging51Challenge is a challenge with one winner and a shortlist of
// three ideas, one judge, and the judges' favourite (its id first) scored
// well ahead of the other two.
func judging51Challenge(t *testing.T, h *harness, admin string) (cid, fav, b, c int, judge string) {
	t.Helper()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid = h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	maker := h.fan("maker@x.cn")
	fav, b, c = h.idea(maker, cid, "评委最爱 favourite"), h.idea(maker, cid, "创意 B"), h.idea(maker, cid, "创意 C")
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 9}}, "crowd_weight": 0}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	for id, score := range map[int]int{fav: 9, b: 3, c: 1} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), judge, map[string]any{"scores": map[string]any{"look": score}}).must(t, 200)
	}
	return cid, fav, b, c, judge
}

// Three reports hide the judges' favourite while the organiser is about
// to publish: publishing is refused (409 finalists_hidden) until a
// moderator decides, the desk names the idea as hidden awaiting
// moderation and says so at the publish button, the moderators' queue
// marks it shortlisted; once the reports are dismissed it is back on the
// shortlist and wins.
func TestJudging51PublishingWaitsForAHiddenFinalist(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid, fav, _, _, _ := judging51Challenge(t, h, admin)
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	for _, r := range []string{h.trustedFan("r1@x.cn"), h.trustedFan("r2@x.cn"), h.trustedFan("r3@x.cn")} {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", fav), r, map[string]string{"reason": "spam"}).must(t, 201)
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", fav), admin, nil).must(t, 200).JSON, "state"); got != "hidden" {
		t.Fatalf("the favourite after three reports is %s, want hidden", got)
	}
	results := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/results", cid), admin, nil).must(t, 200)
	hidden, _ := results.JSON["hidden_finalists"].([]any)
	if len(hidden) != 1 || int(num(hidden[0].(map[string]any), "idea_id")) != fav {
		t.Errorf("the results name %v as hidden finalists, want the favourite %d", results.JSON["hidden_finalists"], fav)
	}
	r := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", cid), admin, nil).must(t, 409)
	if r.errCode() != "finalists_hidden" {
		t.Errorf("publishing with the favourite hidden: %s, want finalists_hidden", r.Body)
	}

	desk := pageIn(h, fmt.Sprintf("/challenges/%d/judging", cid), admin, "zh-CN").must(t, 200).Body
	at := strings.Index(desk, `id="hidden-finalists"`)
	if at < 0 || !strings.Contains(desk[at:], "评委最爱 favourite") || !strings.Contains(desk[at:], "隐藏待审核") {
		t.Errorf("the desk does not name the favourite as hidden awaiting moderation")
	}
	if !strings.Contains(desk, `id="publish-hidden"`) || !strings.Contains(desk, "1 个入围创意隐藏待审核") {
		t.Errorf("the desk's publish button does not say a finalist is hidden awaiting moderation")
	}
	// The desk's publish form shows the refusal in words.
	b := h.adminBrowser()
	page := b.post(fmt.Sprintf("/challenges/%d/judging", cid), fmt.Sprintf("/challenges/%d/publish", cid), nil)
	if !strings.Contains(page.Body, "are hidden while the moderators decide") && !strings.Contains(page.Body, "入围创意被隐藏") {
		t.Errorf("the desk's refused publish does not say why: %d %.400s", page.Status, page.Body)
	}

	queue := h.api("GET", "/api/v1/moderation/queue", mod, nil).must(t, 200)
	found := false
	for _, it := range queue.JSON["items"].([]any) {
		m := it.(map[string]any)
		if int(num(m, "id")) == fav {
			found = true
			if m["finalist"] != true {
				t.Errorf("the queue's item for the favourite is not marked a finalist: %v", m)
			}
		}
	}
	if !found {
		t.Fatalf("the favourite is not in the moderation queue: %s", queue.Body)
	}
	modPage := pageIn(h, "/moderation", mod, "zh-CN").must(t, 200).Body
	at = strings.Index(modPage, fmt.Sprintf(`id="mod-idea-%d"`, fav))
	if at < 0 {
		t.Fatalf("the favourite is not on the moderation page")
	}
	if item, _, _ := strings.Cut(modPage[at:], "</article>"); !strings.Contains(item, `class="badge finalist">入围<`) {
		t.Errorf("the moderation page does not badge the favourite as shortlisted: %s", item)
	}

	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", fav), mod, map[string]string{"action": "dismiss", "reason": "举报不成立"}).must(t, 200)
	published := h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", cid), admin, nil).must(t, 200)
	if l := line(t, published, fav); l["winner"] != true {
		t.Errorf("the favourite, its reports dismissed, is not the winner: %v", l)
	}
}

// A moderator's hiding is a decision, not a wait: publishing goes ahead
// without the idea. Restored after the results, it comes back not
// selected, and its history says the results were published while it was
// hidden, not that the moderator turned it down.
func TestJudging51RestoreAfterResultsIsNotTheModeratorsRejection(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid, fav, _, _, _ := judging51Challenge(t, h, admin)
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", fav), mod, map[string]string{"action": "hide", "reason": "抄袭 copied"}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", cid), admin, nil).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", fav), mod, map[string]string{"action": "restore", "reason": "举报不成立"}).must(t, 200)
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", fav), admin, nil).must(t, 200).JSON, "state"); got != "not_selected" {
		t.Fatalf("restored after the results: %s, want not_selected", got)
	}
	page := pageIn(h, fmt.Sprintf("/ideas/%d", fav), admin, "zh-CN").must(t, 200).Body
	at := strings.Index(page, `id="history-title"`)
	if at < 0 {
		t.Fatal("the idea page has no history")
	}
	history, _, _ := strings.Cut(page[at:], "</section>")
	if !strings.Contains(history, "恢复显示（结果在隐藏期间已公布，因此未入选）") {
		t.Errorf("the history does not say the results were published while it was hidden: %s", history)
	}
	if strings.Contains(history, "未入选 · ") {
		t.Errorf("the history words the restore as the moderator's rejection: %s", history)
	}
}

// Ideas no judge scored are named before publishing, as ranking at the
// judges' average and possibly winning; the results page says which had
// no scorecard rather than that every idea was judged. With no scorecard
// at all, the results say the fans alone ranked them.
func TestJudging51UnscoredIdeasAreNamed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	maker, fan := h.fan("maker@x.cn"), h.fan("fan@x.cn")
	a, b, c := h.idea(maker, cid, "没评分甲 unscored A"), h.idea(maker, cid, "有评分乙 scored B"), h.idea(maker, cid, "没评分丙 unscored C")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", a), fan, nil).must(t, 200)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{"criteria": []map[string]any{{"key": "look", "name": "好看", "weight": 1, "min": 0, "max": 9}}}).must(t, 200)
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	for _, id := range []int{a, c} { // the judge is kept to B
		h.api("DELETE", fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", cid, judgeID, id), admin, nil).must(t, 200)
	}
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", b), judge, map[string]any{"scores": map[string]any{"look": 8}}).must(t, 200)
	res := h.api("GET", path("results"), admin, nil).must(t, 200)
	if line(t, res, b)["scored"] != 1.0 || line(t, res, a)["scored"] != 0.0 || line(t, res, c)["scored"] != 0.0 {
		t.Fatalf("want B scored once and A, C not: %s", res.Body)
	}
	desk := pageIn(h, fmt.Sprintf("/challenges/%d/judging", cid), admin, "zh-CN").must(t, 200).Body
	at := strings.Index(desk, `id="publish-unscored"`)
	if at < 0 {
		t.Fatal("the desk does not warn of the ideas no judge scored")
	}
	warn, _, _ := strings.Cut(desk[at:], "</div>")
	if !strings.Contains(warn, "2 个入围创意没有任何评委评分，评委分按平均水平计") || !strings.Contains(warn, "没评分甲 unscored A") ||
		!strings.Contains(warn, "没评分丙 unscored C") || strings.Contains(warn, "有评分乙") {
		t.Errorf("the desk's warning does not name the two unscored ideas: %s", warn)
	}
	if line(t, res, a)["winner"] == true && !strings.Contains(warn, "现在公布将获奖") {
		t.Errorf("the desk does not say an unscored idea would win: %s", warn)
	}
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	page := pageIn(h, fmt.Sprintf("/challenges/%d/results", cid), fan, "zh-CN").must(t, 200).Body
	at = strings.Index(page, `id="how-unscored"`)
	if at < 0 {
		t.Fatalf("the results page does not say which ideas no judge scored")
	}
	if how, _, _ := strings.Cut(page[at:], "</li>"); !strings.Contains(how, "2 个入围创意没有评委评分") || !strings.Contains(how, "没评分甲 unscored A") {
		t.Errorf("the results page's line on unscored ideas: %s", how)
	}

	// No judges at all: the fans alone decided, and the page says so.
	poll := h.openChallenge(admin, map[string]any{"shortlist_size": 2, "winners": 1})
	h.idea(maker, poll, "投票一 poll one")
	h.idea(maker, poll, "投票二 poll two")
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", poll), admin, map[string]any{"top": 2}).must(t, 200)
	desk = pageIn(h, fmt.Sprintf("/challenges/%d/judging", poll), admin, "zh-CN").must(t, 200).Body
	if !strings.Contains(desk, "还没有任何评委评分：现在公布，结果将只按粉丝投票排名。") {
		t.Errorf("the desk of a challenge no judge scored does not say the fans alone will rank it")
	}
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", poll), admin, nil).must(t, 200)
	page = pageIn(h, fmt.Sprintf("/challenges/%d/results", poll), fan, "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "评委未评分，按粉丝投票结果排名。") {
		t.Errorf("the results of a challenge no judge scored do not say the fans alone ranked it")
	}
	if strings.Contains(page, "每个入围创意由独立评委") || strings.Contains(page, "粉丝投票占") {
		t.Errorf("the results of a challenge no judge scored still describe the judges' scoring")
	}
}

// A rubric's scale and weights are bounded (|v| <= 1e6): past that the
// API refuses it naming the field. A scale saved before the bound (min
// -1.7e308, max 1.7e308) still gives results and publishes.
func TestJudging51RubricRangeIsBounded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	judge, judgeID := h.staffer(admin, "judge@x.cn", "judge")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	for _, tc := range []struct {
		crit  map[string]any
		field string
	}{
		{map[string]any{"key": "a", "name": "A", "weight": 1, "min": -1.7e308, "max": 1.7e308}, "criteria[0].min"},
		{map[string]any{"key": "a", "name": "A", "weight": 1, "min": 0, "max": 1e7}, "criteria[0].max"},
		{map[string]any{"key": "a", "name": "A", "weight": 1e7, "min": 0, "max": 10}, "criteria[0].weight"},
	} {
		r := h.api("PUT", path("rubric"), admin, map[string]any{"criteria": []map[string]any{tc.crit}}).must(t, 400)
		if r.errField() != tc.field {
			t.Errorf("rubric %v: refused on %q, want %q: %s", tc.crit, r.errField(), tc.field, r.Body)
		}
	}
	h.api("PUT", path("rubric"), admin, map[string]any{"criteria": []map[string]any{{"key": "a", "name": "A", "weight": 1e6, "min": -1e6, "max": 1e6}}}).must(t, 200)

	// One saved before the bound, as the store keeps it.
	huge := judging.Rubric{Criteria: []judging.Criterion{{Key: "a", Name: "A", Weight: 1, Min: -1.7e308, Max: 1.7e308}}}
	if err := h.store.SetRubric(context.Background(), int64(cid), huge, func(domain.Challenge, judging.Rubric, bool) error { return nil }); err != nil {
		t.Fatal(err)
	}
	maker := h.fan("maker@x.cn")
	ideas := []int{h.idea(maker, cid, "一 one"), h.idea(maker, cid, "二 two"), h.idea(maker, cid, "三 three")}
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
	for i, v := range []float64{1.7e308, -1.7e308, 0} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", ideas[i]), judge, map[string]any{"scores": map[string]any{"a": v}}).must(t, 200)
	}
	res := h.api("GET", path("results"), admin, nil).must(t, 200)
	if l := line(t, res, ideas[0]); l["winner"] != true {
		t.Errorf("the idea scored highest on the huge scale does not lead: %s", res.Body)
	}
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	pageIn(h, fmt.Sprintf("/challenges/%d/results", cid), maker, "zh-CN").must(t, 200)
}

// One review per moderator's decision: kept hidden on review, the idea's
// author may not ask again (409 review_exhausted), and the idea page says
// so instead of offering the form; an old tab's request comes back saying
// why. A restore and a new hiding give them a new request.
func TestJudging51OneReviewPerDecision(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	mod, _ := h.staffer(admin, "mod@x.cn", "moderator")
	cid := h.openChallenge(admin, nil)
	idea := h.idea(author, cid, "免清洗内筒")
	decide := func(action string) {
		t.Helper()
		h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", idea), mod, map[string]string{"action": action, "reason": "广告"}).must(t, 200)
	}
	review := fmt.Sprintf("/api/v1/moderation/idea/%d/review", idea)
	decide("hide")
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", idea)
	oldTab := b.csrf(page)
	h.api("POST", review, author, map[string]string{"note": "不是广告"}).must(t, 200)
	decide("hide") // kept hidden on review
	if r := h.api("POST", review, author, map[string]string{"note": "再看看"}).must(t, 409); r.errCode() != "review_exhausted" {
		t.Errorf("a second request after the review: %s, want review_exhausted", r.Body)
	}
	queue := h.api("GET", "/api/v1/moderation/queue", mod, nil).must(t, 200)
	if strings.Contains(queue.Body, fmt.Sprintf(`"id":%d,`, idea)) {
		t.Errorf("the refused request put the idea back in the queue: %s", queue.Body)
	}
	form := fmt.Sprintf(`action="/moderation/idea/%d/review"`, idea)
	body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(body, form) || !strings.Contains(body, "版主已按你的申请复审过，并决定维持隐藏；不能再次申请复审。") {
		t.Errorf("the idea page still offers a review, or does not say it was had: %.3000s", body)
	}
	r := b.postLang(fmt.Sprintf("/moderation/idea/%d/review", idea), strings.NewReader(url.Values{"_csrf": {oldTab}, "note": {"再看看"}}.Encode()), "zh-CN").must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != page {
		t.Errorf("an old tab's request: at %q, want back at the idea", loc)
	}
	if body := b.get(page, "Accept-Language", "zh-CN").must(t, 200).Body; !strings.Contains(body, "同一决定不能再次申请复审") {
		t.Errorf("an old tab's request does not come back saying why: %.3000s", body)
	}
	decide("restore")
	decide("hide")
	h.api("POST", review, author, map[string]string{"note": "又被隐藏了"}).must(t, 200)
}
