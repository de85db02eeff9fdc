package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A suspended account's profile, bio and club membership stop being
// public: its profile is not found but to moderators and admins, and the
// club's member list and count, and a meetup's attendee list, leave it out.
func TestPeople27SuspendedPersonLeavesThePublicPages(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	spam, spamID := c.member(t, "spam@x.cn", true)
	h.api("PUT", "/api/v1/me/profile", spam, map[string]string{"name": "刷单小号", "city": "青岛", "bio": "加微信 spam-link"}).must(t, 200)
	ev := num(c.post(h.clock().Add(2*time.Hour), 5).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), spam, nil).must(t, 200)
	modTok, _ := h.staffer(c.admin, "mod@x.cn", "moderator")
	profile := fmt.Sprintf("/api/v1/users/%d", spamID)
	h.api("GET", profile, "", nil).must(t, 200)
	members := func() (int, []any) {
		club := h.api("GET", fmt.Sprintf("/api/v1/clubs/%d", c.club), "", nil).must(t, 200).JSON
		return num(club["club"].(map[string]any), "members"), club["members"].([]any)
	}
	before, _ := members()

	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/suspension", spamID), modTok, map[string]any{"suspended": true, "reason": "spam"}).must(t, 200)
	for who, tok := range map[string]string{"a visitor": "", "the organiser": c.org} {
		if r := h.api("GET", profile, tok, nil); r.Status != 404 || strings.Contains(r.Body, "spam-link") {
			t.Errorf("%s reads the suspended profile: %d %.200s", who, r.Status, r.Body)
		}
	}
	if r := h.browser().get(fmt.Sprintf("/users/%d", spamID)); r.Status != 404 || strings.Contains(r.Body, "spam-link") {
		t.Errorf("the profile page: %d", r.Status)
	}
	for who, tok := range map[string]string{"a moderator": modTok, "an admin": c.admin} {
		if r := h.api("GET", profile, tok, nil); r.Status != 200 || !strings.Contains(r.Body, "spam-link") {
			t.Errorf("%s: %d", who, r.Status)
		}
	}
	n, list := members()
	if n != before-1 || len(list) != n || strings.Contains(fmt.Sprint(list), "刷单小号") {
		t.Errorf("members: %d (before %d), %v", n, before, list)
	}
	attendees, err := h.store.Attendees(context.Background(), int64(ev))
	if err != nil {
		t.Fatal(err)
	}
	if len(attendees) != 0 {
		t.Errorf("attendees %v", attendees)
	}
	b := h.adminBrowser()
	if page := b.get(fmt.Sprintf("/events/%d", ev)).must(t, 200).Body; strings.Contains(page, "刷单小号") {
		t.Errorf("the meetup page lists the suspended attendee")
	}
}
