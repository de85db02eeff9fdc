package markdown

import "testing"

func TestPlain(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"## 二次污染\n\n**Help** us _fix_ it.", "二次污染 Help us fix it."},
		{"- 内筒\n- **滤网**\n\n1. one\n2. two", "内筒 滤网 one two"},
		{"See [the brief](https://haier.com/x) and `code`.", "See the brief and code."},
		{"> quoted\n\nline one  \nline two", "quoted line one line two"},
		{"<script>alert(1)</script>\n\ntext <b>bold</b>", "text bold"},
		{"Tom &amp; Jerry 5 < 6", "Tom & Jerry 5 < 6"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"},
		{"", ""},
		{"   \n\n  ", ""},
		{"bad \xff byte", "bad \uFFFD byte"},
	} {
		if got := Plain(tc.in); got != tc.want {
			t.Errorf("Plain(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
