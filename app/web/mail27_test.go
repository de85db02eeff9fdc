package web

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/mail"
)

// sentMail keeps what a worker sent, by recipient.
type sentMail struct {
	mu   sync.Mutex
	to   map[string][]mail.Message
	seen int
}

func (s *sentMail) Send(_ context.Context, m mail.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.to == nil {
		s.to = map[string][]mail.Message{}
	}
	s.to[m.To] = append(s.to[m.To], m)
	s.seen++
	return nil
}

// drainMail runs the email worker over every owed email, as serve does.
func (h *harness) drainMail() *sentMail {
	h.t.Helper()
	out := &sentMail{}
	w := mail.NewWorker(h.store, out, mail.Config{BaseURL: h.srv.URL, Secret: h.svc.MailSecret, Lang: "zh", SiteName: h.svc.SiteName})
	if _, err := w.Drain(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// An email goes only to someone who may still be told when it is sent: not
// to a suspended account, and not about an idea hidden since the notice
// (its followers no longer see it, on the site or by email).
func TestMailGoesOnlyToWhoMayStillBeTold(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@fans.cn")
	idea := h.idea(author, cid, "自清洁内筒")
	follower, suspended := h.fan("follower@fans.cn"), h.fan("suspended@fans.cn")
	for _, tok := range []string{follower, suspended} {
		h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), tok, nil).must(t, 200)
	}
	h.drainMail() // the sign-ups' confirmations

	reply := func() {
		h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", idea), admin, map[string]string{"body": "官方回复"}).must(t, 201)
	}
	reply()
	got := h.drainMail()
	for _, to := range []string{"follower@fans.cn", "suspended@fans.cn"} {
		if len(got.to[to]) != 1 {
			t.Fatalf("%s got %d emails of an official reply, want 1", to, len(got.to[to]))
		}
	}

	sid := num(h.api("GET", "/api/v1/me", suspended, nil).must(t, 200).JSON, "id")
	reply() // owed to both, then: one is suspended and the idea is hidden
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", sid), admin, map[string]any{"suspended": true, "reason": "刷票"}).must(t, 200)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, map[string]any{"state": "hidden", "reason": "重复"}).must(t, 200)
	reply()
	got = h.drainMail()
	if n := len(got.to["follower@fans.cn"]); n != 0 {
		t.Errorf("the follower got %d emails about an idea hidden from them: %q", n, got.to["follower@fans.cn"][0].Text)
	}
	// The suspended fan gets the one email that tells them so, and none
	// of the replies.
	if ms := got.to["suspended@fans.cn"]; len(ms) != 1 || !strings.Contains(ms[0].Text, "你的账号已被版主暂停。原因：刷票。") {
		t.Errorf("the suspended fan's emails, want the suspension's alone: %v", ms)
	}
	if n, err := h.store.PendingMail(context.Background()); err != nil || n != 0 {
		t.Errorf("%d emails still owed (%v): the ones not sent are settled", n, err)
	}
}

// Whoever knows an address can ask for its reset emails, so they are
// capped per day as well as per hour: three an hour, six a day, then none
// until the oldest of the day is a day old; every request is answered the
// same.
func TestResetEmailsAreCappedPerDay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	h.resetLinks()
	sent := 0
	for hour := 0; hour < 4; hour++ {
		for range 4 {
			h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
		}
		sent += len(h.resetLinks()["fan@x.cn"])
		h.advance(61 * time.Minute)
	}
	if sent != 6 {
		t.Fatalf("%d reset emails in four hours of asking, want 6", sent)
	}
	h.advance(21 * time.Hour) // the first hour's are a day old
	h.api("POST", "/api/v1/password/forgot", "", map[string]string{"email": "fan@x.cn"}).must(t, 202)
	if got := len(h.resetLinks()["fan@x.cn"]); got != 1 {
		t.Errorf("%d reset emails a day later, want 1", got)
	}
}

// A title is one line: a line break in it is refused, naming the field,
// and nothing changes.
func TestATitleIsOneLine(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	author := h.fan("author@fans.cn")
	idea := h.idea(author, cid, "烘干机")
	r := h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", idea), author, map[string]any{"title": "Solar dryer\n\nACCOUNT NOTICE: re-confirm at https://evil.example/login"})
	if r.Status != 400 || r.errCode() != "line_break" || r.errField() != "title" {
		t.Fatalf("a two-line title: %d %s", r.Status, r.Body)
	}
	if got := str(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), "", nil).must(t, 200).JSON, "title"); got != "烘干机" {
		t.Errorf("the title became %q", got)
	}
	r = h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), author, map[string]any{"title": "第一行\u2028第二行", "summary": "s", "body": "b"})
	if r.Status != 400 || r.errCode() != "line_break" || h.ideaCount() != 1 {
		t.Errorf("a new idea's title with a line separator: %d %s", r.Status, r.Body)
	}
}
