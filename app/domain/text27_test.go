package domain

import (
	"strings"
	"testing"
)

// A display name cannot pass for another person's, nor be invisible.
func TestDisplayName(t *testing.T) {
	for _, c := range []struct {
		name, in, code string
	}{
		{"Latin", "Maria Lopez", ""},
		{"Chinese", "张伟", ""},
		{"with an accent", "José Ñúñez", ""},
		{"an emoji", "洗衣机迷 🧺", ""},
		{"a combining accent", "Zoe\u0301", ""},
		{"the limit", strings.Repeat("名", MaxNameLen), ""},
		{"empty", "", "required"},
		{"spaces", "   ", "required"},
		{"too long", strings.Repeat("名", MaxNameLen+1), "too_long"},
		{"a line break", "Maria\nLopez", "control_character"},
		{"a control character", "Maria\x07", "control_character"},
		{"a right-to-left override", "Maria Lopez\u202e", "format_character"},
		{"a left-to-right isolate", "\u2066Maria Lopez", "format_character"},
		{"a zero-width space inside", "Maria\u200bLopez", "format_character"},
		{"zero-width spaces only", "\u200b\u200b", "format_character"},
		{"a byte-order mark", "\ufeffMaria", "format_character"},
		{"a soft hyphen", "Ma\u00adria", "format_character"},
		{"a zero-width joiner", "Maria\u200d", "format_character"},
		{"Hangul fillers only", "\u3164\u3164", "no_visible_character"},
		{"a blank Braille pattern", "\u2800", "no_visible_character"},
		{"a combining mark alone", "\u0301", "no_visible_character"},
		{"ideographic spaces and a filler", "\u3000\u3164", "no_visible_character"},
	} {
		e := AsError(DisplayName("name", c.in, MaxNameLen))
		switch {
		case c.code == "" && e != nil:
			t.Errorf("%s (%q): %v", c.name, c.in, e)
		case c.code != "" && (e == nil || e.Code != c.code || e.Field != "name"):
			t.Errorf("%s (%q): %v, want name %s", c.name, c.in, e, c.code)
		}
	}
}
