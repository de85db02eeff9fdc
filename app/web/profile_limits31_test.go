package web

import (
	"fmt"
	"testing"

	"cocreate/app/people"
)

// The API's reasons for a reputation say what the profile page says beside
// an addressed report past people.FeedbackCap: capped, with the cap, on
// each report recorded at 0 for it, and on no other reason.
func TestLimits31ProfileAPISaysWhyCapped(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	n := people.FeedbackCap + 2
	for i := 1; i <= n; i++ {
		r := h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, map[string]any{"rating": 3, "body": fmt.Sprintf("门封 %d 有点松", i)}).must(t, 201)
		h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/feedback/%d", e.pid, num(r.JSON, "id")), e.eng, map[string]any{"addressed": true, "reply": "好"}).must(t, 200)
	}
	why, _ := h.api("GET", fmt.Sprintf("/api/v1/users/%d", e.fanID), e.fan, nil).must(t, 200).JSON["why"].([]any)
	capped := 0
	for _, x := range why {
		r, _ := x.(map[string]any)
		points, _ := r["points"].(float64)
		c, has := r["capped"]
		switch {
		case r["kind"] == string(people.FeedbackAccepted) && points == 0:
			if c != true || r["cap"] != float64(people.FeedbackCap) {
				t.Errorf("a report recorded at 0 past the cap: capped %v, cap %v; want true, %d", c, r["cap"], people.FeedbackCap)
			}
			capped++
		case has || r["cap"] != nil:
			t.Errorf("a reason that earned (%v, %v points) says capped %v, cap %v", r["kind"], points, c, r["cap"])
		}
	}
	if capped != n-people.FeedbackCap {
		t.Errorf("%d reports capped, want %d: %v", capped, n-people.FeedbackCap, why)
	}
}
