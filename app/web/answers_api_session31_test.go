package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// The feedback API says how quickly the engineers first answered the
// project's tester reports, in the same figures as the project page's
// line: to its owner side and its testers only.
func TestFeedbackAPISaysHowQuicklyEngineersAnswer(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	feedback := fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid)
	send := func(body string) int {
		return num(h.api("POST", feedback, e.fan, map[string]any{"rating": 3, "body": body}).must(t, 201).JSON, "id")
	}
	answers := func(token string) map[string]any {
		t.Helper()
		a, _ := h.api("GET", feedback, token, nil).must(t, 200).JSON["answers"].(map[string]any)
		return a
	}
	hours := func(n float64) float64 { return n * 3600 }

	a := send("洗到一半门打不开")
	h.advance(5 * time.Hour)
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, a), e.eng, map[string]any{"reply": "下一版换门锁", "addressed": false}).must(t, 200)
	got := answers(e.fan)
	for k, want := range map[string]any{"answered": 1.0, "waiting": 0.0, "timed": 1.0, "median_seconds": hours(5), "p90_seconds": hours(5),
		"oldest_waiting_seconds": 0.0, "late": 0.0, "target_seconds": hours(48), "on_target": true} {
		if got[k] != want {
			t.Errorf("after one answer in 5 hours, the tester reads %s = %v, want %v", k, got[k], want)
		}
	}

	b := send("脱水很吵")
	h.advance(30 * time.Hour)
	h.api("PUT", fmt.Sprintf("%s/%d", feedback, b), e.eng, map[string]any{"addressed": true}).must(t, 200)
	send("门封发霉")
	h.advance(72 * time.Hour)
	got = answers(e.eng)
	for k, want := range map[string]any{"answered": 2.0, "waiting": 1.0, "timed": 2.0, "median_seconds": hours(5), "p90_seconds": hours(30),
		"oldest_waiting_seconds": hours(72), "late": 1.0, "on_target": false} {
		if got[k] != want {
			t.Errorf("with a report waiting 3 days, the engineer reads %s = %v, want %v", k, got[k], want)
		}
	}

	stranger := h.fan("stranger@x.cn")
	if r := h.api("GET", feedback, stranger, nil); r.Status != http.StatusForbidden {
		t.Errorf("a fan who is no tester reads the reports' answers: %d", r.Status)
	}
}
