package web

import (
	"bufio"
	"io"
	"math/rand"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// seriesCount is how many series the server's metrics hold.
func (h *harness) seriesCount() int {
	m := h.srv.Config.Handler.(*Server).metrics
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.series)
}

// rawRequest sends bytes as they are (Go's client refuses odd methods) and
// returns the status line, once the server has closed the connection (so
// the request is counted).
func (h *harness) rawRequest(method, path string) string {
	h.t.Helper()
	conn, err := net.DialTimeout("tcp", h.srv.Listener.Addr().String(), 5*time.Second)
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")); err != nil {
		h.t.Fatal(err)
	}
	rd := bufio.NewReader(conn)
	line, _ := rd.ReadString('\n')
	io.Copy(io.Discard, rd)
	return line
}

// Anyone could grow the server's memory without bound through made-up
// methods and paths, one series each: the labels must come from fixed sets.
func TestMetricsSeriesStayBounded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	rng := rand.New(rand.NewSource(1))
	const tokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~"
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(tokenChars[rng.Intn(len(tokenChars))])
		}
		return b.String()
	}
	const pathChars = "abcdefghijklmnopqrstuvwxyz0123456789-._~"
	path := func() string {
		var b strings.Builder
		for range 1 + rng.Intn(60) {
			b.WriteByte(pathChars[rng.Intn(len(pathChars))])
		}
		return "/x" + b.String() + "/" + itoa(rng.Int63())
	}
	// One of each kind first: a made-up method on a page that exists and on
	// one that does not, a known method on a path that does not exist.
	h.rawRequest(word(3000), "/challenges/"+itoa(int64(cid)))
	h.rawRequest(word(5), "/api/v1/ideas/1")
	h.rawRequest(word(10), path())
	h.rawRequest("GET", path())
	h.rawRequest("POST", path())
	h.rawRequest("DELETE", path())
	before := h.seriesCount()
	for i := range 500 {
		switch i % 4 {
		case 0:
			h.rawRequest(word(1+rng.Intn(3000)), path())
		case 1:
			h.rawRequest(word(1+rng.Intn(50)), "/challenges/"+itoa(int64(cid)))
		case 2:
			h.rawRequest([]string{"GET", "POST", "DELETE"}[rng.Intn(3)], path())
		case 3:
			h.rawRequest(word(1+rng.Intn(50)), "/api/v1/ideas/"+itoa(rng.Int63()))
		}
	}
	if after := h.seriesCount(); after != before {
		t.Errorf("500 requests with made-up methods and paths grew the series from %d to %d", before, after)
	}
	body := h.api("GET", "/metrics", admin, nil).must(t, http.StatusOK).Body
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, "cocreate_http_requests_total{") {
			continue
		}
		method := line[len(`cocreate_http_requests_total{method="`):]
		method = method[:strings.IndexByte(method, '"')]
		switch method {
		case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OTHER":
		default:
			t.Errorf("a series is labelled with the method %.40q", method)
		}
	}
}
