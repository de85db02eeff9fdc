package web

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

type projectEnv struct {
	h                              *harness
	admin, eng, eng2, author, fan  string
	engID, eng2ID, authorID, fanID int
	ideaID, pid                    int
}

// newProject makes an idea with an author and a voter, and two engineers.
func newProject(t *testing.T) *projectEnv {
	h := newHarness(t)
	e := &projectEnv{h: h, admin: h.setup(), eng: h.fan("eng@x.cn"), eng2: h.fan("eng2@x.cn"), author: h.fan("author@x.cn"), fan: h.fan("fan@x.cn")}
	id := func(tok string) int { return num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id") }
	e.engID, e.eng2ID, e.authorID, e.fanID = id(e.eng), id(e.eng2), id(e.author), id(e.fan)
	for _, u := range []int{e.engID, e.eng2ID} {
		h.confirm(int64(u))
		h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", u), e.admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	}
	cid := h.openChallenge(e.admin, nil)
	e.ideaID = h.idea(e.author, cid, "免清洗内筒")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", e.ideaID), e.fan, nil).must(t, 200)
	return e
}

// engineerOnProject is an open project (newProject, open) and its engineer
// signed in, in a browser of their own, with the project page's path.
func engineerOnProject(t *testing.T) (*projectEnv, *browser, string) {
	e := newProject(t)
	e.open(t)
	b := e.h.browser()
	b.signIn("eng@x.cn", "fan-password")
	return e, b, fmt.Sprintf("/projects/%d", e.pid)
}

func (e *projectEnv) open(t *testing.T) {
	// Not a winner: only an admin may open it.
	e.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), e.eng, map[string]any{"owner_id": e.engID}).must(t, 409)
	e.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), e.fan, map[string]any{"owner_id": e.engID}).must(t, 403)
	e.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), e.admin, map[string]any{"owner_id": e.fanID}).must(t, 400)
	r := e.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), e.admin, map[string]any{"owner_id": e.engID}).must(t, 201)
	if str(r.JSON, "stage") != "triage" || num(r.JSON["owner"].(map[string]any), "id") != e.engID {
		t.Fatalf("new project: %s", r.Body)
	}
	e.pid = num(r.JSON, "id")
	e.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", e.ideaID), e.admin, map[string]any{"owner_id": e.engID}).must(t, 409)
}

func (e *projectEnv) move(tok, to, note string) res {
	return e.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", e.pid), tok, map[string]string{"to": to, "note": note})
}

func TestProjectWorkflowMoves(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	// Refused moves: skipping, backwards, to itself, unknown.
	for _, to := range []string{"concept", "launched", "triage"} {
		if r := e.move(e.eng, to, ""); r.Status != 409 || r.errCode() != "stage_move_not_allowed" {
			t.Errorf("triage → %s: %d %s", to, r.Status, r.Body)
		}
	}
	e.move(e.eng, "sideways", "").must(t, 400)
	// Only the owner engineer or an admin.
	e.move(e.eng2, "accepted", "").must(t, 403)
	e.move(e.fan, "accepted", "").must(t, 403)
	e.move("", "accepted", "").must(t, 401)
	// Shelving needs a note; shelved goes back to triage only.
	if r := e.move(e.eng, "shelved", "  "); r.Status != 400 || r.errField() != "note" {
		t.Errorf("shelve without note: %d %s", r.Status, r.Body)
	}
	e.move(e.eng, "shelved", "电机成本太高 motor too costly").must(t, 200)
	e.move(e.eng, "accepted", "").must(t, 409)
	e.move(e.eng, "triage", "reconsidered").must(t, 200)
	// The whole pipeline, by owner and admin alike.
	for i, to := range []string{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"} {
		tok := e.eng
		if i%2 == 1 {
			tok = e.admin
		}
		if r := e.move(tok, to, "step "+to); r.Status != 200 || str(r.JSON, "stage") != to {
			t.Fatalf("→ %s: %d %s", to, r.Status, r.Body)
		}
	}
	e.move(e.admin, "shelved", "too late").must(t, 409)
	// Every move is on the public timeline, with its note.
	p := h.api("GET", fmt.Sprintf("/api/v1/projects/%d", e.pid), "", nil).must(t, 200)
	timeline := p.JSON["timeline"].([]any)
	if len(timeline) != 9 { // started + shelved + back + 6 steps
		t.Errorf("timeline has %d entries, want 9", len(timeline))
	}
	if body := timeline[1].(map[string]any)["body"]; body != "电机成本太高 motor too costly" {
		t.Errorf("shelving note = %v", body)
	}
	// The author and the voter heard of every move, in their language.
	for _, tok := range []string{e.author, e.fan} {
		notes := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).JSON["notifications"].([]any)
		stages := 0
		for _, n := range notes {
			if k := n.(map[string]any)["kind"]; k == "stage" || k == "shelved" { // shelved: with its reason
				stages++
			}
		}
		if stages != 8 {
			t.Errorf("%d stage notifications, want 8", stages)
		}
	}
	if ns := h.notices(e.author); !strings.Contains(str(ns[0], "text"), "Launched") {
		t.Errorf("notification text: %v", ns)
	}
	if p := h.api("GET", "/api/v1/projects?stage=launched", "", nil).must(t, 200); len(p.JSON["projects"].([]any)) != 1 {
		t.Errorf("launched projects: %s", p.Body)
	}
	h.api("GET", "/api/v1/projects?stage=nowhere", "", nil).must(t, 400)
}

func TestFanTesters(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	apply := func(tok string) res {
		return h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), tok, map[string]string{"motivation": "我每天洗衣服"})
	}
	apply(e.fan).must(t, 409) // not in fan test yet
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
		e.move(e.eng, to, "").must(t, 200)
	}
	apply("").must(t, 401)
	// Level 1 may not apply: a 403 saying why; level 2 may.
	if r := apply(e.fan); r.Status != 403 || r.errCode() != "level_too_low" {
		t.Errorf("level 1 applies: %d %s", r.Status, r.Body)
	}
	h.earn(e.fanID, 10)
	h.earn(e.authorID, 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.fan, map[string]string{"motivation": ""}).must(t, 400)
	apply(e.fan).must(t, 201)
	apply(e.fan).must(t, 409)
	apply(e.author).must(t, 201)
	feedback := func(tok string, rating int) res {
		return h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), tok, map[string]any{"rating": rating, "body": "脱水时声音有点大"})
	}
	feedback(e.fan, 4).must(t, 403) // not accepted yet
	decide := fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.fanID)
	h.api("PUT", decide, e.eng2, map[string]bool{"accepted": true}).must(t, 403)
	h.api("PUT", decide, e.fan, map[string]bool{"accepted": true}).must(t, 403)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", e.pid, e.eng2ID), e.eng, map[string]bool{"accepted": true}).must(t, 404)
	h.api("PUT", decide, e.eng, map[string]bool{"accepted": true}).must(t, 200)
	notes := h.api("GET", "/api/v1/me/notifications", e.fan, nil).JSON["notifications"].([]any)
	if notes[0].(map[string]any)["kind"] != "tester_chosen" {
		t.Errorf("the accepted tester was not told: %v", notes[0])
	}
	feedback(e.fan, 6).must(t, 400)
	r := feedback(e.fan, 4).must(t, 201)
	feedback(e.author, 5).must(t, 403) // applied, not accepted
	fid := num(r.JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid), e.fan, map[string]any{"addressed": true}).must(t, 403)
	h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, fid), e.eng, map[string]any{"addressed": true, "reply": "已加隔音棉"}).must(t, 200)
	// The page: the tester sees the reply; a stranger sees no feedback.
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if page := b.get(fmt.Sprintf("/projects/%d", e.pid)).must(t, 200).Body; !strings.Contains(page, "已加隔音棉") {
		t.Error("the tester does not see the engineers' reply")
	}
	if page := h.browser().get(fmt.Sprintf("/projects/%d", e.pid)).must(t, 200).Body; strings.Contains(page, "脱水时声音有点大") {
		t.Error("a visitor sees testers' feedback")
	}
}

func TestTriageAndMilestonesFromPages(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	admin := h.adminBrowser()
	idea := fmt.Sprintf("/ideas/%d", e.ideaID)
	admin.post(idea, idea+"/pick", nil).must(t, 303)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	queue := eng.get("/triage").must(t, 200).Body
	if !strings.Contains(queue, "免清洗内筒") {
		t.Fatal("the picked idea is not in the triage queue")
	}
	r := eng.post("/triage", idea+"/project", url.Values{"owner_id": {itoa(int64(e.engID))}})
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/projects/") {
		t.Fatalf("open from triage: %d %q", r.Status, r.Header.Get("Location"))
	}
	proj := r.Header.Get("Location")
	if strings.Contains(eng.get("/triage").Body, "免清洗内筒") {
		t.Error("an idea with a project is still in triage")
	}
	// Milestones: one overdue is highlighted (a due date before today is
	// refused, so the clock passes the first's).
	eng.post(proj, proj+"/milestones", url.Values{"title": {"样机图纸"}, "due_at": {"2026-11-25"}}).must(t, 303)
	eng.post(proj, proj+"/milestones", url.Values{"title": {"Pilot run"}, "due_at": {"2027-03-01"}}).must(t, 303)
	h.advance(3 * 24 * time.Hour)
	page := eng.get(proj).Body
	if strings.Count(page, "milestone overdue") != 1 {
		t.Errorf("want exactly one overdue milestone highlighted")
	}
	// A refused move shows the reason on the page.
	if r := eng.post(proj, proj+"/move", url.Values{"to": {"shelved"}}); r.Status != 400 {
		t.Errorf("shelve without note from the page: %d", r.Status)
	}
	// 立项 from triage opens the project already accepted (#20 item 10):
	// the next move is to concept.
	eng.post(proj, proj+"/move", url.Values{"to": {"concept"}, "note": {"开工"}}).must(t, 303)
	eng.post(proj, proj+"/updates", url.Values{"body": {"**First drawings** are done"}}).must(t, 303)
	page = h.browser().get(proj).must(t, 200).Body
	for _, want := range []string{"<strong>First drawings</strong>", "开工", `class="current">Concept`} {
		if !strings.Contains(page, want) {
			t.Errorf("public project page lacks %q", want)
		}
	}
	// Another engineer cannot run it; the board lists it.
	other := h.browser()
	other.signIn("eng2@x.cn", "fan-password")
	if r := other.post(proj, proj+"/updates", url.Values{"body": {"hi"}}); r.Status != 403 {
		t.Errorf("other engineer posting: %d", r.Status)
	}
	if board := h.browser().get("/projects").must(t, 200).Body; !strings.Contains(board, "免清洗内筒") {
		t.Error("the board does not list the project")
	}
	// Decline with a public reason.
	cid := h.openChallenge(e.admin, nil)
	second := h.idea(e.author, cid, "second idea")
	admin.post("/", fmt.Sprintf("/ideas/%d/pick", second), nil).must(t, 303)
	eng.post("/triage", fmt.Sprintf("/ideas/%d/decline", second), url.Values{"reason": {"已有类似方案"}}).must(t, 303)
	if page := h.browser().get(fmt.Sprintf("/ideas/%d", second)).Body; !strings.Contains(page, "已有类似方案") {
		t.Error("the decline reason is not public on the idea")
	}
	// A fan cannot see the triage queue.
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	if r := fan.get("/triage"); r.Status != 403 {
		t.Errorf("fan on /triage: %d", r.Status)
	}
}

// The triage queue shows an engineer only the ideas they may see, under
// their mask: an idea of a challenge anonymous until its results without
// its author, and no idea hidden after it was picked (an admin's triage
// leaves it out too: no one may open or decline it). The admin sees the
// anonymous author.
func TestTriageKeepsAnonymityAndHiddenIdeas(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	anon := h.openChallenge(e.admin, map[string]any{"anonymous_until_results": true})
	secret := h.idea(e.author, anon, "匿名的洗衣机 anonymous washer")
	admin := h.adminBrowser()
	for _, id := range []int{secret, e.ideaID} {
		admin.post(fmt.Sprintf("/ideas/%d", id), fmt.Sprintf("/ideas/%d/pick", id), nil).must(t, 303)
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.admin, map[string]any{"state": "hidden", "reason": "duplicate"}).must(t, 200)
	eng := h.browser()
	eng.signIn("eng@x.cn", "fan-password")
	queue := eng.get("/triage").must(t, 200).Body
	if !strings.Contains(queue, "匿名的洗衣机") {
		t.Fatalf("the anonymous challenge's picked idea is not in the engineer's triage: %.3000s", queue)
	}
	if strings.Contains(queue, ">author<") || strings.Contains(queue, "by author") || !strings.Contains(queue, "Author hidden until the results") {
		t.Errorf("the engineer's triage names the anonymous author: %.3000s", queue)
	}
	if strings.Contains(queue, "免清洗内筒") {
		t.Errorf("the engineer's triage shows a hidden idea")
	}
	adminQueue := admin.get("/triage").must(t, 200).Body
	if !strings.Contains(adminQueue, "by author") {
		t.Errorf("the admin's triage lacks the anonymous author: %.3000s", adminQueue)
	}
	if strings.Contains(adminQueue, "免清洗内筒") {
		t.Errorf("the admin's triage shows a hidden idea no one may open or decline")
	}
}

func TestFeedsAreValidAtom(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	e.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/updates", e.pid), e.eng, map[string]string{"body": "<b>bold & brave</b>"}).must(t, 201)
	for _, path := range []string{fmt.Sprintf("/projects/%d/feed.atom", e.pid), "/challenges/1/feed.atom"} {
		r := e.h.browser().get(path).must(t, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
			t.Errorf("%s content type %q", path, r.Header.Get("Content-Type"))
		}
		var f struct {
			XMLName xml.Name
			Entries []struct {
				ID    string `xml:"id"`
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
			t.Fatalf("%s is not XML: %v", path, err)
		}
		if f.XMLName.Space != "http://www.w3.org/2005/Atom" || len(f.Entries) == 0 || !strings.HasPrefix(f.Entries[0].ID, "http") {
			t.Errorf("%s: %+v", path, f)
		}
	}
}

func TestOfficialRepliesAndReplyTimes(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.fan, map[string]string{"body": "什么时候有回复？"}).must(t, 201)
	h.advance(90 * 60 * 1e9) // an hour and a half later
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", e.ideaID), e.eng, map[string]string{"body": "我们在看"}).must(t, 201)
	notes := h.api("GET", "/api/v1/me/notifications", e.author, nil).JSON["notifications"].([]any)
	if notes[0].(map[string]any)["kind"] != "official" {
		t.Errorf("the author was not told of the official reply: %v", notes)
	}
	b := h.adminBrowser()
	page := b.get("/challenges/1/replies").must(t, 200).Body
	if !strings.Contains(page, "1h 30m") {
		t.Errorf("reply dashboard does not show the 1h 30m wait: %.3000s", page)
	}
	h.browser().get("/challenges/1/replies").must(t, 303) // visitors sign in first
}

func TestFollowersHearOfStageMoves(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	follower := h.fan("follower@x.cn")
	follow := fmt.Sprintf("/api/v1/ideas/%d/follow", e.ideaID)
	h.api("PUT", follow, "", nil).must(t, 401)
	h.api("PUT", follow, follower, nil).must(t, 200)
	h.api("PUT", follow, follower, nil).must(t, 200) // twice is once
	e.open(t)
	e.move(e.eng, "accepted", "").must(t, 200)
	notes := h.api("GET", "/api/v1/me/notifications", follower, nil).JSON["notifications"].([]any)
	// The move, and before it the project's start.
	if len(notes) != 2 || notes[0].(map[string]any)["kind"] != "stage" || notes[1].(map[string]any)["kind"] != "project_started" {
		t.Fatalf("follower notifications: %v", notes)
	}
	h.api("DELETE", follow, follower, nil).must(t, 200)
	e.move(e.eng, "concept", "").must(t, 200)
	if n := len(h.api("GET", "/api/v1/me/notifications", follower, nil).JSON["notifications"].([]any)); n != 2 {
		t.Errorf("an unfollower still hears of moves: %d notifications", n)
	}
	// The page's button.
	b := h.browser()
	b.signIn("follower@x.cn", "fan-password")
	idea := fmt.Sprintf("/ideas/%d", e.ideaID)
	b.post(idea, idea+"/follow", url.Values{"follow": {"1"}}).must(t, 303)
	if page := b.get(idea).Body; !strings.Contains(page, `aria-pressed="true"`) {
		t.Error("the idea page does not show the person follows it")
	}
}

// TestNoticesLeaveWithTheIdeaTheyNameWhenHidden: once an admin hides an
// idea, a follower's notices about it (their titles) leave the follower's
// list, as the idea's page does; its author, who still sees the idea, keeps
// theirs.
func TestNoticesLeaveWithTheIdeaTheyNameWhenHidden(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	h := e.h
	follower := h.fan("follower@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", e.ideaID), follower, nil).must(t, 200)
	e.open(t)
	e.move(e.eng, "accepted", "").must(t, 200)
	notices := func(tok string) int {
		return len(h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).JSON["notifications"].([]any))
	}
	if notices(follower) != 2 { // the project's start and its move
		t.Fatalf("the follower has %d notices before the hiding, want 2", notices(follower))
	}
	before := notices(e.author)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", e.ideaID), e.admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	if n := notices(follower); n != 0 {
		t.Errorf("the follower still has %d notices naming a hidden idea", n)
	}
	b := h.browser()
	b.signIn("follower@x.cn", "fan-password")
	if page := b.get("/notifications").must(t, 200).Body; strings.Contains(page, "免清洗内筒") {
		t.Error("the notifications page still shows the hidden idea's title")
	}
	if n := notices(e.author); n < before {
		t.Errorf("the author lost notices about their own idea: %d, had %d", n, before)
	}
}
