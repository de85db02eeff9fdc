package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"cocreate/app/people"
)

// people27Club is a club founded by the admin with an organiser, and a
// helper to sign a fan up, confirmed or not, into it.
type people27Club struct {
	h     *harness
	admin string
	club  int
	org   string
}

func newPeople27Club(t *testing.T, city string) *people27Club {
	h := newHarness(t)
	c := &people27Club{h: h, admin: h.setup()}
	c.club = num(h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": city, "name": city + "同城会"}).must(t, 201).JSON, "id")
	var orgID int
	c.org, orgID = c.member(t, "org@x.cn", true)
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, orgID), c.admin, nil).must(t, 200)
	return c
}

// member signs a fan up and into the club; confirmed: their email is
// confirmed.
func (c *people27Club) member(t *testing.T, email string, confirmed bool) (string, int) {
	t.Helper()
	tok := c.h.fan(email)
	id := num(c.h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
	if confirmed {
		c.confirm(t, id, true)
	}
	c.h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/members/me", c.club), tok, nil).must(t, 200)
	return tok, id
}

func (c *people27Club) confirm(t *testing.T, id int, on bool) {
	t.Helper()
	if err := c.h.store.SetVerified(context.Background(), int64(id), on); err != nil {
		t.Fatal(err)
	}
}

// zh sends an API request asking for Chinese.
func (c *people27Club) zh(t *testing.T, method, path, token string, body any) res {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, c.h.srv.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "zh-CN")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.h.do(http.DefaultClient, req)
}

func (c *people27Club) post(starts time.Time, capacity int) res {
	return c.h.api("POST", fmt.Sprintf("/api/v1/clubs/%d/events", c.club), c.org, map[string]any{
		"title": "见面会", "place": "海尔路", "starts_at": starts, "capacity": capacity})
}

// meetup posts a meetup in an hour for one, has tok answer it, waits
// until it starts and checks uid in.
func (c *people27Club) meetup(t *testing.T, tok string, uid int) {
	t.Helper()
	ev := num(c.post(c.h.clock().Add(time.Hour), 1).must(t, 201).JSON, "id")
	c.h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), tok, nil).must(t, 200)
	c.h.advance(61 * time.Minute)
	c.h.api("POST", fmt.Sprintf("/api/v1/events/%d/checkins", ev), c.org, map[string]any{"user_id": uid}).must(t, 201)
}

// The reviewer's farm: an organiser posts meetups starting in seconds for
// one and checks a sock puppet in at each; three of them lifted the sock
// to level 2, past the prototype-tester gate. Now a meetup starts an hour
// ahead at the soonest (and within a year), and meetup points count once
// a day per club: three meetups in a day are worth one.
func TestPeople27MeetupFarmGivesNoLevel(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	for name, starts := range map[string]time.Time{
		"in four seconds": h.clock().Add(4 * time.Second),
		"in year 9999":    time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if r := c.post(starts, 1); r.Status != 400 || r.errField() != "starts_at" {
			t.Errorf("a meetup starting %s: %d %s", name, r.Status, r.Body)
		}
	}
	sock, sockID := c.member(t, "sock@x.cn", true)
	for i := 0; i < 3; i++ {
		c.meetup(t, sock, sockID)
	}
	p := profileOf(h, "", sockID)
	if num(p, "reputation") != people.Points(people.MeetupAttended) || num(p, "level") != 1 {
		t.Errorf("three meetups in one afternoon: %v points, level %v; want %d, level 1", p["reputation"], p["level"], people.Points(people.MeetupAttended))
	}
	if !has(badgeKeys(p), "first_meetup") {
		t.Errorf("badges %v", badgeKeys(p))
	}
	h.advance(24 * time.Hour)
	c.meetup(t, sock, sockID)
	if n := num(profileOf(h, "", sockID), "reputation"); n != 2*people.Points(people.MeetupAttended) {
		t.Errorf("a meetup the next day: %d points, want %d", n, 2*people.Points(people.MeetupAttended))
	}
}

// An account that has not confirmed its email earns no meetup points,
// even checked in: a throwaway account costs nothing.
func TestPeople27UnconfirmedEarnNoMeetupPoints(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	tok, id := c.member(t, "new@x.cn", true)
	ev := num(c.post(h.clock().Add(time.Hour), 5).must(t, 201).JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/events/%d/rsvp", ev), tok, nil).must(t, 200)
	c.confirm(t, id, false) // an answer given before the rule, say
	h.advance(61 * time.Minute)
	h.api("POST", fmt.Sprintf("/api/v1/events/%d/checkins", ev), c.org, map[string]any{"user_id": id}).must(t, 201)
	if n := num(profileOf(h, "", id), "reputation"); n != 0 {
		t.Errorf("an unconfirmed account checked in earned %d points", n)
	}
}
