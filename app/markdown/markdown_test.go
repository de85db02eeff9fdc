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
			got := string(Render(tc.src))
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
	for i := 0; i < 200; i++ {
		src := body + string(rune('a'+i%26)) + strings.Repeat("x", i)
		if got, want := Render(src), render(src); got != want {
			t.Fatal("a cached rendering differs from a fresh one")
		}
		cache.Lock()
		b := cache.bytes
		cache.Unlock()
		if b > cacheBytes {
			t.Fatalf("the cache holds %d bytes, over its bound of %d", b, cacheBytes)
		}
	}
}
