package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/password"
	"cocreate/app/service"
)

// actRing is a simulation like TestIntegritySimulation's, for one kind of
// fan act other than a support vote (#16 item 6): honest fans act on a few
// ideas each at random times over twelve hours from many networks, and a
// ring of aged accounts on as many networks acts on its targets in step
// (each target within 20 s). act sends one act over the real HTTP API.
type actRing struct {
	h      *harness
	admin  string
	cid    int
	ideas  []int
	honest []*simFan
	ring   []*simFan
	target []int
}

func newActRing(t *testing.T, h *harness, admin string, cid, ideaCount, honest, ringSize, targets int, act func(f *simFan, idea int)) *actRing {
	t.Helper()
	s := &actRing{h: h, admin: admin, cid: cid}
	for i := 0; i < ideaCount; i++ {
		s.ideas = append(s.ideas, h.idea(admin, cid, fmt.Sprintf("设计 design %d", i+1)))
	}
	r := rand.New(rand.NewSource(16))
	start, run := h.clock().Add(24*time.Hour), 12*time.Hour
	type event struct {
		at   time.Time
		fan  *simFan
		idea int
	}
	var events []event
	for i := 0; i < honest; i++ {
		f := newSimFan(fmt.Sprintf("buyer%d@sim.cn", i), "", simAddr(r.Intn(honest*3/4), i), simAgents[r.Intn(len(simAgents))])
		s.honest = append(s.honest, f)
		picked := map[int]bool{}
		for k := 1 + r.Intn(4); len(picked) < k; {
			picked[s.ideas[int(r.ExpFloat64()*float64(len(s.ideas))/4)%len(s.ideas)]] = true
		}
		for idea := range picked {
			events = append(events, event{start.Add(time.Duration(r.Int63n(int64(run)))), f, idea})
		}
	}
	for _, p := range r.Perm(len(s.ideas))[:targets] {
		s.target = append(s.target, s.ideas[p])
	}
	for a := 0; a < ringSize; a++ {
		s.ring = append(s.ring, newSimFan(fmt.Sprintf("farm%d@sim.cn", a), "ring", simAddr(honest+a*3, a), simAgents[r.Intn(len(simAgents))]))
	}
	for j, idea := range s.target {
		moment := time.Duration(j)*130*time.Minute + time.Duration(r.Int63n(int64(40*time.Minute)))
		for _, f := range s.ring {
			events = append(events, event{start.Add(moment + time.Duration(r.Intn(20000))*time.Millisecond), f, idea})
		}
	}
	// Every account was made a month before the run (one password hash
	// between them, a token each).
	hash, err := password.Hash("fan-password")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range append(append([]*simFan{}, s.honest...), s.ring...) {
		u, err := h.store.CreateUser(ctx, domain.SignUp{Email: f.email, Name: strings.Split(f.email, "@")[0]}, hash, false)
		if err != nil {
			t.Fatal(err)
		}
		f.id = u.ID
		if f.token, err = h.svc.NewToken(ctx, &u, "sim", service.PasswordProof(hash)); err != nil {
			t.Fatal(err)
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		h.mu.Lock()
		h.now = e.at
		h.mu.Unlock()
		act(e.fan, e.idea)
	}
	if t.Failed() {
		t.FailNow()
	}
	return s
}

// scan runs the admin's scan over HTTP and returns the ring's accounts
// found, the honest ones flagged, and the group holding the ring.
func (s *actRing) scan(t *testing.T) (found, flagged int, group map[string]any) {
	t.Helper()
	rep := s.h.api("POST", "/api/v1/challenges/"+itoa(int64(s.cid))+"/integrity/scan", s.admin, nil).must(t, 200)
	ring := map[int64]bool{}
	for _, f := range s.ring {
		ring[f.id] = true
	}
	for _, g := range rep.JSON["groups"].([]any) {
		g := g.(map[string]any)
		inRing := 0
		for _, u := range g["user_ids"].([]any) {
			if ring[int64(u.(float64))] {
				inRing++
			} else {
				flagged++
			}
		}
		if inRing > 0 && (group == nil || inRing > found) {
			group = g
		}
		found += inRing
	}
	return found, flagged, group
}

func (s *actRing) check(t *testing.T) {
	t.Helper()
	if v, err := s.h.store.Check(context.Background()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

// A ring saying "I'd buy it" in step is found like a voting ring, honest
// buyers are not flagged, and its quarantine takes its intents out of the
// designs' buyers and units and the demand report at once; removing it
// deletes them and logs them; check holds throughout.
func TestIntegrityFindsAnIntentRing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	poll := h.openChallenge(admin, map[string]any{"title": "七格格 夏季", "kind": "design_poll",
		"buy_options": map[string][]string{"size": {"S", "M", "L"}}, "price_bands": []int{99, 199},
		"voting_close_at": h.clock().Add(60 * 24 * time.Hour), "submissions_close_at": h.clock().Add(59 * 24 * time.Hour)})
	sizes := []string{"S", "M", "L"}
	n := 0
	buy := func(f *simFan, idea int) {
		n++
		body, _ := json.Marshal(map[string]any{"quantity": 1 + n%2, "options": map[string]string{"size": sizes[n%3]}, "max_price": 199})
		if r := f.send(h, "PUT", "/api/v1/ideas/"+itoa(int64(idea))+"/intent", string(body), "application/json"); r.Status != 200 {
			t.Errorf("intent by %s: %d %.200s", f.email, r.Status, r.Body)
		}
	}
	s := newActRing(t, h, admin, poll, 16, 150, 24, 5, buy)
	buyersOf := func() map[int]int {
		buyers := map[int]int{}
		for _, idea := range s.ideas {
			r := h.api("GET", "/api/v1/ideas/"+itoa(int64(idea)), "", nil).must(t, 200)
			buyers[idea] = num(r.JSON, "buyers")
		}
		return buyers
	}
	before := buyersOf()
	found, flagged, group := s.scan(t)
	t.Logf("intent ring: %d of %d accounts found, %d of %d honest buyers flagged; group %v (%v, score %v)",
		found, len(s.ring), flagged, len(s.honest), group["id"], group["status"], group["score"])
	if found*10 < len(s.ring)*9 {
		t.Errorf("intent ring: recall %d/%d, under 90%%", found, len(s.ring))
	}
	if flagged*100 > len(s.honest) {
		t.Errorf("%d honest buyers flagged, over 1%%", flagged)
	}
	if t.Failed() {
		t.FailNow()
	}
	if group["status"] != "quarantined" {
		t.Fatalf("the ring's group is %v, not quarantined", group["status"])
	}
	// Quarantined: each target lost the ring's buyers at once, in the idea
	// and in the demand report; the others kept theirs.
	held := buyersOf()
	inGroup := map[int64]bool{}
	for _, u := range group["user_ids"].([]any) {
		inGroup[int64(u.(float64))] = true
	}
	ringOn := len(inGroup) - flagged
	targets := map[int]bool{}
	for _, idea := range s.target {
		targets[idea] = true
		if held[idea] != before[idea]-ringOn {
			t.Errorf("target %d: %d buyers held back to %d, want %d", idea, before[idea], held[idea], before[idea]-ringOn)
		}
	}
	for _, idea := range s.ideas {
		if !targets[idea] && held[idea] != before[idea] {
			t.Errorf("design %d: %d buyers became %d", idea, before[idea], held[idea])
		}
	}
	demand := h.api("GET", "/api/v1/challenges/"+itoa(int64(poll))+"/demand", admin, nil).must(t, 200)
	for _, d := range demand.JSON["ideas"].([]any) {
		d := d.(map[string]any)
		if id := num(d, "idea_id"); num(d, "buyers") != held[id] {
			t.Errorf("demand report: design %d has %d buyers, the idea %d", id, num(d, "buyers"), held[id])
		}
	}
	s.check(t)
	heldShown(t, s, "intents", ringOn, group, "个“我想买”", "“I&#39;d buy it”", "个“我想买”审查中")
	// The admin's page draws the ring's intents in its timeline, in zh and
	// en, and fits a phone.
	b := h.adminBrowser()
	page := "/challenges/" + itoa(int64(poll)) + "/integrity"
	for _, lang := range []string{"zh-CN,zh", "en"} {
		if r := b.get(page, "Accept-Language", lang); r.Status != 200 || !strings.Contains(r.Body, `class="chart-bar suspect"`) {
			t.Errorf("integrity page (%s): %d, no bar of the ring's acts", lang, r.Status)
		}
	}
	phoneCheck(t, h, []string{page})
	// Removed: the intents are gone, the log counts them, the members are told.
	gpath := "/api/v1/challenges/" + itoa(int64(poll)) + "/integrity/groups/" + itoa(int64(num(group, "id")))
	h.api("POST", gpath, admin, map[string]string{"action": "remove", "reason": "24 accounts said they would buy in step"}).must(t, 200)
	after := buyersOf()
	for _, idea := range s.ideas {
		if after[idea] != held[idea] {
			t.Errorf("design %d: %d buyers after removal, %d held", idea, after[idea], held[idea])
		}
	}
	logged := h.api("GET", "/api/v1/challenges/"+itoa(int64(poll))+"/integrity/log", "", nil).must(t, 200)
	if e := logged.JSON["entries"].([]any); len(e) != 1 || num(e[0].(map[string]any), "votes_removed") != ringOn*len(s.target) {
		t.Errorf("log: %s", logged.Body)
	}
	if r := s.ring[0].send(h, "GET", "/api/v1/me/notifications", "", ""); !strings.Contains(r.Body, "votes_removed") {
		t.Errorf("notifications: %.300s", r.Body)
	}
	s.check(t)
}

// A ring rating in step with stars is found the same way, and its
// quarantine holds its ratings out of the ideas' averages.
func TestIntegrityFindsAStarsRing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars",
		"voting_close_at": h.clock().Add(60 * 24 * time.Hour), "submissions_close_at": h.clock().Add(59 * 24 * time.Hour)})
	rate := func(f *simFan, idea int) {
		stars := 2 + int(f.id%3)
		if f.ring != "" {
			stars = 5
		}
		if r := f.send(h, "PUT", "/api/v1/ideas/"+itoa(int64(idea))+"/rating", fmt.Sprintf(`{"stars": %d}`, stars), "application/json"); r.Status != 200 {
			t.Errorf("rating by %s: %d %.200s", f.email, r.Status, r.Body)
		}
	}
	s := newActRing(t, h, admin, cid, 16, 150, 24, 5, rate)
	found, flagged, group := s.scan(t)
	t.Logf("stars ring: %d of %d accounts found, %d of %d honest raters flagged; group %v (%v)",
		found, len(s.ring), flagged, len(s.honest), group["id"], group["status"])
	if found*10 < len(s.ring)*9 {
		t.Errorf("stars ring: recall %d/%d, under 90%%", found, len(s.ring))
	}
	if flagged*100 > len(s.honest) {
		t.Errorf("%d honest raters flagged, over 1%%", flagged)
	}
	if group == nil || group["status"] != "quarantined" {
		t.Fatalf("the ring's group: %v", group)
	}
	heldShown(t, s, "ratings", found, group, "个星级评分", "star ratings", "个评分审查中")
	// Every rating left on a target is an honest one: no 5 stars counted.
	for _, idea := range s.target {
		r := h.api("GET", "/api/v1/ideas/"+itoa(int64(idea)), "", nil).must(t, 200)
		if avg, _ := r.JSON["rating"].(float64); avg > 4 {
			t.Errorf("target %d still averages %v with the ring held", idea, avg)
		}
	}
	s.check(t)
}
