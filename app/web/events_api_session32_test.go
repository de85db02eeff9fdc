package web

import (
	"fmt"
	"testing"
	"time"
)

// The API's meetup says, as its page does, how many places are taken and
// how many were let in from the waiting list at the door beyond them: a
// meetup of one place, a booked fan who did not come and one let in,
// reads going 2 = seated 1 + let_in 1, not "2 going of 1".
func TestEventAPISplitsGoingIntoSeatedAndLetIn(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "青岛")
	h := c.h
	ev := num(c.post(h.clock().Add(2*time.Hour), 1).must(t, 201).JSON, "id")
	path := fmt.Sprintf("/api/v1/events/%d", ev)
	booked, _ := c.member(t, "booked@x.cn", true)
	waiting, waitingID := c.member(t, "waiting@x.cn", true)
	last, _ := c.member(t, "last@x.cn", true)
	for _, tok := range []string{booked, waiting, last} {
		h.api("PUT", path+"/rsvp", tok, nil).must(t, 200)
	}
	read := func(when string, going, waitlisted, seated, letIn int) {
		t.Helper()
		e := h.api("GET", path, "", nil).must(t, 200).JSON
		if num(e, "going") != going || num(e, "waitlisted") != waitlisted || num(e, "seated") != seated || num(e, "let_in") != letIn {
			t.Errorf("%s: going %v, waitlisted %v, seated %v, let_in %v; want %d, %d, %d, %d",
				when, e["going"], e["waitlisted"], e["seated"], e["let_in"], going, waitlisted, seated, letIn)
		}
	}
	read("before the start", 1, 2, 1, 0)
	h.advance(150 * time.Minute)
	h.api("POST", path+"/checkins", c.org, map[string]any{"user_id": waitingID}).must(t, 201)
	read("one let in at the door", 2, 1, 1, 1)
}
