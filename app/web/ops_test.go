package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.MailFailures = func() (uint64, uint64) { return 3, 1 } })
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.api("GET", "/api/v1/challenges/"+itoa(int64(cid)), "", nil).must(t, 200)
	h.api("GET", "/api/v1/challenges/999", "", nil).must(t, 404)
	// On the site, metrics are for admins (a scraper sends an admin's token).
	r := h.api("GET", "/metrics", admin, nil).must(t, 200)
	// An admin's answer: no cache on the way keeps it.
	if got := r.Header.Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("/metrics Cache-Control %q, want private, no-store", got)
	}
	for _, want := range []string{
		`cocreate_http_requests_total{method="GET",route="/api/v1/challenges/:id",status="2xx"} 1`,
		`cocreate_http_requests_total{method="GET",route="/api/v1/challenges/:id",status="4xx"} 1`,
		`cocreate_http_request_seconds_bucket{method="GET",route="/api/v1/challenges/:id",status="2xx",le="+Inf"} 1`,
		"cocreate_search_outbox ", "cocreate_mail_pending ", "cocreate_go_goroutines ",
		"# TYPE cocreate_mail_failures_total counter\n",
		`cocreate_mail_failures_total{outcome="retry"} 3` + "\n", `cocreate_mail_failures_total{outcome="gave_up"} 1` + "\n",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// The space left where the data and the uploads are written: what an
	// alert watches before a full disk fails every write.
	for _, dir := range []string{"data", "uploads"} {
		m := regexp.MustCompile(`cocreate_disk_free_bytes\{dir="` + dir + `"\} (\d+)\n`).FindStringSubmatch(r.Body)
		if m == nil || m[1] == "0" {
			t.Errorf("no free space said for %s: %v", dir, m)
		}
	}
}

// Every page stays light: under 200 KB of CSS and JavaScript (DESIGN's
// budget for fans on phones), all self-hosted under checksummed addresses.
func TestPagesStayLight(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "light")
	b := h.browser()
	assetRE := regexp.MustCompile(`(?:href|src)="([^"]+\.(?:css|js))"`)
	for _, path := range []string{"/", "/challenges/" + itoa(int64(cid)), "/ideas/" + itoa(int64(id)), "/projects", "/search?q=x", "/signin"} {
		page := b.get(path).must(t, 200).Body
		total := 0
		for _, m := range assetRE.FindAllStringSubmatch(page, -1) {
			if !strings.HasPrefix(m[1], "/static/") {
				t.Errorf("%s loads %s from elsewhere", path, m[1])
				continue
			}
			total += len(b.get(m[1]).must(t, 200).Body)
		}
		if total == 0 || total > 200<<10 {
			t.Errorf("%s loads %d bytes of CSS and JavaScript, want some and under 200 KB", path, total)
		}
	}
}

// Pages and lists are compressed; writes, which answer a few bytes, are not
// (echo's gzip costs a compressor reset per request).
func TestCompression(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "gzip")
	get, _ := http.NewRequest("GET", h.srv.URL+"/signin", nil)
	get.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(get)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("a page is not compressed: %v", resp.Header)
	}
	put, _ := http.NewRequest("PUT", h.srv.URL+"/api/v1/ideas/"+itoa(int64(id))+"/vote", nil)
	put.Header.Set("Accept-Encoding", "gzip")
	put.Header.Set("Authorization", "Bearer "+admin)
	resp, err = http.DefaultTransport.RoundTrip(put)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("a vote answered %d with encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}
