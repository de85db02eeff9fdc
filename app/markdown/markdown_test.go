package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name, src  string
		want       []string
		wantAbsent []string
	}{
		{"emphasis", "**二次污染** is *bad*", []string{"<strong>二次污染</strong>", "<em>bad</em>"}, nil},
		{"raw script dropped", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"event attribute", `<img src=x onerror=alert(1)>`, nil, []string{"onerror"}},
		{"safe link gets nofollow", "[Haier](https://haier.com)", []string{`href="https://haier.com"`, `rel="nofollow`}, nil},
		{"list", "- one\n- 二", []string{"<li>one</li>", "<li>二</li>"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(NewRenderer(0).Render(tc.src))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tc.src, got, w)
				}
			}
			for _, w := range tc.wantAbsent {
				if strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, must not contain %q", tc.src, got, w)
				}
			}
		})
	}
}

// The rendering cache answers what a fresh render would, and never holds
// more than its bound however long the bodies (20,000 characters each).
func TestRenderCacheIsBounded(t *testing.T) {
	body := strings.Repeat("二次污染 **washing** machine. ", 700) // ~20k characters
	for _, limit := range []int{DefaultCacheBytes, 100_000, 1_000} {
		r := NewRenderer(limit)
		for i := 0; i < 200; i++ {
			src := body + string(rune('a'+i%26)) + strings.Repeat("x", i)
			want := render(src)
			for range 2 { // the second time from the cache, when it fits
				if r.Render(src) != want {
					t.Fatal("a cached rendering differs from a fresh one")
				}
			}
			if b, n := r.held(); b > limit || (limit >= 2*(len(src)+len(want)) && n == 0) {
				t.Fatalf("limit %d: the cache holds %d bytes in %d entries", limit, b, n)
			}
		}
	}
}

// The cache is what makes lists cheap: a source rendered before comes from
// it, and the bound empties it only when full.
func TestRenderCacheHits(t *testing.T) {
	r := NewRenderer(DefaultCacheBytes)
	srcs := []string{"**一**", "*two*", "- three", "[four](https://haier.com)"}
	for _, src := range srcs {
		r.Render(src)
	}
	_, n := r.held()
	if n != len(srcs) {
		t.Fatalf("the cache holds %d entries after %d sources, want %d", n, len(srcs), len(srcs))
	}
	for _, src := range srcs {
		r.mu.Lock()
		_, ok := r.m[src]
		r.mu.Unlock()
		if !ok {
			t.Errorf("%q is not in the cache after rendering it", src)
		}
	}
	r.Render(srcs[0])
	if _, again := r.held(); again != n {
		t.Errorf("rendering a cached source again changed the entries from %d to %d", n, again)
	}
}

// Two Renderers (two servers in one process) share no entries, and a nil
// Renderer renders the same HTML without keeping anything.
func TestRenderersDoNotShare(t *testing.T) {
	a, b := NewRenderer(0), NewRenderer(0)
	a.Render("**only in a**")
	if _, n := b.held(); n != 0 {
		t.Fatalf("a second Renderer holds %d entries after the first rendered one", n)
	}
	b.Render("*only in b*")
	a.mu.Lock()
	_, leaked := a.m["*only in b*"]
	a.mu.Unlock()
	if leaked {
		t.Fatal("the first Renderer holds what the second rendered")
	}
	var none *Renderer
	if got, want := none.Render("**x**"), a.Render("**x**"); got != want {
		t.Fatalf("a nil Renderer gives %q, a caching one %q", got, want)
	}
}

// held reports the bytes and entries r's cache holds.
func (r *Renderer) held() (bytes, entries int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bytes, len(r.m)
}

// The cache counts an entry as its text and its HTML, keeps entries up to
// exactly its bound, and a renderer made with no bound has the default.
func TestRenderCacheBoundIsExact(t *testing.T) {
	if r := NewRenderer(0); r.limit != DefaultCacheBytes {
		t.Errorf("NewRenderer(0) bounds its cache at %d, want %d", r.limit, DefaultCacheBytes)
	}
	a, b := "**一**", "*二*"
	sa, sb := len(a)+len(render(a)), len(b)+len(render(b))
	r := NewRenderer(sa)
	r.Render(a)
	if len(r.m) != 1 || r.bytes != sa {
		t.Errorf("an entry of exactly the bound: %d kept, %d bytes; want 1 and %d", len(r.m), r.bytes, sa)
	}
	r = NewRenderer(sa + sb)
	r.Render(a)
	r.Render(b)
	if len(r.m) != 2 || r.bytes != sa+sb {
		t.Errorf("two entries filling the bound exactly: %d kept, %d bytes; want 2 and %d", len(r.m), r.bytes, sa+sb)
	}
}
