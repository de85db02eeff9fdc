package domain

import (
	"strings"
	"testing"
)

func TestCheckUserFilter(t *testing.T) {
	long := strings.Repeat("名", MaxUserFilterText)
	for _, tc := range []struct {
		in    UserFilter
		text  string
		field string
	}{
		{UserFilter{}, "", ""},
		{UserFilter{Text: "  林 Lin  "}, "林 Lin", ""},
		{UserFilter{Text: long}, long, ""},
		{UserFilter{Text: long + "x"}, "", "q"},
		{UserFilter{Text: " " + long + " "}, long, ""},
		{UserFilter{Text: "a\x00b"}, "", "q"},
		{UserFilter{Text: "a\nb"}, "", "q"},
		{UserFilter{Text: "\xff"}, "", "q"},
		{UserFilter{Text: "Élodie"}, "Élodie", ""},
		{UserFilter{Role: "admin"}, "", ""},
		{UserFilter{Role: "moderator"}, "", ""},
		{UserFilter{Role: "suspended"}, "", ""},
		{UserFilter{Role: "fan"}, "", "role"},
		{UserFilter{Role: "Admin"}, "", "role"},
		{UserFilter{Before: 1}, "", ""},
		{UserFilter{Before: -1}, "", "cursor"},
		{UserFilter{ID: 7}, "", ""},
		{UserFilter{ID: -1}, "", "id"},
	} {
		got, err := CheckUserFilter(tc.in)
		if f := field(err); (tc.field == "") != (f == "") || !strings.HasPrefix(f, tc.field) {
			t.Errorf("%+v: error %v, want field %q", tc.in, err, tc.field)
		}
		if tc.field == "" && got.Text != tc.text {
			t.Errorf("%+v: text %q, want %q", tc.in, got.Text, tc.text)
		}
	}
}
