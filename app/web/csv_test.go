package web

import "testing"

func TestCSVSafe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"好主意 good idea", "好主意 good idea"},
		{"7", "7"},
		{"-2", "-2"},
		{"6.25", "6.25"},
		{"-0.5", "-0.5"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1+1", "'+1+1"},
		{"-1+cmd", "'-1+cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{" =1+1", "' =1+1"},
		{"\u3000=1+1", "'\u3000=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"\t1", "'\t1"},
		{"\r1", "'\r1"},
		{"＝１＋１", "'＝１＋１"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠x", "'＠x"},
		{"a=1", "a=1"},
		{"1e5", "1e5"},
		{"-", "'-"},
		{"-.", "'-."},
		{"+Inf", "'+Inf"},
		{"1.", "1."},
	} {
		if got := csvSafe(tc.in); got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
