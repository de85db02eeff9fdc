package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// noticesOf are a person's notices of kind, newest first, in lang.
func noticesOf(t *testing.T, h *harness, tok, kind, lang string) []map[string]any {
	t.Helper()
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/me/notifications", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept-Language", lang)
	var out []map[string]any
	for _, n := range h.do(http.DefaultClient, req).must(t, 200).JSON["notifications"].([]any) {
		if m := n.(map[string]any); m["kind"] == kind {
			out = append(out, m)
		}
	}
	return out
}

// Moved up from a waiting list, a fan is told (in their language, with a
// link to the meetup): when someone going cancels, and when someone going
// leaves the club. Those still waiting, and the one who left, are not.
func TestPeople27PromotedFromTheWaitingListAreTold(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 2).must(t, 201).JSON, "id")
	rsvp := fmt.Sprintf("/api/v1/events/%d/rsvp", ev)
	var toks []string
	for i := 0; i < 5; i++ {
		tok, _ := c.member(t, fmt.Sprintf("fan%d@x.cn", i), true)
		h.api("PUT", rsvp, tok, nil).must(t, 200)
		toks = append(toks, tok) // 0 and 1 go, 2, 3 and 4 wait
	}
	h.api("DELETE", rsvp, toks[0], nil).must(t, 200)
	got := noticesOf(t, h, toks[2], "meetup_promoted", "en")
	if len(got) != 1 || got[0]["url"] != fmt.Sprintf("/events/%d", ev) || !strings.Contains(got[0]["text"].(string), "见面会") {
		t.Fatalf("the first waiting was not told: %v", got)
	}
	if zh := noticesOf(t, h, toks[2], "meetup_promoted", "zh-CN"); !strings.Contains(zh[0]["text"].(string), "候补") {
		t.Errorf("in Chinese: %v", zh[0]["text"])
	}
	for _, i := range []int{0, 1, 3, 4} {
		if n := len(noticesOf(t, h, toks[i], "meetup_promoted", "en")); n != 0 {
			t.Errorf("fan %d, not moved up, got %d notices", i, n)
		}
	}
	h.api("DELETE", fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club), toks[1], nil).must(t, 200)
	if n := len(noticesOf(t, h, toks[3], "meetup_promoted", "en")); n != 1 {
		t.Errorf("moved up as someone going left the club: %d notices", n)
	}
	if n := len(noticesOf(t, h, toks[4], "meetup_promoted", "en")); n != 0 {
		t.Errorf("still waiting: %d notices", n)
	}
}
