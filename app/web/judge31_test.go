package web

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// judge31Env is one judge with work in two challenges under the default
// rubric: "冰箱保鲜" is scored (novelty 4 and 6) and its results are
// published; "洗衣机静音" has three ideas to judge, one of them scored.
type judge31Env struct {
	h              *harness
	admin, judge   string
	done, open     int // the challenges
	doneIdea, toDo int // a finalised idea of done, an unscored idea of open
	scoredOpen     int
}

// judge31Rubric is the default rubric as stored, its names in both languages.
var judge31Rubric = map[string]any{"criteria": []map[string]any{
	{"key": "novelty", "name": "Novelty 新颖性", "weight": 1, "min": 1, "max": 10},
	{"key": "feasibility", "name": "Feasibility 可行性", "weight": 1, "min": 1, "max": 10},
}, "crowd_weight": 0.3, "blind": true}

func newJudge31(t *testing.T, extra map[string]any) judge31Env {
	t.Helper()
	h := newHarness(t)
	e := judge31Env{h: h, admin: h.setup()}
	var judgeID int
	e.judge, judgeID = h.staffer(e.admin, "judge31@x.cn", "judge")
	maker := h.fan("maker31@x.cn")
	challenge := func(title string, n int) (int, []int) {
		body := map[string]any{"title": title, "shortlist_size": n, "winners": 1}
		for k, v := range extra {
			body[k] = v
		}
		cid := h.openChallenge(e.admin, body)
		var ids []int
		for i := range n {
			ids = append(ids, h.idea(maker, cid, fmt.Sprintf("%s 创意 %d", title, i)))
		}
		path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
		h.api("PUT", path("rubric"), e.admin, judge31Rubric).must(t, 200)
		h.api("POST", path("shortlist"), e.admin, map[string]any{"top": n}).must(t, 200)
		h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{judgeID}, "per_idea": 1}).must(t, 200)
		return cid, ids
	}
	score := func(id, v int) {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), e.judge, map[string]any{"scores": map[string]any{"novelty": v, "feasibility": v + 2}, "comment": "好"}).must(t, 200)
	}
	var done, open []int
	e.done, done = challenge("冰箱保鲜", 2)
	score(done[0], 4)
	score(done[1], 6)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", e.done), e.admin, nil).must(t, 200)
	e.open, open = challenge("洗衣机静音", 3)
	score(open[0], 5)
	e.doneIdea, e.toDo, e.scoredOpen = done[0], open[1], open[0]
	return e
}

// The judge's queue counts only the work still open (1 of the open
// challenge's 3, not 3 of 5 with the published challenge's cards), puts
// each idea under its challenge's title, links the published challenge's
// name to its results, and names the default criteria of a finalised card
// in the reader's language with their scale ("4 / 10").
func TestJudge31QueueGroupsByChallengeAndCountsOpenWork(t *testing.T) {
	t.Parallel()
	e := newJudge31(t, nil)
	h := e.h
	zh := pageIn(h, "/judging", e.judge, "zh-CN").must(t, 200).Body
	en := pageIn(h, "/judging", e.judge, "en").must(t, 200).Body
	for _, c := range []struct{ lang, page, progress, novelty, wrong string }{
		{"zh", zh, "已评 1 / 3", "<dt>新颖性</dt>", "Novelty"},
		{"en", en, "1 of 3 scored", "<dt>Novelty</dt>", "新颖性"},
	} {
		if !strings.Contains(c.page, c.progress) {
			t.Errorf("%s queue: progress should count the open challenge's items only (%q)", c.lang, c.progress)
		}
		if !strings.Contains(c.page, c.novelty) || strings.Contains(c.page, c.wrong) {
			t.Errorf("%s queue: a finalised card should name the default criterion %s, never %q", c.lang, c.novelty, c.wrong)
		}
		if !strings.Contains(c.page, "<dd>4 / 10</dd>") {
			t.Errorf("%s queue: a finalised score should read \"4 / 10\"", c.lang)
		}
		results := fmt.Sprintf(`<a href="/challenges/%d/results">冰箱保鲜</a>`, e.done)
		if !strings.Contains(c.page, results) {
			t.Errorf("%s queue: the published notice should link the challenge's name to its results", c.lang)
		}
		// Each challenge heads its own ideas.
		d, o := strings.Index(c.page, ">冰箱保鲜</a></h2>"), strings.Index(c.page, ">洗衣机静音</a></h2>")
		if d < 0 || o < 0 {
			t.Fatalf("%s queue: the challenges' titles do not head their ideas", c.lang)
		}
		for _, idea := range []struct {
			title string
			under int
		}{{"冰箱保鲜 创意 0", d}, {"洗衣机静音 创意 1", o}} {
			at := strings.Index(c.page, idea.title)
			other := d + o - idea.under
			if at < idea.under || (other > idea.under && at > other) {
				t.Errorf("%s queue: %q is not under its challenge", c.lang, idea.title)
			}
		}
	}
	if !strings.Contains(zh, "”的结果已公布：你在其中的评分已定稿") || !strings.Contains(en, "” are published: your scores there are final") {
		t.Errorf("the published notice lost its words")
	}
}

// A finalised scorecard shows each score on its criterion's scale and the
// comment as "评语", not as the form's optional field; an open scorecard
// gives the scale and weight in full-width brackets in Chinese and ASCII
// ones in English.
func TestJudge31ScorecardScaleAndBrackets(t *testing.T) {
	t.Parallel()
	e := newJudge31(t, nil)
	h := e.h
	final := pageIn(h, fmt.Sprintf("/judging/ideas/%d", e.doneIdea), e.judge, "zh-CN").must(t, 200).Body
	if !strings.Contains(final, "<dd>4 / 10</dd>") || !strings.Contains(final, "<dd>6 / 10</dd>") {
		t.Errorf("a finalised scorecard should read \"4 / 10\" and \"6 / 10\"")
	}
	if !strings.Contains(final, "<dt>评语</dt>") || strings.Contains(final, "评语（可选）") {
		t.Errorf("a read-only comment is labelled \"评语\", not as optional")
	}
	if en := pageIn(h, fmt.Sprintf("/judging/ideas/%d", e.doneIdea), e.judge, "en").must(t, 200).Body; !strings.Contains(en, "<dt>Comment</dt>") || !strings.Contains(en, "<dd>4 / 10</dd>") {
		t.Errorf("a finalised scorecard in English: want \"Comment\" and \"4 / 10\"")
	}
	open := pageIn(h, fmt.Sprintf("/judging/ideas/%d", e.toDo), e.judge, "zh-CN").must(t, 200).Body
	if !strings.Contains(open, "新颖性<small>（1–10，×1）</small>") || strings.Contains(open, "(1–10, ×1)") {
		t.Errorf("the zh scorecard should give the scale as （1–10，×1）")
	}
	if en := pageIn(h, fmt.Sprintf("/judging/ideas/%d", e.toDo), e.judge, "en").must(t, 200).Body; !strings.Contains(en, "Novelty<small> (1–10, ×1)</small>") {
		t.Errorf("the en scorecard should give the scale as (1–10, ×1)")
	}
}

// In a star-rated challenge the judging words speak of ratings, not votes:
// the judge's blind note, the organiser's desk (blind, crowd weight, its
// hint, the ideas CSV); the crowd's measure and the results' rubric line
// use full-width brackets in Chinese, ASCII ones in English.
func TestJudge31StarsChallengeSpeaksOfRatings(t *testing.T) {
	t.Parallel()
	e := newJudge31(t, map[string]any{"voting_method": "stars"})
	h := e.h
	// Rate the open challenge's ideas so the shortlist shows the stars.
	for i, id := range []int{e.scoredOpen, e.toDo} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", id), h.fan(fmt.Sprintf("rater%d@x.cn", i)), map[string]any{"stars": 4}).must(t, 200)
	}
	card := pageIn(h, fmt.Sprintf("/judging/ideas/%d", e.toDo), e.judge, "zh-CN").must(t, 200).Body
	if !strings.Contains(card, "盲评：作者和粉丝评分已隐藏。") || strings.Contains(card, "票数") {
		t.Errorf("the judge's blind note in a stars challenge should speak of 评分, not 票数")
	}
	desk := func(lang string) string {
		return pageIn(h, fmt.Sprintf("/challenges/%d/judging", e.open), e.admin, lang).must(t, 200).Body
	}
	zh, en := desk("zh-CN"), desk("en")
	for _, want := range []string{"盲评：评委看不到作者和粉丝评分", "粉丝评分权重（0–1）", "粉丝评分相对评委打分所占的比重。", "创意与评分（CSV）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the zh desk of a stars challenge lacks %q", want)
		}
	}
	for _, wrong := range []string{"作者和票数", "粉丝投票", "创意与票数"} {
		if strings.Contains(zh, wrong) {
			t.Errorf("the zh desk of a stars challenge says %q", wrong)
		}
	}
	for _, want := range []string{"neither author nor ratings", "ratings count against the judges", "Ideas and ratings (CSV)"} {
		if !strings.Contains(en, want) {
			t.Errorf("the en desk of a stars challenge lacks %q", want)
		}
	}
	if !regexp.MustCompile(`★ [0-9.]+<small>（1 人评分，平均 4\.0）</small>`).MatchString(zh) {
		t.Errorf("the zh crowd measure should read ★ x<small>（1 人评分，平均 4.0）</small>")
	}
	if !regexp.MustCompile(`★ [0-9.]+<small> \(1 rating, average 4\.0\)</small>`).MatchString(en) {
		t.Errorf("the en crowd measure should read ★ x<small> (1 rating, average 4.0)</small>")
	}
	// The published challenge's results name the rubric with its weights.
	res := func(lang string) string {
		return pageIn(h, fmt.Sprintf("/challenges/%d/results", e.done), e.admin, lang).must(t, 200).Body
	}
	if zh := res("zh-CN"); !strings.Contains(zh, "新颖性（×1）、可行性（×1）") {
		t.Errorf("the zh results' rubric line should read 新颖性（×1）、可行性（×1）")
	}
	if en := res("en"); !strings.Contains(en, "Novelty (×1)") {
		t.Errorf("the en results' rubric line should read Novelty (×1)")
	}
}

// The judge's queue and an open scorecard at 375 px in Chinese: nothing
// scrolls sideways, the challenges head their ideas, the scale reads in
// full-width brackets.
func TestJudge31OnAPhone(t *testing.T) {
	t.Parallel()
	e := newJudge31(t, nil)
	h := e.h
	ctx := newBrowser(t, 375, 667)
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "judge31@x.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery),
	)
	var lang string
	run(t, ctx, chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery))
	if !strings.HasPrefix(lang, "zh") {
		run(t, ctx, chromedp.Click(".header-tools button.link", chromedp.ByQuery), chromedp.WaitVisible(`html[lang^="zh"]`, chromedp.ByQuery))
	}
	for p, wants := range map[string][]string{
		"/judging":                               {"已评 1 / 3", "冰箱保鲜", "洗衣机静音", "4 / 10"},
		fmt.Sprintf("/judging/ideas/%d", e.toDo): {"新颖性（1–10，×1）"},
	} {
		var wide bool
		var text string
		var shot []byte
		run(t, ctx,
			chromedp.Navigate(h.srv.URL+p),
			chromedp.WaitReady("footer", chromedp.ByQuery),
			chromedp.Evaluate(scrollsSideways, &wide),
			chromedp.Text("main", &text, chromedp.ByQuery),
			chromedp.FullScreenshot(&shot, 70),
		)
		if dir := os.Getenv("COCREATE_SCREENSHOTS"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, "judge31"+strings.ReplaceAll(p, "/", "_")+".jpg"), shot, 0o644)
		}
		if wide {
			t.Errorf("%s scrolls sideways at 375 px", p)
		}
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("%s at 375 px (zh) lacks %q", p, want)
			}
		}
	}
}

// In a pairwise challenge the desk speaks of pairwise scores, and the
// crowd's measure gives its comparisons in full-width brackets in Chinese.
func TestJudge31PairwiseChallengeSpeaksOfComparisons(t *testing.T) {
	t.Parallel()
	e := newJudge31(t, map[string]any{"voting_method": "pairwise"})
	zh := pageIn(e.h, fmt.Sprintf("/challenges/%d/judging", e.open), e.admin, "zh-CN").must(t, 200).Body
	for _, want := range []string{"盲评：评委看不到作者和两两比较得分", "粉丝比较权重（0–1）", "创意与比较得分（CSV）"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the zh desk of a pairwise challenge lacks %q", want)
		}
	}
	if strings.Contains(zh, "作者和票数") || strings.Contains(zh, "粉丝投票") {
		t.Errorf("the zh desk of a pairwise challenge speaks of votes")
	}
	if !regexp.MustCompile(`±[0-9]+<small>（比较 [0-9]+ 次）</small>`).MatchString(zh) {
		t.Errorf("the zh crowd measure of a pairwise idea should read ±n<small>（比较 n 次）</small>")
	}
	card := pageIn(e.h, fmt.Sprintf("/judging/ideas/%d", e.toDo), e.judge, "en").must(t, 200).Body
	if !strings.Contains(card, "Blind judging: the author and pairwise scores are hidden.") {
		t.Errorf("the en blind note of a pairwise challenge should speak of pairwise scores")
	}
}
