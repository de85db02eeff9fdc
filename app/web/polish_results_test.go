package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// publishedResults plays a challenge to published results the way the issue
// saw it: the rules say a shortlist of 8, the organiser shortlisted the top
// 4 by votes plus one pick with no votes (a long Chinese title), two judges
// scored everything, one of them harshly.
func publishedResults(t *testing.T) (h *harness, cid int, ideas []int, pick string) {
	h = newHarness(t)
	admin := h.setup()
	j1, j2 := h.fan("j1@x.cn"), h.fan("j2@x.cn")
	for _, tok := range []string{j1, j2} {
		id := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
		h.confirm(int64(id))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	}
	cid = h.openChallenge(admin, map[string]any{"shortlist_size": 8, "winners": 2})
	author := h.fan("maker@x.cn")
	voters := []string{admin}
	for i := 0; i < 5; i++ {
		voters = append(voters, h.fan(fmt.Sprintf("v%d@x.cn", i)))
	}
	pick = "洗衣机内筒自清洁与银离子抑菌组合方案"
	titles := []string{"Self-cleaning drum", "无孔内筒", "Steam rinse", "滤网提醒", "Door seal", "Dryer vent", pick}
	for i, title := range titles {
		id := h.idea(author, cid, title)
		ideas = append(ideas, id)
		for _, v := range voters[:max(6-i, 0)] {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), v, nil).must(t, 200)
		}
	}
	h.advance(80 * time.Hour)
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("POST", path("shortlist"), admin, map[string]any{"top": 4, "add": []int{ideas[6]}}).must(t, 200)
	ids := []int{}
	for _, tok := range []string{j1, j2} {
		ids = append(ids, num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id"))
	}
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": ids, "per_idea": 2}).must(t, 200)
	for k, i := range []int{0, 1, 2, 3, 6} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", ideas[i]), j1, map[string]any{"scores": map[string]float64{"novelty": float64(9 - k), "feasibility": 8, "cost": 7, "user_value": 6}}).must(t, 200)
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", ideas[i]), j2, map[string]any{"scores": map[string]float64{"novelty": float64(1 + k%3), "feasibility": 2, "cost": 3, "user_value": 2}}).must(t, 200)
	}
	h.api("POST", path("results/publish"), admin, nil).must(t, 200)
	return h, cid, ideas, pick
}

// #20 item 7 through the API: the ranking carries a score out of 100 and
// the shortlist says how it was made (removals counted, never named).
func TestResultsSayWhatHappened(t *testing.T) {
	t.Parallel()
	h, cid, ideas, _ := publishedResults(t)
	r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/results", cid), "", nil).must(t, 200)
	var got struct {
		Ranking []struct {
			Final float64 `json:"final"`
			Score *int    `json:"score"`
		} `json:"ranking"`
		Shortlist struct {
			Top     int   `json:"top"`
			ByVotes []int `json:"by_votes"`
			Picked  []int `json:"picked"`
			Removed *int  `json:"removed"`
		} `json:"shortlist"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Ranking) != 5 {
		t.Fatalf("%d ranked, want 5", len(got.Ranking))
	}
	last := 101
	for _, x := range got.Ranking {
		if x.Score == nil || *x.Score < 0 || *x.Score > 100 || *x.Score > last {
			t.Errorf("score %v for final %v (previous %d): want 0..100, falling with the rank", x.Score, x.Final, last)
			continue
		}
		last = *x.Score
	}
	s := got.Shortlist
	if s.Top != 4 || fmt.Sprint(s.ByVotes) != fmt.Sprint(ideas[:4]) || fmt.Sprint(s.Picked) != fmt.Sprint(ideas[6:7]) || s.Removed == nil || *s.Removed != 0 {
		t.Errorf("shortlist basis %+v, want top 4 by votes %v and the pick %d", s, ideas[:4], ideas[6])
	}
}

// #20 item 7 on a phone, in Chinese and English: the page says what the
// organiser did (not the rules' 8), scores are whole numbers out of 100
// with no negative final score and no "(z 1.38)", the z-scores wait in a
// details view, every column is on the screen, and the chart's labels are
// whole and at least 12 px.
func TestResultsReadRightOnAPhone(t *testing.T) {
	t.Parallel()
	h, cid, _, pick := publishedResults(t)
	ctx := newBrowser(t, 375, 812)
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			setLanguage(t, ctx, h, lang)
			var m struct {
				Off, Clipped int
				Scores       []string
				MinPx        float64
				How, Body    string
				Wide, ZWide  bool
				ZOpen        bool
			}
			var raw string
			run(t, ctx,
				chromedp.Navigate(fmt.Sprintf("%s/challenges/%d/results", h.srv.URL, cid)),
				chromedp.WaitVisible("table.results", chromedp.ByQuery),
				chromedp.Click("details.zscores summary", chromedp.ByQuery),
				chromedp.WaitVisible("table.results.z", chromedp.ByQuery),
				chromedp.Evaluate(`JSON.stringify((() => {
  const vw = document.documentElement.clientWidth;
  const t = document.querySelector('table.results:not(.z)');
  const off = [...t.querySelectorAll('th,td')].filter(c => c.getBoundingClientRect().right > vw + 0.5 || c.getBoundingClientRect().left < -0.5).length;
  const scores = [...t.querySelectorAll('tbody tr td:last-child')].map(td => td.textContent.trim());
  const svg = document.querySelector('figure.chart-wrap svg');
  const vb = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / vb.width;
  const texts = [...svg.querySelectorAll('text')];
  const minPx = Math.min(...texts.map(x => parseFloat(getComputedStyle(x).fontSize) * scale));
  const clipped = texts.filter(x => { const b = x.getBBox(); return b.x < -0.5 || b.x + b.width > vb.width + 0.5 || x.textContent.includes('…'); }).length;
  const zw = document.querySelector('table.results.z').parentElement.getBoundingClientRect();
  return {Off: off, Scores: scores, MinPx: minPx, Clipped: clipped,
    How: document.querySelector('.explain ol > li').innerText, Body: document.querySelector('main').innerText,
    Wide: document.documentElement.scrollWidth > vw, ZWide: zw.right > vw + 0.5,
    ZOpen: document.querySelector('details.zscores').open};
})())`, &raw),
			)
			if err := json.Unmarshal([]byte(raw), &m); err != nil {
				t.Fatal(err)
			}
			if m.Off > 0 || m.Wide || m.ZWide {
				t.Errorf("%d cells off-screen, page scrolls sideways %v, z table wider than the screen %v", m.Off, m.Wide, m.ZWide)
			}
			if len(m.Scores) != 5 {
				t.Fatalf("%d scores shown", len(m.Scores))
			}
			for _, s := range m.Scores {
				if n, err := strconv.Atoi(s); err != nil || n < 0 || n > 100 {
					t.Errorf("score %q is not a whole number out of 100", s)
				}
			}
			if strings.Contains(m.Body, "(z ") {
				t.Error("a vote count still reads like \"11 (z 1.38)\"")
			}
			if !m.ZOpen || !strings.Contains(m.Body, "z") {
				t.Error("the z-scores are not in a details view")
			}
			if m.MinPx < 12 || m.Clipped > 0 {
				t.Errorf("chart text %.1f px (want ≥ 12), %d labels clipped", m.MinPx, m.Clipped)
			}
			want := map[string][]string{
				"zh": {"共选出 5 个入围创意", "4 个因粉丝票数最多入围", "1 个由主办方挑选", pick},
				"en": {"shortlisted 5 ideas", "4 for having the most fan votes", "1 picked by the organiser", pick},
			}[lang]
			for _, w := range want {
				if !strings.Contains(m.How, w) {
					t.Errorf("the shortlist line %q lacks %q", m.How, w)
				}
			}
			if strings.Contains(m.How, "8") {
				t.Errorf("the shortlist line still quotes the rules' size: %q", m.How)
			}
		})
	}
}

// setLanguage switches the browser's pages to lang with the header's
// language button, as a person would.
func setLanguage(t *testing.T, ctx context.Context, h *harness, lang string) {
	t.Helper()
	var current string
	run(t, ctx, chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible(".header-tools button", chromedp.ByQuery),
		chromedp.AttributeValue("html", "lang", &current, nil, chromedp.ByQuery))
	if !strings.HasPrefix(current, lang) {
		run(t, ctx, chromedp.Click(".header-tools button.link", chromedp.ByQuery), chromedp.WaitVisible(`html[lang^="`+lang+`"]`, chromedp.ByQuery))
	}
}
