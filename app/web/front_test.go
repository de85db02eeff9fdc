package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images"

	"github.com/labstack/echo/v4"
)

// lockedBuffer is a log the server's goroutines may write at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// withLog sends the server's log to buf.
func withLog(buf *lockedBuffer) harnessOption {
	return func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(buf, nil)) }
}

var hexID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// wantSecurityHeaders are the headers README promises on every page (and
// every answer outside the API); "" means the header is absent.
var wantSecurityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Referrer-Policy":         "strict-origin-when-cross-origin",
	"X-Xss-Protection":        "0",
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
}

// wantAPISecurityHeaders are those it promises on every API answer, errors
// included: OWASP's set for answers that are never a page.
var wantAPISecurityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Content-Security-Policy": "frame-ancestors 'none'",
	"Referrer-Policy":         "",
	"X-Xss-Protection":        "",
}

// checkSecurityHeaders reports each header of want that r does not carry
// exactly once with its value (or carries, when want says "").
func checkSecurityHeaders(t *testing.T, name string, r http.Header, want map[string]string) {
	t.Helper()
	for k, v := range want {
		got := r.Values(k)
		if v == "" && len(got) > 0 || v != "" && (len(got) != 1 || got[0] != v) {
			t.Errorf("%s: %s is %q, want %q", name, k, got, v)
		}
	}
}

// The vote, the hottest answer, passes one front middleware instead of six
// (request id, log line, metrics, recover, security headers): each of
// their guarantees still holds on it, on its errors, and on a page.
func TestVoteAnswerKeepsEveryFrontGuarantee(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	h := newHarness(t, withLog(&log), func(c *Config) { c.SecureCookies = true })
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "想法")
	fan := h.fan("fan@x.cn")
	path := fmt.Sprintf("/api/v1/ideas/%d/vote", idea)

	vote := func(token, rid string) res {
		req, _ := http.NewRequest("PUT", h.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if rid != "" {
			req.Header.Set("X-Request-Id", rid)
		}
		return h.do(http.DefaultClient, req)
	}
	first := vote(fan, "").must(t, 200)
	second := vote(fan, "").must(t, 200)
	refused := vote("cct_not-a-token", "").must(t, 401)
	page := h.browser().get("/signin")
	checkSecurityHeaders(t, "page", page.Header, wantSecurityHeaders)
	checkSecurityHeaders(t, "vote", first.Header, wantAPISecurityHeaders)
	checkSecurityHeaders(t, "refused vote", refused.Header, wantAPISecurityHeaders)
	checkSecurityHeaders(t, "unknown API path", h.api("GET", "/api/v1/nothing-here", "", nil).must(t, 404).Header, wantAPISecurityHeaders)
	for name, r := range map[string]res{"vote": first, "refused vote": refused, "page": page} {
		if got := r.Header.Get("Strict-Transport-Security"); got != hsts {
			t.Errorf("%s: HSTS %q behind TLS", name, got)
		}
		if !hexID.MatchString(r.Header.Get("X-Request-Id")) {
			t.Errorf("%s: request id %q, want 32 hex digits", name, r.Header.Get("X-Request-Id"))
		}
	}
	if first.Header.Get("X-Request-Id") == second.Header.Get("X-Request-Id") {
		t.Error("two requests got the same id")
	}
	if refused.Header.Get("WWW-Authenticate") == "" || str(refused.JSON["error"].(map[string]any), "code") == "" {
		t.Errorf("the refused vote's answer: %v %s", refused.Header, refused.Body)
	}

	// With no trusted proxy, a client's request id is not believed (see
	// TestRequestIDOnlyFromTrustedProxies).
	if got := vote(fan, "edge-7f3a.42").must(t, 200).Header.Get("X-Request-Id"); !hexID.MatchString(got) {
		t.Errorf("a client's own request id came back as %q, want one of ours", got)
	}

	// One log line per request, with every field, the refusal's included.
	for _, r := range []res{first, refused} {
		rid := r.Header.Get("X-Request-Id")
		want := fmt.Sprintf(`msg=request id=%s method=PUT path=%s status=%d bytes=%d took=`, rid, path, r.Status, len(r.Body))
		lines := 0
		for _, line := range strings.Split(log.String(), "\n") {
			if strings.Contains(line, "id="+rid) {
				lines++
				if !strings.Contains(line, want) || !strings.HasSuffix(line, " ip=127.0.0.1") {
					t.Errorf("log line %q, want %q… ip=127.0.0.1", line, want)
				}
			}
		}
		if lines != 1 {
			t.Errorf("%d log lines for request %s, want 1:\n%s", lines, rid, log.String())
		}
	}

	// The metrics count the votes by route and status class.
	metrics := h.api("GET", "/metrics", admin, nil).must(t, 200).Body
	for _, want := range []string{
		`cocreate_http_requests_total{method="PUT",route="/api/v1/ideas/:id/vote",status="2xx"} 3`,
		`cocreate_http_requests_total{method="PUT",route="/api/v1/ideas/:id/vote",status="4xx"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s:\n%s", want, metrics)
		}
	}
}

// A handler's panic is a 500 with the API's error body, logged with its
// stack, and the request's own line is an error; the server goes on.
// net/http's ErrAbortHandler still drops the connection.
func TestFrontTurnsAPanicIntoA500(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	h := newHarness(t, withLog(&log))
	s := h.srv.Config.Handler.(*Server)
	rec := httptest.NewRecorder()
	c := s.echo.NewContext(httptest.NewRequest("PUT", "/api/v1/ideas/1/vote", nil), rec)
	if err := s.front(func(echo.Context) error { panic("boom") })(c); err != nil {
		t.Fatalf("front returned %v", err)
	}
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"internal"`) || rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Errorf("after a panic: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	out := log.String()
	if !strings.Contains(out, "level=ERROR msg=panic") || !strings.Contains(out, "panic=boom") || !strings.Contains(out, "front_test.go") {
		t.Errorf("the panic is not logged with its stack:\n%s", out)
	}
	if !strings.Contains(out, "level=ERROR msg=request id=") || !strings.Contains(out, "status=500") {
		t.Errorf("the request's line is not an error:\n%s", out)
	}
	h.api("GET", "/api/v1/challenges", "", nil).must(t, 200)

	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("ErrAbortHandler became %v", r)
		}
	}()
	c = s.echo.NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
	_ = s.front(func(echo.Context) error { panic(http.ErrAbortHandler) })(c)
}

// The request line written directly is, byte for byte, what the Logger's
// slog.TextHandler writes for the same record; values it would quote are
// left to it.
func TestRequestLineIsTextHandlers(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "Z", "0", "/", "-", ".", "_", "~", ":", "%", "\\", "'", "?", "&", " ", "=", `"`, "\t", "\x00", "\x7f", "µ", "请", "\u00a0", "\xff"}
	const plain = 14 // alphabet[:plain] is never quoted
	word := func() string {
		letters := alphabet[:plain]
		if rng.IntN(3) == 0 {
			letters = alphabet
		}
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("", -(3*3600 + 30*60)), time.Local}
	fast := 0
	for i := range 5000 {
		at := time.Date(2026, 11, 30, 13, 17, 3, rng.IntN(1e9), zones[i%len(zones)])
		if i%7 == 0 {
			at = at.Truncate(time.Second) // no millisecond digits at all
		}
		rid, method, path, ip := word(), word(), "/"+word(), word()
		if i%3 == 0 {
			rid, method, path, ip = requestID(""), "PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", rng.IntN(1e6)), "203.0.113.7"
		}
		status, size := 100+rng.IntN(500), rng.Int64N(1<<40)
		took := time.Duration(rng.Int64N(int64(2 * time.Hour)))
		if i%2 == 0 {
			took = time.Duration(rng.IntN(int(2 * time.Millisecond)))
		}
		got, ok := appendRequestLine(nil, at, rid, method, path, status, size, took, ip)
		var want bytes.Buffer
		r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
		r.AddAttrs(slog.String("id", rid), slog.String("method", method), slog.String("path", path),
			slog.Int("status", status), slog.Int64("bytes", size), slog.Duration("took", took), slog.String("ip", ip))
		if err := slog.NewTextHandler(&want, nil).Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		fast++
		if string(got) != want.String() {
			t.Fatalf("written directly:\n%q\nTextHandler:\n%q", got, want.String())
		}
	}
	if fast < 2000 {
		t.Errorf("only %d of 5000 lines were written directly", fast)
	}
	for _, quoted := range []string{"", "a b", "a=b", `a"b`, "a\tb", "请", "µs"} {
		if _, ok := appendRequestLine(nil, time.Now(), quoted, "GET", "/", 200, 0, time.Second, "::1"); ok {
			t.Errorf("%q written directly: TextHandler might quote it", quoted)
		}
	}
}

// With Config.RequestLog set (as cocreate serve sets it), a vote's line
// is written directly, a path TextHandler quotes goes through the Logger,
// and a 5xx stays an error line of the Logger's: one line per request.
func TestRequestLogWrittenDirectly(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	h := newHarness(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&log, nil))
		c.RequestLog = &log
	})
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "想法")
	fan := h.fan("fan@x.cn")
	vote := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), fan, nil).must(t, 200)
	odd := h.api("GET", "/api/v1/ideas/a%20b", "", nil).must(t, 404)
	for _, c := range []struct {
		r    res
		want string
	}{
		{vote, fmt.Sprintf(`level=INFO msg=request id=%s method=PUT path=/api/v1/ideas/%d/vote status=200 bytes=%d took=`, vote.Header.Get("X-Request-Id"), idea, len(vote.Body))},
		{odd, fmt.Sprintf(`level=INFO msg=request id=%s method=GET path="/api/v1/ideas/a b" status=404 bytes=%d took=`, odd.Header.Get("X-Request-Id"), len(odd.Body))},
	} {
		n := strings.Count(log.String(), "id="+c.r.Header.Get("X-Request-Id"))
		if n != 1 || !strings.Contains(log.String(), c.want) {
			t.Errorf("%d lines, want 1 with %q:\n%s", n, c.want, log.String())
		}
	}
}

// getGzip GETs url asking for gzip itself, so that the answer comes as
// sent, and returns it with its body decompressed if it came compressed.
func getGzip(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return r, string(raw)
}

// Answers are compressed, but never more than gzipSlots at once (each
// compressor holds 0.8 MB while its client reads): past that an answer
// goes whole and uncompressed, and the slots free again after.
func TestCompressionIsBounded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.srv.Config.Handler.(*Server)
	get := func() (*http.Response, string) { return getGzip(t, h.srv.URL+"/api/v1/openapi.json") }
	r, page := get()
	if r.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(page, `"operationId"`) {
		t.Fatalf("the API's description is not compressed: %v", r.Header)
	}
	if len(s.gzipSlots) != 0 {
		t.Fatalf("%d slots still taken after an answer", len(s.gzipSlots))
	}
	for range gzipSlots { // every compressor busy
		s.gzipSlots <- struct{}{}
	}
	r, whole := get()
	if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "" || whole != page || r.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("with every slot taken: %d %v, the page %v", r.StatusCode, r.Header, whole == page)
	}
	for range gzipSlots {
		<-s.gzipSlots
	}
	if r, _ := get(); r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("the slots did not free: %v", r.Header)
	}
	if len(s.gzipSlots) != 0 {
		t.Errorf("%d slots still taken after the answers", len(s.gzipSlots))
	}
}

// A compressed answer that is an error (returned, or a panic) is the error
// page with its status, compressed like any other; the compressor's writer
// would otherwise answer 200 with no body once the handler returned.
func TestACompressedErrorKeepsItsStatus(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	h := newHarness(t, withLog(&log))
	s := h.srv.Config.Handler.(*Server)
	s.echo.GET("/test/boom", func(echo.Context) error { panic("boom") })
	s.echo.GET("/test/gone", func(echo.Context) error { return domain.NotFound("idea") })
	s.echo.GET("/test/big", func(c echo.Context) error {
		return c.String(http.StatusOK, strings.Repeat("好 ", 2000))
	})
	get := func(path string) (*http.Response, string) { return getGzip(t, h.srv.URL+path) }
	r, body := get("/test/big")
	if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "gzip" || body != strings.Repeat("好 ", 2000) || r.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("a long answer: %d %v, body intact %v", r.StatusCode, r.Header, body == strings.Repeat("好 ", 2000))
	}
	r, body = get("/test/gone")
	if r.StatusCode != 404 || !strings.Contains(body, "</html>") || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("a returned error: %d %v %.300s", r.StatusCode, r.Header, body)
	}
	r, body = get("/test/boom")
	if r.StatusCode != 500 || !strings.Contains(body, "</html>") {
		t.Errorf("a panic: %d %v %.300s", r.StatusCode, r.Header, body)
	}
	if out := log.String(); !strings.Contains(out, "panic=boom") || !strings.Contains(out, "status=500") || !strings.Contains(out, "status=404") {
		t.Errorf("the log lacks the panic or the statuses:\n%s", out)
	}
	if len(s.gzipSlots) != 0 {
		t.Errorf("%d slots still taken after the answers", len(s.gzipSlots))
	}
}

// A path ending in a slash is redirected to the one without it, query
// kept, never to another host, with every answer's headers; "/" is home.
func TestTrailingSlashRedirects(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	send := func(method, target string) *http.Response {
		conn, err := net.Dial("tcp", h.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The request line as written: Go's client would clean the path.
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", method, target)
		r, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r
	}
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/signin/", "/signin"},
		{"GET", "/signin/?next=%2Fideas%2F1", "/signin?next=%2Fideas%2F1"},
		{"GET", "//evil.example/", "/evil.example"},
		{"GET", "/%5Cevil.example/", "/evil.example"},
		{"PUT", "/api/v1/ideas/1/vote/", "/api/v1/ideas/1/vote"},
	} {
		r := send(c.method, c.path)
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != c.want {
			t.Errorf("%s %s: %d to %q, want 301 to %q", c.method, c.path, r.StatusCode, r.Header.Get("Location"), c.want)
		}
		if r.Header.Get("X-Frame-Options") != "DENY" || !hexID.MatchString(r.Header.Get("X-Request-Id")) {
			t.Errorf("%s: the redirect lacks the headers of every answer: %v", c.path, r.Header)
		}
	}
	if r := send("GET", "/"); r.StatusCode != 200 {
		t.Errorf("/ answered %d", r.StatusCode)
	}
}

// A refusal that knows when to ask again says so in Retry-After, to an app
// and to a browser alike: a busy photo line asks for a minute.
func TestBusyAnswersSayWhenToTryAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := h.srv.Config.Handler.(*Server)
	for _, path := range []string{"/api/v1/ideas/1/photos", "/ideas/1/edit"} {
		rec := httptest.NewRecorder()
		c := s.echo.NewContext(httptest.NewRequest("POST", path, nil), rec)
		if err := s.front(func(echo.Context) error { return images.ErrBusy })(c); err != nil {
			t.Fatalf("front returned %v", err)
		}
		if rec.Code != 503 || rec.Header().Get("Retry-After") != "60" {
			t.Errorf("%s: %d, Retry-After %q", path, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	rec := httptest.NewRecorder()
	c := s.echo.NewContext(httptest.NewRequest("GET", "/api/v1/ideas/1", nil), rec)
	_ = s.front(func(echo.Context) error { return domain.NotFound("idea") })(c)
	if rec.Code != 404 || rec.Header().Get("Retry-After") != "" {
		t.Errorf("a 404 says to try again: %d %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}

// The API's answers to a browser's session cookie are as personal as its
// pages: no cache on the way keeps them. A visitor's are not marked.
func TestCookieAnswersAreNotCached(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("cache@fans.cn")
	b := h.browser()
	b.signIn("cache@fans.cn", "fan-password")
	for _, path := range []string{"/api/v1/me", "/api/v1/me/notifications", "/api/v1/challenges"} {
		r := b.get(path)
		if r.Status != 200 || r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s with a cookie: %d, Cache-Control %q", path, r.Status, r.Header.Get("Cache-Control"))
		}
	}
	if r := h.api("GET", "/api/v1/challenges", "", nil).must(t, 200); r.Header.Get("Cache-Control") != "" {
		t.Errorf("a visitor's list: Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

// A body that is JSON but not an object is named as such, not as a field
// with no name; a field of the wrong type is named.
func TestABodyThatIsNotAnObjectIsSaidSo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	idea := h.idea(admin, h.openChallenge(admin, nil), "创意 idea")
	path := fmt.Sprintf("/api/v1/ideas/%d/comments", idea)
	for _, body := range []string{`[]`, `"text"`, `3`} {
		r := h.api("POST", path, admin, body).must(t, 400)
		if r.errCode() != "invalid_json" || r.errField() != "" || str(r.JSON, "error", "message") != "The request body is not a valid JSON object." {
			t.Errorf("%s: %s", body, r.Body)
		}
	}
	if r := h.api("POST", path, admin, `{"body": 3}`).must(t, 400); r.errCode() != "invalid_type" || r.errField() != "body" {
		t.Errorf("a number for the body: %s", r.Body)
	}
}
