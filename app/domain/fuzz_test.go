package domain

import (
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseCursor reads arbitrary cursors, as a client may send any string
// back. A cursor that parses must re-encode to one that parses to the same
// value (the next page starts where this one ended), and the encoding must
// be stable from then on; anything else is an invalid_cursor error on the
// cursor field (a 400, never a 500).
func FuzzParseCursor(f *testing.F) {
	f.Add((Cursor{Key: 12.5, ID: 345}).Encode())
	f.Add("")
	f.Add("not base64!")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil {
			if e := AsError(err); e == nil || e.Kind != KindInvalid || e.Field != "cursor" {
				t.Fatalf("ParseCursor(%q): error %v is not invalid_cursor on cursor", s, err)
			}
			return
		}
		if c == nil {
			if s != "" {
				t.Fatalf("ParseCursor(%q) = nil, nil; only \"\" is the first page", s)
			}
			return
		}
		if math.IsNaN(c.Key) || math.IsInf(c.Key, 0) || c.ID < 0 {
			t.Fatalf("ParseCursor(%q) accepted %+v", s, *c)
		}
		enc := c.Encode()
		again, err := ParseCursor(enc)
		if err != nil || again == nil {
			t.Fatalf("ParseCursor(%q) = %+v, whose encoding %q does not parse: %v", s, *c, enc, err)
		}
		if again.ID != c.ID || again.Key != c.Key || math.Signbit(again.Key) != math.Signbit(c.Key) {
			t.Fatalf("ParseCursor(%q) = %+v, but its encoding %q parses to %+v", s, *c, enc, *again)
		}
		if enc2 := again.Encode(); enc2 != enc {
			t.Fatalf("encoding is not stable: %q then %q", enc, enc2)
		}
	})
}

// FuzzTextField checks arbitrary text against arbitrary limits: it never
// panics, and what it accepts is valid UTF-8, free of control characters
// (but newlines and tabs), and within the limits counted in characters;
// what it refuses is an invalid-field error naming the field.
func FuzzTextField(f *testing.F) {
	f.Add("洗衣机二次污染", 1, 120)
	f.Add("  ", 1, 10)
	f.Add("a\x00b", 0, 10)
	f.Fuzz(func(t *testing.T, s string, min, max int) {
		// Limits as the code uses them: small, non-negative, min ≤ max.
		min = int(uint(min) % 8)
		max = min + int(uint(max)%300)
		err := TextField("title", s, min, max)
		if err != nil {
			if e := AsError(err); e == nil || e.Kind != KindInvalid || e.Field != "title" || e.Code == "" {
				t.Fatalf("TextField(%q, %d, %d): error %v is not an invalid-field error on title", s, min, max, err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("TextField accepted invalid UTF-8 %q", s)
		}
		if n := utf8.RuneCountInString(s); n < min || n > max {
			t.Fatalf("TextField accepted %q with %d characters outside [%d, %d]", s, n, min, max)
		}
		if min > 0 && strings.TrimSpace(s) == "" {
			t.Fatalf("TextField accepted blank %q as required text", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
				t.Fatalf("TextField accepted control character %U in %q", r, s)
			}
		}
	})
}

// tagSeparators are the runes SplitTags splits on besides spaces.
const tagSeparators = ",，;；、"

// FuzzSplitTags splits arbitrary typed text into tags: each tag is
// trimmed, non-empty, lowercase, free of separators, and none repeats.
func FuzzSplitTags(f *testing.F) {
	f.Add("洗衣机, 二次污染，静音;#Quiet　DRUM")
	f.Add(" , ,, ")
	f.Add("#a #A a")
	f.Fuzz(func(t *testing.T, s string) {
		tags := SplitTags(s)
		if tags == nil {
			t.Fatalf("SplitTags(%q) = nil; want an empty list (JSON [])", s)
		}
		seen := map[string]bool{}
		for _, tag := range tags {
			if tag == "" {
				t.Fatalf("SplitTags(%q) gave an empty tag: %q", s, tags)
			}
			if strings.TrimSpace(tag) != tag {
				t.Fatalf("SplitTags(%q) gave untrimmed tag %q", s, tag)
			}
			if seen[tag] {
				t.Fatalf("SplitTags(%q) gave %q twice: %q", s, tag, tags)
			}
			seen[tag] = true
			if strings.ContainsAny(tag, tagSeparators) || strings.IndexFunc(tag, unicode.IsSpace) >= 0 {
				t.Fatalf("SplitTags(%q) gave tag %q containing a separator", s, tag)
			}
			if strings.ToLower(tag) != tag {
				t.Fatalf("SplitTags(%q) gave tag %q that is not lowercase", s, tag)
			}
		}
	})
}
