package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/demo"
	"cocreate/app/indexer"
	"cocreate/app/mail"
	"cocreate/app/password"
	"cocreate/app/pgtest"
	"cocreate/app/service"
	"cocreate/app/store"
)

// harness is a real server on a real SQLite file (or, in the PostgreSQL
// pass, a real PostgreSQL database), reached over real HTTP.
type harness struct {
	t     testing.TB
	dir   string
	dbKey string // the database's key in the PostgreSQL pass (pgtest.DB)
	store *store.Store
	svc   *service.Service
	srv   *httptest.Server
	idx   *indexer.Indexer

	stopIndexer func()
	indexing    chan struct{}

	mu  sync.Mutex
	now time.Time
}

// indexWait is how long a test waits for the search index to show a write
// it polls for (the indexer runs in the background): the tests run in
// parallel, so it is generous; the tests of how soon a write is found
// measure that apart.
const indexWait = 10 * time.Second

// TestMain runs the package's tests on SQLite, then on PostgreSQL (pgtest),
// where each harness's database is a copy of one the migrations ran on
// once (pgtest.Template). TestMain hashes passwords at the test cost
// (password.UseTestCost): the tests make thousands of accounts and
// sign-ins. The PostgreSQL pass needs a -timeout past go test's default
// (the two passes take ~20 minutes here).
func TestMain(m *testing.M) {
	password.UseTestCost()
	pgtest.Template(store.MigratePostgres)
	pgtest.MainWithin(closingBrowser{m}, "", 25*time.Minute)
}

// closingBrowser runs the tests, then closes the Chromium they shared.
type closingBrowser struct{ m *testing.M }

func (c closingBrowser) Run() int {
	defer closeBrowser()
	return c.m.Run()
}

type harnessOption func(*Config)

func withRateLimits(c *Config) { c.RateLimits = true }

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), now: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	h.dbKey = filepath.Join(h.dir, "cocreate.db")
	h.start(opts...)
	return h
}

// newNode is a second server on first's PostgreSQL database, with its own
// data directory (index, cached uploads, key files): another node of the
// same installation.
func newNode(t *testing.T, first *harness, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), now: first.clock(), dbKey: first.dbKey}
	h.start(opts...)
	return h
}

// start opens the store and server on h.dir (again, after stop).
func (h *harness) start(opts ...harnessOption) {
	t := h.t
	st, err := store.OpenEngine(h.dbURL(), filepath.Join(h.dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = h.clock
	h.store = st
	h.svc = service.New(st, filepath.Join(h.dir, "uploads"))
	if err := h.svc.ShareKeys(h.dir); err != nil {
		t.Fatal(err)
	}
	if h.svc.MailSecret, err = mail.LoadSecret(filepath.Join(h.dir, "mail", "secret")); err != nil {
		t.Fatal(err)
	}
	h.idx = indexer.New(st, filepath.Join(h.dir, "index"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	rebuild, err := h.idx.Open()
	if err != nil {
		t.Fatal(err)
	}
	h.svc.Indexer = h.idx
	ctx, cancel := context.WithCancel(context.Background())
	h.indexing = make(chan struct{})
	h.stopIndexer = cancel
	go func() { defer close(h.indexing); h.idx.Run(ctx, rebuild) }()
	cfg := Config{
		Templates: os.DirFS("../../templates"),
		Static:    os.DirFS("../../static"),
		DataDir:   h.dir,
		UploadDir: filepath.Join(h.dir, "uploads"),
		Location:  time.UTC,
		Demo:      func(id int64) ([]demo.Account, error) { return demo.LoadAccounts(context.Background(), h.svc, id) },
		Logger:    testLogger(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(cfg, h.svc)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(s)
	t.Cleanup(h.stop)
}

// testLogger discards the server's log, unless COCREATE_TEST_LOG=1 (to
// see what a 500 hid).
func testLogger() *slog.Logger {
	if os.Getenv("COCREATE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// dbURL is "" on SQLite, PostgreSQL's database of this harness in the
// PostgreSQL pass (pgtest): the same one after a restart.
func (h *harness) dbURL() string { return pgtest.DB(h.t, h.dbKey) }

// rawDB opens the harness's database under the store, on either engine
// (the store's ? SQL), for fixtures written straight to the tables.
func (h *harness) rawDB() *sql.DB {
	h.t.Helper()
	db, err := store.RawDB(h.dbURL(), filepath.Join(h.dir, "cocreate.db"))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

func (h *harness) stop() {
	if h.srv != nil {
		h.srv.Close()
		h.stopIndexer()
		<-h.indexing
		h.idx.Close()
		h.store.Close()
		h.srv = nil
	}
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// advance moves the server's clock.
func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

// res is an answer, with its body decoded when it is JSON.
type res struct {
	Status int
	Body   string
	JSON   map[string]any
	Header http.Header
}

// errCode is the API error's code, and errField its field.
func (r res) errCode() string  { return str(r.JSON, "error", "code") }
func (r res) errField() string { return str(r.JSON, "error", "field") }

func str(m map[string]any, path ...string) string {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[p]
	}
	s, _ := v.(string)
	return s
}

func num(m map[string]any, key string) int {
	f, _ := m[key].(float64)
	return int(f)
}

// api sends a JSON request with an optional bearer token. body may be a
// string (sent as is) or a value (marshalled).
func (h *harness) api(method, path, token string, body any) res {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, h.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.do(http.DefaultClient, req)
}

func (h *harness) do(client *http.Client, req *http.Request) res {
	h.t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := res{Status: resp.StatusCode, Body: string(raw), Header: resp.Header}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(raw, &r.JSON)
	}
	return r
}

// must fails the test unless r has the wanted status.
func (r res) must(t testing.TB, status int) res {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body: %.500s", r.Status, status, r.Body)
	}
	return r
}

// setup creates the first admin through the API and returns their token.
func (h *harness) setup() string {
	r := h.api("POST", "/api/v1/setup", "", map[string]string{"email": "admin@brand.cn", "name": "管理员", "password": "admin-password", "setup_code": h.setupCode()}).must(h.t, 201)
	return str(r.JSON, "token")
}

// setupCode is the code the server wrote to its log (setupcode.go).
func (h *harness) setupCode() string {
	key, err := os.ReadFile(filepath.Join(h.dir, "session.key"))
	if err != nil {
		h.t.Fatal(err)
	}
	return setupCodeFrom(key)
}

// fan signs up a fan and returns their token.
func (h *harness) fan(email string) string {
	h.api("POST", "/api/v1/users", "", map[string]string{"email": email, "name": strings.Split(email, "@")[0], "password": "fan-password"}).must(h.t, 201)
	r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"}).must(h.t, 201)
	return str(r.JSON, "token")
}

// staffer signs up a fan whom admin gives role; their token and id.
func (h *harness) staffer(admin, email, role string) (string, int) {
	h.t.Helper()
	tok := h.fan(email)
	id := num(h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
	h.confirm(int64(id))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{role}}).must(h.t, 200)
	return tok, id
}

// confirm marks account id's address confirmed, as its link would: a staff
// role goes only to a confirmed address (domain.CanGrantRoles).
func (h *harness) confirm(id int64) {
	h.t.Helper()
	if err := h.store.SetVerified(context.Background(), id, true); err != nil {
		h.t.Fatal(err)
	}
}

// openChallenge creates a challenge open for submissions and voting.
func (h *harness) openChallenge(admin string, extra map[string]any) int {
	now := h.clock()
	body := map[string]any{
		"title": "洗衣机二次污染", "brief": "**Help**", "kind": "open_call",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	}
	for k, v := range extra {
		body[k] = v
	}
	r := h.api("POST", "/api/v1/challenges", admin, body).must(h.t, 201)
	return num(r.JSON, "id")
}

func (h *harness) idea(token string, challenge int, title string) int {
	r := h.api("POST", "/api/v1/challenges/"+itoa(int64(challenge))+"/ideas", token, map[string]any{"title": title, "summary": "s", "body": "b"}).must(h.t, 201)
	return num(r.JSON, "id")
}

// browser is a person with a cookie jar, using the pages.
type browser struct {
	h      *harness
	client *http.Client
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string, header ...string) res {
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.h.do(b.client, req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// csrf reads the token a page's forms carry.
func (b *browser) csrf(path string) string {
	b.h.t.Helper()
	m := csrfField.FindStringSubmatch(b.get(path).Body)
	if m == nil {
		b.h.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// post submits a form the way an older browser would: with the token taken
// from the page the form is on, and no Sec-Fetch-Site header.
func (b *browser) post(from, path string, form url.Values) res {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", b.csrf(from))
	}
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.h.do(b.client, req)
}

func (b *browser) signIn(email, password string) {
	b.h.t.Helper()
	r := b.post("/signin", "/signin", url.Values{"email": {email}, "password": {password}})
	if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || loc == "/signin" || strings.HasPrefix(loc, "/signin?") {
		b.h.t.Fatalf("sign in as %s: status %d to %q: %.300s", email, r.Status, loc, r.Body)
	}
}

// adminBrowser is the installation's admin (h.setup's) signed in, in a
// browser of their own.
func (h *harness) adminBrowser() *browser {
	h.t.Helper()
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	return b
}

// ideaCount counts stored ideas, to prove a refused request changed nothing.
func (h *harness) ideaCount() int {
	var n int
	ideas, _ := h.store.Challenges(context.Background())
	for _, c := range ideas {
		st, _ := h.store.Stats(context.Background(), c.ID)
		n += st.Ideas
	}
	return n
}

var (
	regexpToken = regexp.MustCompile(`cct_[A-Za-z0-9_-]{20,}`)
	regexpCSS   = regexp.MustCompile(`/static/app\.[0-9a-f]{8}\.css`)
)
