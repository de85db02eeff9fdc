package domain

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// TextField checks a user-supplied string: valid UTF-8, no control characters
// other than newlines and tabs, and a length between min and max counted in
// characters (a 120-character Chinese title is 360 bytes and still fits).
func TextField(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "invalid_utf8", field+" is not valid UTF-8")
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r >= 0x7f && r <= 0x9f {
			return Invalid(field, "control_character", field+" contains a control character")
		}
	}
	n := utf8.RuneCountInString(s)
	if min > 0 && strings.TrimSpace(s) == "" {
		return Invalid(field, "required", field+" is required")
	}
	if n < min {
		return Invalid(field, "too_short", fmt.Sprintf("%s must have at least %d characters", field, min))
	}
	if n > max {
		return Invalid(field, "too_long", fmt.Sprintf("%s must have at most %d characters", field, max))
	}
	return nil
}

// Excerpt is the first n characters of s, with "…" when it goes on.
func Excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
