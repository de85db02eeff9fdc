package domain

import "strings"

// LineField checks a one-line field (a title, a tag) as TextField does,
// and refuses line breaks, U+2028 and U+2029 among them: such text goes
// into lists, subjects and the lines of an email, where a break would let
// it pass for text of the site's own.
func LineField(field, s string, min, max int) error {
	if err := TextField(field, s, min, max); err != nil {
		return err
	}
	if strings.ContainsAny(s, "\n\r\u2028\u2029") {
		return Invalid(field, "line_break", field+" must be one line")
	}
	return nil
}
