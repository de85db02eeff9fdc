package web

import (
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.api("GET", "/api/v1/challenges/"+itoa(int64(cid)), "", nil).must(t, 200)
	h.api("GET", "/api/v1/challenges/999", "", nil).must(t, 404)
	// httptest serves on 127.0.0.1, so the test is the local scraper.
	r := h.browser().get("/metrics").must(t, 200)
	for _, want := range []string{
		`cocreate_http_requests_total{method="GET",route="/api/v1/challenges/:id",status="2xx"} 1`,
		`cocreate_http_requests_total{method="GET",route="/api/v1/challenges/:id",status="4xx"} 1`,
		`cocreate_http_request_seconds_bucket{method="GET",route="/api/v1/challenges/:id",status="2xx",le="+Inf"} 1`,
		"cocreate_search_outbox ", "cocreate_mail_pending ", "cocreate_go_goroutines ",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
