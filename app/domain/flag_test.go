package domain

import "testing"

func TestParseFlag(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want bool
		code string
	}{
		{"", false, ""},
		{"0", false, ""},
		{"false", false, ""},
		{"1", true, ""},
		{"true", true, ""},
		{"yes", false, "invalid_flag"},
		{"2", false, "invalid_flag"},
		{"TRUE ", false, "invalid_flag"},
	} {
		got, err := ParseFlag("review", tc.raw)
		if c := code(err); c != tc.code || got != tc.want {
			t.Errorf("%q: %v, code %q; want %v, %q", tc.raw, got, c, tc.want, tc.code)
		}
		if err != nil && AsError(err).Field != "review" {
			t.Errorf("%q: field %q, want review", tc.raw, AsError(err).Field)
		}
	}
}
