package web

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/i18n"
)

// Every API route in the table is described in the OpenAPI document, with
// echo's :param written as {param}.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r := h.api("GET", "/api/v1/openapi.json", "", nil).must(t, 200)
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	s := &Server{}
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		p := param.ReplaceAllString(rt.Path, "{$1}")
		if _, ok := doc.Paths[p][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("%s %s is not in openapi.json", rt.Method, p)
		}
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRateLimits)
	h.setup()
	var last res
	for i := 0; i < 12; i++ {
		last = h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@brand.cn", "password": "guess" + itoa(int64(i))})
	}
	if last.Status != 429 || last.errCode() != "rate_limited" || last.Header.Get("Retry-After") == "" {
		t.Fatalf("12th password guess: %d %s", last.Status, last.Body)
	}
	// Pages too: the sign-in form's refusal goes back to the form, with
	// Retry-After (TestSmallfix30AddressLimitRefusesSignInOnTheForm).
	b := h.browser()
	r := b.post("/signin", "/signin", url.Values{"email": {"a@b.cn"}, "password": {"x"}})
	if r.Status != 303 || r.Header.Get("Location") != "/signin" || r.Header.Get("Retry-After") == "" {
		t.Errorf("sign-in page after the limit: %d to %q", r.Status, r.Header.Get("Location"))
	}
	// Reading is never limited.
	for i := 0; i < 30; i++ {
		h.api("GET", "/api/v1/challenges", "", nil).must(t, 200)
	}
}

// Every message key a template names exists: a missing one would show
// people the raw key instead of words.
func TestTemplatesUseKnownMessages(t *testing.T) {
	t.Parallel()
	key := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	files, _ := filepath.Glob("../../templates/*/*.html")
	more, _ := filepath.Glob("../../templates/*.html")
	n := 0
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			n++
			if !i18n.Has(m[1]) {
				t.Errorf("%s uses %q, which no catalogue has", filepath.Base(f), m[1])
			}
		}
	}
	if n < 100 {
		t.Fatalf("found only %d message keys in the templates", n)
	}
}
