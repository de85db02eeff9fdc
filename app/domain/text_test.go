package domain

import (
	"strings"
	"testing"
)

func TestTextField(t *testing.T) {
	tests := []struct {
		name     string
		field    string
		s        string
		min, max int
		want     wantErr
	}{
		{"plain text", "title", "Self-cleaning drum", 1, 120, noErr},
		{"empty allowed when min is 0", "brief", "", 0, 10, noErr},
		{"empty refused when min is 1", "title", "", 1, 10, invalid("title", "required")},
		{"spaces only refused", "title", "    ", 1, 10, invalid("title", "required")},
		{"ideographic spaces only refused", "title", "\u3000\u3000", 1, 10, invalid("title", "required")},
		{"newlines and tabs only refused", "summary", "\n\t\r\n", 1, 10, invalid("summary", "required")},
		{"spaces only fine when optional", "brief", "   ", 0, 10, noErr},

		{"invalid UTF-8", "body", "ok \xff\xfe", 0, 100, invalid("body", "invalid_utf8")},
		{"truncated multibyte rune", "title", "污\xe6\xb1", 1, 100, invalid("title", "invalid_utf8")},
		{"invalid UTF-8 reported before control characters", "title", "\x00\xff", 1, 100, invalid("title", "invalid_utf8")},
		{"NUL refused", "title", "a\x00b", 1, 100, invalid("title", "control_character")},
		{"escape refused", "title", "a\x1b[31mred", 1, 100, invalid("title", "control_character")},
		{"bell refused", "body", "ding\a", 0, 100, invalid("body", "control_character")},
		{"DEL refused", "title", "a\x7fb", 1, 100, invalid("title", "control_character")},
		{"last C1 control refused", "title", "a\u009fb", 1, 100, invalid("title", "control_character")},
		{"no-break space just after the C1 controls allowed", "title", "a\u00a0b", 1, 100, noErr},
		{"newline and tab allowed", "body", "line one\n\tline two", 0, 100, noErr},
		{"CRLF from a textarea allowed", "body", "line one\r\nline two", 0, 100, noErr},

		{"exactly max ASCII", "title", strings.Repeat("a", 10), 1, 10, noErr},
		{"one over max ASCII", "title", strings.Repeat("a", 11), 1, 10, invalid("title", "too_long")},
		{"max counted in characters, not bytes", "title", strings.Repeat("污", 10), 1, 10, noErr},
		{"one Chinese character over max", "title", strings.Repeat("污", 11), 1, 10, invalid("title", "too_long")},
		{"emoji count as one character each", "title", "👍👍", 1, 2, noErr},
		{"a CR LF line break counts as one", "body", "一二\r\n三四\r\n五", 0, 7, noErr},
		{"a CR LF line break counts, as one", "body", "一二\r\n三四\r\n五六", 0, 7, invalid("body", "too_long")},
		{"a lone CR counts as one", "body", "一二\r三四\r五六", 0, 7, invalid("body", "too_long")},
		{"min counted in characters, not bytes", "password", "密码", 3, 10, invalid("password", "too_short")},
		{"exactly min Chinese characters", "password", "密码好", 3, 10, noErr},
		{"field name passed through", "summary", strings.Repeat("x", 6), 0, 5, invalid("summary", "too_long")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, TextField(tt.field, tt.s, tt.min, tt.max), tt.want)
		})
	}
}
