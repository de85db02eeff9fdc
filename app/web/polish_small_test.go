package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// #20 item 10: share cards and search snippets carry the words, not the
// Markdown: WeChat and Weibo previews show no "##" or "**".
func TestShareCardsAndSnippetsArePlainText(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"brief": "## 二次污染\n\n**Help** us find [ideas](https://haier.com) for `drums`."})
	id := num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{
		"title": "Silver drum", "summary": "## 银离子\n\n- **抑菌** coating\n- _no_ smell",
	}).must(t, 201).JSON, "id")
	desc := regexp.MustCompile(`<meta (?:name|property)="(?:og:|twitter:)?description" content="([^"]*)"`)
	for path, want := range map[string]string{
		fmt.Sprintf("/challenges/%d", cid): "二次污染 Help us find ideas for drums.",
		fmt.Sprintf("/ideas/%d", id):       "银离子 抑菌 coating no smell",
	} {
		page := h.browser().get(path).must(t, 200).Body
		ms := desc.FindAllStringSubmatch(page, -1)
		if len(ms) != 3 {
			t.Fatalf("%s: %d description tags", path, len(ms))
		}
		for _, m := range ms {
			if m[1] != want {
				t.Errorf("%s: description %q, want %q", path, m[1], want)
			}
		}
	}
	hits, _ := h.searchFor("", "q=coating", id)
	found := false
	for _, hit := range hits {
		if num(hit, "id") != id {
			continue
		}
		found = true
		if hl := str(hit, "highlight"); strings.ContainsAny(hl, "#*_") || !strings.Contains(hl, "抑菌") {
			t.Errorf("search snippet %q carries Markdown", hl)
		}
	}
	if !found {
		t.Fatal("the idea is not found")
	}
	page := h.browser().get("/search?q=coating").must(t, 200).Body
	if strings.Contains(page, "**抑菌**") || strings.Contains(page, "## 银离子") {
		t.Error("the search page shows Markdown in a snippet")
	}
}

// #20 item 10: search, similar ideas and profiles, costly and open to anyone, are
// limited per address (per account when signed in): a person's burst of 60
// passes, a script's stream is refused with 429 and Retry-After, while
// another address and a signed-in fan behind the exhausted one still get
// answers.
func TestCostlyReadsAreLimitedPerAddress(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(admin, cid, "无孔内筒 drum without holes")
	fan := h.fan("fan@x.cn")
	get := func(path, from, token string) int {
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Header.Set("X-Forwarded-For", from)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r := h.do(http.DefaultClient, req)
		if r.Status == 429 && r.Header.Get("Retry-After") == "" {
			t.Error("a 429 without Retry-After")
		}
		return r.Status
	}
	// A profile (its ideas, projects and points) is as costly, and a
	// script walking the ids would collect every account's.
	paths := []string{"/api/v1/search?type=all&q=drum", fmt.Sprintf("/api/v1/challenges/%d/similar?text=holes", cid), "/search?q=drum", "/users/1", "/api/v1/users/1"}
	passed, refused := 0, 0
	for i := 0; i < 90; i++ {
		switch get(paths[i%len(paths)], "203.0.113.5", "") {
		case 200:
			passed++
		case 429:
			refused++
		default:
			t.Fatalf("request %d: unexpected status", i)
		}
	}
	if passed < costlyBurst || refused < 20 {
		t.Errorf("one address, 90 costly reads at once: %d answered, %d refused (want ≥ %d answered, the rest mostly refused)", passed, refused, costlyBurst)
	}
	for _, p := range paths {
		if got := get(p, "198.51.100.7", ""); got != 200 {
			t.Errorf("%s from another address: %d", p, got)
		}
		if got := get(p, "203.0.113.5", fan); got != 200 {
			t.Errorf("%s by a signed-in fan behind the busy address: %d", p, got)
		}
	}
	// Cheap reads stay unlimited from the busy address.
	for i := 0; i < 20; i++ {
		if got := get("/api/v1/challenges", "203.0.113.5", ""); got != 200 {
			t.Fatalf("listing challenges from the busy address: %d", got)
		}
	}
}

// #20 item 10: the owner engineer is not offered "apply to test" on their
// own project (and the API refuses it), and feedback without stars says so
// at the rating field, in the person's language.
func TestOwnProjectAndStarlessFeedback(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10) // testers are from level 2
	testers := fmt.Sprintf(`action="/projects/%d/testers"`, e.pid)
	owner := h.browser()
	owner.signIn("eng@x.cn", "fan-password")
	if page := owner.get(fmt.Sprintf("/projects/%d", e.pid)).must(t, 200).Body; strings.Contains(page, testers) {
		t.Error("the owner engineer is offered \"apply to test\" on their own project")
	}
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	if page := fan.get(fmt.Sprintf("/projects/%d", e.pid)).must(t, 200).Body; !strings.Contains(page, testers) {
		t.Error("a fan is not offered \"apply to test\"")
	}
	if r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.eng, map[string]string{"motivation": "mine"}).must(t, 409); r.errCode() != "own_project" {
		t.Errorf("the owner applying: %s", r.Body)
	}
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID), e.eng, map[string]bool{"accepted": true}).must(t, 200)
	r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"body": "脱水时声音有点大"}).must(t, 400)
	if r.errField() != "rating" || r.errCode() != "stars_required" {
		t.Errorf("feedback without stars: %s", r.Body)
	}
	page := fan.post(fmt.Sprintf("/projects/%d", e.pid), fmt.Sprintf("/projects/%d/feedback", e.pid), url.Values{"body": {"脱水时声音有点大"}})
	if !strings.Contains(page.Body, "请选择星级") && !strings.Contains(page.Body, "Choose how many stars") {
		t.Errorf("the feedback form without stars says: %.3000s", page.Body)
	}
	if strings.Contains(page.Body, "out of range") {
		t.Error("the feedback form still says \"out of range\"")
	}
}

// #20 item 10: the challenge's Atom feed is linked (for feed readers in the
// head, for people on the page), and withdrawing asks first.
func TestFeedLinkedAndWithdrawAsks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	fan := h.fan("fan@x.cn")
	id := h.idea(fan, cid, "无孔内筒")
	feed := fmt.Sprintf("/challenges/%d/feed.atom?lang=en", cid) // the language it is read in (modfeed52)
	page := h.browser().get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200).Body
	if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" href="`+feed+`">`) || !strings.Contains(page, `<a href="`+feed+`"`) {
		t.Error("the challenge page links no Atom feed")
	}
	if r := h.browser().get(feed).must(t, 200); !strings.Contains(r.Body, "<feed") {
		t.Errorf("the linked feed: %.300s", r.Body)
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	idea := b.get(fmt.Sprintf("/ideas/%d", id)).must(t, 200).Body
	confirm := regexp.MustCompile(`(?s)<details class="confirm">\s*<summary[^>]*>[^<]+</summary>.*?value="withdrawn".*?</details>`)
	if !confirm.MatchString(idea) || strings.Count(idea, `value="withdrawn"`) != 1 {
		t.Error("withdrawing is one tap: the button is not behind a confirmation")
	}
}

// #20 item 10: admins export a challenge's ideas with their votes as CSV
// (cells a spreadsheet would run as formulas are defused), and the
// scorecards export names the judges.
func TestIdeasCSVAndScorecardsWithNames(t *testing.T) {
	t.Parallel()
	h, cid, ideas, _ := publishedResults(t)
	admin := h.adminBrowser()
	r := admin.get(fmt.Sprintf("/challenges/%d/ideas.csv", cid)).must(t, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("content type %q", r.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ideas)+1 || rows[0][0] != "idea_id" || rows[0][5] != "votes" {
		t.Fatalf("ideas.csv: %d rows, header %v", len(rows), rows[0])
	}
	// Most votes first: the first idea had six votes.
	if rows[1][0] != itoa(int64(ideas[0])) || rows[1][5] != "6" || rows[1][3] != "maker" {
		t.Errorf("first row %v, want idea %d by maker with 6 votes", rows[1], ideas[0])
	}
	h.browser().get(fmt.Sprintf("/challenges/%d/ideas.csv", cid)).must(t, 303)
	b := h.browser()
	b.signIn("maker@x.cn", "fan-password")
	b.get(fmt.Sprintf("/challenges/%d/ideas.csv", cid)).must(t, 403)
	cards := admin.get(fmt.Sprintf("/challenges/%d/scores.csv", cid)).must(t, 200).Body
	if !strings.Contains(cards, "judge_id,judge_name") || !strings.Contains(cards, ",j1,") || !strings.Contains(cards, ",j2,") {
		t.Errorf("scorecards export without judges' names:\n%s", cards)
	}
}

// A title that a spreadsheet would run is exported as text.
func TestIdeasCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(h.fan("fan@x.cn"), cid, `=HYPERLINK("http://evil.example","点我")`)
	b := h.adminBrowser()
	body := b.get(fmt.Sprintf("/challenges/%d/ideas.csv", cid)).must(t, 200).Body
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.HasPrefix(rows[1][1], "=") || !strings.Contains(rows[1][1], "HYPERLINK") {
		t.Errorf("the formula title reads %q", rows[1][1])
	}
}

// #20 item 10: after published results the judge's scorecard is shown as
// kept, read-only: no form to fill in vain.
func TestScorecardIsReadOnlyAfterResults(t *testing.T) {
	t.Parallel()
	h, _, ideas, _ := publishedResults(t)
	b := h.browser()
	b.signIn("j1@x.cn", "fan-password")
	for _, lang := range []string{"en", "zh-CN"} {
		page := b.get(fmt.Sprintf("/judging/ideas/%d", ideas[0]), "Accept-Language", lang).must(t, 200).Body
		if strings.Contains(page, fmt.Sprintf(`action="/judging/ideas/%d"`, ideas[0])) || strings.Contains(page, `name="score_novelty"`) {
			t.Errorf("%s: the scorecard is still an editable form after the results", lang)
		}
		if !strings.Contains(page, `class="card-final"`) || !strings.Contains(page, "<dd>9 / 10</dd>") {
			t.Errorf("%s: the kept scores are not shown", lang)
		}
	}
}

// #20 item 10: a form refused with photos attached names the refused field
// in words and says the photos must be chosen again (a browser cannot be
// made to keep them in the file field), in the person's language.
func TestRefusedFormSaysPhotosMustBeChosenAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{"en": {"Title: ", "1 photo(s) were not kept"}, "zh-CN": {"标题：", "1 张照片没有保存"}} {
		body, ctype := multipartIdea(t, b.csrf(fmt.Sprintf("/challenges/%d/submit", cid)), "", pic.Bytes())
		req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Accept-Language", lang)
		r := h.do(b.client, req)
		if r.Status != 400 {
			t.Fatalf("%s: an untitled idea: %d", lang, r.Status)
		}
		alert := regexp.MustCompile(`(?s)<p class="alert" role="alert">(.*?)</p>`).FindStringSubmatch(r.Body)
		if alert == nil {
			t.Fatalf("%s: no alert", lang)
		}
		for _, w := range want {
			if !strings.Contains(alert[1], w) {
				t.Errorf("%s: the alert %q lacks %q", lang, alert[1], w)
			}
		}
	}
	if n := h.ideaCount(); n != 0 {
		t.Fatalf("a refused idea was stored (%d ideas)", n)
	}
}

// #20 item 10: "立项" on the triage page makes a project that reads 已立项
// (accepted), while the API keeps API.md's project in triage.
func TestTriageAcceptMakesAnAcceptedProject(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/triage", e.ideaID), e.admin, nil)
	b := h.adminBrowser()
	r := b.post("/triage", fmt.Sprintf("/ideas/%d/project", e.ideaID), url.Values{"owner_id": {itoa(int64(e.engID))}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/projects/") {
		t.Fatalf("立项: %d %.300s", r.Status, r.Body)
	}
	page := b.get(r.Header.Get("Location"), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, `stage-badge stage-accepted">已立项`) {
		t.Errorf("the new project does not read 已立项: %.1500s", page[strings.Index(page, "<main"):])
	}
	pid := strings.TrimPrefix(r.Header.Get("Location"), "/projects/")
	if p := h.api("GET", "/api/v1/projects/"+pid, "", nil).must(t, 200); str(p.JSON, "stage") != "accepted" {
		t.Errorf("stage %q, want accepted", str(p.JSON, "stage"))
	}
	// The author hears once that the idea became a project.
	notes := h.api("GET", "/api/v1/me/notifications", e.author, nil).JSON["notifications"].([]any)
	n := 0
	for _, x := range notes {
		if k := x.(map[string]any)["kind"]; k == "project" || k == "stage" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the author got %d notices of the new project, want 1: %v", n, notes)
	}
}

// #20 item 10: "whole number" is said only where a whole number is asked
// for, and there 7.5 is refused; a score or a weight, where decimals are
// fine, says "a number".
func TestWholeNumbersOnlyWhereSaid(t *testing.T) {
	t.Parallel()
	e := newJudging(t, false)
	h := e.h
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", e.cid, p) }
	h.api("POST", path("shortlist"), e.admin, map[string]any{"top": 4}).must(t, 200)
	h.api("POST", path("judges"), e.admin, map[string]any{"user_ids": []int{e.j1ID, e.j2ID}, "per_idea": 1}).must(t, 200)
	admin := h.adminBrowser()
	desk := fmt.Sprintf("/challenges/%d/judging", e.cid)
	for field, form := range map[string]url.Values{
		"top":      {"top": {"7.5"}},
		"per_idea": {"judges": {itoa(int64(e.j1ID))}, "per_idea": {"1.5"}},
	} {
		action := map[string]string{"top": "/shortlist", "per_idea": "/judges"}[field]
		r := admin.post(desk, fmt.Sprintf("/challenges/%d%s", e.cid, action), form)
		if r.Status != 400 || !strings.Contains(r.Body, "Enter a whole number.") {
			t.Errorf("%s = 7.5-like: %d, want 400 saying a whole number", field, r.Status)
		}
	}
	r := admin.post(desk, fmt.Sprintf("/challenges/%d/rubric", e.cid), url.Values{"key": {"novelty"}, "name": {"新颖性"}, "weight": {"1"}, "min": {"0"}, "max": {"10"}, "crowd_weight": {"a quarter"}})
	if r.Status != 400 || strings.Contains(r.Body, "whole number") || !strings.Contains(r.Body, "Enter a number") {
		t.Errorf("a crowd weight that is no number: %d, want 400 saying a number (not a whole one)", r.Status)
	}
	var mine int
	for _, a := range h.api("GET", "/api/v1/judging/assignments", e.j1, nil).must(t, 200).JSON["assignments"].([]any) {
		mine = num(a.(map[string]any)["idea"].(map[string]any), "id")
	}
	j := h.browser()
	j.signIn("j1@x.cn", "fan-password")
	card := fmt.Sprintf("/judging/ideas/%d", mine)
	r = j.post(card, card, url.Values{"score_novelty": {"seven"}, "score_feasibility": {"7.5"}})
	if r.Status != 400 || strings.Contains(r.Body, "whole number") || !strings.Contains(r.Body, "Enter a number") {
		t.Errorf("a score that is no number: %d, want 400 saying a number", r.Status)
	}
	j.post(card, card, url.Values{"score_novelty": {"7.5"}, "score_feasibility": {"8"}}).must(t, 303) // decimals are scores
}

// #20 item 8: the owner credits co-creators by ticking people in a list
// (the idea's author, the fans who applied to test) with their role, never
// by typing user numbers nobody is shown.
func TestCreditsFromAList(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	h.earn(e.fanID, 10) // testers are from level 2
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": "我每天洗衣服"}).must(t, 201)
	owner := h.browser()
	owner.signIn("eng@x.cn", "fan-password")
	path := fmt.Sprintf("/projects/%d", e.pid)
	page := owner.get(path).must(t, 200).Body
	for _, id := range []int{e.authorID, e.fanID} {
		if !strings.Contains(page, fmt.Sprintf(`name="credit" value="%d"`, id)) || !strings.Contains(page, fmt.Sprintf(`name="role_%d"`, id)) {
			t.Errorf("person %d is not offered in the credits list", id)
		}
	}
	if strings.Contains(page, `textarea id="credits"`) {
		t.Error("credits are still typed as user numbers")
	}
	owner.post(path, path+"/credits", url.Values{"credit": {itoa(int64(e.authorID))}, "role_" + itoa(int64(e.authorID)): {"发明人"}, "role_" + itoa(int64(e.fanID)): {"not ticked"}}).must(t, 303)
	// The owner's form shows who is credited now, with their role.
	after := owner.get(path).must(t, 200).Body
	ticked := regexp.MustCompile(`name="credit" value="(\d+)" checked`).FindAllStringSubmatch(after, -1)
	if len(ticked) != 1 || ticked[0][1] != itoa(int64(e.authorID)) || !strings.Contains(after, `value="发明人"`) {
		t.Errorf("after saving, ticked %v; the author's role kept: %v", ticked, strings.Contains(after, `value="发明人"`))
	}
}
