package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// #20 item 10: share cards and search snippets carry the words, not the
// Markdown: WeChat and Weibo previews show no "##" or "**".
func TestShareCardsAndSnippetsArePlainText(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"brief": "## 二次污染\n\n**Help** us find [ideas](https://haier.com) for `drums`."})
	id := num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{
		"title": "Silver drum", "summary": "## 银离子\n\n- **抑菌** coating\n- _no_ smell",
	}).must(t, 201).JSON, "id")
	desc := regexp.MustCompile(`<meta (?:name|property)="(?:og:|twitter:)?description" content="([^"]*)"`)
	for path, want := range map[string]string{
		fmt.Sprintf("/challenges/%d", cid): "二次污染 Help us find ideas for drums.",
		fmt.Sprintf("/ideas/%d", id):       "银离子 抑菌 coating no smell",
	} {
		page := h.browser().get(path).must(t, 200).Body
		ms := desc.FindAllStringSubmatch(page, -1)
		if len(ms) != 3 {
			t.Fatalf("%s: %d description tags", path, len(ms))
		}
		for _, m := range ms {
			if m[1] != want {
				t.Errorf("%s: description %q, want %q", path, m[1], want)
			}
		}
	}
	hits, _ := h.searchFor("", "q=coating", id)
	found := false
	for _, hit := range hits {
		if num(hit, "id") != id {
			continue
		}
		found = true
		if hl := str(hit, "highlight"); strings.ContainsAny(hl, "#*_") || !strings.Contains(hl, "抑菌") {
			t.Errorf("search snippet %q carries Markdown", hl)
		}
	}
	if !found {
		t.Fatal("the idea is not found")
	}
	page := h.browser().get("/search?q=coating").must(t, 200).Body
	if strings.Contains(page, "**抑菌**") || strings.Contains(page, "## 银离子") {
		t.Error("the search page shows Markdown in a snippet")
	}
}

// #20 item 10: search and similar ideas, costly and open to anyone, are
// limited per address (per account when signed in): a person's burst of 60
// passes, a script's stream is refused with 429 and Retry-After, while
// another address and a signed-in fan behind the exhausted one still get
// answers.
func TestCostlyReadsAreLimitedPerAddress(t *testing.T) {
	h := newHarness(t, withRateLimits, withTrustedProxies("127.0.0.1/32"))
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(admin, cid, "无孔内筒 drum without holes")
	fan := h.fan("fan@x.cn")
	get := func(path, from, token string) int {
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Header.Set("X-Forwarded-For", from)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r := h.do(http.DefaultClient, req)
		if r.Status == 429 && r.Header.Get("Retry-After") == "" {
			t.Error("a 429 without Retry-After")
		}
		return r.Status
	}
	paths := []string{"/api/v1/search?q=drum", fmt.Sprintf("/api/v1/challenges/%d/similar?text=holes", cid), "/search?q=drum"}
	passed, refused := 0, 0
	for i := 0; i < 90; i++ {
		switch get(paths[i%3], "203.0.113.5", "") {
		case 200:
			passed++
		case 429:
			refused++
		default:
			t.Fatalf("request %d: unexpected status", i)
		}
	}
	if passed < costlyBurst || refused < 20 {
		t.Errorf("one address, 90 costly reads at once: %d answered, %d refused (want ≥ %d answered, the rest mostly refused)", passed, refused, costlyBurst)
	}
	for _, p := range paths {
		if got := get(p, "198.51.100.7", ""); got != 200 {
			t.Errorf("%s from another address: %d", p, got)
		}
		if got := get(p, "203.0.113.5", fan); got != 200 {
			t.Errorf("%s by a signed-in fan behind the busy address: %d", p, got)
		}
	}
	// Cheap reads stay unlimited from the busy address.
	for i := 0; i < 20; i++ {
		if got := get("/api/v1/challenges", "203.0.113.5", ""); got != 200 {
			t.Fatalf("listing challenges from the busy address: %d", got)
		}
	}
}
