package markdown

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"background": true, "poster": true, "cite": true, "longdesc": true, "srcset": true,
}

// dangerousScheme reports whether a URL (as the browser reads it, entities
// decoded) runs script. Browsers drop ASCII whitespace and control
// characters inside the scheme ("java\tscript:" still runs), so those are
// removed before comparing.
func dangerousScheme(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= 0x20 || unicode.IsControl(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, v)
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text/html")
}

// checkSafe parses html the way a browser's tokenizer would and reports the
// first thing in it that could run script.
func checkSafe(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "contains <script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "base", "form", "meta", "link", "svg", "math":
				return "element <" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					return "event attribute " + a.Key + " on <" + tok.Data + ">"
				}
				if key == "style" {
					return "style attribute on <" + tok.Data + ">"
				}
				if urlAttrs[key] && dangerousScheme(a.Val) {
					return "script URL " + a.Key + "=" + a.Val + " on <" + tok.Data + ">"
				}
			}
		}
	}
}

// FuzzRender renders arbitrary markdown: it must never panic, and what it
// gives a page must never carry script: no <script>, no on…= event
// attribute, no javascript: (or vbscript:) URL in a link or an image.
func FuzzRender(f *testing.F) {
	f.Add("**二次污染** is *bad* [link](https://haier.com)")
	f.Add("<img src=x onerror=alert(1)>")
	f.Add("[x](javascript:alert(1))")
	r := NewRenderer(0) // through the cache, as pages render
	f.Fuzz(func(t *testing.T, src string) {
		out := string(r.Render(src))
		if why := checkSafe(out); why != "" {
			t.Fatalf("Render(%q) = %q: %s", src, out, why)
		}
	})
}

// The checker itself must see what it is looking for, or the fuzzer would
// pass on anything.
func TestCheckSafeCatchesScript(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<img src=x onerror=alert(1)>`,
		`<p ONCLICK="x()">`,
		`<iframe src="https://x"></iframe>`,
		`<a href=" vbscript:x">x</a>`,
	} {
		if checkSafe(bad) == "" {
			t.Errorf("checkSafe(%q) found nothing", bad)
		}
	}
	for _, good := range []string{
		`<p><a href="https://haier.com" rel="nofollow">Haier</a> on my mind</p>`,
		`<p>javascript: is only text here, and so is onload=</p>`,
		`<img src="/uploads/ab.png" alt="x">`,
	} {
		if why := checkSafe(good); why != "" {
			t.Errorf("checkSafe(%q) = %s", good, why)
		}
	}
}

// Render must survive invalid UTF-8 (goldmark alone panics on "\xaa\n0" in
// its CJK line-break handling): a missed check upstream must never be a 500.
func TestRenderSurvivesInvalidUTF8(t *testing.T) {
	for _, src := range []string{"\xaa\n0", "\x80\nx"} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("Render(%q) panicked: %v", src, p)
				}
			}()
			NewRenderer(0).Render(src)
		}()
	}
}
