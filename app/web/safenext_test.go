package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestSafeNext keeps the post-sign-in redirect on this site: browsers drop
// tabs and newlines from a URL and read a backslash as a slash, so
// "/\t/evil.example" is "//evil.example", another host.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"/ideas/3", "/ideas/3"},
		{"/search?q=a%20b&challenge=2", "/search?q=a%20b&challenge=2"},
		{"/ideas/3#comments", "/ideas/3#comments"},
		{"/", "/"},
		{"", "/"},
		{"ideas/3", "/"},
		{"//x", "/"},
		{"//evil.example/path", "/"},
		{"/\\x", "/"},
		{"/\\evil.example", "/"},
		{"/ideas\\..\\..\\evil", "/"},
		{"http://x", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/%09/evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/%0a/evil.example", "/"},
		{"/%0D%0A/evil.example", "/"},
		{"/%5c/evil.example", "/"},
		{"/%5C%5Cevil.example", "/"},
		{"/%2f/evil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/ideas/%00", "/"},
		{"/%25%30%39/evil.example", "/%25%30%39/evil.example"}, // "%09" as text: harmless
		{"/ /evil.example", "/ /evil.example"},                 // a space is no control character; still a path
		{"/\u2028/evil.example", "/"},
		{"/x?next=//evil.example", "/x?next=//evil.example"}, // the query is not where a browser looks for a host
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSafeNext: whatever comes in, what goes out is a path on this site as a
// browser would read it.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/ideas/3", "//x", "/\\x", "/%09/evil.example", "/\t/evil", "http://x", "/%5c/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := safeNext(in)
		if out == "/" {
			return
		}
		if out != in {
			t.Fatalf("safeNext(%q) = %q: changed but not refused", in, out)
		}
		// A browser strips tabs and newlines, and reads \ as /.
		b := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, out)
		u, err := url.Parse(b)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(b, "/") || strings.HasPrefix(b, "//") {
			t.Fatalf("safeNext(%q) lets %q through, which leaves the site", in, out)
		}
		if un, err := url.PathUnescape(u.EscapedPath()); err == nil && (strings.HasPrefix(un, "//") || strings.ContainsAny(un, "\\\t\r\n")) {
			t.Fatalf("safeNext(%q) lets %q through, which decodes to %q", in, out, un)
		}
	})
}
