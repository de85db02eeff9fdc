package domain

import "testing"

func TestLineField(t *testing.T) {
	for _, tc := range []struct {
		s, code string
	}{
		{"洗衣机 二次污染", ""},
		{"tab\tinside", ""},
		{"two\nlines", "line_break"},
		{"carriage\rreturn", "line_break"},
		{"line\u2028separator", "line_break"},
		{"paragraph\u2029separator", "line_break"},
		{"", "required"},
		{"bell\a", "control_character"},
	} {
		err := LineField("title", tc.s, 1, 20)
		got := ""
		if err != nil {
			got = err.(*Error).Code
			if err.(*Error).Field != "title" {
				t.Errorf("%q: field %q", tc.s, err.(*Error).Field)
			}
		}
		if got != tc.code {
			t.Errorf("%q: %q, want %q", tc.s, got, tc.code)
		}
	}
}
