package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var liveVote = regexp.MustCompile(`<button type="submit"\s+aria-pressed`)

// TestButtonsAskTheRuleForThisPerson renders the challenge, idea and
// submit pages for a visitor, a fan and the admin: a button shows only
// when that person could use it, and otherwise the page says why.
func TestButtonsAskTheRuleForThisPerson(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fanTok := h.fan("fan@x.cn")
	open := h.openChallenge(admin, nil)
	now := h.clock()
	// A design poll: candidates posted while its window is open, then only votes.
	poll := h.openChallenge(admin, map[string]any{"kind": "design_poll", "title": "七格格",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(200 * time.Hour)})
	openIdea := h.idea(fanTok, open, "open idea")
	pollIdea := h.idea(admin, poll, "candidate")
	// A finished challenge: submissions and voting over.
	done := h.openChallenge(admin, map[string]any{"title": "旧挑战",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(3 * time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(4 * time.Hour)})
	doneIdea := h.idea(fanTok, done, "late idea")
	h.advance(5 * time.Hour) // poll submissions over, done challenge over

	visitor := h.browser()
	fan := h.browser()
	fan.signIn("fan@x.cn", "fan-password")
	boss := h.adminBrowser()
	people := []struct {
		name string
		b    *browser
	}{{"visitor", visitor}, {"fan", fan}, {"admin", boss}}
	ch := func(id int) string { return fmt.Sprintf("/challenges/%d", id) }
	submitLink := func(id int) string { return fmt.Sprintf(`href="/challenges/%d/submit"`, id) }

	for _, p := range people {
		// The open call: everyone may submit (a visitor once signed in) and vote.
		page := p.b.get(ch(open)).must(t, 200).Body
		if !strings.Contains(page, submitLink(open)) {
			t.Errorf("%s: open call offers no submit button", p.name)
		}
		if !liveVote.MatchString(page) || strings.Contains(page, `id="vote-why"`) {
			t.Errorf("%s: open call's vote buttons are not live", p.name)
		}
		// The poll: submissions over; voting open for all.
		page = p.b.get(ch(poll)).must(t, 200).Body
		if strings.Contains(page, submitLink(poll)) {
			t.Errorf("%s: poll whose submissions are over offers adding a candidate", p.name)
		}
		if !liveVote.MatchString(page) {
			t.Errorf("%s: poll's vote buttons are not live", p.name)
		}
		// The finished challenge: nothing to submit, voting has ended, said so.
		page = p.b.get(ch(done)).must(t, 200).Body
		if strings.Contains(page, submitLink(done)) || !strings.Contains(page, "Submissions have ended.") {
			t.Errorf("%s: finished challenge: submit button shown or no reason", p.name)
		}
		if liveVote.MatchString(page) || !strings.Contains(page, "Voting has ended.") {
			t.Errorf("%s: finished challenge: vote button live or no reason", p.name)
		}
		page = p.b.get(fmt.Sprintf("/ideas/%d", doneIdea)).must(t, 200).Body
		if liveVote.MatchString(page) || !strings.Contains(page, "Voting has ended.") {
			t.Errorf("%s: idea of a finished challenge: vote button live or no reason", p.name)
		}
		page = p.b.get(fmt.Sprintf("/ideas/%d", openIdea)).must(t, 200).Body
		if !liveVote.MatchString(page) {
			t.Errorf("%s: idea of an open challenge: vote button not live", p.name)
		}
	}

	// A poll still taking candidates: the organiser adds them, others are told why.
	h.api("PATCH", ch(poll)[:0]+"/api/v1/challenges/"+fmt.Sprint(poll), admin, map[string]any{"submissions_close_at": h.clock().Add(time.Hour)}).must(t, 200)
	if page := boss.get(ch(poll)).Body; !strings.Contains(page, submitLink(poll)) {
		t.Error("admin: open poll offers no add-candidate button")
	}
	for _, p := range people[:2] {
		page := p.b.get(ch(poll)).Body
		if strings.Contains(page, submitLink(poll)) || !strings.Contains(page, "Only the organiser adds designs") {
			t.Errorf("%s: open poll: add-candidate shown or no reason", p.name)
		}
	}
	// In Chinese too.
	fan.post(ch(poll), "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	if page := fan.get(ch(poll)).Body; !strings.Contains(page, "设计由主办方添加") {
		t.Error("zh: open poll gives the fan no reason")
	}
	if page := fan.get(ch(done)).Body; !strings.Contains(page, "提交已结束") || !strings.Contains(page, "投票已结束") {
		t.Error("zh: finished challenge gives no reasons")
	}

	// The submit page says no at once, with no form to fill in.
	for _, p := range []struct {
		b    *browser
		path string
		want string
	}{
		{fan, fmt.Sprintf("/challenges/%d/submit", done), "提交已结束"},
		{boss, fmt.Sprintf("/challenges/%d/submit", done), "Submissions have ended."},
		{fan, fmt.Sprintf("/challenges/%d/submit", poll), "设计由主办方添加"},
	} {
		r := p.b.get(p.path)
		if r.Status == 200 || strings.Contains(r.Body, `name="title"`) || !strings.Contains(r.Body, p.want) {
			t.Errorf("%s: %d, form shown or no %q", p.path, r.Status, p.want)
		}
	}
	if r := fan.get(fmt.Sprintf("/challenges/%d/submit", open)).must(t, 200); !strings.Contains(r.Body, `name="title"`) {
		t.Error("open call's submit page shows no form")
	}
	_ = pollIdea
}
