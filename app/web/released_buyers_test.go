package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"cocreate/app/integrity"
)

// A fan whose "I'd buy it" was held for review when the design went into
// production, and whom an admin then clears, hears of the production at
// the clear, as the buyers counted then did (a notice, and its email): in
// their notices, in Chinese and in English, once, though the group is
// held and cleared again. A group of more acts than one write moves is
// released a range of ideas a write after the decision: its buyers are
// told too.
func TestClearedBuyerHearsOfProduction(t *testing.T) {
	t.Parallel()
	for _, votes := range []int{1, 1001} {
		t.Run(itoa(int64(votes)), func(t *testing.T) { clearedBuyerHearsOfProduction(t, votes) })
	}
}

func clearedBuyerHearsOfProduction(t *testing.T, votes int) {
	h := newHarness(t)
	admin := h.setup()
	held, counted := h.fan("held@fans.cn"), h.fan("counted@fans.cn")
	poll, designs := qigePoll(t, h, admin)
	design := designs[1] // 青花瓷连衣裙
	for _, tok := range []string{held, counted} {
		h.api("PUT", "/api/v1/ideas/"+itoa(int64(design))+"/intent", tok,
			map[string]any{"quantity": 1, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": 199}).must(t, 200)
	}
	// A scan finds the held fan in step with a ring: their intent is held.
	quarantine := func() {
		t.Helper()
		if err := h.store.SaveIntegrityScan(context.Background(), int64(poll), 1, func([]integrity.Stored) []integrity.Change {
			return []integrity.Change{{Status: integrity.Quarantined,
				Group: integrity.Group{Users: []int64{h.userID(held)}, Ideas: []int64{int64(design)}, Score: 0.9, Votes: votes}}}
		}); err != nil {
			t.Fatal(err)
		}
		// A big group's hold, as the scan's FinishHolds does it.
		if _, err := h.store.FinishHolds(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if n := num(h.api("GET", "/api/v1/ideas/"+itoa(int64(design)), admin, nil).must(t, 200).JSON, "buyers"); n != 1 {
			t.Fatalf("%d buyers counted while the fan is held; want 1", n)
		}
	}
	clear := func() {
		t.Helper()
		rep := h.api("GET", "/api/v1/challenges/"+itoa(int64(poll))+"/integrity", admin, nil).must(t, 200)
		gid := 0
		for _, g := range rep.JSON["groups"].([]any) {
			if g := g.(map[string]any); g["status"] == "quarantined" {
				gid = num(g, "id")
			}
		}
		if gid == 0 {
			t.Fatalf("no quarantined group: %v", rep.JSON)
		}
		h.api("POST", "/api/v1/challenges/"+itoa(int64(poll))+"/integrity/groups/"+itoa(int64(gid)), admin,
			map[string]any{"action": "clear"}).must(t, 200)
	}
	quarantine()
	h.api("PATCH", "/api/v1/challenges/"+itoa(int64(poll)), admin, map[string]any{"voting_close_at": h.clock().Add(-time.Minute)}).must(t, 200)
	if r := h.api("POST", "/api/v1/ideas/"+itoa(int64(design))+"/production", admin, nil).must(t, 200); num(r.JSON, "told") != 1 {
		t.Fatalf("production told %v; want the 1 counted buyer", r.JSON)
	}
	if n := h.noticesAbout(held, "production", design); len(n) != 0 {
		t.Fatalf("the held buyer was told at production: %v", n)
	}
	clear()
	if n := h.noticesAbout(held, "production", design); len(n) != 1 {
		t.Fatalf("the cleared buyer has %d production notices; want 1", len(n))
	}
	b := h.browser()
	b.signIn("held@fans.cn", "fan-password")
	for lang, want := range map[string]string{
		"zh-CN": "你想买的“青花瓷连衣裙”即将量产：你是最先知道的人之一。",
		"en":    "“青花瓷连衣裙”, which you said you would buy, is going into production: you are among the first to know.",
	} {
		if body := text(b.get("/notifications", "Accept-Language", lang).must(t, 200).Body); strings.Count(body, want) != 1 {
			t.Errorf("the cleared buyer's notices (%s) do not say once %q", lang, want)
		}
	}
	out := h.mailOut("en")
	if ms := out["held@fans.cn"]; len(ms) == 0 || !strings.Contains(ms[len(ms)-1].Subject+ms[len(ms)-1].Text, "青花瓷连衣裙") {
		t.Errorf("the cleared buyer's email of the production: %+v", ms)
	}
	// Held and cleared again: told once, as the counted buyer was.
	quarantine()
	clear()
	for _, tok := range []string{held, counted} {
		if n := h.noticesAbout(tok, "production", design); len(n) != 1 {
			t.Errorf("a buyer has %d production notices; want 1", len(n))
		}
	}
	if v, err := h.store.Check(context.Background()); err != nil || len(v) != 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}
