package domain

import (
	"fmt"
	"strings"
	"unicode"
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
	// A line break a browser sends as CR LF is one character, as the
	// phone's own count (a textarea's maxlength) has it.
	n := utf8.RuneCountInString(s) - strings.Count(s, "\r\n")
	if min > 0 && strings.TrimSpace(s) == "" {
		return Invalid(field, "required", field+" is required")
	}
	if n < min {
		return Invalid(field, "too_short", fmt.Sprintf("%s must have at least %d characters", field, min))
	}
	if n > max {
		return TooLong(field, max, n)
	}
	return nil
}

// TooLong refuses field's n characters past its max, saying both (its
// translations' two %d): "at most 20000 characters, this has 20001".
func TooLong(field string, max, n int) *Error {
	e := Invalid(field, "too_long", fmt.Sprintf("%s must have at most %d characters (it has %d)", field, max, n))
	e.Args = []any{max, n}
	return e
}

// DisplayName checks the name a person is shown by (field, at most max
// characters): a one-line TextField with no Unicode format character
// (category Cf: bidi overrides and isolates, zero-width spaces and joiners,
// the byte-order mark, soft hyphens), which let a name pass for another
// fan's ("Maria Lopez" with a right-to-left override after it) or show as
// nothing, and with at least one visible character. A zero-width joiner is
// refused too, though emoji sequences use it: they show as their parts.
func DisplayName(field, s string, max int) error {
	if strings.ContainsAny(s, "\r\n") {
		return Invalid(field, "control_character", field+" must be one line")
	}
	if err := TextField(field, s, 1, max); err != nil {
		return err
	}
	visible := false
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			return Invalid(field, "format_character", fmt.Sprintf("%s contains an invisible formatting character (U+%04X)", field, r))
		}
		if Visible(r) {
			visible = true
		}
	}
	if !visible {
		return Invalid(field, "no_visible_character", field+" must have a visible character")
	}
	return nil
}

// Visible is whether r shows as a mark of its own: a letter, digit,
// punctuation or symbol, but not one of the letters and symbols drawn as
// blank space (the Hangul fillers, the blank Braille pattern).
func Visible(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800':
		return false
	}
	return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S)
}

// Excerpt is the first n characters of s, with "…" when it goes on.
func Excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
