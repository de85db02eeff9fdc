package i18n

import "testing"

func TestPluralForms(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 comments"},
		{"en", 1, "1 comment"},
		{"en", 2, "2 comments"},
		{"en", 21, "21 comments"},
		{"zh", 1, "1 条评论"},
		{"zh", 2, "2 条评论"},
	} {
		if got := For(tc.lang).N("idea.comment_count", tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}
