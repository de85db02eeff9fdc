package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A design goes into production only once voting has closed: marked
// while fans vote, its badge and the buyers' notices would steer the vote
// (409 voting_not_over, no one told); the organiser's demand page offers
// no button then, and after the vote asks to confirm, naming how many
// fans will be told.
func TestProd48ProductionWaitsForTheVote(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	poll, designs := qigePoll(t, h, admin)
	fan := h.fan("lin@fans.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", designs[1]), fan,
		map[string]any{"quantity": 1, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": 199}).must(t, 200)
	mark := fmt.Sprintf("/api/v1/ideas/%d/production", designs[1])
	if r := h.api("POST", mark, admin, nil); r.Status != 409 || r.errCode() != "voting_not_over" {
		t.Fatalf("marking during the vote: %d %s", r.Status, r.Body)
	}
	if ks := h.kinds(fan); len(ks) != 0 {
		t.Errorf("a refused mark told the buyer: %v", ks)
	}
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	demand := fmt.Sprintf("/challenges/%d/demand", poll)
	page := b.get(demand, "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(page, `/production"`) || !strings.Contains(page, "投票结束后可以标记量产") {
		t.Errorf("the demand page during the vote offers production, or does not say when:\n%s", page)
	}
	h.advance(80 * time.Hour)
	page = b.get(demand, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, fmt.Sprintf(`action="/ideas/%d/production"`, designs[1])) || !strings.Contains(page, "会立即通知 1 位想买的粉丝") {
		t.Errorf("after the vote the page does not offer production with its confirmation:\n%s", page)
	}
	h.api("POST", mark, admin, nil).must(t, 200)
	if ks := h.kinds(fan); len(ks) != 1 || ks[0] != "production" {
		t.Errorf("the buyer was told %v", ks)
	}
}
